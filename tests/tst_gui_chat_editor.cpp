// SPDX-License-Identifier: MIT
// The chat editor, against a fake OpenAI server on 127.0.0.1: a conversation typed in it (its
// own system prompt, user / assistant / user) is sent as written (the recorded request body);
// a conversation whose last message is an answer is refused with a clear message; a pasted
// JSONL line or messages array fills the messages (ConversationImport), plain text is pasted
// as text, a malformed one is named and changes nothing; the conversation shows in the Matrix
// tab, survives a restart and a .promptgrid save and open. The attachment strip is on both
// tabs, over the one document.
#include "AttachmentStrip.h"
#include "ChatEditor.h"
#include "ComparisonController.h"
#include "ComparisonDocument.h"
#include "ComparisonEditor.h"
#include "FakeLlmServer.h"
#include "MainWindow.h"
#include "ModelTree.h"
#include "PromptComposer.h"
#include "PromptListWidget.h"
#include "Scheduler.h"
#include "TestHome.h"

#include <QAbstractButton>
#include <QAccessible>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QMimeData>
#include <QTabWidget>
#include <QUrl>
#include <QJsonArray>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QJsonObject>
#include <QTest>
#include <QToolButton>

namespace {
QStringList transcript(const RecordedRequest &request)
{
    QStringList lines;
    for (const QJsonValue &value : request.json().value(QLatin1String("messages")).toArray()) {
        const QJsonObject message = value.toObject();
        lines.append(message.value(QLatin1String("role")).toString() + QStringLiteral(": ")
                     + message.value(QLatin1String("content")).toString());
    }
    return lines;
}

QStringList roles(ChatEditor *editor)
{
    QStringList out;
    for (int i = 0; i < editor->messageCount(); ++i)
        out.append(editor->roleCombo(i)->currentText());
    return out;
}

QStringList texts(ChatEditor *editor)
{
    QStringList out;
    for (int i = 0; i < editor->messageCount(); ++i)
        out.append(editor->messageEdit(i)->toPlainText());
    return out;
}

void replaceText(QPlainTextEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

void pasteInto(QWidget *widget, const QString &clipboard)
{
    QApplication::clipboard()->setText(clipboard);
    widget->setFocus();
    QTest::keyClick(widget, Qt::Key_V, Qt::ControlModifier);
}

const QString kJsonl = QStringLiteral(
    R"({"messages":[{"role":"system","content":"You are terse."},{"role":"user","content":"What is 2+2?"},)"
    R"({"role":"assistant","content":"4"},{"role":"user","content":"And times 3?"}]})");
} // namespace

class TestGuiChatEditor : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;

    static ChatEditor *openFromPromptsTab(MainWindow &window)
    {
        QTest::mouseClick(window.composer()->conversationButton(), Qt::LeftButton);
        return window.composer()->chatEditor();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("tst_gui_chat_editor"), m_dir.filePath(QStringLiteral("settings")));
    }

    void init()
    {
        TestHome::reset();
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &) { return FakeResponse::openAiStream({QStringLiteral("12")}, 5, 1); });
        QSettings().setValue(QStringLiteral("providers/json"),
                             QStringLiteral(R"({"providers":[{"name":"local","kind":"openai","base_url":"%1/v1","models":["m1"]}]})")
                                 .arg(m_server->baseUrl().toString())
                                 .toUtf8());
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void typedConversationIsSentAsWritten()
    {
        MainWindow window;
        window.resize(1024, 768);
        window.show();
        window.modelTree()->setCheckedModels({QStringLiteral("local/m1")});
        window.promptEdit()->setPlainText(QStringLiteral("Hi"));
        ChatEditor *editor = openFromPromptsTab(window);
        QVERIFY(editor);
        QVERIFY(editor->isVisible());
        QCOMPARE(texts(editor), QStringList{QStringLiteral("Hi")});
        QTest::keyClicks(editor->systemEdit(), QStringLiteral("Be brief."));
        // Adding alternates: an answer after the user's message, then the user again.
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QTest::keyClicks(editor->messageEdit(1), QStringLiteral("Hello! How can I help?"));
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QTest::keyClicks(editor->messageEdit(2), QStringLiteral("What is 3 times 4?"));
        QCOMPARE(roles(editor), (QStringList{QStringLiteral("User"), QStringLiteral("Assistant"), QStringLiteral("User")}));
        QVERIFY2(editor->problemText().isEmpty(), qPrintable(editor->problemText()));

        // A trailing answer: the editor says why, and Send refuses with the same rule.
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QCOMPARE(editor->roleCombo(3)->currentText(), QStringLiteral("Assistant"));
        QTest::keyClicks(editor->messageEdit(3), QStringLiteral("12"));
        QVERIFY2(editor->problemText().contains(QStringLiteral("last message must be the user's")), qPrintable(editor->problemText()));
        QVERIFY(!window.send());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("the last message must be from the user")),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(m_server->requests().isEmpty());
        // Removing it (the keyboard reaches its button) makes it sendable again.
        auto *remove = editor->findChildren<QToolButton *>(QStringLiteral("chatRemove")).last();
        QCOMPARE(remove->accessibleName(), QStringLiteral("Remove message 4"));
        remove->setFocus();
        QTest::keyClick(remove, Qt::Key_Space);
        QTRY_COMPARE(editor->messageCount(), 3);
        QVERIFY(editor->problemText().isEmpty());
        editor->close();
        QTRY_VERIFY(!window.composer()->chatEditor());

        // The Prompts tab shows the last user message; the matrix shows the whole conversation.
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("What is 3 times 4?"));
        const ComparisonPrompt row = window.comparisonController()->editor()->promptList()->prompt(0);
        QCOMPARE(row.history.size(), 2);
        QCOMPARE(row.system, std::optional<QString>(QStringLiteral("Be brief.")));

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QVERIFY(finished.wait(10'000));
        QCOMPARE(m_server->requests().size(), 1);
        QCOMPARE(transcript(m_server->requests().first()),
                 (QStringList{QStringLiteral("system: Be brief."), QStringLiteral("user: Hi"),
                              QStringLiteral("assistant: Hello! How can I help?"), QStringLiteral("user: What is 3 times 4?")}));
        QCOMPARE(window.scheduler()->counts().ok, 1);
    }

    void filesGoWithTheirMessage()
    {
        // A screenshot attached to the first user message goes with that message, not the prompt.
        QTemporaryDir files;
        const QString png = files.filePath(QStringLiteral("shot.png"));
        const QString fake = files.filePath(QStringLiteral("fake.png"));
        {
            QFile file(png);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="));
            QFile text(fake);
            QVERIFY(text.open(QIODevice::WriteOnly));
            text.write("not an image at all");
        }
        MainWindow window;
        window.resize(1024, 768);
        window.show();
        window.modelTree()->setCheckedModels({QStringLiteral("local/m1")});
        window.promptEdit()->setPlainText(QStringLiteral("What is this?"));
        ChatEditor *editor = openFromPromptsTab(window);
        QVERIFY(editor);
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QTest::keyClicks(editor->messageEdit(1), QStringLiteral("A chart."));
        QTest::mouseClick(editor->addButton(), Qt::LeftButton);
        QTest::keyClicks(editor->messageEdit(2), QStringLiteral("Of what?"));
        // Only a user message takes files; a file whose bytes are no image is refused by name.
        QVERIFY(editor->attachButton(0)->isVisibleTo(editor));
        QVERIFY(!editor->attachButton(1)->isVisibleTo(editor));
        QCOMPARE(editor->attachButton(0)->accessibleName(), QStringLiteral("Attach files to message 1"));
        QVERIFY(!editor->attachFiles(0, {fake}));
        QVERIFY2(editor->problemText().contains(QStringLiteral("fake.png")), qPrintable(editor->problemText()));
        QVERIFY(editor->attachmentsText(0).isEmpty());
        QVERIFY(editor->attachFiles(0, {png}));
        QCOMPARE(editor->attachmentsText(0), QStringLiteral("Sent with: shot.png"));
        editor->close();

        QSignalSpy finished(window.scheduler(), &Scheduler::runFinished);
        QVERIFY(window.send());
        QVERIFY(finished.wait(10'000));
        QCOMPARE(m_server->requests().size(), 1);
        const QJsonArray messages = m_server->requests().first().json().value(QLatin1String("messages")).toArray();
        QCOMPARE(messages.size(), 3);
        const QJsonArray parts = messages.at(0).toObject().value(QLatin1String("content")).toArray();
        QCOMPARE(parts.size(), 2);
        QCOMPARE(parts.at(0).toObject().value(QLatin1String("type")).toString(), QStringLiteral("image_url"));
        QVERIFY(parts.at(0).toObject().value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString().startsWith(
            QLatin1String("data:image/png;base64,")));
        QCOMPARE(parts.at(1).toObject().value(QLatin1String("text")).toString(), QStringLiteral("What is this?"));
        QCOMPARE(messages.at(2).toObject().value(QLatin1String("content")).toString(), QStringLiteral("Of what?"));
    }

    void pastedConversationFillsTheMessages()
    {
        MainWindow window;
        window.show();
        window.promptEdit()->setPlainText(QStringLiteral("first\n---\nsecond"));
        // The cursor in the second prompt: the editor opens on it.
        QTextCursor cursor = window.promptEdit()->textCursor();
        cursor.movePosition(QTextCursor::End);
        window.promptEdit()->setTextCursor(cursor);
        ChatEditor *editor = openFromPromptsTab(window);
        QVERIFY(editor);
        QCOMPARE(editor->promptIndex(), 1);
        pasteInto(editor->messageEdit(0), kJsonl);
        QTRY_COMPARE(editor->messageCount(), 3);
        QCOMPARE(roles(editor), (QStringList{QStringLiteral("User"), QStringLiteral("Assistant"), QStringLiteral("User")}));
        QCOMPARE(texts(editor), (QStringList{QStringLiteral("What is 2+2?"), QStringLiteral("4"), QStringLiteral("And times 3?")}));
        QCOMPARE(editor->systemEdit()->toPlainText(), QStringLiteral("You are terse."));
        const ComparisonPrompt second = window.composer()->document()->comparison().prompts.at(1);
        QCOMPARE(second.text, QStringLiteral("And times 3?"));
        QCOMPARE(second.history,
                 (QList<ChatMessage>{{ChatMessage::Role::User, QStringLiteral("What is 2+2?"), {}},
                                     {ChatMessage::Role::Assistant, QStringLiteral("4"), {}}}));
        QCOMPARE(second.system, std::optional<QString>(QStringLiteral("You are terse.")));
        QCOMPARE(window.composer()->document()->comparison().prompts.at(0).text, QStringLiteral("first"));

        // Plain text goes in as text, where the cursor is.
        editor->messageEdit(2)->moveCursor(QTextCursor::End);
        pasteInto(editor->messageEdit(2), QStringLiteral(" Show your work."));
        QCOMPARE(editor->messageCount(), 3);
        QCOMPARE(editor->messageEdit(2)->toPlainText(), QStringLiteral("And times 3? Show your work."));
        QCOMPARE(window.composer()->document()->comparison().prompts.at(1).text, QStringLiteral("And times 3? Show your work."));

        // A bare messages array over several lines, through the button.
        QApplication::clipboard()->setText(QStringLiteral("[\n  {\"role\": \"user\", \"content\": \"One\"},\n"
                                                          "  {\"role\": \"assistant\", \"content\": [{\"type\": \"text\", \"text\": \"Two\"}]},\n"
                                                          "  {\"role\": \"user\", \"content\": \"Three\"}\n]"));
        QTest::mouseClick(editor->pasteButton(), Qt::LeftButton);
        QTRY_COMPARE(texts(editor), (QStringList{QStringLiteral("One"), QStringLiteral("Two"), QStringLiteral("Three")}));
        // No system message in it: the one already there stays.
        QCOMPARE(editor->systemEdit()->toPlainText(), QStringLiteral("You are terse."));
        QCOMPARE(window.composer()->document()->comparison().prompts.at(1).history.size(), 2);
    }

    void malformedPasteChangesNothing_data()
    {
        QTest::addColumn<QString>("clipboard");
        QTest::addColumn<QString>("named");
        QTest::addRow("unknown role") << QStringLiteral(R"({"messages":[{"role":"user","content":"a"},{"role":"tool","content":"b"},{"role":"user","content":"c"}]})")
                                      << QStringLiteral("message 2 has role \"tool\"");
        QTest::addRow("ends with an answer") << QStringLiteral(R"([{"role":"user","content":"a"},{"role":"assistant","content":"b"}])")
                                             << QStringLiteral("the last message must be from the user");
        QTest::addRow("cut short") << QStringLiteral(R"({"messages":[{"role":"user","content":"a"})") << QStringLiteral("not valid JSON");
        QTest::addRow("two conversations") << kJsonl + QLatin1Char('\n') + kJsonl << QStringLiteral("2 conversations");
    }

    void malformedPasteChangesNothing()
    {
        QFETCH(QString, clipboard);
        QFETCH(QString, named);
        MainWindow window;
        window.show();
        window.promptEdit()->setPlainText(QStringLiteral("keep me"));
        ChatEditor *editor = openFromPromptsTab(window);
        QVERIFY(editor);
        const Comparison before = window.composer()->document()->comparison();
        pasteInto(editor->messageEdit(0), clipboard);
        QVERIFY2(editor->problemText().startsWith(QStringLiteral("Not pasted, nothing changed:")), qPrintable(editor->problemText()));
        QVERIFY2(editor->problemText().contains(named), qPrintable(editor->problemText()));
        QCOMPARE(texts(editor), QStringList{QStringLiteral("keep me")});
        auto *status = editor->findChild<QLabel *>(QStringLiteral("chatEditorStatus"));
        QVERIFY(status->isVisible());
        QCOMPARE(status->text(), editor->problemText());
        QCOMPARE(window.composer()->document()->comparison(), before);
    }

    void conversationShowsInTheOtherTabAndComesBack()
    {
        const QString file = m_dir.filePath(QStringLiteral("chat.promptgrid"));
        QList<ComparisonPrompt> written;
        {
            MainWindow window;
            window.show();
            ComparisonEditor *matrix = window.comparisonController()->editor();
            matrix->promptList()->setPrompts({{QString(), QStringLiteral("alpha"), std::nullopt},
                                              {QStringLiteral("chat"), QStringLiteral("beta"), std::nullopt}});
            matrix->promptList()->setCurrentIndex(1);
            QCOMPARE(matrix->conversationButton()->text(), QStringLiteral("Co&nversation…"));
            QTest::mouseClick(matrix->conversationButton(), Qt::LeftButton);
            ChatEditor *editor = matrix->chatEditor();
            QVERIFY(editor);
            QCOMPARE(editor->promptIndex(), 1);
            pasteInto(editor->systemEdit(), kJsonl);
            QTRY_COMPARE(editor->messageCount(), 3);
            editor->close();
            // The matrix keeps the prompt's name; the Prompts tab shows its last user message.
            written = window.composer()->document()->comparison().prompts;
            QCOMPARE(written.at(1).name, QStringLiteral("chat"));
            QCOMPARE(written.at(1).history.size(), 2);
            QCOMPARE(matrix->promptList()->prompts(), written);
            QCOMPARE(matrix->conversationButton()->text(), QStringLiteral("Co&nversation (3 messages)…"));
            QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("alpha\n---\nAnd times 3?"));
            // Renaming it in the matrix list keeps the conversation.
            matrix->promptList()->renamePrompt(1, QStringLiteral("sums"));
            written[1].name = QStringLiteral("sums");
            QCOMPARE(window.composer()->document()->comparison().prompts, written);
            QString error;
            QVERIFY2(window.comparisonController()->save(file, &error), qPrintable(error));
            window.close();
        }
        // A restart brings it back, in both tabs.
        MainWindow again;
        QCOMPARE(again.composer()->document()->comparison().prompts, written);
        QCOMPARE(again.comparisonController()->editor()->promptList()->prompt(1).history, written.at(1).history);
        again.composer()->document()->setPrompts({});
        // So does the saved file.
        QString error;
        QVERIFY2(again.comparisonController()->open(file, &error), qPrintable(error));
        QCOMPARE(again.composer()->document()->comparison().prompts, written);
        ChatEditor *editor = again.composer()->openChatEditor(1);
        QCOMPARE(texts(editor), (QStringList{QStringLiteral("What is 2+2?"), QStringLiteral("4"), QStringLiteral("And times 3?")}));
        QCOMPARE(editor->systemEdit()->toPlainText(), QStringLiteral("You are terse."));
        editor->close();
    }

    void waitingConversationKeepsItsPlace()
    {
        MainWindow window;
        window.show();
        ComparisonDocument *document = window.composer()->document();
        ComparisonPrompt waiting;
        waiting.history = {{ChatMessage::Role::User, QStringLiteral("Hi"), {}}, {ChatMessage::Role::Assistant, QStringLiteral("Hello"), {}}};
        document->setPrompts({{QString(), QStringLiteral("a"), std::nullopt}, waiting, {QString(), QStringLiteral("c"), std::nullopt}});
        // The Prompts tab shows the prompts it can send, and says where the waiting one is.
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("a\n---\nc"));
        auto *note = window.composer()->findChild<QLabel *>(QStringLiteral("conversationNote"));
        QVERIFY(note && note->isVisible());
        QVERIFY2(note->text().startsWith(QStringLiteral("Prompt #2 is a conversation waiting for its user message")), qPrintable(note->text()));
        // Editing the texts there leaves it in its place, with its history.
        window.promptEdit()->setPlainText(QStringLiteral("a2\n---\nc2"));
        QCOMPARE(document->comparison().prompts.size(), 3);
        QCOMPARE(document->comparison().prompts.at(0).text, QStringLiteral("a2"));
        QCOMPARE(document->comparison().prompts.at(1), waiting);
        QCOMPARE(document->comparison().prompts.at(2).text, QStringLiteral("c2"));
        QTextCursor cursor = window.promptEdit()->textCursor();
        cursor.movePosition(QTextCursor::End);
        window.promptEdit()->setTextCursor(cursor);
        QCOMPARE(window.composer()->conversationPromptIndex(), 2);
        window.promptEdit()->setPlainText(QStringLiteral("a3"));
        QCOMPARE(document->comparison().prompts, (QList<ComparisonPrompt>{{QString(), QStringLiteral("a3"), std::nullopt}, waiting}));
        window.modelTree()->setCheckedModels({QStringLiteral("local/m1")});
        QVERIFY(!window.send());
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("prompt #2: the last message must be from the user")),
                 qPrintable(window.statusBar()->currentMessage()));
        // "Finish it" opens the editor on it; its user message makes it a prompt the tab shows.
        Q_EMIT note->linkActivated(QStringLiteral("1"));
        ChatEditor *editor = window.composer()->chatEditor();
        QVERIFY(editor);
        QCOMPARE(editor->promptIndex(), 1);
        QCOMPARE(texts(editor), (QStringList{QStringLiteral("Hi"), QStringLiteral("Hello")}));
        QVERIFY(editor->problemText().contains(QStringLiteral("last message must be the user's")));
        editor->addMessage();
        QCOMPARE(editor->roleCombo(2)->currentText(), QStringLiteral("User"));
        QTest::keyClicks(editor->messageEdit(2), QStringLiteral("More?"));
        QVERIFY(editor->problemText().isEmpty());
        QCOMPARE(window.promptEdit()->toPlainText(), QStringLiteral("a3\n---\nMore?"));
        QVERIFY(note->isHidden());
        editor->close();
        QVERIFY(window.send());
    }

    void keyboardReachesEveryNamedControl()
    {
        MainWindow window;
        window.show();
        window.promptEdit()->setPlainText(QStringLiteral("Hi"));
        // Alt+O opens it from the Prompts tab.
        window.activateWindow();
        QApplication::setActiveWindow(&window);
        window.promptEdit()->setFocus();
        QTest::keyClick(window.promptEdit(), Qt::Key_O, Qt::AltModifier);
        QTRY_VERIFY(window.composer()->chatEditor());
        ChatEditor *editor = window.composer()->chatEditor();
        QVERIFY(QTest::qWaitForWindowExposed(editor));
        editor->addMessage();
        editor->addMessage();
        QList<QWidget *> controls;
        for (QWidget *widget : editor->findChildren<QWidget *>()) {
            if (widget->isVisible() && (qobject_cast<QAbstractButton *>(widget) || qobject_cast<QComboBox *>(widget)
                                        || qobject_cast<QPlainTextEdit *>(widget)))
                controls.append(widget);
        }
        // System prompt, 3 x (role, up, down, remove, text), Attach on the two user messages, Add, Paste, Close.
        QCOMPARE(controls.size(), 1 + 3 * 5 + 2 + 3);
        for (QWidget *widget : controls) {
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
            QVERIFY2(accessible && !accessible->text(QAccessible::Name).trimmed().isEmpty(), widget->metaObject()->className());
        }
        QCOMPARE(editor->messageEdit(2)->accessibleName(), QStringLiteral("Message 3"));
        QCOMPARE(editor->roleCombo(1)->accessibleName(), QStringLiteral("Role of message 2"));
        // Tab goes from the system prompt through every message to the buttons, in order.
        editor->activateWindow();
        QApplication::setActiveWindow(editor);
        editor->systemEdit()->setFocus(Qt::TabFocusReason);
        QList<QWidget *> reached{editor->systemEdit()};
        for (int step = 0; step < 40 && QApplication::focusWidget(); ++step) {
            QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
            if (QApplication::focusWidget() == editor->systemEdit())
                break;
            reached.append(QApplication::focusWidget());
        }
        for (QWidget *widget : controls) {
            if (widget->isEnabled())
                QVERIFY2(reached.contains(widget), qPrintable(widget->accessibleName()));
        }
        QVERIFY(reached.indexOf(editor->roleCombo(0)) < reached.indexOf(editor->messageEdit(0)));
        QVERIFY(reached.indexOf(editor->messageEdit(0)) < reached.indexOf(editor->roleCombo(1)));
        QVERIFY(reached.indexOf(editor->messageEdit(2)) < reached.indexOf(editor->addButton()));
        // The role of a focused combo changes from the keyboard, and goes into the document.
        editor->roleCombo(1)->setFocus();
        QTest::keyClick(editor->roleCombo(1), Qt::Key_Up);
        QCOMPARE(editor->roleCombo(1)->currentText(), QStringLiteral("User"));
        QCOMPARE(window.composer()->document()->comparison().prompts.at(0).history.value(1).role, ChatMessage::Role::User);
        editor->close();
    }

    void attachmentStripOnBothTabs()
    {
        MainWindow window;
        window.show();
        AttachmentStrip *prompts = window.composer()->attachments();
        AttachmentStrip *matrix = window.comparisonController()->editor()->attachments();
        QVERIFY(prompts != matrix);
        QFile png(m_dir.filePath(QStringLiteral("red.png")));
        QVERIFY(png.open(QIODevice::WriteOnly));
        png.write(QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC"));
        png.close();
        // Attached on the Prompts tab: the Matrix tab shows it too, and can remove it.
        QVERIFY(prompts->addFiles({png.fileName()}));
        QTRY_COMPARE(matrix->chips().size(), 1);
        QVERIFY(matrix->chips().first()->findChild<QLabel *>(QStringLiteral("attachmentLabel"))->text().startsWith(QStringLiteral("red.png")));
        auto *remove = matrix->chips().first()->findChild<QToolButton *>(QStringLiteral("removeAttachment"));
        QVERIFY(remove);
        QTest::mouseClick(remove, Qt::LeftButton);
        QTRY_VERIFY(prompts->chips().isEmpty());
        QVERIFY(window.composer()->document()->comparison().attachments.isEmpty());
        // Attached on the Matrix tab: in the document every run sends.
        QVERIFY(matrix->addFiles({png.fileName()}));
        QTRY_COMPARE(prompts->chips().size(), 1);
        QCOMPARE(window.composer()->document()->comparison().attachments.size(), 1);
        // Dropped on the Matrix tab's prompt editor, or pasted into it, as on the Prompts tab.
        window.leftTabs()->setCurrentWidget(window.comparisonController()->panel());
        QPlainTextEdit *edit = window.comparisonController()->editor()->promptEdit();
        QTRY_VERIFY(edit->isVisible());
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(png.fileName())});
        const QPoint at = edit->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(edit->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(edit->viewport(), &drop);
        QTRY_COMPARE(prompts->chips().size(), 2);
        QVERIFY(!edit->toPlainText().contains(QStringLiteral("red.png")));
        QImage image(3, 2, QImage::Format_RGB32);
        image.fill(Qt::green);
        QApplication::clipboard()->setImage(image);
        QVERIFY(QApplication::clipboard()->mimeData() && QApplication::clipboard()->mimeData()->hasImage());
        edit->setFocus();
        QTest::keyClick(edit, Qt::Key_V, Qt::ControlModifier);
        QTRY_COMPARE(prompts->chips().size(), 3);
        QCOMPARE(window.composer()->document()->comparison().attachments.at(2).attachment.mimeType, QStringLiteral("image/png"));
    }
};

QTEST_MAIN(TestGuiChatEditor)
#include "tst_gui_chat_editor.moc"
