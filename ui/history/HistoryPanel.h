// SPDX-License-Identifier: MIT
#pragma once

#include <QFuture>
#include <QTimer>
#include <QWidget>

class HistoryDatabase;
struct HistoryRunInfo;
class HistoryRecorder;
class QLabel;
class QPushButton;
class QTreeWidget;

/// Past runs from the history database, newest first: open one to see its grid again, run it
/// again, or delete it.
class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    /// Lists the runs of \a history's database and shows what it could not save.
    explicit HistoryPanel(HistoryRecorder *history, QWidget *parent = nullptr);

    QTreeWidget *list() const { return m_list; }
    /// The run id of the selected row, or 0.
    qint64 selectedRun() const;
    /// Re-reads the list now.
    void refresh();
    /// Writes saved run \a runId as CSV (BOM and formula guard on, like File > Export) without
    /// opening it in the grid; the file is written on a worker thread. The future holds an error
    /// message, empty on success; exportFinished() follows.
    QFuture<QString> exportRun(qint64 runId, const QString &path);
    QPushButton *exportButton() const { return m_exportButton; }
    /// Why the list may be incomplete (the history's problem, or a failed read); hidden when none.
    QLabel *problemLabel() const { return m_problem; }

    /// A run in one line: its date and time, its models and its size (the welcome page's).
    static QString summary(const HistoryRunInfo &run);
    static QString whenText(const HistoryRunInfo &run);
    /// "3 prompts × 4 models × 2 samples"
    static QString sizeText(const HistoryRunInfo &run);
    static QString modelsText(const HistoryRunInfo &run);
    /// "11/12 ok", then running, interrupted, failed, cancelled when there are any.
    static QString stateText(const HistoryRunInfo &run);

Q_SIGNALS:
    void openRequested(qint64 runId);
    void rerunRequested(qint64 runId);
    void exportFinished(const QString &path, const QString &error);

protected:
    void showEvent(QShowEvent *event) override;

private:
    void updateButtons();
    void showProblem(const QString &readError = {});
    void removeSelected();
    void chooseExportFile();

    HistoryRecorder *m_history;
    HistoryDatabase *m_database;
    QTreeWidget *m_list;
    QLabel *m_problem;
    QPushButton *m_openButton;
    QPushButton *m_rerunButton;
    QPushButton *m_deleteButton;
    QPushButton *m_exportButton;
    // Runs change with every finished cell; the list is re-read at most a few times a second.
    QTimer m_refreshTimer;
};
