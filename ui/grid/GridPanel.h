// SPDX-License-Identifier: MIT
#pragma once

#include <QTimer>
#include <QWidget>

class CellDelegate;
class QAction;
class QActionGroup;
class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QSpinBox;
class QStackedWidget;
class QTableView;
class ReplyBar;
class ResultsTableModel;
class RowHeaderView;
class Scheduler;

/// The grid of a run: its title, the sample stepper, the table of cells (painted by
/// CellDelegate) and, before the first run, the welcome page in its place. Cancelling and
/// retrying cells, rows and columns go straight to the scheduler; the window hears of the
/// current cell and of messages for its status bar.
class GridPanel : public QWidget
{
    Q_OBJECT
public:
    /// How tall the rows are; every row of the grid has the same height.
    enum class RowHeight {
        Fit,         ///< the rows share the grid's height, never below Compact
        Compact,     ///< about three lines of answer
        Comfortable, ///< about seven
        Tall,        ///< about fourteen
        Custom,      ///< what the user dragged a row to
    };
    Q_ENUM(RowHeight)

    GridPanel(Scheduler *scheduler, ResultsTableModel *model, QWidget *parent = nullptr);

    QTableView *view() const { return m_grid; }
    CellDelegate *delegate() const { return m_delegate; }
    QSpinBox *sampleSpin() const { return m_sampleSpin; }
    QLabel *runTitle() const { return m_runTitle; }
    QWidget *welcomePage() const { return m_welcome; }
    RowHeaderView *rowHeader() const { return m_rowHeader; }
    /// The follow-up box under the grid (Reply to all, or to one column).
    ReplyBar *replyBar() const { return m_replyBar; }
    /// The cells a follow-up to \a column goes to (-1: every cell).
    QList<int> cellsOfColumn(int column) const;
    /// Names the run's mode again (after a follow-up or a new grid).
    void refreshMode();

    RowHeight rowHeightMode() const { return m_rowHeightMode; }
    void setRowHeightMode(RowHeight mode);
    /// Every row at \a pixels (RowHeight::Custom), as dragging a row's edge does.
    void setCustomRowHeight(int pixels);
    /// The height a mode gives each row, for the grid's font (Fit: at the grid's current height).
    int rowHeightFor(RowHeight mode) const;
    /// The narrowest a column gets before the grid scrolls sideways instead.
    int minimumColumnWidth() const;
    /// View > Row Height: Fit to Window, Compact, Comfortable, Tall.
    void addRowHeightActions(QMenu *menu);
    QList<QAction *> rowHeightActions() const;
    /// Row height and row header width, kept across restarts.
    void readSettings(const QSettings &settings);
    void writeSettings(QSettings &settings) const;
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
    /// A cell was double-clicked or Enter pressed on it.
    void cellActivated(int cell);
    /// Something to tell the user in the status bar for \a timeoutMs.
    void message(const QString &text, int timeoutMs);
    /// The welcome page's Open of the last run was pressed.
    void openLastRunRequested();
    /// Send \a text as the next turn of each of \a cells' own threads (Reply to all or to a column).
    void followUpRequested(const QList<int> &cells, const QString &text);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void onPlanReset();
    void onDataChanged(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    void showMenu(const QPoint &pos);
    void showColumnMenu(const QPoint &pos);
    /// Points the reply box at \a column and gives it the focus.
    void replyToColumn(int column);
    void fitColumns();
    void fitRows();
    void onRowResized(int row, int oldSize, int newSize);
    void syncRowHeightActions();
    QWidget *buildWelcomePage();
    QString emptyTitle() const;

    Scheduler *m_scheduler;
    ResultsTableModel *m_model;
    CellDelegate *m_delegate;
    QLabel *m_runTitle;
    QSpinBox *m_sampleSpin;
    QLabel *m_sampleLabel;
    QTableView *m_grid;
    RowHeaderView *m_rowHeader;
    RowHeight m_rowHeightMode = RowHeight::Fit;
    int m_customRowHeight = 0;
    bool m_applyingRowHeight = false;
    bool m_columnsStretch = true;
    QActionGroup *m_rowHeightGroup = nullptr;
    QStackedWidget *m_stack;
    ReplyBar *m_replyBar;
    QWidget *m_welcome;
    QLabel *m_lastRun = nullptr;
    QPushButton *m_openLastRun = nullptr;
    QList<QAction *> m_retryActions;
    QList<QAction *> m_copyActions;
    // Queue places shift whenever a cell starts, without those queued cells changing: the
    // visible grid is repainted a few times a second while anything waits.
    QTimer m_queueRepaint;
};
