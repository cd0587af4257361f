// SPDX-License-Identifier: MIT
// The value types' one homes: a cell's address and its index in grid order, a result's JSON and
// SQL forms (what the exports, .promptgrid files and the history write), a plan's cells as
// every grid lays them out, and a StaticGrid announcing its cells as the engine would.
#include "CellAddress.h"
#include "CellResult.h"
#include "JsonFields.h"
#include "ResultRecord.h"
#include "RunPlan.h"
#include "StaticGrid.h"

#include <QSignalSpy>
#include <QTest>

namespace {
RunPlan plan(int rows, int columns, int samples)
{
    RunPlan p;
    for (int r = 0; r < rows; ++r) {
        RunRow row;
        row.promptIndex = r;
        row.prompt = QStringLiteral("prompt %1").arg(r);
        row.system = QStringLiteral("system %1").arg(r);
        p.rows.append(row);
    }
    for (int c = 0; c < columns; ++c) {
        ModelColumn column;
        column.provider = QStringLiteral("demo");
        column.model = QStringLiteral("m%1").arg(c);
        p.columns.append(column);
    }
    p.samples = samples;
    return p;
}

CellResult fullResult()
{
    CellResult r;
    r.status = CellStatus::Incomplete;
    r.text = QStringLiteral("answer \u00e9");
    r.reasoning = QStringLiteral("because");
    r.error = QStringLiteral("cut off");
    r.httpStatus = 200;
    r.queueWaitMs = 3;
    r.ttftMs = 40;
    r.latencyMs = 900;
    r.inputTokens = 12;
    r.outputTokens = 34;
    r.finishReason = QStringLiteral("length");
    r.costUsd = 0.0125;
    r.attempts = 2;
    r.startedAt = QDateTime::fromMSecsSinceEpoch(1'764'590'400'005, Qt::UTC);
    r.finishedAt = QDateTime::fromMSecsSinceEpoch(1'764'590'401'005, Qt::UTC);
    return r;
}
} // namespace

class TestModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addressAndIndexAreInverse()
    {
        const RunPlan p = plan(3, 4, 2);
        QCOMPARE(p.cellCount(), 24);
        QSet<int> seen;
        for (int cell = 0; cell < p.cellCount(); ++cell) {
            const CellAddress address = p.address(cell);
            QVERIFY(address.isInside(3, 4, 2));
            QCOMPARE(p.cellIndex(address), cell);
            seen.insert(cell);
        }
        QCOMPARE(seen.size(), 24);
        // Grid order: row, then column, then sample.
        QCOMPARE(p.cellIndex(CellAddress{1, 2, 1}), (1 * 4 + 2) * 2 + 1);
        QCOMPARE(p.address(9), (CellAddress{1, 0, 1}));
        QVERIFY(!(CellAddress{3, 0, 0}).isInside(3, 4, 2));
        QVERIFY(qHash(CellAddress{1, 2, 3}) != qHash(CellAddress{3, 2, 1}));
    }

    void cellSpecsFollowThePlan()
    {
        RunPlan p = plan(2, 2, 1);
        p.columns[1].params.systemOverride = QStringLiteral("override");
        const std::vector<CellSpec> specs = p.cellSpecs();
        QCOMPARE(int(specs.size()), 4);
        QCOMPARE(specs[3].address(), (CellAddress{1, 1, 0}));
        QCOMPARE(specs[2].prompt, QStringLiteral("prompt 1"));
        QCOMPARE(specs[2].system, QStringLiteral("system 1"));
        QCOMPARE(specs[3].system, QStringLiteral("override"));
        QCOMPARE(specs[1].model.model, QStringLiteral("m1"));
    }

    void resultJsonRoundTrip()
    {
        const CellResult r = fullResult();
        QJsonObject object;
        r.writeJson(&object);
        QCOMPARE(object.value(QLatin1String("answer")).toString(), r.text);
        QCOMPARE(object.value(QLatin1String("status")).toString(), QStringLiteral("incomplete"));
        JsonFields fields;
        const auto back = CellResult::readJson(object, QStringLiteral("cell"), fields);
        QVERIFY2(back, qPrintable(fields.error));
        QCOMPARE(*back, r);
        // Missing figures are null, never 0; a stand-in replaces each long text.
        CellResult empty;
        empty.status = CellStatus::Cancelled;
        QJsonObject blank;
        empty.writeJson(&blank, [](const QString &text) { return QStringLiteral("<%1>").arg(text.size()); });
        QVERIFY(blank.value(QLatin1String("http_status")).isNull());
        QVERIFY(blank.value(QLatin1String("ttft_ms")).isNull());
        QVERIFY(blank.value(QLatin1String("cost_usd")).isNull());
        QCOMPARE(blank.value(QLatin1String("answer")).toString(), QStringLiteral("<0>"));
        // A bad field is named.
        object.insert(QStringLiteral("ttft_ms"), -4);
        JsonFields strict;
        QVERIFY(!CellResult::readJson(object, QStringLiteral("results[2]"), strict));
        QCOMPARE(strict.error, QStringLiteral("results[2].ttft_ms must not be negative"));
    }

    void resultSqlRoundTrip()
    {
        const CellResult r = fullResult();
        const QVariantList values = r.sqlValues();
        QCOMPARE(values.size(), CellResult::sqlColumns().size());
        QCOMPARE(CellResult::fromSqlValues(values), r);
        CellResult empty;
        empty.status = CellStatus::Ok;
        const QVariantList nulls = empty.sqlValues();
        QVERIFY(nulls.at(CellResult::sqlColumns().indexOf(QStringLiteral("ttft_ms"))).isNull());
        QCOMPARE(CellResult::fromSqlValues(nulls), empty);
        // An unknown status is read as interrupted; a lone surrogate never reaches SQLite.
        QVariantList odd = nulls;
        odd[0] = QStringLiteral("exploded");
        QCOMPARE(CellResult::fromSqlValues(odd).status, CellStatus::Interrupted);
        CellResult lone;
        lone.text = QString(QChar(0xd800));
        QCOMPARE(lone.sqlValues().at(1).toString(), QString(QChar(0xfffd)));
    }

    void staticGridAnnouncesItsCells()
    {
        StaticGrid grid;
        QSignalSpy reset(&grid, &ResultGrid::planReset);
        QSignalSpy started(&grid, &ResultGrid::cellStarted);
        QSignalSpy finished(&grid, &ResultGrid::cellFinished);
        QSignalSpy changed(&grid, &ResultGrid::cellsChanged);
        QSignalSpy done(&grid, &ResultGrid::runFinished);
        CellResult running;
        running.status = CellStatus::Running;
        // Saved cells come back finished: what was running when saved is interrupted.
        grid.load(plan(1, 2, 1), {fullResult(), running});
        QCOMPARE(reset.size(), 1);
        QCOMPARE(grid.cellCount(), 2);
        QCOMPARE(grid.result(1).status, CellStatus::Interrupted);
        QCOMPARE(grid.cellIndex(0, 1), 1);
        grid.load(plan(1, 2, 1));
        QCOMPARE(grid.result(0).status, CellStatus::Queued);
        grid.setResult(0, running);
        QCOMPARE(started.size(), 1);
        QCOMPARE(changed.size(), 1);
        grid.setResult(0, fullResult());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(done.size(), 0);
        grid.setResult(1, fullResult());
        QCOMPARE(done.size(), 1);
        const QList<ResultRecord> records = ResultRecord::fromGrid(grid, {1});
        QCOMPARE(records.size(), 1);
        QCOMPARE(records.first().spec.column, 1);
        QCOMPARE(records.first().row.prompt, QStringLiteral("prompt 0"));
        QCOMPARE(records.first().result, fullResult());
        QVERIFY(records.first().judgement.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestModel)
#include "tst_model.moc"
