// SPDX-License-Identifier: MIT
// The matrix widgets on their own: the prompt list (editing, paste, each import type, dropped
// files), the variables editor and its preview, the model configuration dialog, and the
// export dialog writing each format (read back), cancelling, and the CSV switches.
#include "CsvReader.h"
#include "ExportDialog.h"
#include "ExportJob.h"
#include "ModelConfigDialog.h"
#include "PlanBuilder.h"
#include "PromptListWidget.h"
#include "StaticGrid.h"
#include "VariablesEditor.h"

#include <QAbstractButton>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QThreadPool>

namespace {
void writeFile(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QStringList texts(const PromptListWidget &list)
{
    QStringList out;
    for (const ComparisonPrompt &prompt : list.prompts())
        out.append(prompt.text);
    return out;
}

// A finished grid: \a rows prompt rows (2 test cases each) x 2 columns (same model twice).
void loadGrid(StaticGrid *grid, int prompts)
{
    Comparison comparison;
    for (int p = 0; p < prompts; ++p)
        comparison.prompts.append({QString(), QStringLiteral("Say {{word}} %1").arg(p), std::nullopt});
    comparison.variables = VariablesTable({QStringLiteral("word")}, {{QStringLiteral("hi")}, {QStringLiteral("=cmd|x")}});
    ModelColumn cold{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("T=0"), {}};
    cold.params.temperature = 0.0;
    ModelColumn hot{QStringLiteral("demo"), QStringLiteral("echo"), QStringLiteral("T=1"), {}};
    hot.params.temperature = 1.0;
    comparison.models = {cold, hot};
    QString error;
    const RunPlan plan = *PlanBuilder::fromComparison(comparison, &error);
    std::vector<CellResult> results(size_t(plan.cellCount()));
    for (size_t i = 0; i < results.size(); ++i) {
        results[i].status = CellStatus::Ok;
        results[i].text = QStringLiteral("=answer %1\nline two | pipe").arg(i);
        results[i].latencyMs = qint64(i);
    }
    grid->load(plan, results);
}
} // namespace

class TestGuiMatrixWidgets : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

private Q_SLOTS:
    void promptListEditing()
    {
        PromptListWidget list;
        QSignalSpy changed(&list, &PromptListWidget::promptsChanged);
        QCOMPARE(list.addPrompt(QStringLiteral("first")), 0);
        QCOMPARE(list.addPrompt(QStringLiteral("second\nmore")), 1);
        QCOMPARE(list.currentIndex(), 1);
        list.setCurrentText(QStringLiteral("second, edited"));
        QCOMPARE(list.prompt(1).text, QStringLiteral("second, edited"));
        list.duplicateCurrent();
        QCOMPARE(list.count(), 3);
        QCOMPARE(list.currentIndex(), 2);
        QCOMPARE(list.prompt(2).text, QStringLiteral("second, edited"));
        list.renamePrompt(0, QStringLiteral("greeting"));
        QCOMPARE(list.prompt(0).name, QStringLiteral("greeting"));
        list.movePrompt(0, 2);
        QCOMPARE(texts(list), QStringList({QStringLiteral("second, edited"), QStringLiteral("second, edited"),
                                           QStringLiteral("first")}));
        QCOMPARE(list.prompt(2).name, QStringLiteral("greeting"));
        list.setCurrentIndex(0);
        list.removeCurrent();
        QCOMPARE(list.count(), 2);
        list.setCurrentSystem(QStringLiteral("Be brief."));
        QCOMPARE(list.prompt(0).system.value_or(QString()), QStringLiteral("Be brief."));
        QVERIFY(changed.count() >= 8);

        // renaming in place: the item's text becomes the name; the automatic label means none
        auto *view = list.findChild<QListWidget *>(QStringLiteral("promptList"));
        QVERIFY(view);
        QCOMPARE(view->item(1)->text(), QStringLiteral("greeting"));
        view->item(0)->setText(QStringLiteral("My prompt"));
        QCOMPARE(list.prompt(0).name, QStringLiteral("My prompt"));
        view->item(1)->setText(QStringLiteral("first")); // the automatic label: no name
        QCOMPARE(list.prompt(1).name, QString());
        QCOMPARE(view->item(1)->text(), QStringLiteral("first"));

        // the whole list round-trips
        PromptListWidget other;
        other.setPrompts(list.prompts());
        QVERIFY(other.prompts() == list.prompts());
    }

    void pasteSplitsOnSeparators()
    {
        PromptListWidget list;
        QCOMPARE(list.pasteText(QStringLiteral("one\n---\ntwo\nlines\n  ---  \n\n---\nthree")), 3);
        QCOMPARE(texts(list), QStringList({QStringLiteral("one"), QStringLiteral("two\nlines"), QStringLiteral("three")}));
        QCOMPARE(list.pasteText(QStringLiteral("  \n---\n")), 0);
        QVERIFY(!list.statusText().isEmpty());

        // Ctrl+V in the list pastes the clipboard's prompts; Delete removes the current one
        list.show();
        QVERIFY(QTest::qWaitForWindowExposed(&list));
        auto *view = list.findChild<QListWidget *>(QStringLiteral("promptList"));
        view->setFocus();
        QApplication::clipboard()->setText(QStringLiteral("four\n---\nfive"));
        QTest::keySequence(view, QKeySequence::Paste);
        QCOMPARE(list.count(), 5);
        QCOMPARE(list.prompt(4).text, QStringLiteral("five"));
        QTest::keySequence(view, QKeySequence::Delete);
        QCOMPARE(list.count(), 4);
        QCOMPARE(list.prompt(3).text, QStringLiteral("four"));
    }

    void importEachFileType_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("txt") << QStringLiteral("p.txt") << QByteArray("alpha\n---\nbeta\r\n---\r\ngamma\n")
                             << QStringList{QStringLiteral("alpha"), QStringLiteral("beta"), QStringLiteral("gamma")};
        QTest::addRow("csv") << QStringLiteral("p.csv") << QByteArray("id,prompt\n1,\"alpha, quoted\"\n2,beta\n")
                             << QStringList{QStringLiteral("alpha, quoted"), QStringLiteral("beta")};
        QTest::addRow("jsonl") << QStringLiteral("p.jsonl") << QByteArray("{\"prompt\":\"alpha\"}\n\n{\"prompt\":\"b\\nc\"}\n")
                               << QStringList{QStringLiteral("alpha"), QStringLiteral("b\nc")};
    }
    void importEachFileType()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, data);
        QFETCH(QStringList, expected);
        writeFile(path(name), data);
        PromptListWidget list;
        list.addPrompt(QStringLiteral("existing"));
        QString error;
        QVERIFY2(list.importFile(path(name), &error), qPrintable(error));
        QCOMPARE(texts(list), QStringList{QStringLiteral("existing")} + expected);

        // the same file dropped on the list
        PromptListWidget dropped;
        dropped.show();
        auto *view = dropped.findChild<QListWidget *>(QStringLiteral("promptList"));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path(name))});
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(view->viewport(), &drop);
        QCOMPARE(texts(dropped), expected);
    }

    void importBadFile()
    {
        writeFile(path(QStringLiteral("bad.csv")), "id,text\n1,x\n");
        PromptListWidget list;
        QString error;
        QVERIFY(!list.importFile(path(QStringLiteral("bad.csv")), &error));
        QVERIFY2(error.contains(QLatin1String("\"prompt\" column")), qPrintable(error));
        QCOMPARE(list.statusText(), error);
        QCOMPARE(list.count(), 0);
    }

    void variablesPreview()
    {
        VariablesEditor editor;
        QSignalSpy changed(&editor, &VariablesEditor::tableChanged);
        editor.setTemplate(QStringLiteral("Capital of {{country}}?"), QStringLiteral("You are a {{role}}."));
        QVERIFY(editor.previewHasError());
        QVERIFY2(editor.previewText().contains(QLatin1String("\"country\"")), qPrintable(editor.previewText()));
        QVERIFY(editor.addVariable(QStringLiteral("country")));
        QVERIFY(!editor.addVariable(QStringLiteral("country")));
        QVERIFY(!editor.statusText().isEmpty());
        QVERIFY(editor.addVariable(QStringLiteral("role")));
        QCOMPARE(editor.table().rowCount(), 1); // the first test case comes with the first variable
        editor.setValue(0, 0, QStringLiteral("France"));
        editor.setValue(0, 1, QStringLiteral("teacher"));
        QVERIFY(!editor.previewHasError());
        QCOMPARE(editor.previewText(), QStringLiteral("System: You are a teacher.\n\nCapital of France?"));
        QCOMPARE(editor.addTestCase(), 1);
        editor.setValue(1, 0, QStringLiteral("Peru"));
        editor.setValue(1, 1, QStringLiteral("guide"));
        editor.setCurrentTestCase(1);
        QCOMPARE(editor.previewText(), QStringLiteral("System: You are a guide.\n\nCapital of Peru?"));
        QVERIFY(editor.renameVariable(1, QStringLiteral("persona")));
        QVERIFY(editor.previewHasError());
        QVERIFY2(editor.previewText().contains(QLatin1String("\"role\"")) && editor.previewText().contains(QLatin1String("test case 2")),
                 qPrintable(editor.previewText()));
        editor.setTemplate(QStringLiteral("{{country}} as a {{persona}}"));
        QCOMPARE(editor.previewText(), QStringLiteral("Peru as a guide"));
        editor.removeVariable(1);
        QCOMPARE(editor.table().names(), QStringList{QStringLiteral("country")});
        editor.removeCurrentTestCase();
        QCOMPARE(editor.table().rowCount(), 1);
        QCOMPARE(editor.table().value(0, 0), QStringLiteral("France"));
        QVERIFY(changed.count() >= 8);
    }

    void variablesImportCsv()
    {
        writeFile(path(QStringLiteral("vars.csv")), "\xEF\xBB\xBF" "city,country\r\nParis,France\r\n\"Lima, Peru\",Peru\r\n");
        VariablesEditor editor;
        editor.setTemplate(QStringLiteral("Visit {{city}}"));
        QString error;
        QVERIFY2(editor.importCsv(path(QStringLiteral("vars.csv")), &error), qPrintable(error));
        QCOMPARE(editor.table().rowCount(), 2);
        QCOMPARE(editor.table().names(), QStringList({QStringLiteral("city"), QStringLiteral("country")}));
        editor.setCurrentTestCase(1);
        QCOMPARE(editor.previewText(), QStringLiteral("Visit Lima, Peru"));
        writeFile(path(QStringLiteral("dup.csv")), "a,a\n1,2\n");
        QVERIFY(!editor.importCsv(path(QStringLiteral("dup.csv")), &error));
        QVERIFY(editor.statusText().contains(QLatin1String("twice")));
        QCOMPARE(editor.table().rowCount(), 2); // unchanged

        // a CSV file dropped on the table imports it
        writeFile(path(QStringLiteral("drop.csv")), "x\n1\n2\n3\n");
        editor.show();
        auto *grid = editor.findChild<QTableWidget *>(QStringLiteral("variablesGrid"));
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(path(QStringLiteral("drop.csv")))});
        // Qt delivers a drop only to the widget that accepted the drag's entry
        QDragEnterEvent enter(QPoint(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(grid->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(5, 5), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(grid->viewport(), &drop);
        QVERIFY2(drop.isAccepted(), qPrintable(editor.statusText()));
        QCOMPARE(editor.table().names(), QStringList{QStringLiteral("x")});
        QCOMPARE(editor.table().rowCount(), 3);
    }

    void modelConfigDialogValues()
    {
        ModelConfigDialog dialog;
        dialog.setProviderNames({QStringLiteral("demo"), QStringLiteral("openai")});
        ModelColumn column{QStringLiteral("openai"), QStringLiteral("gpt-4o"), QStringLiteral("gpt-4o T=0"), {}};
        column.params.temperature = 0.0;
        column.params.topP = 0.9;
        column.params.maxTokens = 300;
        column.params.seed = 1234567890123LL;
        column.params.systemOverride = QStringLiteral("Answer in French.");
        column.params.stop = {QStringLiteral("END"), QStringLiteral("\n\n")};
        dialog.setColumn(column);
        QVERIFY(dialog.column() == column);

        // the same model again, with other parameters, typed into the fields
        dialog.findChild<QLineEdit *>(QStringLiteral("label"))->setText(QStringLiteral("gpt-4o T=1"));
        dialog.findChild<QDoubleSpinBox *>(QStringLiteral("temperature"))->setValue(1.0);
        dialog.findChild<QPlainTextEdit *>(QStringLiteral("stop"))->setPlainText(QStringLiteral("STOP"));
        const ModelColumn hot = dialog.column();
        QCOMPARE(hot.model, column.model);
        QCOMPARE(hot.label, QStringLiteral("gpt-4o T=1"));
        QCOMPARE(hot.params.temperature.value_or(-1), 1.0);
        QCOMPARE(hot.params.stop, QStringList{QStringLiteral("STOP")});
        QVERIFY(!(hot == column));

        // unchecked parameters are not sent
        dialog.setColumn(ModelColumn{QStringLiteral("demo"), QStringLiteral("echo"), QString(), {}});
        const ModelColumn plain = dialog.column();
        QVERIFY(!plain.params.temperature && !plain.params.topP && !plain.params.maxTokens && !plain.params.seed);
        QVERIFY(!plain.params.systemOverride && plain.params.stop.isEmpty());

        // a blank model is refused
        dialog.findChild<QComboBox *>(QStringLiteral("model"))->setCurrentText(QString());
        QVERIFY(!dialog.validationError().isEmpty());
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Rejected));
    }

    void exportDefaults()
    {
        ExportDialog dialog;
        QCOMPARE(dialog.format(), ExportJob::Format::Csv);
        QVERIFY(dialog.csvOptions().byteOrderMark);
        QVERIFY(dialog.csvOptions().protectFormulas);
        QVERIFY(!dialog.selectionOnly());
        dialog.setPath(path(QStringLiteral("results.csv")));
        dialog.setFormat(ExportJob::Format::Markdown);
        QCOMPARE(dialog.path(), path(QStringLiteral("results.md")));
        QVERIFY(!dialog.findChild<QCheckBox *>(QStringLiteral("bom"))->isEnabled());
    }

    void exportDialogLabelsShowNoAmpersand()
    {
        ExportDialog dialog;
        dialog.setSource(nullptr, {1, 2}, nullptr, nullptr);
        // A label shows its '&' literally unless it has a buddy to give the mnemonic to.
        QHash<QChar, QString> mnemonics;
        const auto mnemonic = [](const QString &text) -> QChar {
            for (qsizetype i = 0; i + 1 < text.size(); ++i) {
                if (text.at(i) == QLatin1Char('&'))
                    return text.at(i + 1) == QLatin1Char('&') ? QChar() : text.at(i + 1).toLower();
            }
            return {};
        };
        const auto claim = [&](const QString &text) {
            const QChar key = mnemonic(text);
            if (key.isNull())
                return;
            QVERIFY2(!mnemonics.contains(key), qPrintable(QStringLiteral("Alt+%1 is both \"%2\" and \"%3\"").arg(key).arg(mnemonics.value(key), text)));
            mnemonics.insert(key, text);
        };
        for (QLabel *label : dialog.findChildren<QLabel *>()) {
            if (mnemonic(label->text()).isNull())
                continue;
            QVERIFY2(label->buddy(), qPrintable(QStringLiteral("\"%1\" shows a literal &").arg(label->text())));
            claim(label->text());
        }
        for (QAbstractButton *button : dialog.findChildren<QAbstractButton *>())
            claim(button->text());
        QVERIFY(mnemonics.contains(QLatin1Char('f')));
        bool fileLabelFound = false;
        for (QLabel *label : dialog.findChildren<QLabel *>()) {
            if (label->text() == QLatin1String("&File:")) {
                fileLabelFound = true;
                QCOMPARE(label->buddy(), dialog.findChild<QLineEdit *>(QStringLiteral("path")));
            }
        }
        QVERIFY(fileLabelFound);
    }

    void exportEachFormat_data()
    {
        QTest::addColumn<int>("format");
        QTest::addColumn<bool>("protect");
        QTest::addRow("csv protected") << int(ExportJob::Format::Csv) << true;
        QTest::addRow("csv raw") << int(ExportJob::Format::Csv) << false;
        QTest::addRow("json") << int(ExportJob::Format::Json) << true;
        QTest::addRow("jsonl") << int(ExportJob::Format::JsonLines) << true;
        QTest::addRow("markdown") << int(ExportJob::Format::Markdown) << true;
    }
    void exportEachFormat()
    {
        QFETCH(int, format);
        QFETCH(bool, protect);
        StaticGrid grid;
        loadGrid(&grid, 3); // 6 rows x 2 columns
        ExportDialog dialog;
        dialog.setSource(&grid);
        dialog.setFormat(ExportJob::Format(format));
        dialog.setCsvOptions({protect, protect});
        const QString file = path(QStringLiteral("export_%1_%2.%3")
                                      .arg(format)
                                      .arg(protect)
                                      .arg(ExportJob::suffix(ExportJob::Format(format))));
        dialog.setPath(file);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.startExport();
        QVERIFY(finished.wait(10'000));
        QCOMPARE(finished.first().at(0).toString(), file);
        QCOMPARE(finished.first().at(1).toString(), QString());
        const QByteArray data = readAll(file);
        switch (ExportJob::Format(format)) {
        case ExportJob::Format::Csv: {
            QCOMPARE(data.startsWith("\xEF\xBB\xBF"), protect);
            QList<QStringList> rows;
            QString error;
            QVERIFY(CsvReader::parse(data, &rows, &error));
            QCOMPARE(rows.size(), 13);
            const QString answer = grid.result(0).text;
            QCOMPARE(rows.at(1).at(6), protect ? QLatin1Char('\'') + answer : answer);
            QCOMPARE(rows.at(1).at(rows.first().indexOf(QStringLiteral("label"))), QStringLiteral("T=0"));
            QCOMPARE(rows.at(2).at(rows.first().indexOf(QStringLiteral("temperature"))), QStringLiteral("1"));
            QCOMPARE(rows.at(3).at(rows.first().indexOf(QStringLiteral("word"))), protect ? QStringLiteral("'=cmd|x") : QStringLiteral("=cmd|x"));
            break;
        }
        case ExportJob::Format::Json: {
            const QJsonArray cells = QJsonDocument::fromJson(data).object().value(QLatin1String("cells")).toArray();
            QCOMPARE(cells.size(), 12);
            QCOMPARE(cells.at(0).toObject().value(QLatin1String("answer")).toString(), grid.result(0).text);
            QCOMPARE(cells.at(3).toObject().value(QLatin1String("variables")).toObject().value(QLatin1String("word")).toString(),
                     QStringLiteral("=cmd|x"));
            break;
        }
        case ExportJob::Format::JsonLines: {
            const QList<QByteArray> lines = data.trimmed().split('\n');
            QCOMPARE(lines.size(), 12);
            QCOMPARE(QJsonDocument::fromJson(lines.at(11)).object().value(QLatin1String("answer")).toString(),
                     grid.result(11).text);
            break;
        }
        case ExportJob::Format::Markdown: {
            const QStringList lines = QString::fromUtf8(data).trimmed().split(QLatin1Char('\n'));
            QCOMPARE(lines.size(), 2 + 6);
            QCOMPARE(lines.at(0), QStringLiteral("| Prompt | T=0 | T=1 |"));
            QVERIFY(lines.at(2).contains(QStringLiteral("=answer 0<br>line two \\| pipe")));
            break;
        }
        }
    }

    void exportSelectionOnly()
    {
        StaticGrid grid;
        loadGrid(&grid, 2);
        ExportDialog dialog;
        dialog.setSource(&grid, {grid.cellIndex(1, 1), grid.cellIndex(3, 0)});
        dialog.setSelectionOnly(true);
        dialog.setFormat(ExportJob::Format::JsonLines);
        dialog.setPath(path(QStringLiteral("selection.jsonl")));
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.startExport();
        QVERIFY(finished.wait(10'000));
        const QList<QByteArray> lines = readAll(path(QStringLiteral("selection.jsonl"))).trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QCOMPARE(QJsonDocument::fromJson(lines.at(0)).object().value(QLatin1String("answer")).toString(),
                 grid.result(grid.cellIndex(1, 1)).text);
        QCOMPARE(QJsonDocument::fromJson(lines.at(1)).object().value(QLatin1String("row_label")).toString(),
                 QStringLiteral("#2 · case 2"));
    }

    void exportLargeGridCanBeCancelled()
    {
        StaticGrid grid;
        loadGrid(&grid, 2'500); // 5,000 rows x 2 columns = 10,000 cells
        QCOMPARE(grid.cellCount(), 10'000);
        ExportDialog dialog;
        dialog.setSource(&grid);
        dialog.setFormat(ExportJob::Format::Json);
        const QString file = path(QStringLiteral("cancelled.json"));
        dialog.setPath(file);
        QSignalSpy cancelled(&dialog, &ExportDialog::exportCancelled);
        QSignalSpy finished(&dialog, &ExportDialog::exportFinished);
        dialog.startExport();
        QVERIFY(dialog.isExporting());
        dialog.cancelExport();
        QVERIFY(cancelled.wait(10'000));
        QCOMPARE(finished.count(), 0);
        QVERIFY(!QFile::exists(file));
        QVERIFY(!dialog.isExporting());

        // and the whole 10,000 cells when left alone, with the progress bar reaching the end
        dialog.startExport();
        QVERIFY(finished.wait(30'000));
        const QJsonArray cells = QJsonDocument::fromJson(readAll(file)).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 10'000);

        // closing the dialog mid-export stops the worker without waiting and writes nothing
        auto *closing = new ExportDialog;
        closing->setSource(&grid);
        closing->setPath(path(QStringLiteral("closed.csv")));
        closing->startExport();
        delete closing;
        QThreadPool::globalInstance()->waitForDone();
        QVERIFY(!QFile::exists(path(QStringLiteral("closed.csv"))));
    }
};

QTEST_MAIN(TestGuiMatrixWidgets)
#include "tst_gui_matrix_widgets.moc"
