// SPDX-License-Identifier: MIT
#include "ResultSnapshot.h"

#include "JudgingState.h"
#include "QuickCheckRunner.h"
#include "ResultGrid.h"

QList<ResultRecord> ResultSnapshot::take(const ResultGrid &grid, const JudgingState *judging,
                                         const QuickCheckRunner *checks)
{
    return take(grid, grid.allCells(), judging, checks);
}

QList<ResultRecord> ResultSnapshot::take(const ResultGrid &grid, const QList<int> &cells, const JudgingState *judging,
                                         const QuickCheckRunner *checks)
{
    QList<ResultRecord> records = ResultRecord::fromGrid(grid, cells);
    if (!judging)
        return records;
    const auto keepLatestTurnsOnly = [&records] {
        // Ratings and checks judge what the grid shows: a thread's latest turn.
        for (ResultRecord &record : records) {
            if (!record.isLatestTurn)
                record.judgement = {};
        }
    };
    if (!checks) {
        judging->annotate(records);
        keepLatestTurnsOnly();
        return records;
    }
    // Ratings and notes from the judging; the counts the runner found, not evaluated again on
    // this (the GUI) thread: a regular expression over 10,000 answers would stall it.
    judging->ratings().annotate(records);
    keepLatestTurnsOnly();
    qsizetype next = 0; // the cells' records in order, each cell's latest turn last
    for (qsizetype i = 0; i < records.size(); ++i) {
        if (!records.at(i).isLatestTurn)
            continue;
        const int cell = cells.at(next++);
        if (!QuickCheck::isCheckable(records.at(i).result))
            continue; // a cell retried since it was checked
        if (const std::optional<CheckOutcome> outcome = checks->outcome(cell)) {
            records[i].judgement.checksPassed = outcome->passed;
            records[i].judgement.checksFailed = outcome->failed;
        }
    }
    return records;
}
