// SPDX-License-Identifier: MIT
// The window's prompt import reads files as promptgrid-cli --prompts does: a .csv's other
// columns are each row's variables (shown under the prompts, editable), a .jsonl's prompts go
// out as written (a .jsonl of conversations as --conversation reads it, each row with its
// history), and a placeholder without a value stops the run before anything is sent.
// The fake server records what was sent, from the window and from the real CLI.
#include "CliProcess.h"
#include "FakeLlmServer.h"
#include "HistoryDatabase.h"
#include "HistoryRecorder.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "PromptVariablesPanel.h"
#include "ResultRecord.h"
#include "RunSession.h"
#include "TestHome.h"

#include <QAction>
#include <QApplication>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QJsonArray>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProcess>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {
QString promptOf(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    return messages.last().toObject().value(QLatin1String("content")).toString();
}

QString systemOf(const RecordedRequest &request)
{
    const QJsonArray messages = request.json().value(QLatin1String("messages")).toArray();
    const QJsonObject first = messages.first().toObject();
    return first.value(QLatin1String("role")).toString() == QLatin1String("system") ? first.value(QLatin1String("content")).toString()
                                                                                     : QString();
}

QStringList sentPrompts(const FakeLlmServer &server, int from = 0)
{
    QStringList prompts;
    const QList<RecordedRequest> requests = server.requests();
    for (qsizetype i = from; i < requests.size(); ++i)
        prompts.append(promptOf(requests.at(i)));
    prompts.sort();
    return prompts;
}
} // namespace

class TestGuiPromptImport : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    QString writeFile(const QString &name, const QByteArray &data) const
    {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file.fileName()));
        file.write(data);
        return file.fileName();
    }

    QByteArray providersJson() const
    {
        return QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1","models":["m"]}]})")
            .arg(m_server->baseUrl().toString())
            .toUtf8();
    }

    void prepare(MainWindow &window) const
    {
        window.modelTree()->setCheckedModels({QStringLiteral("local/m")});
        QCOMPARE(window.modelTree()->checkedModels(), QStringList{QStringLiteral("local/m")});
    }

    bool sendAndWait(MainWindow &window) const
    {
        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        return window.send() && finished.wait(10000);
    }

    /// The real CLI with \a prompts against the same server; returns its exit status.
    int runCli(const QString &prompts, QByteArray *err = nullptr) const
    {
        const QString providers = writeFile(QStringLiteral("providers.json"), providersJson());
        const CliProcess::Result process = CliProcess::run(
            {QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("local/m"),
             QStringLiteral("--prompts"), prompts, QStringLiteral("--system"), QStringLiteral("Be {{tone}}."),
             QStringLiteral("--out"), m_dir.filePath(QStringLiteral("cli.csv"))},
            QProcessEnvironment::systemEnvironment(), {}, 20'000);
        if (!process.finished)
            return -1;
        if (err)
            *err = process.err;
        return process.exitCode;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridPromptImportTest"), m_dir.filePath(QStringLiteral("settings")));
    }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &request) {
            return FakeResponse::openAiStream({QStringLiteral("re: "), promptOf(request)}, 3, 2);
        });
        QSettings().clear();
        QSettings().setValue(QStringLiteral("providers/json"), providersJson());
        const QString history = HistoryDatabase::defaultPath();
        for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")})
            QFile::remove(history + suffix);
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void csvColumnsFillTheirOwnPrompt()
    {
        const QString csv = writeFile(QStringLiteral("prompts.csv"),
                                      "prompt,topic,tone\n"
                                      "\"Tell me about {{topic}}\",cats,calm\n"
                                      "\"Describe {{topic}}, {{tone}}\",dogs,\"warm, kind\"\n");
        MainWindow window;
        prepare(window);
        window.systemEdit()->setPlainText(QStringLiteral("Be {{tone}}."));
        // File > Import Prompts, through its file dialog.
        auto *importAction = window.findChild<QAction *>(QStringLiteral("importPromptsAction"));
        QVERIFY(importAction);
        // The dialog runs its own event loop: act on it once it is open.
        QTimer poll;
        poll.setInterval(5);
        connect(&poll, &QTimer::timeout, &window, [csv, &poll] {
            if (auto *dialog = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
                poll.stop();
                dialog->selectFile(csv);
                static_cast<QDialog *>(dialog)->accept();
            }
        });
        poll.start();
        importAction->trigger();
        QCOMPARE(window.promptEdit()->toPlainText(),
                 QStringLiteral("Tell me about {{topic}}\n---\nDescribe {{topic}}, {{tone}}"));
        // The variables are shown under the prompts, one row per prompt.
        PromptVariablesPanel *panel = window.promptVariables();
        QVERIFY(!panel->isHidden());
        QCOMPARE(panel->table().names(), (QStringList{QStringLiteral("topic"), QStringLiteral("tone")}));
        QCOMPARE(panel->view()->rowCount(), 2);
        QCOMPARE(panel->view()->item(1, 1)->text(), QStringLiteral("warm, kind"));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("topic, tone")));

        QVERIFY(sendAndWait(window));
        const QStringList expected{QStringLiteral("Describe dogs, warm, kind"), QStringLiteral("Tell me about cats")};
        QCOMPARE(sentPrompts(*m_server), expected);
        QStringList systems;
        for (const RecordedRequest &request : m_server->requests())
            systems.append(systemOf(request));
        systems.sort();
        QCOMPARE(systems, (QStringList{QStringLiteral("Be calm."), QStringLiteral("Be warm, kind.")}));
        // The exports carry each row's values, as the CLI's do.
        const QList<ResultRecord> records = window.session()->snapshot();
        QCOMPARE(records.size(), 2);
        QCOMPARE(records.at(0).row.variables.value(0), (QPair<QString, QString>{QStringLiteral("topic"), QStringLiteral("cats")}));

        // The CLI, given the same file and system prompt, sends exactly the same.
        const int before = m_server->requestCount();
        QCOMPARE(runCli(csv), 0);
        QCOMPARE(sentPrompts(*m_server, before), expected);

        // A value edited in the panel is what goes out next.
        panel->view()->item(0, 0)->setText(QStringLiteral("owls"));
        const int edited = m_server->requestCount();
        QVERIFY(sendAndWait(window));
        QVERIFY(sentPrompts(*m_server, edited).contains(QStringLiteral("Tell me about owls")));
        window.close();

        // The variables come back with the prompts after a restart.
        MainWindow again;
        QCOMPARE(again.promptVariables()->table().value(0, 0), QStringLiteral("owls"));
        QVERIFY(!again.promptVariables()->isHidden());
        // Cleared, the prompts go out as written.
        QTest::mouseClick(again.promptVariables()->clearButton(), Qt::LeftButton);
        QVERIFY(again.promptVariables()->isHidden());
        prepare(again);
        const int cleared = m_server->requestCount();
        QVERIFY(sendAndWait(again));
        QVERIFY(sentPrompts(*m_server, cleared).contains(QStringLiteral("Tell me about {{topic}}")));
    }

    void droppedCsvAndJsonlAreReadAsTheCliReadsThem()
    {
        const QString csv = writeFile(QStringLiteral("topic.csv"), "prompt,topic\n\"Tell me about {{topic}}\",cats\n");
        const QString jsonl = writeFile(QStringLiteral("plain.jsonl"), "{\"prompt\": \"Say {{x}} literally\"}\n{\"prompt\": \"second\"}\n");
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        prepare(window);
        const auto drop = [&window](const QString &path) {
            QMimeData mime;
            mime.setUrls({QUrl::fromLocalFile(path)});
            const QPointF pos(window.width() / 2.0, window.height() / 2.0);
            QDragEnterEvent enter(pos.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&window, &enter);
            QDropEvent dropped(pos, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&window, &dropped);
        };
        drop(csv);
        QVERIFY(window.promptVariables()->isVisible());
        QVERIFY(sendAndWait(window));
        QCOMPARE(sentPrompts(*m_server), QStringList{QStringLiteral("Tell me about cats")});

        // A .jsonl has no variables: its prompts go out as written, as with the CLI, and the
        // CSV's variables are gone.
        drop(jsonl);
        QVERIFY(window.promptVariables()->isHidden());
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("Say {{x}} literally\n---\nsecond"));
        const int before = m_server->requestCount();
        QVERIFY(sendAndWait(window));
        const QStringList fromWindow = sentPrompts(*m_server, before);
        QCOMPARE(fromWindow, (QStringList{QStringLiteral("Say {{x}} literally"), QStringLiteral("second")}));
        const int cli = m_server->requestCount();
        QCOMPARE(runCli(jsonl), 0);
        QCOMPARE(sentPrompts(*m_server, cli), fromWindow);
    }

    void conversationsFileSendsEachHistory()
    {
        // A .jsonl of {"messages":[...]} lines: each line a row, sent with its whole history
        // as promptgrid-cli --conversation sends it; a bad line is refused naming it.
        const QString chats = writeFile(QStringLiteral("chats.jsonl"),
            R"({"messages":[{"role":"system","content":"Be concise."},{"role":"user","content":"Name a prime."},{"role":"assistant","content":"7"},{"role":"user","content":"Larger than 100?"}]})"
            "\n"
            R"({"messages":[{"role":"user","content":"Say hi."}]})"
            "\n");
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        prepare(window);
        QVERIFY(window.importPromptsFrom(chats));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("Larger than 100?\n---\nSay hi."));
        QVERIFY(sendAndWait(window));
        QCOMPARE(sentPrompts(*m_server), (QStringList{QStringLiteral("Larger than 100?"), QStringLiteral("Say hi.")}));
        QJsonArray sent;
        for (const RecordedRequest &request : m_server->requests()) {
            if (promptOf(request) == QLatin1String("Larger than 100?"))
                sent = request.json().value(QLatin1String("messages")).toArray();
        }
        QCOMPARE(sent.size(), 4);
        QCOMPARE(sent.at(0).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Be concise."));
        QCOMPARE(sent.at(2).toObject().value(QLatin1String("role")).toString(), QStringLiteral("assistant"));
        QCOMPARE(sent.at(2).toObject().value(QLatin1String("content")).toString(), QStringLiteral("7"));
        // The CLI sends the same.
        const QStringList fromWindow = sentPrompts(*m_server);
        const int cli = m_server->requestCount();
        const QString providers = writeFile(QStringLiteral("chat-providers.json"), providersJson());
        const CliProcess::Result r = CliProcess::run({QStringLiteral("--providers"), providers, QStringLiteral("--model"), QStringLiteral("local/m"),
                                                      QStringLiteral("--conversation"), chats, QStringLiteral("--out"),
                                                      m_dir.filePath(QStringLiteral("chats.csv"))},
                                                     CliProcess::isolatedEnvironment(m_dir.path()));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(sentPrompts(*m_server, cli), fromWindow);
        for (const RecordedRequest &request : m_server->requests().mid(cli)) {
            if (promptOf(request) == QLatin1String("Larger than 100?"))
                QCOMPARE(request.json().value(QLatin1String("messages")).toArray(), sent);
        }

        const QString bad = writeFile(QStringLiteral("bad.jsonl"), R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})" "\n");
        const int before = m_server->requestCount();
        QVERIFY(!window.importPromptsFrom(bad));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("Larger than 100?\n---\nSay hi."));
        QCOMPARE(m_server->requestCount(), before);
    }

    void missingPlaceholderStopsTheRunBeforeSending()
    {
        const QString csv = writeFile(QStringLiteral("missing.csv"),
                                      "prompt,topic\n\"Tell me about {{topic}} in {{place}}\",cats\n");
        MainWindow window;
        prepare(window);
        QVERIFY(window.importPromptsFrom(csv));
        QVERIFY(!window.send());
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains(QLatin1String("\"place\"")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("prompt #1")), qPrintable(message));
        QVERIFY2(message.startsWith(QLatin1String("Not sent")), qPrintable(message));
        QCOMPARE(window.scheduler()->cellCount(), 0);
        QCOMPARE(m_server->requestCount(), 0);
        // The CLI stops the same file the same way: a usage error naming the variable.
        QByteArray err;
        QCOMPARE(runCli(csv, &err), 2);
        QVERIFY2(err.contains("\"place\""), err.constData());
        QCOMPARE(m_server->requestCount(), 0);
    }

    void promptHoldingASeparatorLineIsRefused()
    {
        // The Prompts tab would split it in two and pair the next prompts with the wrong values.
        const QString csv = writeFile(QStringLiteral("separator.csv"), "prompt,topic\n\"one\n---\ntwo {{topic}}\",cats\n");
        MainWindow window;
        window.promptEdit()->setPlainText(QStringLiteral("kept"));
        QVERIFY(!window.importPromptsFrom(csv));
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("prompt #1")));
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("kept"));
        QVERIFY(window.promptVariables()->isHidden());
    }
};

QTEST_MAIN(TestGuiPromptImport)
#include "tst_gui_prompt_import.moc"
