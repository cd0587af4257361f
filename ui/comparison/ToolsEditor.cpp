// SPDX-License-Identifier: MIT
#include "ToolsEditor.h"

#include "JsonEdit.h"

#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSet>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr int kModeRole = Qt::UserRole; // where addItem() puts its data
constexpr int kNameRole = Qt::UserRole + 2;
} // namespace

ToolsEditor::ToolsEditor(QWidget *parent)
    : QWidget(parent)
    , m_tools(new JsonEdit(JsonEdit::Expect::Array, tr("Tools"), this))
    , m_choice(new QComboBox(this))
{
    m_tools->textEdit()->setPlaceholderText(tr("No tools. Type a JSON array of tools, for example:\n") + QStringLiteral(
        "[\n  {\n    \"name\": \"get_weather\",\n    \"description\": \"The weather in a city\",\n"
        "    \"parameters\": {\"type\": \"object\", \"properties\": {\"city\": {\"type\": \"string\"}}}\n  }\n]"));
    m_tools->textEdit()->setToolTip(tr("A JSON array of tools, each {\"name\", \"description\", \"parameters\" (a JSON "
                                       "Schema)}. No tool is executed: the grid shows which one each model called."));
    // As narrow as the side panel: the longest item must not widen it.
    m_choice->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_choice->setMinimumContentsLength(6);
    m_choice->setAccessibleName(tr("Tool choice"));
    m_choice->setToolTip(tr("Whether the model may, must or must not call a tool, or which one it must call"));
    auto *choiceLabel = new QLabel(tr("Tool choice:"), this);
    choiceLabel->setBuddy(m_choice);
    auto *row = new QVBoxLayout; // label above: the side panel is narrow
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(choiceLabel);
    row->addWidget(m_choice);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tools, 1);
    layout->addLayout(row);
    setFocusProxy(m_tools);

    connect(m_tools, &JsonEdit::edited, this, &ToolsEditor::onTextEdited);
    connect(m_choice, &QComboBox::currentIndexChanged, this, [this] { Q_EMIT edited(); });
    fillChoices(ToolChoice());
}

std::optional<QList<ToolDefinition>> ToolsEditor::tools() const
{
    if (!m_tools->problem().isEmpty())
        return std::nullopt;
    return m_parsed;
}

ToolChoice ToolsEditor::choice() const
{
    ToolChoice choice;
    choice.mode = ToolChoice::Mode(m_choice->currentData(kModeRole).toInt());
    choice.name = m_choice->currentData(kNameRole).toString();
    return choice;
}

void ToolsEditor::setTools(const QList<ToolDefinition> &tools, const ToolChoice &choice)
{
    if (!m_tools->problem().isEmpty() || tools != m_parsed) {
        m_tools->setText(tools.isEmpty() ? QString()
                                         : QString::fromUtf8(QJsonDocument(ToolDefinition::listToJson(tools)).toJson(QJsonDocument::Indented)));
        m_parsed = tools;
        m_tools->showProblem({});
    }
    fillChoices(choice);
}

QString ToolsEditor::problem() const
{
    if (!m_tools->problem().isEmpty())
        return tr("Tools: %1").arg(m_tools->problem());
    if (const QString problem = choice().problemWith(m_parsed); !problem.isEmpty())
        return tr("Tool choice: %1").arg(problem);
    return {};
}

void ToolsEditor::onTextEdited()
{
    if (m_tools->problem().isEmpty()) {
        QList<ToolDefinition> parsed;
        QString problem;
        if (!m_tools->isEmpty())
            ToolDefinition::listFromJson(m_tools->value().array(), tr("tools"), &parsed, &problem);
        m_tools->showProblem(problem);
        if (problem.isEmpty())
            m_parsed = parsed;
    }
    fillChoices(choice());
    Q_EMIT edited();
}

void ToolsEditor::fillChoices(const ToolChoice &choice)
{
    const QSignalBlocker blocker(m_choice);
    m_choice->clear();
    m_choice->addItem(tr("auto (the model decides)"), int(ToolChoice::Mode::Auto));
    m_choice->addItem(tr("required (must call a tool)"), int(ToolChoice::Mode::Required));
    m_choice->addItem(tr("none (must not call one)"), int(ToolChoice::Mode::None));
    QStringList names;
    for (const ToolDefinition &tool : std::as_const(m_parsed))
        names.append(tool.name);
    // A named tool that is gone stays listed, marked, so that the change is seen, not silent.
    if (choice.mode == ToolChoice::Mode::Named && !names.contains(choice.name))
        names.append(choice.name);
    for (const QString &name : std::as_const(names)) {
        const bool defined = std::any_of(m_parsed.begin(), m_parsed.end(), [&](const ToolDefinition &t) { return t.name == name; });
        m_choice->addItem(defined ? tr("call %1").arg(name) : tr("call %1 (not defined)").arg(name), int(ToolChoice::Mode::Named));
        m_choice->setItemData(m_choice->count() - 1, name, kNameRole);
    }
    for (int i = 0; i < m_choice->count(); ++i) {
        const bool match = ToolChoice::Mode(m_choice->itemData(i, kModeRole).toInt()) == choice.mode
            && (choice.mode != ToolChoice::Mode::Named || m_choice->itemData(i, kNameRole).toString() == choice.name);
        if (match)
            m_choice->setCurrentIndex(i);
    }
}
