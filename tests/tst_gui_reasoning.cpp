// SPDX-License-Identifier: MIT
// The window's side of issue 15: the reasoning setting in the model configuration dialog and
// the Prompts tab, and reasoning tokens and the refusal mark in the grid and the detail pane.
#include "ApiKeyStore.h"
#include "DetailPane.h"
#include "ModelConfigDialog.h"
#include "ModelTree.h"
#include "PlanBuilder.h"
#include "PromptComposer.h"
#include "ProvidersDialog.h"
#include "ResultsTableModel.h"
#include "StaticGrid.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTest>

class TestGuiReasoning : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qputenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/promptgrid-test-bus");
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("PromptGridTests"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_gui_reasoning"));
        QSettings().clear();
    }

    void providersDialogKeepsTheResponsesKind()
    {
        // The Responses kind is offered, and a provider's reasoning settings survive the dialog.
        ProviderRegistry registry = ProviderRegistry::withDemo();
        ProviderConfig responses;
        responses.name = QStringLiteral("OpenAI Responses");
        responses.kind = ProviderKind::OpenAIResponses;
        responses.baseUrl = QStringLiteral("http://127.0.0.1:9/v1");
        responses.models = {QStringLiteral("gpt-5")};
        ModelSettings settings;
        settings.reasoning = ReasoningLevel::High;
        responses.modelSettings.insert(QStringLiteral("gpt-5"), settings);
        registry.upsert(responses);
        ApiKeyStore keys;
        ProvidersDialog dialog(registry, &keys);
        auto *kind = dialog.findChild<QComboBox *>(QStringLiteral("kindCombo"));
        QVERIFY(kind->findData(QStringLiteral("openai-responses")) >= 0);
        // Shown in the form, and stored back from it (an unknown kind would become "openai").
        for (int row = 0; row < 2; ++row) {
            dialog.selectProvider(row);
            if (kind->currentData().toString() == QLatin1String("openai-responses"))
                break;
        }
        QCOMPARE(kind->currentData().toString(), QStringLiteral("openai-responses"));
        kind->setCurrentIndex(kind->findData(QStringLiteral("openai")));
        kind->setCurrentIndex(kind->findData(QStringLiteral("openai-responses")));
        const ProviderRegistry edited = dialog.registry();
        const ProviderConfig *kept = edited.find(QStringLiteral("OpenAI Responses"));
        QVERIFY(kept);
        QCOMPARE(kept->kind, ProviderKind::OpenAIResponses);
        QCOMPARE(kept->modelSettings, responses.modelSettings);
    }

    void modelConfigDialogReasoning()
    {
        ModelConfigDialog dialog;
        dialog.setProviderNames({QStringLiteral("openai")});
        ModelColumn column{QStringLiteral("openai"), QStringLiteral("gpt-5"), QString(), {}};
        column.params.reasoning = ReasoningLevel::XHigh;
        column.params.reasoningBudget = 3000;
        dialog.setColumn(column);
        QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("reasoning"))->currentText(), QStringLiteral("xhigh"));
        QCOMPARE(dialog.findChild<QSpinBox *>(QStringLiteral("reasoningBudget"))->value(), 3000);
        QVERIFY(dialog.column() == column);

        // Chosen in the fields: the same model at another level is another configuration.
        dialog.findChild<QComboBox *>(QStringLiteral("reasoning"))->setCurrentText(QStringLiteral("low"));
        const ModelColumn low = dialog.column();
        QCOMPARE(low.params.reasoning, ReasoningLevel::Low);
        QCOMPARE(low.displayName(), QStringLiteral("openai/gpt-5 low budget 3000"));

        // The provider's default: nothing set, nothing sent.
        dialog.setColumn(ModelColumn{QStringLiteral("openai"), QStringLiteral("gpt-5"), QString(), {}});
        QCOMPARE(dialog.findChild<QComboBox *>(QStringLiteral("reasoning"))->currentIndex(), 0);
        QVERIFY(!dialog.column().params.hasReasoning());
    }

    void promptsTabReasoning()
    {
        PromptComposer composer;
        composer.modelTree()->setRegistry(ProviderRegistry::withDemo());
        composer.promptEdit()->setPlainText(QStringLiteral("Hi"));
        QVERIFY(composer.modelTree()->setModelChecked(QStringLiteral("demo/echo"), true));
        QString error;
        auto plan = composer.composePlan(&error);
        QVERIFY2(plan, qPrintable(error));
        QVERIFY(!plan->columns.first().params.hasReasoning());
        composer.reasoningCombo()->setCurrentText(QStringLiteral("high"));
        plan = composer.composePlan(&error);
        QVERIFY2(plan, qPrintable(error));
        QCOMPARE(plan->columns.first().params.reasoning, ReasoningLevel::High);
    }

    void gridAndDetailPaneShowReasoningAndRefusals()
    {
        ModelColumn column{QStringLiteral("openai"), QStringLiteral("gpt-5"), QString(), {}};
        const RunPlan plan = PlanBuilder::fromPrompts({QStringLiteral("a"), QStringLiteral("b")}, {column}, 1, {});
        CellResult thought;
        thought.status = CellStatus::Ok;
        thought.text = QStringLiteral("391");
        thought.inputTokens = 14;
        thought.outputTokens = 278;
        thought.reasoningTokens = 256;
        thought.finishReason = QStringLiteral("stop");
        CellResult refused;
        refused.status = CellStatus::Ok;
        refused.text = QStringLiteral("I'm sorry, but I can't assist with that request.");
        refused.finishReason = QStringLiteral("refusal");
        StaticGrid grid(plan, {thought, refused});
        ResultsTableModel model(&grid);
        const QModelIndex first = model.index(0, 0);
        const QModelIndex second = model.index(1, 0);
        QVERIFY2(model.data(first, ResultsTableModel::MetricsRole).toString().contains(QLatin1String("256 reasoning")),
                 qPrintable(model.data(first, ResultsTableModel::MetricsRole).toString()));
        QCOMPARE(model.data(first, ResultsTableModel::RefusedRole).toBool(), false);
        QCOMPARE(model.data(second, ResultsTableModel::RefusedRole).toBool(), true);

        DetailPane pane(&grid);
        pane.setCell(0);
        const QLabel *tokens = pane.findChild<QLabel *>(QStringLiteral("metric_tokens"));
        QVERIFY(tokens);
        QVERIFY2(tokens->text().contains(QLatin1String("256 reasoning")), qPrintable(tokens->text()));
        pane.setCell(1);
        const QLabel *finish = pane.findChild<QLabel *>(QStringLiteral("metric_finishReason"));
        QVERIFY(finish);
        QVERIFY2(finish->text().startsWith(QLatin1String("refusal")), qPrintable(finish->text()));
        QVERIFY(!tokens->text().contains(QLatin1String("reasoning")));
    }
};

QTEST_MAIN(TestGuiReasoning)
#include "tst_gui_reasoning.moc"
