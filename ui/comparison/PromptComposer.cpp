// SPDX-License-Identifier: MIT
#include "PromptComposer.h"

#include "ModelTree.h"
#include "PlanBuilder.h"
#include "PromptImport.h"
#include "PromptRows.h"
#include "PromptVariablesPanel.h"

#include <QComboBox>
#include <QDropEvent>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QString defaultPrompts()
{
    return QStringLiteral("Explain what a hash map is in two sentences.\n---\n"
                          "Write a haiku about streaming answers.\n---\n"
                          "List three ways to make a slow test fast.");
}

QLabel *sectionLabel(const QString &text, QWidget *buddy, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    label->setBuddy(buddy);
    return label;
}
} // namespace

PromptComposer::PromptComposer(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("composePanel"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 4, 8);

    m_promptEdit = new QPlainTextEdit(this);
    m_promptEdit->setObjectName(QStringLiteral("promptEdit"));
    m_promptEdit->setAccessibleName(tr("Prompts"));
    m_promptEdit->setPlaceholderText(tr("Type a prompt. Several prompts: separate them with a line holding only ---"));
    m_promptEdit->setTabChangesFocus(true);
    layout->addWidget(sectionLabel(tr("&Prompts"), m_promptEdit, this));
    auto *hint = new QLabel(tr("One row per prompt; separate prompts with a line holding only <b>---</b>"), this);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(hint);
    layout->addWidget(m_promptEdit, 3);
    // An imported prompts CSV's other columns: each row fills its own prompt, as in the CLI.
    m_promptVariables = new PromptVariablesPanel(this);
    layout->addWidget(m_promptVariables, 2);

    m_systemEdit = new QPlainTextEdit(this);
    m_systemEdit->setObjectName(QStringLiteral("systemEdit"));
    m_systemEdit->setAccessibleName(tr("System prompt"));
    m_systemEdit->setPlaceholderText(tr("Optional instructions sent to every model"));
    m_systemEdit->setTabChangesFocus(true);
    m_systemEdit->setFixedHeight(QFontMetrics(m_systemEdit->font()).lineSpacing() * 3 + 14);
    layout->addWidget(sectionLabel(tr("S&ystem prompt"), m_systemEdit, this));
    layout->addWidget(m_systemEdit);

    m_modelTree = new ModelTree(this);
    layout->addWidget(sectionLabel(tr("&Models"), m_modelTree, this));
    layout->addWidget(m_modelTree, 2);

    auto *repeatRow = new QHBoxLayout;
    m_repeatSpin = new QSpinBox(this);
    m_repeatSpin->setObjectName(QStringLiteral("repeatSpin"));
    m_repeatSpin->setAccessibleName(tr("Samples per cell"));
    m_repeatSpin->setRange(1, 100);
    m_repeatSpin->setToolTip(tr("How many times each prompt is sent to each model"));
    auto *repeatLabel = new QLabel(tr("Samples per &cell:"), this);
    repeatLabel->setBuddy(m_repeatSpin);
    repeatRow->addWidget(repeatLabel);
    repeatRow->addWidget(m_repeatSpin);
    // One reasoning effort for every ticked model (the Comparison tab sets one per column).
    m_reasoningCombo = new QComboBox(this);
    m_reasoningCombo->setObjectName(QStringLiteral("reasoningCombo"));
    m_reasoningCombo->setAccessibleName(tr("Reasoning effort"));
    m_reasoningCombo->addItem(tr("provider's default"));
    for (const QString &name : reasoningLevelNames())
        m_reasoningCombo->addItem(name, name);
    m_reasoningCombo->setToolTip(tr("Reasoning effort sent to every ticked model; the provider's default sends nothing"));
    auto *reasoningLabel = new QLabel(tr("&Reasoning:"), this);
    reasoningLabel->setBuddy(m_reasoningCombo);
    repeatRow->addSpacing(12);
    repeatRow->addWidget(reasoningLabel);
    repeatRow->addWidget(m_reasoningCombo);
    repeatRow->addStretch(1);
    layout->addLayout(repeatRow);

    auto *buttons = new QHBoxLayout;
    m_sendButton = new QPushButton(tr("&Send"), this);
    m_sendButton->setObjectName(QStringLiteral("sendButton"));
    m_sendButton->setAccessibleName(tr("Send"));
    m_sendButton->setToolTip(tr("Send every prompt to every ticked model (Ctrl+Enter)"));
    m_sendButton->setDefault(true);
    m_cancelAllButton = new QPushButton(tr("Cancel &All"), this);
    m_cancelAllButton->setObjectName(QStringLiteral("cancelAllButton"));
    m_cancelAllButton->setAccessibleName(tr("Cancel all"));
    m_cancelAllButton->setToolTip(tr("Stop every queued and running cell (Esc)"));
    buttons->addWidget(m_sendButton, 1);
    buttons->addWidget(m_cancelAllButton, 1);
    layout->addLayout(buttons);
    connect(m_sendButton, &QPushButton::clicked, this, &PromptComposer::sendRequested);
    connect(m_cancelAllButton, &QPushButton::clicked, this, &PromptComposer::cancelAllRequested);

    m_promptEdit->viewport()->installEventFilter(this);
    m_systemEdit->viewport()->installEventFilter(this);
}

std::optional<RunPlan> PromptComposer::composePlan(QString *error) const
{
    const QStringList prompts = PromptImport::splitPrompts(m_promptEdit->toPlainText());
    if (prompts.isEmpty()) {
        *error = tr("Type a prompt first.");
        return std::nullopt;
    }
    QList<ModelColumn> columns;
    for (const QString &reference : m_modelTree->checkedModels()) {
        ModelColumn column;
        column.params.reasoning = reasoningLevelFromName(m_reasoningCombo->currentData().toString());
        if (ModelColumn::parseReference(reference, &column))
            columns.append(column);
    }
    if (columns.isEmpty()) {
        *error = tr("Tick at least one model.");
        return std::nullopt;
    }
    const QString system = m_systemEdit->toPlainText().trimmed();
    // With variables, exactly what `promptgrid-cli --prompts FILE.csv` builds; without them,
    // prompts go out as written, braces and all.
    auto plan = PlanBuilder::fromPromptRows(prompts, m_promptVariables->table(), system, columns, m_repeatSpin->value(), error);
    if (!plan)
        *error = tr("Not sent: %1.").arg(*error);
    return plan;
}

void PromptComposer::focusProblem()
{
    // Focus where the fix goes: the prompts, the models, or a missing value.
    if (PromptImport::splitPrompts(m_promptEdit->toPlainText()).isEmpty())
        m_promptEdit->setFocus();
    else if (m_modelTree->checkedModels().isEmpty())
        m_modelTree->setFocus();
    else
        m_promptVariables->view()->setFocus();
}

bool PromptComposer::loadPromptFile(const QString &path, QString *error, QString *summary)
{
    // The CLI's reader: a .csv's columns besides "prompt" are each row's variables.
    QStringList prompts;
    VariablesTable variables;
    if (!PromptRows::fromFile(path, &prompts, &variables, error))
        return false;
    const QString text = prompts.join(QStringLiteral("\n---\n"));
    // The editor separates prompts by "---" lines: a prompt holding one would become two and
    // pair the following prompts with the wrong variables.
    if (PromptImport::splitPrompts(text) != prompts) {
        for (qsizetype i = 0; i < prompts.size(); ++i) {
            if (PromptImport::splitPrompts(prompts.at(i)) != QStringList{prompts.at(i)}) {
                *error = tr("prompt #%1 holds a line with only --- (or blank edges), which the Prompts tab cannot keep as one prompt")
                             .arg(i + 1);
                return false;
            }
        }
    }
    m_promptEdit->setPlainText(text);
    m_promptVariables->setTable(variables, QFileInfo(path).fileName());
    const QString imported = tr("Imported %n prompt(s) from %1", nullptr, int(prompts.size())).arg(QFileInfo(path).fileName());
    *summary = variables.columnCount() > 0
        ? tr("%1, with the variables %2 (under the prompts).").arg(imported, variables.names().join(QStringLiteral(", ")))
        : imported + QLatin1Char('.');
    return true;
}

QString PromptComposer::promptFileIn(const QMimeData *mime)
{
    if (!mime || !mime->hasUrls())
        return {};
    for (const QUrl &url : mime->urls()) {
        if (!url.isLocalFile())
            continue;
        const QString suffix = QFileInfo(url.toLocalFile()).suffix().toLower();
        if (suffix == QLatin1String("txt") || suffix == QLatin1String("csv") || suffix == QLatin1String("jsonl"))
            return url.toLocalFile();
    }
    return {};
}

bool PromptComposer::eventFilter(QObject *watched, QEvent *event)
{
    // The editors would paste a dropped file's URL as text: a prompt file is imported instead.
    if ((watched == m_promptEdit->viewport() || watched == m_systemEdit->viewport())
        && (event->type() == QEvent::DragEnter || event->type() == QEvent::DragMove || event->type() == QEvent::Drop)) {
        auto *drop = static_cast<QDropEvent *>(event);
        const QString path = promptFileIn(drop->mimeData());
        if (!path.isEmpty()) {
            drop->acceptProposedAction();
            if (event->type() == QEvent::Drop)
                Q_EMIT promptFileDropped(path);
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool PromptComposer::readSettings(const QSettings &settings, const QStringList &firstRunModels)
{
    const bool firstRun = !settings.contains(QStringLiteral("compose/models"));
    m_promptEdit->setPlainText(settings.value(QStringLiteral("compose/prompts"), defaultPrompts()).toString());
    m_systemEdit->setPlainText(settings.value(QStringLiteral("compose/system")).toString());
    {
        QString ignored;
        const QJsonDocument variables = QJsonDocument::fromJson(settings.value(QStringLiteral("compose/promptVariables")).toByteArray());
        m_promptVariables->setTable(VariablesTable::fromJson(variables.object(), &ignored).value_or(VariablesTable()));
    }
    // A newcomer with no key and no network still sees the grid fill up.
    m_modelTree->setCheckedModels(firstRun ? firstRunModels : settings.value(QStringLiteral("compose/models")).toStringList());
    m_repeatSpin->setValue(settings.value(QStringLiteral("compose/repeat"), 1).toInt());
    m_reasoningCombo->setCurrentIndex(std::max(0, m_reasoningCombo->findData(settings.value(QStringLiteral("compose/reasoning")).toString())));
    return firstRun;
}

void PromptComposer::writeSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("compose/prompts"), m_promptEdit->toPlainText());
    settings.setValue(QStringLiteral("compose/system"), m_systemEdit->toPlainText());
    if (m_promptVariables->isActive())
        settings.setValue(QStringLiteral("compose/promptVariables"),
                          QJsonDocument(m_promptVariables->table().toJson()).toJson(QJsonDocument::Compact));
    else
        settings.remove(QStringLiteral("compose/promptVariables"));
    settings.setValue(QStringLiteral("compose/models"), m_modelTree->checkedModels());
    settings.setValue(QStringLiteral("compose/repeat"), m_repeatSpin->value());
    settings.setValue(QStringLiteral("compose/reasoning"), m_reasoningCombo->currentData().toString());
}
