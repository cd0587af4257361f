// SPDX-License-Identifier: MIT
// The window under the limits the CLI has: a plan past 100,000 cells asks before anything is
// allocated (Send and Run Comparison), the open-files cap is said in the status bar, running
// out of memory stops the run and keeps the finished cells, and an export to a device node
// writes the device instead of replacing it.
#include "Comparison.h"
#include "ComparisonController.h"
#include "ComparisonFile.h"
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "MainWindow.h"
#include "MemoryReserve.h"
#include "ModelTree.h"
#include "TestHome.h"

#include <QAbstractButton>
#include <QApplication>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidgetItem>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace {
/// Answers the large-plan question with \a button once it shows; the text it asked is kept.
class QuestionAnswerer : public QObject
{
public:
    explicit QuestionAnswerer(QMessageBox::StandardButton button)
        : m_button(button)
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            if (!box || box->objectName() != QLatin1String("largePlanQuestion"))
                return;
            m_text = box->text();
            ++m_asked;
            box->button(m_button)->click();
        });
        m_timer.start(20);
    }
    int asked() const { return m_asked; }
    QString text() const { return m_text; }

private:
    QMessageBox::StandardButton m_button;
    QTimer m_timer;
    QString m_text;
    int m_asked = 0;
};

QString thousandsOfPrompts(int count)
{
    QStringList prompts;
    for (int i = 0; i < count; ++i)
        prompts.append(QStringLiteral("p%1").arg(i));
    return prompts.join(QStringLiteral("\n---\n"));
}
} // namespace

class TestGuiLimits : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;

    static void tickOnly(MainWindow &window, const QString &model)
    {
        window.modelTree()->setCheckedModels({});
        QTreeWidgetItem *item = window.modelTree()->itemFor(model);
        QVERIFY2(item, qPrintable(model));
        item->setCheckState(0, Qt::Checked);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("tst_gui_limits"), m_dir.filePath(QStringLiteral("settings")));
    }

    void init()
    {
        TestHome::reset();
    }

    void sendAsksBeforeALargePlan()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(thousandsOfPrompts(1001));
        window.repeatSpin()->setValue(100);
        tickOnly(window, QStringLiteral("demo/echo"));
        {
            // No: nothing is sent and no cell is allocated.
            QuestionAnswerer no(QMessageBox::No);
            QVERIFY(!window.send());
            QCOMPARE(no.asked(), 1);
            QVERIFY2(no.text().contains(QLatin1String("100,100 cells")), qPrintable(no.text()));
            QCOMPARE(window.scheduler()->cellCount(), 0);
            QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Not sent."));
        }
        {
            QuestionAnswerer yes(QMessageBox::Yes);
            QVERIFY(window.send());
            QCOMPARE(yes.asked(), 1);
            QCOMPARE(window.scheduler()->cellCount(), 100'100);
        }
        window.cancelAll();
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 10'000);
        // Within the limits nothing is asked.
        window.promptEdit()->setPlainText(QStringLiteral("small"));
        QuestionAnswerer never(QMessageBox::No);
        QVERIFY(window.send());
        QCOMPARE(never.asked(), 0);
        QCOMPARE(window.scheduler()->cellCount(), 100);
    }

    void runComparisonAsksFromTheCounts()
    {
        Comparison comparison;
        comparison.prompts.append({QString(), QStringLiteral("About {{city}}"), std::nullopt});
        QVERIFY(comparison.variables.addColumn(QStringLiteral("city")));
        for (int i = 0; i < 1001; ++i)
            comparison.variables.setValue(comparison.variables.insertRow(), 0, QStringLiteral("c%1").arg(i));
        ModelColumn echo;
        QVERIFY(ModelColumn::parseReference(QStringLiteral("demo/echo"), &echo));
        comparison.models.append(echo);
        comparison.settings.repeats = 100;
        const QString file = m_dir.filePath(QStringLiteral("large.promptgrid"));
        QString error;
        QVERIFY2(ComparisonFile::save(comparison, file, &error), qPrintable(error));

        MainWindow window;
        QVERIFY2(window.comparisonController()->open(file, &error), qPrintable(error));
        QuestionAnswerer no(QMessageBox::No);
        QVERIFY(!window.comparisonController()->run(&error));
        QCOMPARE(no.asked(), 1);
        QVERIFY2(no.text().contains(QLatin1String("100,100 cells")), qPrintable(no.text()));
        QVERIFY2(error.contains(QLatin1String("Not sent")), qPrintable(error));
        QCOMPARE(window.scheduler()->cellCount(), 0);
    }

    void openFilesCapIsShownInTheStatusBar()
    {
        FakeLlmServer server;
        QVERIFY(server.listen());
        FakeResponse slow = FakeResponse::openAiStream({QStringLiteral("a"), QStringLiteral("b")});
        slow.chunkDelayMs = 150;
        server.setHandler([slow](const RecordedRequest &) { return slow; });
        QString error;
        const auto registry = ProviderRegistry::fromJson(
            QStringLiteral("{\"providers\":[{\"name\":\"local\",\"kind\":\"openai\",\"base_url\":\"%1/v1\",\"models\":[\"m\"],"
                           "\"max_concurrency\":20}]}")
                .arg(server.baseUrl().toString())
                .toUtf8(),
            &error);
        QVERIFY2(registry, qPrintable(error));
        MainWindow window;
        window.setRegistry(*registry);
        // Room for one HTTP/1.1 manager: its thread and 6 sockets.
        window.scheduler()->setDescriptorBudget(7);
        window.promptEdit()->setPlainText(thousandsOfPrompts(12));
        window.repeatSpin()->setValue(1);
        tickOnly(window, QStringLiteral("local/m"));
        QVERIFY(window.send());
        QTRY_VERIFY_WITH_TIMEOUT(window.statusBar()->currentMessage().contains(QLatin1String("open-files limit")), 5000);
        QVERIFY2(window.statusBar()->currentMessage().contains(QLatin1String("about 6 requests at once")),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 15'000);
        QCOMPARE(window.scheduler()->counts().ok, 12);
        QCOMPARE(server.peakConcurrentRequests(), 6);
    }

    void exportToADeviceNodeWritesTheDevice()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("hello"));
        tickOnly(window, QStringLiteral("demo/echo"));
        window.repeatSpin()->setValue(1);
        QVERIFY(window.send());
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 10'000);
        // A private node for /dev/null's device where we may create one (root): a bug then
        // replaces that node, not the system's.
        QString node = m_dir.filePath(QStringLiteral("null"));
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(1, 3)) != 0)
            node = QStringLiteral("/dev/null");
        QFuture<QString> future = window.exportCsvTo(node);
        QTRY_VERIFY_WITH_TIMEOUT(future.isFinished(), 10'000);
        QCOMPARE(future.result(), QString());
        struct stat info = {};
        QCOMPARE(::lstat(QFile::encodeName(node).constData(), &info), 0);
        QVERIFY2(S_ISCHR(info.st_mode) && info.st_rdev == makedev(1, 3), "the device node was replaced");
    }

    // Last: memory can run out only once per process.
    void outOfMemoryStopsTheRunAndKeepsTheFinishedCells()
    {
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("fast\n---\nslow"));
        window.modelTree()->setCheckedModels({QStringLiteral("demo/echo"), QStringLiteral("demo/slow")});
        QVERIFY(window.send());
        QTRY_VERIFY_WITH_TIMEOUT(window.scheduler()->counts().ok >= 2, 10'000);
        QVERIFY(window.scheduler()->isActive());
        MemoryReserve::reportExhausted();
        QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 5000);
        QVERIFY(window.scheduler()->counts().ok >= 2);
        QVERIFY(window.scheduler()->counts().cancelled >= 1);
        QVERIFY2(window.statusBar()->currentMessage().startsWith(QLatin1String("Out of memory")),
                 qPrintable(window.statusBar()->currentMessage()));
    }
};

QTEST_MAIN(TestGuiLimits)
#include "tst_gui_limits.moc"
