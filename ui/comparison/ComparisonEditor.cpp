// SPDX-License-Identifier: MIT
#include "ComparisonEditor.h"

#include "ModelColumnsEditor.h"
#include "PlanBuilder.h"
#include "PromptListWidget.h"
#include "VariablesEditor.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

ComparisonEditor::ComparisonEditor(QWidget *parent, ModelSetStore modelSets)
    : QWidget(parent)
    , m_prompts(new PromptListWidget(this))
    , m_promptEdit(new QPlainTextEdit(this))
    , m_ownSystem(new QCheckBox(tr("This prompt has its own system prompt"), this))
    , m_ownSystemEdit(new QPlainTextEdit(this))
    , m_systemEdit(new QPlainTextEdit(this))
    , m_variables(new VariablesEditor(this))
    , m_models(new ModelColumnsEditor(this, modelSets))
    , m_repeats(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_error(new QLabel(this))
{
    m_promptEdit->setObjectName(QStringLiteral("comparisonPromptEdit"));
    m_promptEdit->setAccessibleName(tr("Text of the selected prompt"));
    m_promptEdit->setPlaceholderText(tr("The selected prompt. Use {{name}} for a test-case variable."));
    m_promptEdit->setTabChangesFocus(true);
    m_ownSystemEdit->setPlaceholderText(tr("Replaces the comparison's system prompt for this prompt"));
    m_ownSystemEdit->setVisible(false);
    m_ownSystemEdit->setTabChangesFocus(true);
    m_systemEdit->setObjectName(QStringLiteral("comparisonSystemEdit"));
    m_systemEdit->setAccessibleName(tr("System prompt of the comparison"));
    m_systemEdit->setPlaceholderText(tr("System prompt for every prompt (optional; may use {{name}})"));
    m_systemEdit->setTabChangesFocus(true);
    m_repeats->setRange(1, 100);
    m_repeats->setToolTip(tr("Samples per cell"));
    m_concurrency->setRange(0, 1000);
    m_concurrency->setSpecialValueText(tr("provider default"));
    m_timeout->setRange(0, 86'400);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("default"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    m_error->setObjectName(QStringLiteral("comparisonError"));

    auto *editorSide = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorSide);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_promptEdit, 3);
    editorLayout->addWidget(m_ownSystem);
    editorLayout->addWidget(m_ownSystemEdit, 1);
    auto *promptSplitter = new QSplitter(Qt::Horizontal, this);
    promptSplitter->addWidget(m_prompts);
    promptSplitter->addWidget(editorSide);
    promptSplitter->setStretchFactor(1, 2);

    auto *tabs = new QTabWidget(this);
    tabs->addTab(m_variables, tr("&Test cases"));
    tabs->addTab(m_models, tr("&Models"));

    auto *settings = new QHBoxLayout;
    auto *form = new QFormLayout;
    form->addRow(tr("&Repeats:"), m_repeats);
    auto *form2 = new QFormLayout;
    form2->addRow(tr("&Concurrency:"), m_concurrency);
    auto *form3 = new QFormLayout;
    form3->addRow(tr("T&imeout:"), m_timeout);
    settings->addLayout(form);
    settings->addLayout(form2);
    settings->addLayout(form3);
    settings->addStretch();

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(promptSplitter, 3);
    layout->addWidget(new QLabel(tr("System prompt:"), this));
    layout->addWidget(m_systemEdit, 1);
    layout->addWidget(tabs, 3);
    layout->addLayout(settings);
    layout->addWidget(m_error);

    connect(m_prompts, &PromptListWidget::currentPromptChanged, this, &ComparisonEditor::onCurrentPromptChanged);
    connect(m_prompts, &PromptListWidget::promptsChanged, this, [this] {
        if (!m_loading)
            Q_EMIT comparisonChanged();
    });
    connect(m_promptEdit, &QPlainTextEdit::textChanged, this, &ComparisonEditor::onPromptEdited);
    connect(m_ownSystem, &QCheckBox::toggled, this, &ComparisonEditor::onOwnSystemEdited);
    connect(m_ownSystemEdit, &QPlainTextEdit::textChanged, this, &ComparisonEditor::onOwnSystemEdited);
    connect(m_systemEdit, &QPlainTextEdit::textChanged, this, [this] {
        updatePreview();
        if (!m_loading)
            Q_EMIT comparisonChanged();
    });
    for (QSpinBox *spin : {m_repeats, m_concurrency, m_timeout})
        connect(spin, &QSpinBox::valueChanged, this, [this] {
            if (!m_loading)
                Q_EMIT comparisonChanged();
        });
    connect(m_variables, &VariablesEditor::tableChanged, this, [this] {
        if (!m_loading)
            Q_EMIT comparisonChanged();
    });
    connect(m_models, &ModelColumnsEditor::columnsChanged, this, [this] {
        if (!m_loading)
            Q_EMIT comparisonChanged();
    });
    onCurrentPromptChanged(-1);
}

Comparison ComparisonEditor::comparison() const
{
    Comparison comparison;
    comparison.prompts = m_prompts->prompts();
    comparison.system = m_systemEdit->toPlainText();
    comparison.variables = m_variables->table();
    comparison.models = m_models->columns();
    comparison.settings = m_hiddenSettings;
    comparison.settings.repeats = m_repeats->value();
    comparison.settings.concurrency = m_concurrency->value();
    comparison.settings.timeoutSeconds = m_timeout->value();
    return comparison;
}

void ComparisonEditor::setComparison(const Comparison &comparison)
{
    m_loading = true;
    m_prompts->setPrompts(comparison.prompts);
    m_systemEdit->setPlainText(comparison.system);
    m_variables->setTable(comparison.variables);
    m_models->setColumns(comparison.models);
    m_hiddenSettings = comparison.settings;
    // The file allows more than these fields do: say so instead of clamping silently.
    QStringList clamped;
    const auto load = [&clamped](QSpinBox *spin, int value, const QString &what) {
        spin->setValue(value);
        if (spin->value() != value)
            clamped.append(tr("%1 %2 is outside what this window allows (%3 to %4): using %5.")
                               .arg(what)
                               .arg(value)
                               .arg(spin->minimum())
                               .arg(spin->maximum())
                               .arg(spin->value()));
    };
    load(m_repeats, comparison.settings.repeats, tr("Repeats"));
    load(m_concurrency, comparison.settings.concurrency, tr("Concurrency"));
    load(m_timeout, comparison.settings.timeoutSeconds, tr("Timeout"));
    m_loading = false;
    onCurrentPromptChanged(m_prompts->currentIndex());
    showError(clamped.join(QLatin1Char(' ')));
    Q_EMIT comparisonChanged();
}

std::optional<RunPlan> ComparisonEditor::buildPlan(QString *error)
{
    const Comparison current = comparison();
    if (current.prompts.isEmpty()) {
        *error = tr("Add a prompt first.");
    } else if (current.models.isEmpty()) {
        *error = tr("Add a model configuration first.");
    } else if (auto plan = PlanBuilder::fromComparison(current, error)) {
        showError({});
        return plan;
    }
    showError(*error);
    return std::nullopt;
}

void ComparisonEditor::setProviderNames(const QStringList &names)
{
    m_models->setProviderNames(names);
}

QString ComparisonEditor::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

void ComparisonEditor::showError(const QString &error)
{
    m_error->setText(error);
    m_error->setVisible(!error.isEmpty());
}

void ComparisonEditor::onCurrentPromptChanged(int index)
{
    const bool wasLoading = std::exchange(m_loading, true);
    const ComparisonPrompt prompt = m_prompts->prompt(index);
    m_promptEdit->setEnabled(index >= 0);
    m_ownSystem->setEnabled(index >= 0);
    if (m_promptEdit->toPlainText() != prompt.text)
        m_promptEdit->setPlainText(prompt.text);
    m_ownSystem->setChecked(prompt.system.has_value());
    m_ownSystemEdit->setVisible(prompt.system.has_value());
    if (m_ownSystemEdit->toPlainText() != prompt.system.value_or(QString()))
        m_ownSystemEdit->setPlainText(prompt.system.value_or(QString()));
    m_loading = wasLoading;
    updatePreview();
}

void ComparisonEditor::onPromptEdited()
{
    if (m_loading)
        return;
    if (m_prompts->currentIndex() < 0)
        m_prompts->addPrompt(m_promptEdit->toPlainText());
    else
        m_prompts->setCurrentText(m_promptEdit->toPlainText());
    updatePreview();
}

void ComparisonEditor::onOwnSystemEdited()
{
    m_ownSystemEdit->setVisible(m_ownSystem->isChecked());
    if (m_loading)
        return;
    m_prompts->setCurrentSystem(m_ownSystem->isChecked() ? std::optional<QString>(m_ownSystemEdit->toPlainText())
                                                         : std::nullopt);
    updatePreview();
}

void ComparisonEditor::updatePreview()
{
    const ComparisonPrompt prompt = m_prompts->prompt(m_prompts->currentIndex());
    m_variables->setTemplate(prompt.text, prompt.system.value_or(m_systemEdit->toPlainText()));
}
