// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"
#include "RecentFiles.h"

#include <QObject>
#include <QPointer>

#include <functional>

class ComparisonDocument;
class ComparisonEditor;
class ExportDialog;
class QAction;
class QMenu;
class QPushButton;
class QWidget;
class RunSession;

/// Glue between the comparison panel, the run session and the File menu: run a comparison, open
/// and save `.promptgrid` files (optionally with their results), recent files, and the export
/// dialog for the whole grid or the selected cells. The window embeds panel() and calls
/// addFileActions(); nothing else of the window is touched.
class ComparisonController : public QObject
{
    Q_OBJECT
public:
    /// Edits and runs \a document (the window's one comparison, shared with the Prompts tab), or
    /// a document of its own when none is given.
    ComparisonController(RunSession *session, QWidget *window, RecentFiles recent = RecentFiles(),
                         ComparisonDocument *document = nullptr);

    /// The comparison panel (the editor, scrolling down as needed) with its Run button, for a
    /// tab or a dock.
    QWidget *panel() const { return m_panel; }
    ComparisonEditor *editor() const { return m_editor; }
    /// Adds Open, Save, Save As, Open Recent, Save Results With Comparison and Export Results.
    void addFileActions(QMenu *file);
    /// Returns the grid cells the user selected (any sample); used for "selected cells only".
    void setSelectionProvider(std::function<QList<int>()> provider);
    void setProviderNames(const QStringList &names);

    /// Builds the plan from the document (a missing variable stops here, with its message) and
    /// starts it with the document's settings: the one way a comparison runs, from either tab.
    bool run(QString *error);
    /// Puts a run of the history into the document, so that what the grid shows is what is
    /// edited and sent again (Comparison::fromPlan).
    void showRun(const RunPlan &plan);
    bool open(const QString &path, QString *error);
    bool save(const QString &path, QString *error);
    QString currentPath() const { return m_path; }
    bool saveResults() const { return m_saveResults; }
    void setSaveResults(bool save) { m_saveResults = save; }
    /// Attachments embedded (base64) in saved files, or kept by a path relative to the file.
    bool embedAttachments() const { return m_embedAttachments; }
    void setEmbedAttachments(bool embed) { m_embedAttachments = embed; }
    QStringList recentFiles() const { return m_recent.files(); }
    /// Opens the export dialog, non-modal; returns it for tests.
    ExportDialog *showExportDialog();
    /// Every cell of the selected grid cells, all samples.
    QList<int> selectedCells() const;

Q_SIGNALS:
    /// A file was opened or saved under a new name (empty: a new comparison).
    void currentPathChanged(const QString &path);
    /// Something to tell the user in the status bar.
    void message(const QString &text);

private:
    /// The session's grid came from this comparison (run or opened), so it may be saved with it.
    bool gridIsOurs() const;
    void chooseOpen();
    void chooseSave(bool askForName);
    void fillRecentMenu();

    RunSession *m_session;
    QWidget *m_window;
    RecentFiles m_recent;
    QWidget *m_panel;
    ComparisonEditor *m_editor;
    QPushButton *m_runButton;
    QMenu *m_recentMenu = nullptr;
    QPointer<ExportDialog> m_exportDialog;
    std::function<QList<int>()> m_selection;
    QString m_path;
    bool m_saveResults = true;
    bool m_embedAttachments = true;
};
