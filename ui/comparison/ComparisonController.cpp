// SPDX-License-Identifier: MIT
#include "ComparisonController.h"

#include "ComparisonEditor.h"
#include "ComparisonFile.h"
#include "ExportDialog.h"
#include "JudgingState.h"
#include "PlanBuilder.h"
#include "PlanConfirmation.h"
#include "RunSession.h"
#include "Scheduler.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QSet>
#include <QVBoxLayout>

ComparisonController::ComparisonController(RunSession *session, QWidget *window, RecentFiles recent,
                                           ComparisonDocument *document)
    : QObject(window)
    , m_session(session)
    , m_window(window)
    , m_recent(recent)
    , m_panel(new QWidget(window))
    , m_editor(new ComparisonEditor(m_panel, ModelSetStore(), document))
    , m_runButton(new QPushButton(tr("&Run Comparison"), m_panel))
{
    m_panel->setObjectName(QStringLiteral("comparisonPanel"));
    m_runButton->setObjectName(QStringLiteral("runComparisonButton"));
    m_runButton->setToolTip(tr("Send every prompt, for every test case, to every model configuration"));
    // The editor scrolls down (never sideways: it stacks to fit); the Run button stays in sight.
    auto *scroll = new QScrollArea(m_panel);
    scroll->setObjectName(QStringLiteral("comparisonScroll"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_editor);
    auto *layout = new QVBoxLayout(m_panel);
    layout->setContentsMargins(8, 8, 4, 8);
    layout->addWidget(scroll, 1);
    layout->addWidget(m_runButton);
    connect(m_runButton, &QPushButton::clicked, this, [this] {
        QString error;
        run(&error);
    });
}

bool ComparisonController::gridIsOurs() const
{
    // A new run or a restored history run replaces the grid: it is no longer this comparison's.
    return m_session->owner() == this;
}

void ComparisonController::setProviderNames(const QStringList &names)
{
    m_editor->setProviderNames(names);
}

void ComparisonController::setSelectionProvider(std::function<QList<int>()> provider)
{
    m_selection = std::move(provider);
}

bool ComparisonController::run(QString *error)
{
    // From the counts first (repeats x test cases x prompts x models), before rendering a row;
    // then the rendered plan, whose filled-in placeholders may make it larger.
    const PlanSize estimate = PlanBuilder::sizeOf(m_editor->comparison());
    if (!PlanConfirmation::confirm(estimate, m_window)) {
        *error = tr("Not sent."); // the question named the size
        Q_EMIT message(*error);
        return false;
    }
    const auto plan = m_editor->buildPlan(error);
    if (!plan) {
        Q_EMIT message(*error);
        return false;
    }
    // Each configuration's parameters against its provider's documented range.
    for (const ModelColumn &column : plan->columns) {
        const ProviderConfig *provider = m_session->scheduler()->providers().find(column.provider);
        const QString problem = provider ? provider->paramsProblem(column.params, column.model) : QString();
        if (!problem.isEmpty()) {
            *error = tr("%1: %2").arg(column.displayName(), problem);
            m_editor->showError(*error);
            Q_EMIT message(*error);
            return false;
        }
    }
    if (!estimate.exceedsLimits() && !PlanConfirmation::confirm(PlanSize::of(*plan), m_window)) {
        *error = tr("Not sent.");
        Q_EMIT message(*error);
        return false;
    }
    // The comparison's non-default settings last for its run; the window's own come back
    // when another run replaces the grid.
    const ComparisonSettings &settings = m_editor->comparison().settings;
    RunOverrides overrides;
    if (settings.timeoutSeconds > 0 || settings.retries > 0)
        overrides.limits = settings.applyTo(m_session->settings()->limits());
    overrides.concurrency = settings.concurrency;
    m_session->start(*plan, this, overrides);
    QString text = tr("Running %n cell(s).", nullptr, int(plan->cellCount()));
    const QString unpriced = m_session->settings()->unpricedNote(*plan, m_session->scheduler()->providers());
    if (!unpriced.isEmpty())
        text += QLatin1Char(' ') + unpriced;
    Q_EMIT message(text);
    return true;
}

void ComparisonController::showRun(const RunPlan &plan)
{
    m_editor->setComparison(Comparison::fromPlan(plan));
    // It is no longer the opened file's content.
    if (!m_path.isEmpty()) {
        m_path.clear();
        Q_EMIT currentPathChanged(m_path);
    }
}

bool ComparisonController::open(const QString &path, QString *error)
{
    const auto comparison = ComparisonFile::load(path, error);
    if (!comparison) {
        Q_EMIT message(*error);
        return false;
    }
    m_editor->setComparison(*comparison);
    // Values the window had to clamp are named in the editor; the status bar points there.
    const QString clamped = m_editor->errorText();
    // Saved results are laid out as a grid only for a plan of a size that could have run.
    if (!comparison->results.isEmpty() && PlanBuilder::sizeOf(*comparison).exceedsLimits()) {
        Q_EMIT message(tr("%1: its saved results are not shown; the plan is too large (%2).")
                           .arg(QDir::toNativeSeparators(path), PlanBuilder::sizeOf(*comparison).excess()));
    } else if (!comparison->results.isEmpty()) {
        QString planError;
        if (const auto plan = PlanBuilder::fromComparison(*comparison, &planError))
            m_session->load(*plan, comparison->resultsFor(*plan), this);
    }
    // Quick checks and (after the results, which reset them) ratings.
    JudgingState *judging = m_session->judging();
    judging->setChecks(comparison->checks);
    if (!comparison->results.isEmpty() && gridIsOurs())
        judging->setRatings(comparison->ratings);
    m_path = QFileInfo(path).absoluteFilePath();
    m_recent.add(m_path);
    Q_EMIT currentPathChanged(m_path);
    Q_EMIT message(clamped.isEmpty() ? tr("Opened %1.").arg(QDir::toNativeSeparators(m_path))
                                     : tr("Opened %1. %2").arg(QDir::toNativeSeparators(m_path), clamped));
    return true;
}

bool ComparisonController::save(const QString &path, QString *error)
{
    Comparison comparison = m_editor->comparison();
    const ResultGrid *grid = m_session->grid();
    if (m_saveResults && gridIsOurs() && grid->cellCount() > 0) {
        std::vector<CellResult> results;
        results.reserve(size_t(grid->cellCount()));
        for (int cell = 0; cell < grid->cellCount(); ++cell)
            results.push_back(grid->result(cell));
        comparison.setResults(grid->plan(), results);
        comparison.ratings = m_session->judging()->ratings();
    }
    comparison.checks = m_session->judging()->checks();
    if (!ComparisonFile::save(comparison, path, error, true,
                              m_embedAttachments ? ComparisonFile::AttachmentStorage::Embedded : ComparisonFile::AttachmentStorage::Reference)) {
        Q_EMIT message(*error);
        return false;
    }
    const bool renamed = QFileInfo(path).absoluteFilePath() != m_path;
    m_path = QFileInfo(path).absoluteFilePath();
    m_recent.add(m_path);
    if (renamed)
        Q_EMIT currentPathChanged(m_path);
    Q_EMIT message(tr("Saved %1.").arg(QDir::toNativeSeparators(m_path)));
    return true;
}

QList<int> ComparisonController::selectedCells() const
{
    if (!m_selection)
        return {};
    QList<int> cells;
    QSet<int> seen;
    const ResultGrid *grid = m_session->grid();
    const int samples = std::max(1, grid->plan().samples);
    for (int cell : m_selection()) {
        if (cell < 0 || cell >= grid->cellCount())
            continue;
        const CellSpec &spec = grid->spec(cell);
        for (int sample = 0; sample < samples; ++sample) {
            const int index = grid->cellIndex(spec.row, spec.column, sample);
            if (index >= 0 && !seen.contains(index)) {
                seen.insert(index);
                cells.append(index);
            }
        }
    }
    std::sort(cells.begin(), cells.end());
    return cells;
}

ExportDialog *ComparisonController::showExportDialog()
{
    if (!m_exportDialog) {
        m_exportDialog = new ExportDialog(m_window);
        m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(m_exportDialog, &ExportDialog::exportFinished, this, [this](const QString &path, const QString &error) {
            Q_EMIT message(error.isEmpty() ? tr("Exported to %1.").arg(QDir::toNativeSeparators(path))
                                           : tr("Export failed: %1").arg(error));
        });
    }
    const QList<int> selected = selectedCells();
    m_exportDialog->setSource(m_session->grid(), selected, m_session->judging(), m_session->quickChecks());
    m_exportDialog->setSelectionOnly(selected.size() > 1);
    if (m_exportDialog->path().isEmpty()) {
        const QString base = m_path.isEmpty() ? QDir::home().filePath(QStringLiteral("promptgrid-results"))
                                              : QFileInfo(m_path).dir().filePath(QFileInfo(m_path).completeBaseName());
        m_exportDialog->setPath(base + QLatin1Char('.') + ExportJob::suffix(m_exportDialog->format()));
    }
    m_exportDialog->show();
    m_exportDialog->raise();
    return m_exportDialog;
}

void ComparisonController::addFileActions(QMenu *file)
{
    QAction *openAction = file->addAction(tr("&Open Comparison…"), this, &ComparisonController::chooseOpen);
    openAction->setObjectName(QStringLiteral("openComparisonAction"));
    openAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &ComparisonController::fillRecentMenu);
    fillRecentMenu();
    QAction *saveAction = file->addAction(tr("&Save Comparison"), this, [this] { chooseSave(false); });
    saveAction->setObjectName(QStringLiteral("saveComparisonAction"));
    saveAction->setShortcut(QKeySequence::Save);
    QAction *saveAs = file->addAction(tr("Save Comparison &As…"), this, [this] { chooseSave(true); });
    saveAs->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    QAction *withResults = file->addAction(tr("Save Results &With Comparison"));
    withResults->setCheckable(true);
    withResults->setChecked(m_saveResults);
    connect(withResults, &QAction::toggled, this, [this](bool on) { m_saveResults = on; });
    QAction *embed = file->addAction(tr("&Embed Attachments in Saved Files"));
    embed->setObjectName(QStringLiteral("embedAttachmentsAction"));
    embed->setToolTip(tr("On: images and text files are stored in the .promptgrid file. Off: by their path, relative to the file."));
    embed->setCheckable(true);
    embed->setChecked(m_embedAttachments);
    connect(embed, &QAction::toggled, this, [this](bool on) { m_embedAttachments = on; });
    QAction *exportAction = file->addAction(tr("Export &Results…"), this, [this] { showExportDialog(); });
    exportAction->setObjectName(QStringLiteral("exportResultsAction"));
    exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
}

void ComparisonController::chooseOpen()
{
    const QString path = QFileDialog::getOpenFileName(
        m_window, tr("Open comparison"), m_path,
        tr("PromptGrid comparisons (*.%1);;All files (*)").arg(ComparisonFile::extension()));
    if (path.isEmpty())
        return;
    QString error;
    open(path, &error);
}

void ComparisonController::chooseSave(bool askForName)
{
    QString path = m_path;
    if (askForName || path.isEmpty()) {
        path = QFileDialog::getSaveFileName(m_window, tr("Save comparison"),
                                            path.isEmpty() ? QDir::home().filePath(QStringLiteral("comparison.promptgrid")) : path,
                                            tr("PromptGrid comparisons (*.%1)").arg(ComparisonFile::extension()));
        if (path.isEmpty())
            return;
        if (QFileInfo(path).suffix().isEmpty())
            path += QLatin1Char('.') + ComparisonFile::extension();
    }
    QString error;
    save(path, &error);
}

void ComparisonController::fillRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList files = m_recent.files();
    for (const QString &path : files) {
        m_recentMenu->addAction(QFileInfo(path).fileName(), this, [this, path] {
            QString error;
            open(path, &error);
        })->setToolTip(QDir::toNativeSeparators(path));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
    else {
        m_recentMenu->addSeparator();
        m_recentMenu->addAction(tr("Clear List"), this, [this] { m_recent.clear(); });
    }
}
