// SPDX-License-Identifier: MIT
// The window never shows a key that servers echo back (cells, detail pane, status bar, title),
// and never writes it (settings, history database): four fake servers of the four wire formats
// repeat the key in errors, a mid-stream error event, a Location header and the answer.
#include "DetailPane.h"
#include "FakeLlmServer.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "ProviderStreams.h"
#include "ResultsTableModel.h"
#include "Scheduler.h"
#include "SecretMask.h"
#include "TestHome.h"

#include <QDirIterator>
#include <QFileInfo>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTreeWidgetItem>

#include <memory>
#include <vector>

namespace {
const QString kKey = QStringLiteral("sk-test-WINDOW-9876");
}

class TestGuiKeys : public QObject
{
    Q_OBJECT

    /// Every text the detail pane shows for the current cell.
    static QString detailTexts(DetailPane *pane)
    {
        QStringList texts{pane->answerView()->toPlainText(), pane->reasoningView()->toPlainText(),
                          pane->samplesView()->toPlainText()};
        for (const QLabel *label : pane->findChildren<QLabel *>())
            texts.append(label->text() + label->toolTip());
        return texts.join(QLatin1Char('\n'));
    }

    /// The history database's -wal file under m_dir, when it holds something.
    QString walFile() const
    {
        QDirIterator it(m_dir.path(), {QStringLiteral("history.sqlite-wal")}, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            if (QFileInfo(path).size() > 0)
                return path;
        }
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        // Everything the window writes (settings, the history database) lands in m_dir.
        qputenv("HOME", m_dir.filePath(QStringLiteral("home")).toUtf8());
        qputenv("XDG_CONFIG_HOME", m_dir.filePath(QStringLiteral("config")).toUtf8());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("data")).toUtf8());
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/promptgrid-test-bus");
        TestHome::isolate(QStringLiteral("tst_gui_keys"), m_dir.filePath(QStringLiteral("settings")));
        qputenv("PG_GUI_SECRET", kKey.toUtf8());
    }

    void windowNeverShowsTheKey()
    {
        const QStringList kinds{QStringLiteral("openai"), QStringLiteral("anthropic"), QStringLiteral("gemini"), QStringLiteral("ollama")};
        FakeLlmServer elsewhere;
        QVERIFY(elsewhere.listen());
        std::vector<std::unique_ptr<FakeLlmServer>> servers;
        QStringList entries;
        QStringList models;
        for (const QString &kind : kinds) {
            auto server = std::make_unique<FakeLlmServer>();
            QVERIFY(server->listen());
            const QUrl target = elsewhere.baseUrl(QStringLiteral("/moved"));
            server->setHandler([kind, target](const RecordedRequest &request) {
                return ProviderStreams::keyEchoingAnswer(kind, request, kKey, target);
            });
            entries.append(QStringLiteral("{\"name\":\"%1\",\"kind\":\"%2\",\"base_url\":\"%3\",\"api_key_env\":\"PG_GUI_SECRET\",\"models\":[\"m\"]}")
                               .arg(kind, kind, server->baseUrl(kind == QLatin1String("openai") ? QStringLiteral("/v1") : QString()).toString()));
            models.append(kind + QStringLiteral("/m"));
            servers.push_back(std::move(server));
        }
        QString error;
        const auto registry = ProviderRegistry::fromJson(QStringLiteral("{\"providers\":[%1]}").arg(entries.join(QLatin1Char(','))).toUtf8(), &error);
        QVERIFY2(registry, qPrintable(error));

        {
            MainWindow window;
            window.setRegistry(*registry);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.promptEdit()->setPlainText(QStringLiteral("echo-401\n---\necho-stream\n---\necho-header\n---\necho-answer"));
            window.modelTree()->setCheckedModels({});
            for (const QString &model : std::as_const(models)) {
                QTreeWidgetItem *item = window.modelTree()->itemFor(model);
                QVERIFY2(item, qPrintable(model));
                item->setCheckState(0, Qt::Checked);
            }
            QTest::keyClick(window.promptEdit(), Qt::Key_Return, Qt::ControlModifier);
            QTRY_VERIFY_WITH_TIMEOUT(!window.scheduler()->isActive(), 15000);
            ResultsTableModel *model = window.resultsModel();
            QCOMPARE(model->rowCount(), 4);
            QCOMPARE(model->columnCount(), 4);
            for (const auto &server : servers)
                QCOMPARE(server->requestCount(), 4);

            const QString hidden = SecretMask::maskText();
            int masked = 0;
            for (int row = 0; row < 4; ++row) {
                for (int column = 0; column < 4; ++column) {
                    const QModelIndex index = model->index(row, column);
                    for (const int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(ResultsTableModel::AnswerRole),
                                           int(ResultsTableModel::ReasoningRole), int(ResultsTableModel::ErrorRole),
                                           int(ResultsTableModel::MetricsRole)}) {
                        const QString text = model->data(index, role).toString();
                        QVERIFY2(!text.contains(kKey), qPrintable(QStringLiteral("row %1 column %2 role %3").arg(row).arg(column).arg(role)));
                        masked += text.contains(hidden) ? 1 : 0;
                    }
                    window.grid()->setCurrentIndex(index); // the pane follows at once
                    const QString detail = detailTexts(window.detailPane());
                    QVERIFY2(!detail.contains(kKey), qPrintable(QStringLiteral("detail of row %1 column %2").arg(row).arg(column)));
                    QVERIFY2(detail.contains(hidden), qPrintable(detail)); // every cell here had a key to hide
                    QVERIFY(!window.statusBar()->currentMessage().contains(kKey));
                }
            }
            QVERIFY(masked >= 16);
            // The cells keep the provider's words around the key.
            const int answerCell = window.resultsModel()->cellAt(model->index(3, 0));
            QCOMPARE(window.scheduler()->result(answerCell).text, QStringLiteral("Your key is %1, keep it safe.").arg(hidden));
            const int errorCell = window.resultsModel()->cellAt(model->index(0, 1));
            QVERIFY2(window.scheduler()->result(errorCell).error.contains(QStringLiteral("Incorrect API key provided: %1").arg(hidden)),
                     qPrintable(window.scheduler()->result(errorCell).error));
            QStringList barTexts{window.statusBar()->currentMessage(), window.windowTitle()};
            for (const QLabel *label : window.statusBar()->findChildren<QLabel *>())
                barTexts.append(label->text() + label->toolTip());
            QVERIFY(!barTexts.join(QLatin1Char('\n')).contains(kKey));

            // While the window runs, the history database has its write-ahead log: no key there.
            // The recorder writes on its own timer, so wait until the masked answers are in it.
            QString wal;
            QTRY_VERIFY_WITH_TIMEOUT(!(wal = walFile()).isEmpty(), 5000);
            const auto walBytes = [&wal] {
                QFile walData(wal);
                return walData.open(QIODevice::ReadOnly) ? walData.readAll() : QByteArray();
            };
            QTRY_VERIFY_WITH_TIMEOUT(walBytes().contains(SecretMask::maskText().toUtf8()), 5000);
            QVERIFY(!walBytes().contains(kKey.toUtf8()));
        }

        // The window is gone: its settings and its history database are written.
        QStringList paths;
        QDirIterator it(m_dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext())
            paths.append(it.next());
        QVERIFY2(std::any_of(paths.begin(), paths.end(), [](const QString &path) { return path.endsWith(QLatin1String("history.sqlite")); }),
                 qPrintable(paths.join(QLatin1Char(' '))));
        QVERIFY2(std::any_of(paths.begin(), paths.end(), [](const QString &path) { return path.endsWith(QLatin1String(".ini")); }),
                 qPrintable(paths.join(QLatin1Char(' '))));
        for (const QString &path : std::as_const(paths)) {
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            QVERIFY2(!file.readAll().contains(kKey.toUtf8()), qPrintable(path));
        }
    }

private:
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestGuiKeys)
#include "tst_gui_keys.moc"
