// SPDX-License-Identifier: MIT
// Structured output and tools in the window: the Matrix tab's answer format and tools editors
// check their JSON as it is typed (line and column), a run refuses to start while it does not
// parse, what parses reaches the run's plan (for the comparison and for one prompt's own
// schema), the tool choice lists the tools by name, and a cell whose answer is a tool call
// shows the call in the grid, the detail pane and the focus view.
#include "AnswerFormatEditor.h"
#include "CellDelegate.h"
#include "ComparisonController.h"
#include "ComparisonDocument.h"
#include "ComparisonEditor.h"
#include "DetailPane.h"
#include "FocusView.h"
#include "JsonEdit.h"
#include "MainWindow.h"
#include "ModelColumnsEditor.h"
#include "PlanBuilder.h"
#include "PromptComposer.h"
#include "PromptListWidget.h"
#include "ResultsTableModel.h"
#include "Scheduler.h"
#include "StaticGrid.h"
#include "TestHome.h"
#include "ToolsEditor.h"

#include <QAccessible>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFontDatabase>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QImage>
#include <QLabel>
#include <QPainter>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

namespace {
ModelColumn echo()
{
    return ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), {}, {}};
}

// Types \a text into \a edit as a user would, replacing what it holds.
void typeInto(QPlainTextEdit *edit, const QString &text)
{
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    // keyClicks types '\n' as a character the editor ignores: press Return for each line.
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(edit, Qt::Key_Return);
        QTest::keyClicks(edit, lines.at(i));
    }
}

QJsonObject object(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

const char *kSchema = R"({"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]})";
const char *kTools = R"([{"name": "get_weather", "description": "The weather", "parameters": {"type": "object"}},
{"name": "get_time", "parameters": {"type": "object", "properties": {"zone": {"type": "string"}}}}])";
} // namespace

class TestGuiStructuredOutput : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        TestHome::isolate(QStringLiteral("tst_gui_structured_output"), m_dir.filePath(QStringLiteral("settings")));
    }

    void init()
    {
        TestHome::reset();
    }

    void lineAndColumnOfAParseError_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("problem");
        QTest::addRow("missing comma") << QStringLiteral("{\n  \"a\": 1\n  \"b\": 2\n}") << QStringLiteral("Line 3, column 3: missing comma or closing }");
        QTest::addRow("first line") << QStringLiteral("{\"a\" 1}") << QStringLiteral("Line 1, column 6: missing colon after a key");
        QTest::addRow("trailing garbage") << QStringLiteral("{}\n  x") << QStringLiteral("Line 2, column 3:");
        // Columns count characters, not the UTF-8 bytes the parser counts (that would be column 10).
        QTest::addRow("after accents") << QStringLiteral("{\"é\u00e8\": x}") << QStringLiteral("Line 1, column 8:");
        QTest::addRow("array") << QStringLiteral("[1, 2]") << QStringLiteral("This must be a JSON object");
    }

    void lineAndColumnOfAParseError()
    {
        QFETCH(QString, text);
        QFETCH(QString, problem);
        QJsonDocument value;
        const QString shown = JsonEdit::check(text, JsonEdit::Expect::Object, &value);
        QVERIFY2(shown.startsWith(problem), qPrintable(shown));
        QVERIFY(value.isNull());
        QVERIFY(JsonEdit::check(QStringLiteral("{\"a\": [1, 2]}"), JsonEdit::Expect::Object, &value).isEmpty());
        QCOMPARE(value.object().value(QStringLiteral("a")).toArray().size(), 2);
    }

    void brokenSchemaShowsWhereLiveAndIsNotSent()
    {
        MainWindow window;
        window.resize(1024, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ComparisonEditor *editor = window.comparisonController()->editor();
        editor->promptList()->setPrompts({{QString(), QStringLiteral("Weather in Oslo?"), std::nullopt}});
        editor->modelColumns()->setColumns({echo()});
        AnswerFormatEditor *format = editor->formatEditor();
        JsonEdit *schema = format->schemaEdit();
        QVERIFY(schema->isHidden() || !schema->isVisibleTo(format)); // text answers need no schema
        QVERIFY(window.composer()->structureNote()->isHidden());
        format->kindCombo()->setCurrentIndex(format->kindCombo()->findText(QStringLiteral("JSON Schema")));
        QVERIFY(schema->isVisibleTo(format));

        // Typed with a missing comma on line 3: the check says where, while typing.
        typeInto(schema->textEdit(), QStringLiteral("{\n\"type\": \"object\",\n\"properties\": {}\n\"required\": []\n}"));
        QVERIFY2(schema->statusLabel()->text().startsWith(QStringLiteral("Line 4, column 1:")), qPrintable(schema->statusLabel()->text()));
        QVERIFY(schema->statusLabel()->isVisibleTo(format));
        QVERIFY(format->problem().contains(QStringLiteral("Line 4, column 1")));
        // Nothing that does not parse reaches the document.
        QVERIFY(editor->document()->comparison().outputFormat.isText());

        // Send (the Prompts tab's way) and Run (the Matrix tab's) refuse, saying why.
        QSignalSpy started(window.scheduler(), &Scheduler::cellStarted);
        QVERIFY(!window.send());
        QVERIFY2(editor->errorText().contains(QStringLiteral("Line 4, column 1")), qPrintable(editor->errorText()));
        QString error;
        QVERIFY(!window.comparisonController()->run(&error));
        QVERIFY2(error.startsWith(QStringLiteral("Not sent: Answer format: Line 4, column 1: missing comma")), qPrintable(error));
        QCOMPARE(started.count(), 0);

        // Fixed: a quiet OK, and the schema goes with the run.
        schema->textEdit()->moveCursor(QTextCursor::Start);
        for (int i = 0; i < 2; ++i)
            schema->textEdit()->moveCursor(QTextCursor::Down);
        schema->textEdit()->moveCursor(QTextCursor::EndOfLine);
        QTest::keyClicks(schema->textEdit(), QStringLiteral(","));
        QCOMPARE(schema->statusLabel()->text(), QStringLiteral("OK"));
        QVERIFY(format->problem().isEmpty());
        QCOMPARE(editor->document()->comparison().outputFormat.kind, OutputFormat::Kind::JsonSchema);
        QVERIFY2(window.send(), qPrintable(editor->errorText()));
        QCOMPARE(window.scheduler()->plan().outputFormat.kind, OutputFormat::Kind::JsonSchema);
        QCOMPARE(window.scheduler()->plan().outputFormat.schema,
                 object(R"({"type": "object", "properties": {}, "required": []})"));
        QCOMPARE(window.scheduler()->plan().cellSpec(CellAddress{0, 0, 0}).outputFormat.schema,
                 window.scheduler()->plan().outputFormat.schema);
        QVERIFY(editor->errorText().isEmpty());

        // A schema that is not an object is refused too.
        typeInto(schema->textEdit(), QStringLiteral("[1]"));
        QVERIFY(schema->statusLabel()->text().contains(QStringLiteral("must be a JSON object")));
        QVERIFY(!window.comparisonController()->run(&error));
        QVERIFY2(error.contains(QStringLiteral("must be a JSON object")), qPrintable(error));
    }

    void schemaAndToolsTypedInTheMatrixReachThePlan()
    {
        MainWindow window;
        window.resize(1024, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ComparisonEditor *editor = window.comparisonController()->editor();
        editor->promptList()->setPrompts({{QString(), QStringLiteral("Weather in Oslo?"), std::nullopt},
                                          {QString(), QStringLiteral("Time in Lima?"), std::nullopt}});
        editor->modelColumns()->setColumns({echo()});
        AnswerFormatEditor *format = editor->formatEditor();
        format->kindCombo()->setCurrentIndex(format->kindCombo()->findText(QStringLiteral("JSON Schema")));
        typeInto(format->schemaEdit()->textEdit(), QString::fromUtf8(kSchema));
        QCOMPARE(format->schemaEdit()->statusLabel()->text(), QStringLiteral("OK"));

        // The tools, then the choice lists them by name.
        ToolsEditor *tools = editor->toolsEditor();
        QStringList choices;
        for (int i = 0; i < tools->choiceCombo()->count(); ++i)
            choices.append(tools->choiceCombo()->itemText(i));
        QCOMPARE(choices.size(), 3); // auto, required, none
        typeInto(tools->toolsEdit()->textEdit(), QString::fromUtf8(kTools));
        QCOMPARE(tools->toolsEdit()->statusLabel()->text(), QStringLiteral("OK"));
        choices.clear();
        for (int i = 0; i < tools->choiceCombo()->count(); ++i)
            choices.append(tools->choiceCombo()->itemText(i));
        QVERIFY2(choices.contains(QStringLiteral("call get_weather")) && choices.contains(QStringLiteral("call get_time")),
                 qPrintable(choices.join(QLatin1Char('|'))));
        QCOMPARE(choices.size(), 5);
        tools->choiceCombo()->setCurrentIndex(tools->choiceCombo()->findText(QStringLiteral("call get_time")));
        QCOMPARE(editor->document()->comparison().toolChoice.mode, ToolChoice::Mode::Named);
        QCOMPARE(editor->document()->comparison().toolChoice.name, QStringLiteral("get_time"));

        // The second prompt brings its own schema: JSON mode.
        editor->promptList()->setCurrentIndex(1);
        QVERIFY(!editor->ownFormatCheck()->isChecked());
        QVERIFY(!editor->ownFormatEditor()->isVisibleTo(editor));
        editor->ownFormatCheck()->setChecked(true);
        QVERIFY(editor->ownFormatEditor()->isVisibleTo(editor));
        QComboBox *ownKind = editor->ownFormatEditor()->kindCombo();
        ownKind->setCurrentIndex(ownKind->findText(QStringLiteral("JSON mode (any JSON object)")));
        QVERIFY(editor->document()->comparison().prompts.at(1).outputFormat);
        QCOMPARE(editor->document()->comparison().prompts.at(1).outputFormat->kind, OutputFormat::Kind::JsonObject);
        QVERIFY(!editor->document()->comparison().prompts.at(0).outputFormat);

        // The Prompts tab says what its Send will ask for.
        QLabel *note = window.composer()->structureNote();
        QVERIFY(!note->isHidden());
        QCOMPARE(note->text(), QStringLiteral("Answers: JSON Schema · own format on 1 prompt · 2 tools, tool choice call "
                                              "get_time (set on the Matrix tab)"));

        QString error;
        QVERIFY2(window.comparisonController()->run(&error), qPrintable(error));
        const RunPlan &plan = window.scheduler()->plan();
        QCOMPARE(plan.outputFormat.kind, OutputFormat::Kind::JsonSchema);
        QCOMPARE(plan.outputFormat.schema, object(kSchema));
        QCOMPARE(plan.tools.size(), 2);
        QCOMPARE(plan.tools.at(0).name, QStringLiteral("get_weather"));
        QCOMPARE(plan.tools.at(0).description, QStringLiteral("The weather"));
        QCOMPARE(plan.tools.at(1).parameters, object(R"({"type": "object", "properties": {"zone": {"type": "string"}}})"));
        QCOMPARE(plan.toolChoice.mode, ToolChoice::Mode::Named);
        QCOMPARE(plan.toolChoice.name, QStringLiteral("get_time"));
        QCOMPARE(plan.cellSpec(CellAddress{0, 0, 0}).outputFormat.kind, OutputFormat::Kind::JsonSchema);
        QCOMPARE(plan.cellSpec(CellAddress{1, 0, 0}).outputFormat.kind, OutputFormat::Kind::JsonObject);
        QCOMPARE(plan.cellSpec(CellAddress{1, 0, 0}).tools, plan.tools);

        // Back on the first prompt, the own-format choice is that prompt's (none).
        editor->promptList()->setCurrentIndex(0);
        QVERIFY(!editor->ownFormatCheck()->isChecked());
        editor->promptList()->setCurrentIndex(1);
        QVERIFY(editor->ownFormatCheck()->isChecked());
        QCOMPARE(editor->ownFormatEditor()->kindCombo()->currentText(), QStringLiteral("JSON mode (any JSON object)"));

        // A tool that breaks a rule is named; removing the chosen tool is a problem, not a silent change.
        typeInto(tools->toolsEdit()->textEdit(), QStringLiteral("[{\"name\": \"get_weather\"}, {\"description\": \"x\"}]"));
        QCOMPARE(tools->toolsEdit()->statusLabel()->text(), QStringLiteral("tools[1].name must be 1 to 64 letters, digits, _ or -"));
        QVERIFY(!window.comparisonController()->run(&error));
        QVERIFY2(error.contains(QStringLiteral("Tools: tools[1].name must be")), qPrintable(error));
        typeInto(tools->toolsEdit()->textEdit(), QStringLiteral("[{\"name\": \"get_weather\"}]"));
        QCOMPARE(tools->toolsEdit()->statusLabel()->text(), QStringLiteral("OK"));
        QCOMPARE(tools->choiceCombo()->currentText(), QStringLiteral("call get_time (not defined)"));
        QVERIFY(!window.comparisonController()->run(&error));
        QVERIFY2(error.contains(QStringLiteral("names \"get_time\", which is not one of the tools (get_weather)")), qPrintable(error));
    }

    void newControlsHaveNamesAndTakeTab()
    {
        ComparisonEditor editor;
        editor.resize(400, 1200);
        editor.promptList()->setPrompts({{QString(), QStringLiteral("p"), std::nullopt}});
        editor.show();
        QVERIFY(QTest::qWaitForWindowExposed(&editor));
        auto *tabs = qobject_cast<QTabWidget *>(editor.formatEditor()->parentWidget()->parentWidget());
        QVERIFY(tabs);
        const auto schemaKind = [](AnswerFormatEditor *format) {
            format->kindCombo()->setCurrentIndex(format->kindCombo()->findText(QStringLiteral("JSON Schema")));
        };
        schemaKind(editor.formatEditor());
        editor.ownFormatCheck()->setChecked(true);
        schemaKind(editor.ownFormatEditor());
        const auto check = [&](QWidget *widget) {
            QVERIFY2(widget->isVisible(), widget->metaObject()->className());
            QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
            QVERIFY(accessible);
            QVERIFY2(!accessible->text(QAccessible::Name).trimmed().isEmpty(), widget->metaObject()->className());
            QVERIFY(widget->focusPolicy() & Qt::TabFocus);
        };
        const auto tabFrom = [](QWidget *from) {
            from->setFocus(Qt::TabFocusReason);
            QTest::keyClick(from, Qt::Key_Tab);
            return QApplication::focusWidget();
        };
        editor.activateWindow();
        QApplication::setActiveWindow(&editor);

        tabs->setCurrentWidget(editor.formatEditor());
        for (QWidget *widget : {static_cast<QWidget *>(editor.formatEditor()->kindCombo()),
                                static_cast<QWidget *>(editor.formatEditor()->schemaEdit()->textEdit()),
                                static_cast<QWidget *>(editor.ownFormatCheck()),
                                static_cast<QWidget *>(editor.ownFormatEditor()->kindCombo()),
                                static_cast<QWidget *>(editor.ownFormatEditor()->schemaEdit()->textEdit())})
            check(widget);
        QCOMPARE(tabFrom(editor.formatEditor()->kindCombo()), editor.formatEditor()->schemaEdit()->textEdit());
        QCOMPARE(tabFrom(editor.ownFormatCheck()), editor.ownFormatEditor()->kindCombo());
        QCOMPARE(tabFrom(editor.ownFormatEditor()->kindCombo()), editor.ownFormatEditor()->schemaEdit()->textEdit());
        // Tab leaves a JSON editor instead of typing a tab into it.
        QWidget *after = tabFrom(editor.formatEditor()->schemaEdit()->textEdit());
        QVERIFY(after && after != editor.formatEditor()->schemaEdit()->textEdit());
        QVERIFY(!editor.formatEditor()->schemaEdit()->text().contains(QLatin1Char('\t')));

        tabs->setCurrentWidget(editor.toolsEditor());
        check(editor.toolsEditor()->toolsEdit()->textEdit());
        check(editor.toolsEditor()->choiceCombo());
        QCOMPARE(tabFrom(editor.toolsEditor()->toolsEdit()->textEdit()), editor.toolsEditor()->choiceCombo());
    }

    void documentCarriesFormatAndToolsBetweenViews()
    {
        // A setter that changes nothing emits nothing; a document set from elsewhere (an opened
        // file, the other tab) shows in the editors.
        ComparisonDocument document;
        QSignalSpy formats(&document, &ComparisonDocument::outputFormatChanged);
        QSignalSpy tools(&document, &ComparisonDocument::toolsChanged);
        QSignalSpy changed(&document, &ComparisonDocument::changed);
        document.setOutputFormat(OutputFormat());
        document.setTools({}, ToolChoice());
        QCOMPARE(changed.count(), 0);
        OutputFormat schema{OutputFormat::Kind::JsonSchema, QStringLiteral("answer"), object(kSchema)};
        document.setOutputFormat(schema);
        document.setOutputFormat(schema);
        QCOMPARE(formats.count(), 1);
        document.setToolChoice(ToolChoice{ToolChoice::Mode::Required, {}});
        document.setToolChoice(ToolChoice{ToolChoice::Mode::Required, {}});
        QCOMPARE(tools.count(), 1);
        QCOMPARE(changed.count(), 2);

        ComparisonEditor editor(nullptr, ModelSetStore(), &document);
        QCOMPARE(editor.formatEditor()->kindCombo()->currentText(), QStringLiteral("JSON Schema"));
        QCOMPARE(QJsonDocument::fromJson(editor.formatEditor()->schemaEdit()->text().toUtf8()).object(), object(kSchema));
        QCOMPARE(editor.toolsEditor()->choiceCombo()->currentText(), QStringLiteral("required (must call a tool)"));
        // No tool while one is required: not sent.
        QVERIFY(editor.structureProblem().contains(QStringLiteral("needs at least one tool")));

        Comparison opened = document.comparison();
        opened.tools = {ToolDefinition{QStringLiteral("lookup"), QStringLiteral("Look it up"), object(R"({"type":"object"})")}};
        opened.toolChoice = ToolChoice{ToolChoice::Mode::Named, QStringLiteral("lookup")};
        document.setComparison(opened);
        QCOMPARE(tools.count(), 2);
        QCOMPARE(editor.toolsEditor()->choiceCombo()->currentText(), QStringLiteral("call lookup"));
        QList<ToolDefinition> shown;
        QString shownError;
        QVERIFY2(ToolDefinition::listFromJson(QJsonDocument::fromJson(editor.toolsEditor()->toolsEdit()->text().toUtf8()).array(),
                                              QStringLiteral("tools"), &shown, &shownError), qPrintable(shownError));
        QCOMPARE(shown, opened.tools);
        QVERIFY(editor.structureProblem().isEmpty());

        // A run from the history comes back with its format and tools.
        QString error;
        const auto plan = PlanBuilder::fromComparison(document.comparison(), &error);
        QVERIFY2(plan, qPrintable(error));
        const Comparison again = Comparison::fromPlan(*plan);
        QCOMPARE(again.outputFormat, schema);
        QCOMPARE(again.tools, opened.tools);
        QCOMPARE(again.toolChoice, opened.toolChoice);
    }

    void toolCallsShowInTheCellTheDetailPaneAndTheFocusView()
    {
        MainWindow window;
        window.resize(1024, 768);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        CellResult called;
        called.status = CellStatus::Ok;
        called.attempts = 1;
        called.toolCalls = {ToolCall{QStringLiteral("call_1"), QStringLiteral("get_weather"), QStringLiteral(R"({"city":"Paris","days":2})")},
                            ToolCall{QStringLiteral("call_2"), QStringLiteral("get_time"), QStringLiteral(R"({"zone":"Europe/Paris")")}};
        CellResult empty;
        empty.status = CellStatus::Ok;
        empty.attempts = 1;
        window.scheduler()->load(PlanBuilder::fromPrompts({QStringLiteral("Weather?")}, {echo(), echo()}, 1, {}), {called, empty});

        // The cell: one compact line per call; an answer that is only tool calls is not "empty".
        const QModelIndex cell = window.resultsModel()->index(0, 0);
        const QString summary = cell.data(ResultsTableModel::ToolCallsRole).toString();
        QCOMPARE(summary, QStringLiteral("get_weather(city: \"Paris\", days: 2)\nget_time({\"zone\":\"Europe/Paris\")"));
        QCOMPARE(cell.data(Qt::DisplayRole).toString(), summary);
        QVERIFY(window.resultsModel()->index(0, 1).data(ResultsTableModel::ToolCallsRole).toString().isEmpty());

        // The detail pane: each call's name and its arguments pretty-printed, in a fixed font.
        window.grid()->setCurrentIndex(cell);
        QCOMPARE(window.detailPane()->cell(), 0);
        QPlainTextEdit *calls = window.detailPane()->toolCallsView();
        QVERIFY(calls->isVisibleTo(window.detailPane()));
        const QString text = calls->toPlainText();
        QVERIFY2(text.contains(QStringLiteral("1. called get_weather")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("    \"city\": \"Paris\",\n    \"days\": 2")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("2. called get_time")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("the arguments are not valid JSON")), qPrintable(text));
        QCOMPARE(calls->font(), QFontDatabase::systemFont(QFontDatabase::FixedFont));
        QVERIFY2(window.detailPane()->answerView()->placeholderText().contains(QStringLiteral("called 2 tool")),
                 qPrintable(window.detailPane()->answerView()->placeholderText()));
        QVERIFY(!window.detailPane()->answerView()->toPlainText().contains(QStringLiteral("No answer")));

        // Painted: the calls wrap over the cell's body in the text colour, where an empty
        // answer shows only a dim hint on one line.
        const auto textRows = [&](const QModelIndex &index) {
            QStyleOptionViewItem option;
            option.rect = QRect(0, 0, 280, 140);
            option.font = window.grid()->font();
            option.palette = window.grid()->palette();
            option.state = QStyle::State_Enabled;
            QImage image(option.rect.size(), QImage::Format_ARGB32);
            image.fill(option.palette.color(QPalette::Base));
            {
                QPainter painter(&image);
                window.cellDelegate()->paint(&painter, option, index);
            }
            const QColor text = option.palette.color(QPalette::Text);
            int rows = 0;
            for (int y = 34; y < 120; ++y) { // below the chip, above the metrics line
                for (int x = 0; x < image.width(); ++x) {
                    const QColor pixel = image.pixelColor(x, y);
                    // Glyphs are antialiased: near the text colour, not equal to it.
                    if (std::abs(pixel.red() - text.red()) + std::abs(pixel.green() - text.green())
                            + std::abs(pixel.blue() - text.blue()) < 90) {
                        ++rows;
                        break;
                    }
                }
            }
            return rows;
        };
        const int calledRows = textRows(cell);
        const int emptyRows = textRows(window.resultsModel()->index(0, 1)); // "(empty answer)": one dim line
        QVERIFY2(calledRows >= 2 * std::max(emptyRows, 5), qPrintable(QStringLiteral("%1 vs %2").arg(calledRows).arg(emptyRows)));

        // A cell without calls hides the view.
        window.grid()->setCurrentIndex(window.resultsModel()->index(0, 1));
        QVERIFY(calls->isHidden());

        // The focus view reads the calls too.
        StaticGrid grid;
        grid.load(PlanBuilder::fromPrompts({QStringLiteral("Weather?")}, {echo(), echo()}, 1, {}), {called, empty});
        FocusView focus(&grid);
        focus.setMarkdown(false);
        focus.setCells({0, 1});
        QVERIFY2(focus.reader(0)->toPlainText().contains(QStringLiteral("called get_weather")), qPrintable(focus.reader(0)->toPlainText()));
        QVERIFY(focus.reader(0)->toPlainText().contains(QStringLiteral("\"city\": \"Paris\"")));
    }
};

QTEST_MAIN(TestGuiStructuredOutput)
#include "tst_gui_structured_output.moc"
