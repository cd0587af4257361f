// SPDX-License-Identifier: MIT
#pragma once

#include <QTimer>
#include <QWidget>

class CellDelegate;
class QAction;
class QLabel;
class QMenu;
class QPushButton;
class QSpinBox;
class QStackedWidget;
class QTableView;
class ResultsTableModel;
class Scheduler;

/// The grid of a run: its title, the sample stepper, the table of cells (painted by
/// CellDelegate) and, before the first run, the welcome page in its place. Cancelling and
/// retrying cells, rows and columns go straight to the scheduler; the window hears of the
/// current cell and of messages for its status bar.
class GridPanel : public QWidget
{
    Q_OBJECT
public:
    GridPanel(Scheduler *scheduler, ResultsTableModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_grid; }
    CellDelegate *delegate() const { return m_delegate; }
    QSpinBox *sampleSpin() const { return m_sampleSpin; }
    QLabel *runTitle() const { return m_runTitle; }
    QWidget *welcomePage() const { return m_welcome; }
    /// Offers the last saved run on the welcome page ("Last run: …" and Open); empty: none.
    void setLastRun(const QString &summary);
    QPushButton *openLastRunButton() const { return m_openLastRun; }

    /// The selected cells in grid order (the current cell when nothing is selected).
    QList<int> selectedCells() const;
    /// The grid's cell under the current index, or -1.
    int currentCell() const;
    /// The grid's context menu for \a index (cancel/retry cell, row, column, then the
    /// actions of setMenuActions()). The caller owns it.
    QMenu *createMenu(const QModelIndex &index, QWidget *parent);
    /// Actions added at the end of the context menu, after a separator each group.
    void setMenuActions(const QList<QAction *> &retry, const QList<QAction *> &copy);
    /// Copies the answers of the selected cells (Ctrl+C on the grid).
    void copyAnswers();

Q_SIGNALS:
    /// The current cell changed (-1: none), or the shown sample did.
    void currentCellChanged(int cell);
    /// The current cell's result changed.
    void currentCellUpdated(int cell);
    /// Something to tell the user in the status bar for \a timeoutMs.
    void message(const QString &text, int timeoutMs);
    /// The welcome page's Open of the last run was pressed.
    void openLastRunRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onPlanReset();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void showMenu(const QPoint &pos);
    void fitColumns();
    QWidget *buildWelcomePage();
    QString emptyTitle() const;

    Scheduler *m_scheduler;
    ResultsTableModel *m_model;
    CellDelegate *m_delegate;
    QLabel *m_runTitle;
    QSpinBox *m_sampleSpin;
    QLabel *m_sampleLabel;
    QTableView *m_grid;
    QStackedWidget *m_stack;
    QWidget *m_welcome;
    QLabel *m_lastRun = nullptr;
    QPushButton *m_openLastRun = nullptr;
    QList<QAction *> m_retryActions;
    QList<QAction *> m_copyActions;
    // Queue places shift whenever a cell starts, without those queued cells changing: the
    // visible grid is repainted a few times a second while anything waits.
    QTimer m_queueRepaint;
};
