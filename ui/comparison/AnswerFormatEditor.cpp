// SPDX-License-Identifier: MIT
#include "AnswerFormatEditor.h"

#include "JsonEdit.h"

#include <QComboBox>
#include <QFormLayout>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

AnswerFormatEditor::AnswerFormatEditor(const QString &what, QWidget *parent)
    : QWidget(parent)
    , m_what(what)
    , m_kind(new QComboBox(this))
    , m_schema(new JsonEdit(JsonEdit::Expect::Object, tr("%1: JSON Schema").arg(what), this))
{
    m_kind->addItem(tr("Text"), int(OutputFormat::Kind::Text));
    m_kind->addItem(tr("JSON mode (any JSON object)"), int(OutputFormat::Kind::JsonObject));
    m_kind->addItem(tr("JSON Schema"), int(OutputFormat::Kind::JsonSchema));
    // As narrow as the side panel: the longest item must not widen it.
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_kind->setMinimumContentsLength(6);
    m_kind->setAccessibleName(what);
    m_kind->setToolTip(tr("Free text, any JSON object (the providers' JSON mode), or JSON that fits the schema below "
                          "(structured output)"));
    m_schema->setEmptyAllowed(false, tr("Type the JSON Schema the answer must fit, an object such as "
                                        "{\"type\": \"object\", \"properties\": {…}}."));
    m_schema->textEdit()->setPlaceholderText(tr("Type the JSON Schema, for example:\n")
                                             + QStringLiteral("{\n  \"type\": \"object\",\n  \"properties\": {\n"
                                                              "    \"answer\": {\"type\": \"string\"}\n  },\n"
                                                              "  \"required\": [\"answer\"]\n}"));

    auto *kindLabel = new QLabel(tr("%1:").arg(what), this);
    kindLabel->setBuddy(m_kind);
    auto *row = new QVBoxLayout; // label above: the side panel is narrow
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(kindLabel);
    row->addWidget(m_kind);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(row);
    layout->addWidget(m_schema, 1);
    layout->addStretch(0); // keeps the choice at the top while the schema is hidden

    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        updateSchemaVisibility();
        Q_EMIT edited();
    });
    connect(m_schema, &JsonEdit::edited, this, &AnswerFormatEditor::edited);
    updateSchemaVisibility();
}

std::optional<OutputFormat> AnswerFormatEditor::format() const
{
    OutputFormat format;
    format.kind = OutputFormat::Kind(m_kind->currentData().toInt());
    format.name = m_name;
    if (format.kind == OutputFormat::Kind::JsonSchema) {
        if (!m_schema->problem().isEmpty())
            return std::nullopt;
        format.schema = m_schema->value().object();
    }
    return format;
}

void AnswerFormatEditor::setFormat(const OutputFormat &format)
{
    m_name = format.name;
    const QSignalBlocker blocker(m_kind);
    m_kind->setCurrentIndex(m_kind->findData(int(format.kind)));
    // Switching to text keeps the schema typed, for switching back.
    if (format.kind == OutputFormat::Kind::JsonSchema && (!m_schema->problem().isEmpty() || m_schema->value().object() != format.schema))
        m_schema->setText(format.schema.isEmpty() ? QString()
                                                  : QString::fromUtf8(QJsonDocument(format.schema).toJson(QJsonDocument::Indented)));
    updateSchemaVisibility();
}

QString AnswerFormatEditor::problem() const
{
    if (OutputFormat::Kind(m_kind->currentData().toInt()) != OutputFormat::Kind::JsonSchema || m_schema->problem().isEmpty())
        return {};
    return tr("%1: %2").arg(m_what, m_schema->problem());
}

void AnswerFormatEditor::updateSchemaVisibility()
{
    m_schema->setVisible(OutputFormat::Kind(m_kind->currentData().toInt()) == OutputFormat::Kind::JsonSchema);
}
