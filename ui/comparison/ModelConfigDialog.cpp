// SPDX-License-Identifier: MIT
#include "ModelConfigDialog.h"

#include "ProviderConfig.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>

namespace {
// A checkbox that enables its editor: unchecked parameters are not sent at all.
QWidget *optionalRow(QCheckBox *check, QWidget *editor)
{
    auto *row = new QWidget;
    auto *layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(check);
    layout->addWidget(editor, 1);
    editor->setEnabled(false);
    QObject::connect(check, &QCheckBox::toggled, editor, &QWidget::setEnabled);
    return row;
}
} // namespace

ModelConfigDialog::ModelConfigDialog(QWidget *parent)
    : QDialog(parent)
    , m_provider(new QComboBox(this))
    , m_model(new QComboBox(this))
    , m_label(new QLineEdit(this))
    , m_useTemperature(new QCheckBox(this))
    , m_temperature(new QDoubleSpinBox(this))
    , m_useTopP(new QCheckBox(this))
    , m_topP(new QDoubleSpinBox(this))
    , m_useMaxTokens(new QCheckBox(this))
    , m_maxTokens(new QSpinBox(this))
    , m_useSeed(new QCheckBox(this))
    , m_seed(new QLineEdit(this))
    , m_reasoning(new QComboBox(this))
    , m_useReasoningBudget(new QCheckBox(this))
    , m_reasoningBudget(new QSpinBox(this))
    , m_useSystem(new QCheckBox(tr("Replace the system prompt for this column"), this))
    , m_system(new QPlainTextEdit(this))
    , m_stop(new QPlainTextEdit(this))
    , m_error(new QLabel(this))
{
    setWindowTitle(tr("Model configuration"));
    m_provider->setEditable(true);
    m_model->setEditable(true);
    m_label->setPlaceholderText(tr("provider/model"));
    // Any provider's range (each is checked when the run starts), so that an opened file's
    // value is never clamped unseen.
    m_temperature->setRange(0.0, RequestParams::kMaxAnyTemperature);
    m_temperature->setSingleStep(0.1);
    m_temperature->setDecimals(2);
    m_topP->setRange(0.0, 1.0);
    m_topP->setSingleStep(0.05);
    m_topP->setDecimals(2);
    m_topP->setValue(1.0);
    m_maxTokens->setRange(1, 10'000'000);
    m_maxTokens->setValue(1024);
    m_seed->setValidator(new QRegularExpressionValidator(QRegularExpression(QStringLiteral("-?\\d{1,18}")), m_seed));
    m_seed->setText(QStringLiteral("0"));
    // Unset: the provider's default, nothing sent.
    m_reasoning->addItem(tr("Provider's default"));
    for (const QString &name : reasoningLevelNames())
        m_reasoning->addItem(name, name);
    m_reasoning->setToolTip(tr("Sent as each API takes it: reasoning_effort, Responses reasoning.effort, Anthropic "
                               "thinking and output_config.effort, Gemini thinkingLevel or thinkingBudget, Ollama think"));
    m_reasoningBudget->setRange(0, kMaxReasoningBudget);
    m_reasoningBudget->setSingleStep(1024);
    m_reasoningBudget->setValue(4096);
    m_reasoningBudget->setSuffix(tr(" tokens"));
    m_reasoningBudget->setToolTip(tr("Anthropic budget_tokens, Gemini thinkingBudget, OpenRouter reasoning.max_tokens"));
    m_system->setEnabled(false);
    m_system->setPlaceholderText(tr("Used instead of the comparison's system prompt"));
    connect(m_useSystem, &QCheckBox::toggled, m_system, &QWidget::setEnabled);
    m_stop->setPlaceholderText(tr("One stop sequence per line"));
    m_stop->setFixedHeight(m_stop->fontMetrics().lineSpacing() * 4);
    m_error->setStyleSheet(QStringLiteral("color: palette(link);"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    // One name per field, for tests and accessibility tools.
    m_provider->setObjectName(QStringLiteral("provider"));
    m_model->setObjectName(QStringLiteral("model"));
    m_label->setObjectName(QStringLiteral("label"));
    m_temperature->setObjectName(QStringLiteral("temperature"));
    m_topP->setObjectName(QStringLiteral("topP"));
    m_maxTokens->setObjectName(QStringLiteral("maxTokens"));
    m_seed->setObjectName(QStringLiteral("seed"));
    m_reasoning->setObjectName(QStringLiteral("reasoning"));
    m_reasoningBudget->setObjectName(QStringLiteral("reasoningBudget"));
    m_system->setObjectName(QStringLiteral("systemOverride"));
    m_stop->setObjectName(QStringLiteral("stop"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Provider:"), m_provider);
    form->addRow(tr("&Model:"), m_model);
    form->addRow(tr("&Label:"), m_label);
    form->addRow(tr("&Temperature:"), optionalRow(m_useTemperature, m_temperature));
    form->addRow(tr("Top &p:"), optionalRow(m_useTopP, m_topP));
    form->addRow(tr("Max t&okens:"), optionalRow(m_useMaxTokens, m_maxTokens));
    form->addRow(tr("&Seed:"), optionalRow(m_useSeed, m_seed));
    form->addRow(tr("&Reasoning:"), m_reasoning);
    form->addRow(tr("Reasoning &budget:"), optionalRow(m_useReasoningBudget, m_reasoningBudget));
    form->addRow(tr("System prompt:"), m_useSystem);
    form->addRow(QString(), m_system);
    form->addRow(tr("S&top sequences:"), m_stop);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &ModelConfigDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ModelConfigDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
}

void ModelConfigDialog::setProviderNames(const QStringList &names)
{
    const QString current = m_provider->currentText();
    m_provider->clear();
    m_provider->addItems(names);
    m_provider->setCurrentText(current);
}

void ModelConfigDialog::setModelSuggestions(const QStringList &models)
{
    const QString current = m_model->currentText();
    m_model->clear();
    m_model->addItems(models);
    m_model->setCurrentText(current);
}

void ModelConfigDialog::setColumn(const ModelColumn &column)
{
    const RequestParams &p = column.params;
    m_provider->setCurrentText(column.provider);
    m_model->setCurrentText(column.model);
    m_label->setText(column.label);
    m_useTemperature->setChecked(p.temperature.has_value());
    m_temperature->setValue(p.temperature.value_or(1.0));
    m_useTopP->setChecked(p.topP.has_value());
    m_topP->setValue(p.topP.value_or(1.0));
    m_useMaxTokens->setChecked(p.maxTokens.has_value());
    m_maxTokens->setValue(p.maxTokens.value_or(1024));
    m_useSeed->setChecked(p.seed.has_value());
    m_seed->setText(QString::number(p.seed.value_or(0)));
    m_reasoning->setCurrentIndex(p.reasoning ? std::max(0, m_reasoning->findData(reasoningLevelName(*p.reasoning))) : 0);
    m_useReasoningBudget->setChecked(p.reasoningBudget.has_value());
    m_reasoningBudget->setValue(p.reasoningBudget.value_or(4096));
    m_useSystem->setChecked(p.systemOverride.has_value());
    m_system->setPlainText(p.systemOverride.value_or(QString()));
    QStringList stops;
    for (const QString &stop : p.stop)
        stops.append(QString(stop).replace(QLatin1Char('\n'), QLatin1String("\\n")));
    m_stop->setPlainText(stops.join(QLatin1Char('\n')));
}

ModelColumn ModelConfigDialog::column() const
{
    ModelColumn column;
    column.provider = m_provider->currentText().trimmed();
    column.model = m_model->currentText().trimmed();
    column.label = m_label->text().trimmed();
    RequestParams &p = column.params;
    if (m_useTemperature->isChecked())
        p.temperature = m_temperature->value();
    if (m_useTopP->isChecked())
        p.topP = m_topP->value();
    if (m_useMaxTokens->isChecked())
        p.maxTokens = m_maxTokens->value();
    if (m_useSeed->isChecked())
        p.seed = m_seed->text().toLongLong();
    p.reasoning = reasoningLevelFromName(m_reasoning->currentData().toString());
    if (m_useReasoningBudget->isChecked())
        p.reasoningBudget = m_reasoningBudget->value();
    if (m_useSystem->isChecked())
        p.systemOverride = m_system->toPlainText();
    // Stop sequences are one per line; "\n" written out stands for a line break.
    for (const QString &line : m_stop->toPlainText().split(QLatin1Char('\n'))) {
        if (!line.isEmpty())
            p.stop.append(QString(line).replace(QLatin1String("\\n"), QLatin1String("\n")));
    }
    return column;
}

QString ModelConfigDialog::validationError() const
{
    if (m_provider->currentText().trimmed().isEmpty())
        return tr("Choose a provider.");
    if (m_model->currentText().trimmed().isEmpty())
        return tr("Enter a model name.");
    bool ok = false;
    if (m_useSeed->isChecked())
        m_seed->text().toLongLong(&ok);
    if (m_useSeed->isChecked() && !ok)
        return tr("The seed must be a whole number.");
    return {};
}

void ModelConfigDialog::accept()
{
    const QString error = validationError();
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
    if (error.isEmpty())
        QDialog::accept();
}
