// SPDX-License-Identifier: MIT
// Conversations as rows: the OpenAI chat JSONL import (every accepted form, every bad line with
// an error naming it, nothing kept from a bad file), .promptgrid files carrying conversation
// rows, and PlanBuilder turning them into rows with their history (rendered with the test case
// like the prompt, its size counted).
#include "ComparisonFile.h"
#include "ConversationImport.h"
#include "PlanBuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

namespace {
ChatMessage message(ChatMessage::Role role, const QString &text)
{
    return ChatMessage{role, text, {}};
}

ModelColumn column(const QString &model)
{
    ModelColumn c;
    c.provider = QStringLiteral("demo");
    c.model = model;
    return c;
}
} // namespace

class TestConversationImport : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsTheOpenAiChatFormat()
    {
        // The two lines of /work/plan/examples/conversations.jsonl, then a line with content
        // parts, a developer message, ignored keys, CRLF line ends and blank lines.
        const QByteArray data =
            "\xEF\xBB\xBF"
            R"({"messages": [{"role": "system", "content": "You are a concise assistant."}, {"role": "user", "content": "Name a prime number."}, {"role": "assistant", "content": "7"}, {"role": "user", "content": "Another one, larger than 100?"}]})"
            "\r\n"
            R"({"messages": [{"role": "user", "content": "Translate good morning to French."}]})"
            "\r\n\r\n   \n"
            R"({"messages":[{"role":"developer","content":[{"type":"text","text":"Be"},{"type":"text","text":"terse."}]},)"
            R"({"role":"user","content":"a","name":"ann"},{"role":"assistant","content":"b","weight":0},{"role":"user","content":"c"}],"tools":[]})"
            "\n";
        QList<ComparisonPrompt> read;
        QString error;
        QVERIFY2(ConversationImport::fromJsonl(data, &read, &error), qPrintable(error));
        QCOMPARE(read.size(), 3);
        QCOMPARE(read.at(0).system.value_or(QString()), QStringLiteral("You are a concise assistant."));
        QCOMPARE(read.at(0).text, QStringLiteral("Another one, larger than 100?"));
        QCOMPARE(read.at(0).history, (QList<ChatMessage>{message(ChatMessage::Role::User, QStringLiteral("Name a prime number.")),
                                                         message(ChatMessage::Role::Assistant, QStringLiteral("7"))}));
        QVERIFY(!read.at(1).system); // the comparison's system prompt applies
        QVERIFY(read.at(1).history.isEmpty());
        QCOMPARE(read.at(1).text, QStringLiteral("Translate good morning to French."));
        QCOMPARE(read.at(2).system.value_or(QString()), QStringLiteral("Be\nterse."));
        QCOMPARE(read.at(2).history.size(), 2);
        QCOMPARE(read.at(2).text, QStringLiteral("c"));
    }

    void badLinesNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QString>("error");
        QTest::addRow("invalid JSON") << QByteArray(R"({"messages": [)") << QStringLiteral("line 2: not valid JSON");
        QTest::addRow("not an object") << QByteArray("[1]") << QStringLiteral("line 2: expected {\"messages\":[...]}");
        QTest::addRow("no messages") << QByteArray(R"({"prompt":"hi"})") << QStringLiteral("line 2: expected {\"messages\":[...]}");
        QTest::addRow("empty messages") << QByteArray(R"({"messages":[]})") << QStringLiteral("line 2: expected {\"messages\":[...]} with at least one message");
        QTest::addRow("unknown role") << QByteArray(R"({"messages":[{"role":"user","content":"a"},{"role":"tool","content":"b"}]})")
                                      << QStringLiteral("line 2: message 2 has role \"tool\"; supported roles are system, developer, user, assistant");
        QTest::addRow("empty content") << QByteArray(R"({"messages":[{"role":"user","content":"  "}]})")
                                       << QStringLiteral("line 2: message 1 (user) has empty content");
        QTest::addRow("no content") << QByteArray(R"({"messages":[{"role":"user"}]})")
                                    << QStringLiteral("line 2: message 1 has no \"content\" string");
        QTest::addRow("image part") << QByteArray(R"({"messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"x"}}]}]})")
                                    << QStringLiteral("line 2: message 1 has a \"image_url\" content part; only text parts are read");
        QTest::addRow("ends with an answer") << QByteArray(R"({"messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"}]})")
                                             << QStringLiteral("line 2: the last message must be from the user");
        QTest::addRow("only a system prompt") << QByteArray(R"({"messages":[{"role":"system","content":"a"}]})")
                                              << QStringLiteral("line 2: has no user message");
        QTest::addRow("answer first") << QByteArray(R"({"messages":[{"role":"assistant","content":"a"},{"role":"user","content":"b"}]})")
                                      << QStringLiteral("line 2: message 1 is an answer before any user message");
        QTest::addRow("system later") << QByteArray(R"({"messages":[{"role":"user","content":"a"},{"role":"system","content":"b"},{"role":"user","content":"c"}]})")
                                      << QStringLiteral("line 2: message 2 is a system message after the conversation started");
    }
    void badLinesNameTheLine()
    {
        QFETCH(QByteArray, line);
        QFETCH(QString, error);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("chats.jsonl"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(R"({"messages":[{"role":"user","content":"fine"}]})" "\n" + line + "\n" R"({"messages":[{"role":"user","content":"also fine"}]})" "\n");
        file.close();
        QList<ComparisonPrompt> read{ComparisonPrompt{QString(), QStringLiteral("kept"), std::nullopt}};
        QString message;
        QVERIFY(!ConversationImport::fromFile(path, &read, &message));
        QVERIFY2(message.startsWith(path + QStringLiteral(" ") + error), qPrintable(message));
        // Nothing of a bad file is taken, not even its good lines.
        QCOMPARE(read.size(), 1);
        QCOMPARE(read.at(0).text, QStringLiteral("kept"));
    }

    void unreadableAndEmptyFiles()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QList<ComparisonPrompt> read;
        QString error;
        const QString missing = dir.filePath(QStringLiteral("missing.jsonl"));
        QVERIFY(!ConversationImport::fromFile(missing, &read, &error));
        QVERIFY2(error.startsWith(QStringLiteral("cannot read ") + missing), qPrintable(error));
        const QString empty = dir.filePath(QStringLiteral("empty.jsonl"));
        QFile file(empty);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\n\n");
        file.close();
        QVERIFY(!ConversationImport::fromFile(empty, &read, &error));
        QCOMPARE(error, empty + QStringLiteral(": no conversations found"));
        const QString binary = dir.filePath(QStringLiteral("binary.jsonl"));
        QFile bytes(binary);
        QVERIFY(bytes.open(QIODevice::WriteOnly));
        bytes.write(QByteArray("\x00\x01\x02\xff\xfe\x00", 6).repeated(50));
        bytes.close();
        QVERIFY(!ConversationImport::fromFile(binary, &read, &error));
        QVERIFY2(error.startsWith(binary + QStringLiteral(": ")), qPrintable(error));
        QVERIFY(read.isEmpty());
    }

    void promptgridFilesCarryConversations()
    {
        Comparison comparison;
        comparison.system = QStringLiteral("sys");
        ComparisonPrompt chat{QStringLiteral("chat"), QStringLiteral("Orange."), QStringLiteral("own system")};
        chat.history = {message(ChatMessage::Role::User, QStringLiteral("knock knock")),
                        message(ChatMessage::Role::Assistant, QStringLiteral("Who is there?"))};
        comparison.prompts = {chat, ComparisonPrompt{QString(), QStringLiteral("single"), std::nullopt}};
        comparison.models = {column(QStringLiteral("echo"))};
        const QByteArray json = ComparisonFile::toJson(comparison);
        QVERIFY(json.contains("\"history\""));
        QString error;
        const auto back = ComparisonFile::fromJson(json, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->prompts, comparison.prompts);
        // A hand-edited file with a bad message is refused, naming it.
        QByteArray bad = json;
        bad.replace("\"assistant\"", "\"bot\"");
        QVERIFY(!ComparisonFile::fromJson(bad, &error));
        QVERIFY2(error.contains(QLatin1String("prompts[0].history[1].role")), qPrintable(error));
    }

    void planRowsCarryTheHistory()
    {
        Comparison comparison;
        comparison.system = QStringLiteral("Talk to {{name}}.");
        ComparisonPrompt chat{QString(), QStringLiteral("And {{name}}?"), std::nullopt};
        chat.history = {message(ChatMessage::Role::User, QStringLiteral("Hi, I am {{name}}.")),
                        message(ChatMessage::Role::Assistant, QStringLiteral("Hello {{name}}!"))};
        comparison.prompts = {chat};
        comparison.variables = VariablesTable({QStringLiteral("name")}, {{QStringLiteral("Ann")}, {QStringLiteral("Bob")}});
        comparison.models = {column(QStringLiteral("echo")), column(QStringLiteral("fast"))};
        QString error;
        const auto plan = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->rows.size(), 2);
        QCOMPARE(plan->rows.at(1).prompt, QStringLiteral("And Bob?"));
        QCOMPARE(plan->rows.at(1).history, (QList<ChatMessage>{message(ChatMessage::Role::User, QStringLiteral("Hi, I am Bob.")),
                                                               message(ChatMessage::Role::Assistant, QStringLiteral("Hello Bob!"))}));
        const CellSpec spec = plan->cellSpec({1, 1, 0});
        QCOMPARE(spec.history, plan->rows.at(1).history);
        QCOMPARE(spec.system, QStringLiteral("Talk to Bob."));
        // The history counts in the plan's size.
        const qint64 withHistory = PlanSize::of(*plan).promptCharacters;
        RunPlan single = *plan;
        for (RunRow &row : single.rows)
            row.history.clear();
        QCOMPARE(withHistory - PlanSize::of(single).promptCharacters, qint64(2 * 2 * (13 + 10)));
        Comparison withoutHistory = comparison;
        withoutHistory.prompts[0].history.clear();
        QCOMPARE(PlanBuilder::sizeOf(comparison).promptCharacters - PlanBuilder::sizeOf(withoutHistory).promptCharacters,
                 qint64((18 + 15) * 2 * 2)); // the templates' lengths, per test case and column

        // As written without variables (a conversations file), braces and all.
        comparison.variables = {};
        comparison.variablesPerPrompt = true;
        const auto asWritten = PlanBuilder::fromComparison(comparison, &error);
        QVERIFY2(asWritten, qPrintable(error));
        QCOMPARE(asWritten->rows.at(0).history.at(0).text, QStringLiteral("Hi, I am {{name}}."));
        // A placeholder without a value in an earlier message names it.
        comparison.variablesPerPrompt = false;
        comparison.variables = VariablesTable({QStringLiteral("other")}, {{QStringLiteral("x")}});
        comparison.prompts[0].text = QStringLiteral("no placeholder");
        comparison.system.clear();
        QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
        QVERIFY2(error.startsWith(QLatin1String("message 1 of prompt #1 uses the variable \"name\"")), qPrintable(error));
        // The document of a run from the history gives the conversation back.
        const Comparison reopened = Comparison::fromPlan(*plan);
        QCOMPARE(reopened.prompts.at(1).history, plan->rows.at(1).history);
    }

    void planRefusesAConversationNotEndingWithTheUser_data()
    {
        QTest::addColumn<QList<ChatMessage>>("history");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("named");
        const QList<ChatMessage> answered{message(ChatMessage::Role::User, QStringLiteral("Hi")),
                                          message(ChatMessage::Role::Assistant, QStringLiteral("Hello"))};
        // The chat editor's conversation waiting for its user message: history, no text.
        QTest::addRow("ends with an answer") << answered << QString()
                                             << QStringLiteral("prompt #2: the last message must be from the user");
        QTest::addRow("empty last user message") << answered << QStringLiteral("  \n")
                                                 << QStringLiteral("prompt #2: the last message must be from the user");
        QTest::addRow("starts with an answer") << QList<ChatMessage>{message(ChatMessage::Role::Assistant, QStringLiteral("Hello"))}
                                               << QStringLiteral("Hi") << QStringLiteral("prompt #2: message 1 is an answer before any user message");
    }

    void planRefusesAConversationNotEndingWithTheUser()
    {
        QFETCH(QList<ChatMessage>, history);
        QFETCH(QString, text);
        QFETCH(QString, named);
        Comparison comparison;
        comparison.models = {column(QStringLiteral("echo"))};
        ComparisonPrompt chat{QString(), text, std::nullopt};
        chat.history = history;
        comparison.prompts = {ComparisonPrompt{QString(), QStringLiteral("fine"), std::nullopt}, chat};
        for (const bool perPrompt : {true, false}) {
            comparison.variablesPerPrompt = perPrompt;
            QString error;
            QVERIFY(!PlanBuilder::fromComparison(comparison, &error));
            QVERIFY2(error.startsWith(named), qPrintable(error));
        }
        // A plain empty prompt is no conversation: the rule is not about it.
        comparison.prompts[1].history.clear();
        QString error;
        QVERIFY2(PlanBuilder::fromComparison(comparison, &error), qPrintable(error));
    }

    void pastedTextIsReadAsOneConversation_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("conversation");
        QTest::addColumn<bool>("read");
        QTest::addColumn<QString>("errorStart");
        const QString line = QStringLiteral(
            R"({"messages":[{"role":"system","content":"S"},{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]})");
        QTest::addRow("JSONL line") << line << true << true << QString();
        QTest::addRow("JSONL line and a blank line") << QStringLiteral("\n") + line + QStringLiteral("\n\n") << true << true << QString();
        QTest::addRow("pretty-printed object") << QString::fromUtf8(QJsonDocument::fromJson(line.toUtf8()).toJson(QJsonDocument::Indented))
                                               << true << true << QString();
        QTest::addRow("messages array")
            << QString::fromUtf8(QJsonDocument(QJsonDocument::fromJson(line.toUtf8()).object().value(QLatin1String("messages")).toArray())
                                     .toJson(QJsonDocument::Indented))
            << true << true << QString();
        QTest::addRow("plain text") << QStringLiteral("Tell me about {roles} and [messages]") << false << false << QStringLiteral("line 1: not valid JSON");
        QTest::addRow("other JSON") << QStringLiteral(R"({"a":1})") << false << false << QStringLiteral("line 1: expected {\"messages\":[...]}");
        QTest::addRow("unknown role") << QStringLiteral(R"([{"role":"tool","content":"x"}])") << true << false
                                      << QStringLiteral("line 1: message 1 has role \"tool\"");
        QTest::addRow("two lines") << line + QLatin1Char('\n') + line << true << false << QStringLiteral("2 conversations");
        QTest::addRow("second line broken") << line + QStringLiteral("\n{\"messages\":[") << true << false
                                            << QStringLiteral("line 2: not valid JSON");
    }

    void pastedTextIsReadAsOneConversation()
    {
        QFETCH(QString, text);
        QFETCH(bool, conversation);
        QFETCH(bool, read);
        QFETCH(QString, errorStart);
        QCOMPARE(ConversationImport::looksLikeConversation(text), conversation);
        ComparisonPrompt pasted{QStringLiteral("untouched"), QString(), std::nullopt};
        QString error;
        QCOMPARE(ConversationImport::fromPastedText(text, &pasted, &error), read);
        if (!read) {
            QVERIFY2(error.startsWith(errorStart), qPrintable(error));
            QCOMPARE(pasted.name, QStringLiteral("untouched"));
            return;
        }
        QCOMPARE(pasted.system, std::optional<QString>(QStringLiteral("S")));
        QCOMPARE(pasted.text, QStringLiteral("c"));
        QCOMPARE(pasted.history, (QList<ChatMessage>{message(ChatMessage::Role::User, QStringLiteral("a")),
                                                     message(ChatMessage::Role::Assistant, QStringLiteral("b"))}));
    }
};

QTEST_GUILESS_MAIN(TestConversationImport)
#include "tst_conversation_import.moc"
