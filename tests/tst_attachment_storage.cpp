// SPDX-License-Identifier: MIT
// Where attachments are kept: the history stores each file once per run (a table keyed by its
// SHA-256, whatever the number of rows and cells that send it) and a round trip restores it;
// a .promptgrid file keeps it embedded or by a path relative to the file, and a referenced file
// that is gone is named.
#include "AttachmentFile.h"
#include "ComparisonFile.h"
#include "HistoryAttachments.h"
#include "HistoryDatabase.h"
#include "PlanBuilder.h"
#include "StaticGrid.h"

#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {
const QByteArray kRedPng = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

QString write(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    return path;
}

Attachment loaded(const QString &path, bool image)
{
    QString error;
    const auto a = image ? AttachmentFile::loadImage(path, &error) : AttachmentFile::loadText(path, &error);
    if (!a)
        qFatal("%s", qPrintable(error));
    return *a;
}

int countRows(const QString &database, const QString &sql)
{
    int count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("count"));
        db.setDatabaseName(database);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                count = query.value(0).toInt();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("count"));
    return count;
}

ModelColumn demo(const QString &model)
{
    ModelColumn column;
    column.provider = QStringLiteral("demo");
    column.model = model;
    return column;
}
} // namespace

class TestAttachmentStorage : public QObject
{
    Q_OBJECT

private slots:
    void historyKeepsEachFileOncePerRun();
    void historyNamesAMissingBlob();
    void promptgridEmbedded();
    void promptgridByReference();
    void promptgridNamesAMissingReference();
};

void TestAttachmentStorage::historyKeepsEachFileOncePerRun()
{
    QTemporaryDir dir;
    const Attachment png = loaded(write(dir.filePath(QStringLiteral("red.png")), kRedPng), true);
    const Attachment notes = loaded(write(dir.filePath(QStringLiteral("notes.txt")), "some notes"), false);
    RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("one"), QStringLiteral("two"), QStringLiteral("three")},
                                            {demo(QStringLiteral("echo")), demo(QStringLiteral("fast"))}, 2, {});
    for (RunRow &row : plan.rows)
        row.attachments = {png, notes};
    QCOMPARE(plan.cellCount(), 12);
    const QString path = dir.filePath(QStringLiteral("h.sqlite"));
    qint64 runId = 0;
    {
        HistoryDatabase store;
        QVERIFY(store.open(path, nullptr, HistoryDatabase::Check::Now));
        StaticGrid grid(plan, {});
        HistoryDatabase::WriteResult result;
        runId = store.createRun(grid, &result);
        QVERIFY(result.ok());
        QVERIFY(runId > 0);
        // Two files, 3 rows, 12 cells: two rows in the attachments table.
        QCOMPARE(countRows(path, QStringLiteral("SELECT COUNT(*) FROM attachments WHERE run_id = %1").arg(runId)), 2);
        // The plan refers to them by hash: the image's base64 is not in it.
        QCOMPARE(countRows(path, QStringLiteral("SELECT COUNT(*) FROM runs WHERE plan LIKE '%%1%'").arg(QString::fromLatin1(kRedPng.toBase64().left(40)))), 0);
        RunPlan back;
        std::vector<CellResult> results;
        QString error;
        QVERIFY2(store.loadRun(runId, &back, &results, &error), qPrintable(error));
        QCOMPARE(back.rows.size(), 3);
        for (const RunRow &row : back.rows) {
            QCOMPARE(row.attachments.size(), 2);
            QCOMPARE(row.attachments.at(0), png);
            QCOMPARE(row.attachments.at(1), notes);
        }
        // The History list reads the plan without the blobs.
        const QList<HistoryRunInfo> runs = store.runs();
        QCOMPARE(runs.size(), 1);
        QCOMPARE(runs.first().rows, 3);
        // Deleting the run deletes its files.
        QVERIFY(store.removeRun(runId));
        store.close();
    }
    QCOMPARE(countRows(path, QStringLiteral("SELECT COUNT(*) FROM attachments")), 0);
}

void TestAttachmentStorage::historyNamesAMissingBlob()
{
    HistoryAttachments::Blobs blobs;
    const QByteArray plan = R"({"rows":[{"attachments":[{"kind":"image","name":"red.png","mime_type":"image/png","data":")"
        + kRedPng.toBase64() + R"("}]}]})";
    const QByteArray stored = HistoryAttachments::externalize(plan, &blobs);
    QCOMPARE(blobs.size(), 1);
    QVERIFY(!stored.contains(kRedPng.toBase64()));
    QByteArray back;
    QString error;
    QVERIFY(HistoryAttachments::internalize(stored, blobs, &back, &error));
    QVERIFY(back.contains(kRedPng.toBase64()));
    QVERIFY(!HistoryAttachments::internalize(stored, {}, &back, &error));
    QVERIFY2(error.contains(QStringLiteral("\"red.png\"")) && error.contains(blobs.keys().first()), qPrintable(error));
}

void TestAttachmentStorage::promptgridEmbedded()
{
    QTemporaryDir dir;
    const QString image = write(dir.filePath(QStringLiteral("shots/red.png")), kRedPng);
    Comparison comparison;
    comparison.prompts.append(ComparisonPrompt{QString(), QStringLiteral("What is it?"), std::nullopt});
    comparison.attachments.append(ComparisonAttachment{image, loaded(image, true)});
    const QString file = dir.filePath(QStringLiteral("c.promptgrid"));
    QString error;
    QVERIFY2(ComparisonFile::save(comparison, file, &error, true, ComparisonFile::AttachmentStorage::Embedded), qPrintable(error));
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    QVERIFY(saved.readAll().contains(kRedPng.toBase64()));
    // Embedded: the file reads back with the image gone from the disk.
    QVERIFY(QFile::remove(image));
    const auto back = ComparisonFile::load(file, &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->attachments.size(), 1);
    QCOMPARE(back->attachments.first().attachment, comparison.attachments.first().attachment);
    // And every row of its plan sends it.
    const auto plan = PlanBuilder::fromComparison(*back, &error);
    QVERIFY(plan);
    QCOMPARE(plan->rows.first().attachments.size(), 1);
    QCOMPARE(plan->rows.first().attachments.first().data, kRedPng);
}

void TestAttachmentStorage::promptgridByReference()
{
    QTemporaryDir dir;
    const QString image = write(dir.filePath(QStringLiteral("shots/red.png")), kRedPng);
    const QString notes = write(dir.filePath(QStringLiteral("notes.txt")), "hello");
    Comparison comparison;
    comparison.prompts.append(ComparisonPrompt{QString(), QStringLiteral("What is it?"), std::nullopt});
    comparison.attachments.append(ComparisonAttachment{image, loaded(image, true)});
    comparison.attachments.append(ComparisonAttachment{notes, loaded(notes, false)});
    const QString file = dir.filePath(QStringLiteral("c.promptgrid"));
    QString error;
    QVERIFY2(ComparisonFile::save(comparison, file, &error, true, ComparisonFile::AttachmentStorage::Reference), qPrintable(error));
    QFile saved(file);
    QVERIFY(saved.open(QIODevice::ReadOnly));
    const QByteArray json = saved.readAll();
    QVERIFY(!json.contains(kRedPng.toBase64()));
    QVERIFY(json.contains("\"path\": \"shots/red.png\""));
    QVERIFY(json.contains("\"path\": \"notes.txt\""));
    // The folder moves with its files: the references are relative to the .promptgrid file.
    const QString moved = dir.filePath(QStringLiteral("moved"));
    QVERIFY(QDir().mkpath(moved));
    QVERIFY(QDir().rename(dir.filePath(QStringLiteral("shots")), moved + QStringLiteral("/shots")));
    QVERIFY(QFile::rename(notes, moved + QStringLiteral("/notes.txt")));
    QVERIFY(QFile::rename(file, moved + QStringLiteral("/c.promptgrid")));
    const auto back = ComparisonFile::load(moved + QStringLiteral("/c.promptgrid"), &error);
    QVERIFY2(back, qPrintable(error));
    QCOMPARE(back->attachments.size(), 2);
    QCOMPARE(back->attachments.at(0).attachment, comparison.attachments.at(0).attachment);
    QCOMPARE(back->attachments.at(0).path, moved + QStringLiteral("/shots/red.png"));
    QCOMPARE(back->attachments.at(1).attachment.data, QByteArray("hello"));
    // A pasted image (no path) is embedded even by reference.
    Comparison pasted = comparison;
    pasted.attachments = {ComparisonAttachment{QString(), comparison.attachments.first().attachment}};
    QVERIFY(ComparisonFile::toJson(pasted, false, ComparisonFile::AttachmentStorage::Reference, dir.path()).contains(kRedPng.toBase64()));
}

void TestAttachmentStorage::promptgridNamesAMissingReference()
{
    QTemporaryDir dir;
    const QString image = write(dir.filePath(QStringLiteral("red.png")), kRedPng);
    Comparison comparison;
    comparison.prompts.append(ComparisonPrompt{QString(), QStringLiteral("What is it?"), std::nullopt});
    comparison.attachments.append(ComparisonAttachment{image, loaded(image, true)});
    const QString file = dir.filePath(QStringLiteral("c.promptgrid"));
    QString error;
    QVERIFY(ComparisonFile::save(comparison, file, &error, true, ComparisonFile::AttachmentStorage::Reference));
    QVERIFY(QFile::remove(image));
    QVERIFY(!ComparisonFile::load(file, &error));
    QVERIFY2(error.startsWith(file) && error.contains(QStringLiteral("attachments[0]")) && error.contains(QStringLiteral("\"red.png\""))
                 && error.contains(image),
             qPrintable(error));
    // Replaced by text: refused as an image, named.
    write(image, "text now");
    QVERIFY(!ComparisonFile::load(file, &error));
    QVERIFY2(error.contains(image) && error.contains(QStringLiteral("not a PNG")), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestAttachmentStorage)
#include "tst_attachment_storage.moc"
