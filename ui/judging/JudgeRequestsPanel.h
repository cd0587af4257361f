// SPDX-License-Identifier: MIT
#pragma once

#include "RunCounts.h"

#include <QPointer>
#include <QWidget>

class CellDelegate;
class JudgeRun;
class JudgingState;
class QAbstractItemModel;
class QIdentityProxyModel;
class QLabel;
class QPushButton;
class QTableView;
class ResultsTableModel;
class Scheduler;

/// The "Judge" dock: the judge model's requests streaming as cells of their own (one row per
/// graded answer or battle, painted by the grid's CellDelegate: status chip, the judge's answer
/// so far, its metrics and a cancel button), above them who judges, the counts, the judge's
/// own cost (apart from the graded models') and Re-run / Cancel Judge.
class JudgeRequestsPanel : public QWidget
{
    Q_OBJECT
public:
    /// \a graded is the session's scheduler, whose cost the summary shows beside the judge's;
    /// \a judging (optional) its grades, shown as each judge request's chip.
    JudgeRequestsPanel(JudgeRun *run, Scheduler *graded, const JudgingState *judging, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    CellDelegate *delegate() const { return m_delegate; }
    /// The judge's requests as cells; nullptr before the judge's first start. The view shows
    /// them through viewModel(), which adds the grade each request gave (Grade mode).
    ResultsTableModel *model() const { return m_model; }
    QAbstractItemModel *viewModel() const;
    QLabel *summaryLabel() const { return m_summary; }
    /// The judge's own cost, as shown: "$0.0012", or "–" while no judge request has a price.
    QLabel *costLabel() const { return m_cost; }
    QPushButton *rerunButton() const { return m_rerun; }
    QPushButton *cancelButton() const { return m_cancel; }
    /// Re-reads the judge's scheduler (after a start) and the summary.
    void refresh();
    /// The judge's cost as the panel and Statistics show it.
    static QString costText(double usd, bool priced);
    /// "12 judge requests: 10 answered, 1 failed, 1 running" (the states that have any).
    static QString countsText(const RunCounts &counts);

Q_SIGNALS:
    void rerunRequested();
    /// The user picked the judge request about grid cell \a cell (Grade mode): show that cell.
    void gradedCellSelected(int cell);

private:
    void attach(Scheduler *scheduler);
    void updateSummary();

    QPointer<JudgeRun> m_run;
    QPointer<Scheduler> m_graded;
    QPointer<const JudgingState> m_judging;
    QIdentityProxyModel *m_grades = nullptr;
    QPointer<Scheduler> m_attached;
    QLabel *m_summary;
    QLabel *m_cost;
    QPushButton *m_rerun;
    QPushButton *m_cancel;
    QTableView *m_view;
    CellDelegate *m_delegate;
    ResultsTableModel *m_model = nullptr;
};
