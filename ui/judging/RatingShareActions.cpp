// SPDX-License-Identifier: MIT
#include "RatingShareActions.h"

#include "ArenaText.h"
#include "BattleSchedule.h"
#include "JudgingState.h"
#include "RatingVerdicts.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QVBoxLayout>

QString RatingShareActions::MergeReport::text() const
{
    QStringList lines;
    if (files > 0) {
        lines << tr("Merged %n verdict file(s) from %1: %2 new verdicts of %3 (a verdict merged before counts once).", nullptr, files)
                     .arg(raters.join(QStringLiteral(", ")))
                     .arg(added)
                     .arg(total);
    }
    for (const QString &error : errors)
        lines << tr("Not merged: %1").arg(error);
    return lines.join(QLatin1Char('\n'));
}

RatingShareActions::RatingShareActions(RunSession *session, QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_window(window)
{
}

void RatingShareActions::addFileActions(QMenu *file)
{
    QAction *share = file->addAction(tr("S&hare for Rating…"), this, &RatingShareActions::chooseShare);
    share->setObjectName(QStringLiteral("shareForRatingAction"));
    share->setToolTip(tr("Write the run's blind battles to a file a colleague rates in PromptGrid"));
    QAction *merge = file->addAction(tr("&Merge Verdicts…"), this, &RatingShareActions::chooseMerge);
    merge->setObjectName(QStringLiteral("mergeVerdictsAction"));
    merge->setToolTip(tr("Add a colleague's verdicts (.promptgrid-verdicts files) to this run's ratings"));
}

QString RatingShareActions::runFingerprint() const
{
    return RatingShare::fingerprint(m_session->scheduler()->plan());
}

BattleSchedule::Request RatingShareActions::battleRequest() const
{
    Scheduler *grid = m_session->scheduler();
    const RunPlan &plan = grid->plan();
    BattleSchedule::Request request;
    request.rowCount = int(plan.rows.size());
    for (int column = 0; column < plan.columns.size(); ++column)
        request.columns << column;
    request.bothOrders = true;
    request.seed = QRandomGenerator::global()->generate64() | 1;
    request.available = BattleSchedule::answeredCells(*grid);
    return request;
}

bool RatingShareActions::share(const QString &path, bool includeModelNames, bool includeProviderUrls, QString *error, int matchups)
{
    Scheduler *grid = m_session->scheduler();
    const RunPlan &plan = grid->plan();
    BattleSchedule::Request request = battleRequest();
    request.matchups = matchups;
    const QList<Battle> battles = request.columns.size() >= 2 ? BattleSchedule(request).battles() : QList<Battle>();
    if (battles.isEmpty()) {
        *error = tr("Nothing to rate: share a run where two or more models answered the same prompts.");
        return false;
    }
    RatingShare::Options options;
    options.includeModelNames = includeModelNames;
    options.secrets = grid->keys().keys(grid->providers().providers());
    if (includeProviderUrls) {
        for (const ModelColumn &column : plan.columns) {
            const ProviderConfig *provider = grid->providers().find(column.provider);
            options.providerUrls << (provider ? provider->baseUrl : QString());
        }
    }
    return RatingShare::fromGrid(*grid, battles, options).write(path, error);
}

RatingShareActions::MergeReport RatingShareActions::merge(const QStringList &paths)
{
    MergeReport report;
    Ratings ratings = m_session->judging()->ratings();
    const RunPlan &plan = m_session->scheduler()->plan();
    const QString fingerprint = runFingerprint();
    for (const QString &path : paths) {
        const QString name = QDir::toNativeSeparators(path);
        QString error;
        const auto verdicts = RatingVerdicts::read(path, &error);
        if (!verdicts) {
            report.errors << error;
            continue;
        }
        if (verdicts->fingerprint != fingerprint) {
            report.errors << tr("%1: \"fingerprint\" belongs to another run, not the one in this window (share the run "
                                "again, or open the comparison it came from)")
                                 .arg(name);
            continue;
        }
        QString outside;
        for (qsizetype i = 0; i < verdicts->verdicts.size() && outside.isEmpty(); ++i) {
            const Battle &b = verdicts->verdicts.at(i).battle;
            if (b.row >= plan.rows.size() || b.sample >= plan.samples || b.left >= plan.columns.size() || b.right >= plan.columns.size())
                outside = tr("%1: verdicts[%2] is a battle this run does not have").arg(name).arg(i);
        }
        if (!outside.isEmpty()) {
            report.errors << outside;
            continue;
        }
        ++report.files;
        report.added += verdicts->mergeInto(ratings);
        report.total += int(verdicts->verdicts.size());
        if (!report.raters.contains(verdicts->rater))
            report.raters << verdicts->rater;
    }
    if (report.files > 0)
        m_session->judging()->setRatings(ratings);
    Q_EMIT message(report.text());
    return report;
}

void RatingShareActions::chooseShare()
{
    QDialog dialog(m_window);
    dialog.setWindowTitle(tr("Share for Rating"));
    auto *intro = new QLabel(tr("Writes the run's prompts, the answers and a balanced blind battle list to one file. A "
                                "colleague opens it with PromptGrid, rates the battles and sends back a small verdicts "
                                "file for File > Merge Verdicts. API keys are never written; the model names stay hidden "
                                "unless you include them."),
                             &dialog);
    intro->setWordWrap(true);
    auto *names = new QCheckBox(tr("Include the model names (the rater can see who answered after rating)"), &dialog);
    auto *urls = new QCheckBox(tr("Include the provider URLs"), &dialog);
    // As in the arena: every battle, or fewer with every pair still meeting equally often.
    auto *size = new QComboBox(&dialog);
    size->setObjectName(QStringLiteral("shareSizeBox"));
    size->setAccessibleName(tr("How many battles the file holds"));
    const QList<BattleSchedule::Size> sizes = BattleSchedule::balancedSizes(battleRequest());
    for (qsizetype i = 0; i < sizes.size(); ++i) {
        const bool all = i == sizes.size() - 1;
        size->addItem(ArenaText::battleListSize(sizes.at(i), true, all), all ? 0 : sizes.at(i).matchups);
    }
    const int kept = size->findData(m_matchups);
    size->setCurrentIndex(kept >= 0 ? kept : size->count() - 1);
    auto *sizeLabel = new QLabel(tr("&Battles:"), &dialog);
    sizeLabel->setBuddy(size);
    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(sizeLabel);
    sizeRow->addWidget(size, 1);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Choose File…"));
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(intro);
    layout->addWidget(names);
    layout->addWidget(urls);
    layout->addLayout(sizeRow);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_matchups = size->currentData().toInt();
    QString path = QFileDialog::getSaveFileName(m_window, tr("Share for Rating"),
                                                QDir::home().filePath(QStringLiteral("ratings.%1").arg(RatingShare::extension())),
                                                tr("PromptGrid rating files (*.%1)").arg(RatingShare::extension()));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + RatingShare::extension();
    QString error;
    if (!share(path, names->isChecked(), urls->isChecked(), &error, m_matchups)) {
        QMessageBox::warning(m_window, tr("Share for Rating"), error);
        return;
    }
    Q_EMIT message(tr("Wrote %1: send it to a colleague, who opens it with PromptGrid.").arg(QDir::toNativeSeparators(path)));
}

void RatingShareActions::chooseMerge()
{
    const QStringList paths = QFileDialog::getOpenFileNames(m_window, tr("Merge Verdicts"), QDir::homePath(),
                                                            tr("PromptGrid verdicts (*.%1);;All files (*)").arg(RatingVerdicts::extension()));
    if (paths.isEmpty())
        return;
    const MergeReport report = merge(paths);
    if (report.errors.isEmpty())
        return;
    QMessageBox::warning(m_window, tr("Merge Verdicts"), report.text());
}
