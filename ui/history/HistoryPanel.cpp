// SPDX-License-Identifier: MIT
#include "HistoryPanel.h"

#include "ExportJob.h"
#include "HistoryRecorder.h"
#include "ResultSnapshot.h"
#include "StaticGrid.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
constexpr int RunIdRole = Qt::UserRole + 1;
}

HistoryPanel::HistoryPanel(HistoryRecorder *history, QWidget *parent)
    : QWidget(parent)
    , m_history(history)
    , m_database(history->database())
    , m_list(new QTreeWidget(this))
    , m_problem(new QLabel(this))
{
    setObjectName(QStringLiteral("historyPanel"));
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setAccessibleName(tr("Past runs"));
    m_list->setColumnCount(2);
    m_list->setHeaderLabels({tr("Run"), tr("Results")});
    m_list->setRootIsDecorated(false);
    // Every row has three lines; the state column may have more.
    m_list->setUniformRowHeights(false);
    m_list->setTextElideMode(Qt::ElideRight);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);

    m_openButton = new QPushButton(tr("&Open"), this);
    m_openButton->setAccessibleName(tr("Open the selected run"));
    m_openButton->setToolTip(tr("Show this run's grid again (export it, retry its failed cells)"));
    m_rerunButton = new QPushButton(tr("Run A&gain"), this);
    m_rerunButton->setAccessibleName(tr("Run the selected run again"));
    m_rerunButton->setToolTip(tr("Send the same prompts to the same models as a new run"));
    m_deleteButton = new QPushButton(tr("&Delete"), this);
    m_deleteButton->setAccessibleName(tr("Delete the selected run"));
    m_exportButton = new QPushButton(tr("E&xport…"), this);
    m_exportButton->setObjectName(QStringLiteral("historyExportButton"));
    m_exportButton->setAccessibleName(tr("Export the selected run to CSV"));
    m_exportButton->setToolTip(tr("Save this run's answers as CSV without opening it"));

    // Two rows of two: the left panel can stay narrow enough for the grid to keep its room.
    auto *buttons = new QGridLayout;
    buttons->addWidget(m_openButton, 0, 0);
    buttons->addWidget(m_rerunButton, 0, 1);
    buttons->addWidget(m_exportButton, 1, 0);
    buttons->addWidget(m_deleteButton, 1, 1);

    auto *note = new QLabel(tr("Every cell is saved as it runs, so a crash loses nothing that had finished."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    m_problem->setObjectName(QStringLiteral("historyProblem"));
    m_problem->setWordWrap(true);
    m_problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problem->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_problem);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    layout->addWidget(note);

    connect(m_openButton, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedRun())
            Q_EMIT openRequested(id);
    });
    connect(m_rerunButton, &QPushButton::clicked, this, [this] {
        if (const qint64 id = selectedRun())
            Q_EMIT rerunRequested(id);
    });
    connect(m_deleteButton, &QPushButton::clicked, this, &HistoryPanel::removeSelected);
    connect(m_exportButton, &QPushButton::clicked, this, &HistoryPanel::chooseExportFile);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT openRequested(item->data(0, RunIdRole).toLongLong());
    });
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &HistoryPanel::updateButtons);

    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(300);
    connect(&m_refreshTimer, &QTimer::timeout, this, [this] {
        if (isVisible())
            refresh();
    });
    connect(m_database, &HistoryDatabase::runsChanged, this, [this] {
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    });
    connect(m_history, &HistoryRecorder::problemChanged, this, [this] {
        showProblem();
        // A new history (started over) has different runs.
        if (!m_refreshTimer.isActive())
            m_refreshTimer.start();
    });
    updateButtons();
    showProblem();
}

qint64 HistoryPanel::selectedRun() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item && item->isSelected() ? item->data(0, RunIdRole).toLongLong() : 0;
}

void HistoryPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refresh();
}

void HistoryPanel::refresh()
{
    const qint64 selected = selectedRun();
    m_list->clear();
    QString readError;
    const QList<HistoryRunInfo> runs = m_database->runs(&readError);
    showProblem(readError);
    for (const HistoryRunInfo &run : runs) {
        auto *item = new QTreeWidgetItem(m_list);
        item->setData(0, RunIdRole, run.id);
        // Short lines for a narrow panel, each elided on its own: when and how big, which
        // models, the first prompt. The tooltip has it all.
        const QDateTime created = run.created.toLocalTime();
        item->setText(0, QStringLiteral("%1 · %2\n%3\n%4").arg(whenText(run), sizeText(run), modelsText(run), run.title));
        item->setToolTip(0, tr("%1\n%2\n%3\n%4, %5 cells")
                                .arg(QLocale().toString(created, QLocale::LongFormat), modelsText(run), run.title, sizeText(run))
                                .arg(run.cells));
        item->setText(1, stateText(run));
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignTop);
        QStringList details{tr("%1 prompts × %2 models").arg(run.rows).arg(run.columns)};
        if (run.samples > 1)
            details << tr("%1 samples each").arg(run.samples);
        details << tr("%1 ok, %2 failed, %3 cancelled, %4 interrupted")
                       .arg(run.ok)
                       .arg(run.failed)
                       .arg(run.cancelled)
                       .arg(run.interrupted);
        item->setToolTip(1, details.join(QLatin1Char('\n')));
        if (run.id == selected) {
            m_list->setCurrentItem(item);
            item->setSelected(true);
        }
    }
    updateButtons();
}

QString HistoryPanel::whenText(const HistoryRunInfo &run)
{
    // The locale's short date and time, without seconds (some locales' short time has them).
    QString format = QLocale().dateTimeFormat(QLocale::ShortFormat);
    format.remove(QStringLiteral(":ss"));
    return QLocale().toString(run.created.toLocalTime(), format);
}

QString HistoryPanel::sizeText(const HistoryRunInfo &run)
{
    const auto count = [](int n, const QString &one, const QString &many) { return (n == 1 ? one : many).arg(n); };
    QString size = count(run.rows, tr("%1 prompt"), tr("%1 prompts")) + QStringLiteral(" × ")
        + count(run.columns, tr("%1 model"), tr("%1 models"));
    if (run.samples > 1)
        size += QStringLiteral(" × ") + tr("%1 samples").arg(run.samples);
    return size;
}

QString HistoryPanel::modelsText(const HistoryRunInfo &run)
{
    return run.models.isEmpty() ? tr("(no models)") : run.models.join(QStringLiteral(", "));
}

QString HistoryPanel::stateText(const HistoryRunInfo &run)
{
    // "11/12 ok", then what needs attention, one per line so that the column stays narrow.
    QStringList parts{tr("%1/%2 ok").arg(run.ok).arg(run.cells)};
    if (run.unfinished)
        parts << tr("%1 running").arg(run.unfinished);
    if (run.interrupted)
        parts << tr("%1 interrupted").arg(run.interrupted);
    if (run.failed)
        parts << tr("%1 failed").arg(run.failed);
    if (run.cancelled)
        parts << tr("%1 cancelled").arg(run.cancelled);
    return parts.join(QLatin1Char('\n'));
}

QString HistoryPanel::summary(const HistoryRunInfo &run)
{
    return tr("%1, %2 (%3)").arg(whenText(run), modelsText(run), sizeText(run));
}

void HistoryPanel::showProblem(const QString &readError)
{
    QStringList parts;
    if (!m_history->problemText().isEmpty())
        parts.append(m_history->problemText());
    if (!readError.isEmpty())
        parts.append(readError);
    m_problem->setText(parts.join(QLatin1Char(' ')));
    m_problem->setVisible(!parts.isEmpty());
}

void HistoryPanel::updateButtons()
{
    const bool any = selectedRun() != 0;
    m_openButton->setEnabled(any);
    m_rerunButton->setEnabled(any);
    m_deleteButton->setEnabled(any);
    m_exportButton->setEnabled(any);
}

void HistoryPanel::chooseExportFile()
{
    const qint64 id = selectedRun();
    if (!id)
        return;
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("export/lastDir"),
                                       QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation)).toString();
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Run as CSV"),
                                                      QDir(dir).filePath(QStringLiteral("promptgrid-run-%1.csv").arg(id)),
                                                      tr("CSV files (*.csv);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("export/lastDir"), QFileInfo(path).absolutePath());
    exportRun(id, path);
}

QFuture<QString> HistoryPanel::exportRun(qint64 runId, const QString &path)
{
    RunPlan plan;
    std::vector<CellResult> results;
    std::vector<CellThread> threads;
    QString error;
    if (!m_database->loadRun(runId, &plan, &results, &error, &threads)) {
        if (error.isEmpty())
            error = tr("the run could not be read");
        // Reported on a later turn, as a written file would be.
        QTimer::singleShot(0, this, [this, path, error] { Q_EMIT exportFinished(path, error); });
        return QtFuture::makeReadyFuture(error);
    }
    // The saved cells laid out exactly as the grid would, without an engine behind them.
    const StaticGrid grid(plan, results, threads);
    CsvWriter::Options options;
    options.byteOrderMark = true;
    options.protectFormulas = true;
    auto *job = new ExportJob(this);
    connect(job, &ExportJob::finished, this, [this, job](const QString &written, const QString &writeError) {
        job->deleteLater();
        Q_EMIT exportFinished(written, writeError);
    });
    return job->start(ResultSnapshot::take(grid), ExportJob::Format::Csv, path, options);
}

void HistoryPanel::removeSelected()
{
    const qint64 id = selectedRun();
    if (!id)
        return;
    if (QMessageBox::question(this, tr("Delete Run"), tr("Delete this run and all its answers from the history?"))
        != QMessageBox::Yes)
        return;
    if (!m_database->removeRun(id))
        QMessageBox::warning(this, tr("Delete Run"), tr("The run was not deleted: %1").arg(m_database->lastError()));
    refresh();
}
