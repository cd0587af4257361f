// SPDX-License-Identifier: MIT
#include "ComparisonEditor.h"

#include "AnswerFormatEditor.h"
#include "AttachmentStrip.h"
#include "ChatEditor.h"
#include "ComparisonDocument.h"
#include "ModelColumnsEditor.h"
#include "PlanBuilder.h"
#include "PromptListWidget.h"
#include "ToolsEditor.h"
#include "VariablesEditor.h"

#include <QCheckBox>
#include <QClipboard>
#include <QDropEvent>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QMimeData>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include <utility>

ComparisonEditor::ComparisonEditor(QWidget *parent, ModelSetStore modelSets, ComparisonDocument *document)
    : QWidget(parent)
    , m_document(document ? document : new ComparisonDocument(this))
    , m_prompts(new PromptListWidget(this))
    , m_promptEdit(new QPlainTextEdit(this))
    , m_ownSystem(new QCheckBox(tr("Own system prompt"), this))
    , m_ownSystemEdit(new QPlainTextEdit(this))
    , m_ownFormat(new QCheckBox(tr("Own answer format"), this))
    , m_ownFormatEdit(new AnswerFormatEditor(tr("This prompt's answer format"), this))
    , m_conversationButton(new QPushButton(tr("Co&nversation…"), this))
    , m_attachments(new AttachmentStrip(m_document, this))
    , m_systemEdit(new QPlainTextEdit(this))
    , m_variables(new VariablesEditor(this))
    , m_perPrompt(new QCheckBox(tr("Pair case N with prompt N"), this))
    , m_models(new ModelColumnsEditor(this, modelSets))
    , m_format(new AnswerFormatEditor(tr("Answer format"), this))
    , m_tools(new ToolsEditor(this))
    , m_repeats(new QSpinBox(this))
    , m_concurrency(new QSpinBox(this))
    , m_timeout(new QSpinBox(this))
    , m_error(new QLabel(this))
{
    m_promptEdit->setObjectName(QStringLiteral("comparisonPromptEdit"));
    m_promptEdit->setAccessibleName(tr("Selected prompt"));
    m_promptEdit->setPlaceholderText(tr("The selected prompt. Use {{name}} for a test-case variable."));
    m_promptEdit->setTabChangesFocus(true);
    m_ownSystem->setObjectName(QStringLiteral("ownSystemCheck"));
    m_ownSystemEdit->setPlaceholderText(tr("Replaces the comparison's system prompt for this prompt"));
    m_ownSystemEdit->setAccessibleName(tr("This prompt's system prompt"));
    m_ownSystemEdit->setVisible(false);
    m_ownSystemEdit->setTabChangesFocus(true);
    m_ownFormat->setObjectName(QStringLiteral("ownFormatCheck"));
    m_ownSystem->setToolTip(tr("A system prompt for this prompt alone, replacing the comparison's"));
    m_ownFormat->setToolTip(tr("A JSON Schema (or JSON mode) for this prompt alone, replacing the comparison's answer format"));
    m_ownFormatEdit->setObjectName(QStringLiteral("ownFormatEditor"));
    m_ownFormatEdit->setVisible(false);
    m_format->setObjectName(QStringLiteral("answerFormatEditor"));
    m_tools->setObjectName(QStringLiteral("toolsEditor"));
    m_conversationButton->setObjectName(QStringLiteral("comparisonConversationButton"));
    m_conversationButton->setAccessibleName(tr("Edit the selected prompt as a conversation"));
    m_conversationButton->setToolTip(tr("Edit the selected prompt as a conversation: its own system prompt, then user "
                                        "and assistant messages; every model gets the same history"));
    m_systemEdit->setObjectName(QStringLiteral("comparisonSystemEdit"));
    m_systemEdit->setAccessibleName(tr("System prompt"));
    m_systemEdit->setPlaceholderText(tr("System prompt for every prompt (optional; may use {{name}})"));
    m_systemEdit->setTabChangesFocus(true);
    m_systemEdit->setMinimumHeight(QFontMetrics(m_systemEdit->font()).lineSpacing() * 3 + 14);
    m_systemEdit->setMaximumHeight(QFontMetrics(m_systemEdit->font()).lineSpacing() * 8 + 14);
    m_perPrompt->setObjectName(QStringLiteral("perPromptCheck"));
    m_perPrompt->setToolTip(tr("Checked, as a prompts file is read: prompt N runs once, with test case N, and without "
                               "variables the prompts go out as written. Unchecked: every prompt runs once per test "
                               "case, and a placeholder needs a value."));
    m_repeats->setRange(1, 100);
    m_repeats->setToolTip(tr("Samples per cell"));
    m_repeats->setAccessibleName(tr("Repeats"));
    m_concurrency->setRange(0, 1000);
    m_concurrency->setSpecialValueText(tr("provider default"));
    m_concurrency->setAccessibleName(tr("Concurrency"));
    m_timeout->setRange(0, 86'400);
    m_timeout->setSuffix(tr(" s"));
    m_timeout->setSpecialValueText(tr("default"));
    m_timeout->setAccessibleName(tr("Timeout"));
    m_error->setWordWrap(true);
    m_error->setVisible(false);
    m_error->setObjectName(QStringLiteral("comparisonError"));

    // Stacked top to bottom: the panel beside the grid is narrow.
    auto *editorSide = new QWidget(this);
    auto *editorLayout = new QVBoxLayout(editorSide);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_promptEdit, 3);
    editorLayout->addWidget(m_attachments);
    auto *conversationRow = new QHBoxLayout;
    conversationRow->addWidget(m_conversationButton);
    conversationRow->addStretch(1);
    editorLayout->addLayout(conversationRow);
    editorLayout->addWidget(m_ownSystem);
    // Tab in the order they are seen (they were made in another).
    setTabOrder(m_promptEdit, m_attachments->attachButton());
    setTabOrder(m_attachments->attachButton(), m_conversationButton);
    setTabOrder(m_conversationButton, m_ownSystem);
    editorLayout->addWidget(m_ownSystemEdit, 1);
    editorLayout->addWidget(m_ownFormat);
    editorLayout->addWidget(m_ownFormatEdit, 2);
    auto *promptSplitter = new QSplitter(Qt::Vertical, this);
    promptSplitter->setChildrenCollapsible(false);
    promptSplitter->addWidget(m_prompts);
    promptSplitter->addWidget(editorSide);
    promptSplitter->setStretchFactor(1, 2);

    auto *testCases = new QWidget(this);
    auto *testCasesLayout = new QVBoxLayout(testCases);
    testCasesLayout->setContentsMargins(0, 0, 0, 0);
    testCasesLayout->addWidget(m_variables, 1);
    testCasesLayout->addWidget(m_perPrompt);
    auto *tabs = new QTabWidget(this);
    tabs->addTab(testCases, tr("&Test cases"));
    tabs->addTab(m_models, tr("&Models"));
    tabs->addTab(m_format, tr("A&nswer format"));
    tabs->addTab(m_tools, tr("Too&ls"));

    auto *settings = new QFormLayout;
    settings->setRowWrapPolicy(QFormLayout::WrapLongRows);
    settings->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
    settings->addRow(tr("&Repeats:"), m_repeats);
    settings->addRow(tr("&Concurrency:"), m_concurrency);
    settings->addRow(tr("T&imeout:"), m_timeout);

    auto *systemLabel = new QLabel(tr("S&ystem prompt:"), this);
    systemLabel->setBuddy(m_systemEdit);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(promptSplitter, 3);
    layout->addWidget(systemLabel);
    layout->addWidget(m_systemEdit, 1);
    layout->addWidget(tabs, 3);
    layout->addLayout(settings);
    layout->addWidget(m_error);

    // As on the Prompts tab: a file dropped on the prompt, or a pasted image, is attached.
    m_promptEdit->viewport()->installEventFilter(this);
    m_promptEdit->installEventFilter(this);

    // The fields write what the user changed into the document...
    connect(m_prompts, &PromptListWidget::currentPromptChanged, this, &ComparisonEditor::onCurrentPromptChanged);
    connect(m_prompts, &PromptListWidget::promptsChanged, this, [this] {
        if (!m_loading)
            m_document->setPrompts(m_prompts->prompts());
    });
    connect(m_promptEdit, &QPlainTextEdit::textChanged, this, &ComparisonEditor::onPromptEdited);
    connect(m_conversationButton, &QPushButton::clicked, this, &ComparisonEditor::openChatEditor);
    connect(m_ownSystem, &QCheckBox::toggled, this, &ComparisonEditor::onOwnSystemEdited);
    connect(m_ownSystemEdit, &QPlainTextEdit::textChanged, this, &ComparisonEditor::onOwnSystemEdited);
    connect(m_ownFormat, &QCheckBox::toggled, this, &ComparisonEditor::onOwnFormatEdited);
    connect(m_ownFormatEdit, &AnswerFormatEditor::edited, this, &ComparisonEditor::onOwnFormatEdited);
    // A format or tools that do not parse yet stay out of the document (buildPlan says why).
    connect(m_format, &AnswerFormatEditor::edited, this, [this] {
        if (m_loading)
            return;
        if (const auto format = m_format->format())
            m_document->setOutputFormat(*format);
    });
    connect(m_tools, &ToolsEditor::edited, this, [this] {
        if (m_loading)
            return;
        if (const auto tools = m_tools->tools())
            m_document->setTools(*tools, m_tools->choice());
    });
    connect(m_systemEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_loading)
            m_document->setSystem(m_systemEdit->toPlainText());
    });
    for (QSpinBox *spin : {m_repeats, m_concurrency, m_timeout})
        connect(spin, &QSpinBox::valueChanged, this, &ComparisonEditor::writeSettings);
    connect(m_variables, &VariablesEditor::tableChanged, this, [this] {
        if (m_loading)
            return;
        // Variables first made here are test cases for every prompt; a prompts file's stay paired.
        const Comparison &current = m_document->comparison();
        const VariablesTable table = m_variables->table();
        const bool created = current.variables.columnCount() == 0 && table.columnCount() > 0;
        m_document->setVariables(table, created ? false : current.variablesPerPrompt);
    });
    connect(m_perPrompt, &QCheckBox::toggled, this, [this](bool on) {
        if (!m_loading)
            m_document->setVariablesPerPrompt(on);
    });
    connect(m_models, &ModelColumnsEditor::columnsChanged, this, [this] {
        if (!m_loading)
            m_document->setModels(m_models->columns());
    });
    // ...and show what the other view (or an opened file) changed.
    connect(m_document, &ComparisonDocument::promptsChanged, this, &ComparisonEditor::showPrompts);
    connect(m_document, &ComparisonDocument::systemChanged, this, [this] {
        if (m_systemEdit->toPlainText() != m_document->comparison().system) {
            const bool wasLoading = std::exchange(m_loading, true);
            m_systemEdit->setPlainText(m_document->comparison().system);
            m_loading = wasLoading;
        }
        updatePreview();
    });
    connect(m_document, &ComparisonDocument::variablesChanged, this, &ComparisonEditor::showVariables);
    connect(m_document, &ComparisonDocument::modelsChanged, this, [this] {
        if (m_models->columns() == m_document->comparison().models)
            return;
        const bool wasLoading = std::exchange(m_loading, true);
        m_models->setColumns(m_document->comparison().models);
        m_loading = wasLoading;
    });
    connect(m_document, &ComparisonDocument::settingsChanged, this, &ComparisonEditor::showSettings);
    connect(m_document, &ComparisonDocument::outputFormatChanged, this, &ComparisonEditor::showOutputFormat);
    connect(m_document, &ComparisonDocument::toolsChanged, this, &ComparisonEditor::showTools);
    connect(m_document, &ComparisonDocument::changed, this, &ComparisonEditor::comparisonChanged);

    // A document that already holds something (the Prompts tab's) shows at once.
    showPrompts();
    m_systemEdit->setPlainText(m_document->comparison().system);
    showVariables();
    m_models->setColumns(m_document->comparison().models);
    showSettings();
    showOutputFormat();
    showTools();
    m_loading = false;
    onCurrentPromptChanged(m_prompts->currentIndex());
}

Comparison ComparisonEditor::comparison() const
{
    return m_document->comparison();
}

void ComparisonEditor::setComparison(const Comparison &comparison)
{
    m_document->setComparison(comparison);
    // The file allows more than these fields do: say so instead of clamping silently.
    QStringList clamped;
    const auto check = [&clamped](const QSpinBox *spin, int value, const QString &what) {
        if (spin->value() != value)
            clamped.append(tr("%1 %2 is outside what this window allows (%3 to %4): using %5.")
                               .arg(what)
                               .arg(value)
                               .arg(spin->minimum())
                               .arg(spin->maximum())
                               .arg(spin->value()));
    };
    check(m_repeats, comparison.settings.repeats, tr("Repeats"));
    check(m_concurrency, comparison.settings.concurrency, tr("Concurrency"));
    check(m_timeout, comparison.settings.timeoutSeconds, tr("Timeout"));
    showError(clamped.join(QLatin1Char(' ')));
}

void ComparisonEditor::showPrompts()
{
    const QList<ComparisonPrompt> &prompts = m_document->comparison().prompts;
    if (m_prompts->prompts() != prompts) {
        const int current = m_prompts->currentIndex();
        const bool wasLoading = std::exchange(m_loading, true);
        m_prompts->setPrompts(prompts);
        m_prompts->setCurrentIndex(std::min(std::max(current, 0), int(prompts.size()) - 1));
        m_loading = wasLoading;
    }
    onCurrentPromptChanged(m_prompts->currentIndex());
}

void ComparisonEditor::showVariables()
{
    const Comparison &comparison = m_document->comparison();
    const bool wasLoading = std::exchange(m_loading, true);
    if (!(m_variables->table() == comparison.variables))
        m_variables->setTable(comparison.variables);
    m_perPrompt->setChecked(comparison.variablesPerPrompt);
    m_loading = wasLoading;
}

void ComparisonEditor::showSettings()
{
    const ComparisonSettings &settings = m_document->comparison().settings;
    const bool wasLoading = std::exchange(m_loading, true);
    m_repeats->setValue(settings.repeats);
    m_concurrency->setValue(settings.concurrency);
    m_timeout->setValue(settings.timeoutSeconds);
    m_loading = wasLoading;
    // A value the fields had to clamp runs as shown.
    if (!m_loading)
        writeSettings();
}

void ComparisonEditor::writeSettings()
{
    if (m_loading)
        return;
    ComparisonSettings settings = m_document->comparison().settings; // keeps retries, which has no field
    settings.repeats = m_repeats->value();
    settings.concurrency = m_concurrency->value();
    settings.timeoutSeconds = m_timeout->value();
    m_document->setSettings(settings);
}

std::optional<RunPlan> ComparisonEditor::buildPlan(QString *error)
{
    const Comparison current = comparison();
    if (const QString problem = structureProblem(); !problem.isEmpty()) {
        *error = problem;
    } else if (current.prompts.isEmpty()) {
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

QString ComparisonEditor::structureProblem() const
{
    // The other prompts' own formats are in the list already, parsed: only the shown one may not be.
    const bool ownShown = m_ownFormat->isEnabled() && m_ownFormat->isChecked();
    QStringList problems;
    for (const QString &problem : {m_format->problem(), ownShown ? m_ownFormatEdit->problem() : QString(), m_tools->problem()}) {
        if (!problem.isEmpty())
            problems.append(problem);
    }
    if (problems.isEmpty())
        return {};
    return tr("Not sent: %1").arg(problems.join(QStringLiteral("; ")));
}

void ComparisonEditor::showOutputFormat()
{
    const bool wasLoading = std::exchange(m_loading, true);
    m_format->setFormat(m_document->comparison().outputFormat);
    m_loading = wasLoading;
}

void ComparisonEditor::showTools()
{
    const Comparison &comparison = m_document->comparison();
    const bool wasLoading = std::exchange(m_loading, true);
    m_tools->setTools(comparison.tools, comparison.toolChoice);
    m_loading = wasLoading;
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
    // The editor shows the last user message; the button says there is more before it.
    const int messages = int(prompt.history.size()) + (prompt.text.isEmpty() ? 0 : 1);
    m_conversationButton->setText(prompt.history.isEmpty() ? tr("Co&nversation…")
                                                           : tr("Co&nversation (%n message(s))…", nullptr, messages));
    if (m_promptEdit->toPlainText() != prompt.text)
        m_promptEdit->setPlainText(prompt.text);
    m_ownSystem->setChecked(prompt.system.has_value());
    m_ownSystemEdit->setVisible(prompt.system.has_value());
    if (m_ownSystemEdit->toPlainText() != prompt.system.value_or(QString()))
        m_ownSystemEdit->setPlainText(prompt.system.value_or(QString()));
    m_ownFormat->setEnabled(index >= 0);
    m_ownFormat->setChecked(prompt.outputFormat.has_value());
    m_ownFormatEdit->setVisible(prompt.outputFormat.has_value());
    // A prompt's own format starts from the comparison's.
    m_ownFormatEdit->setFormat(prompt.outputFormat.value_or(m_document->comparison().outputFormat));
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

void ComparisonEditor::onOwnFormatEdited()
{
    m_ownFormatEdit->setVisible(m_ownFormat->isChecked());
    if (m_loading)
        return;
    if (!m_ownFormat->isChecked()) {
        m_prompts->setCurrentOutputFormat(std::nullopt);
    } else if (const auto format = m_ownFormatEdit->format()) {
        m_prompts->setCurrentOutputFormat(format);
    }
}

void ComparisonEditor::openChatEditor()
{
    if (m_chatEditor)
        m_chatEditor->close();
    if (m_prompts->currentIndex() < 0)
        m_prompts->addPrompt();
    m_chatEditor = new ChatEditor(m_document, m_prompts->currentIndex(), this);
    m_chatEditor->setAttribute(Qt::WA_DeleteOnClose);
    m_chatEditor->open();
}

void ComparisonEditor::updatePreview()
{
    const ComparisonPrompt prompt = m_prompts->prompt(m_prompts->currentIndex());
    m_variables->setTemplate(prompt.text, prompt.system.value_or(m_systemEdit->toPlainText()));
}

ChatEditor *ComparisonEditor::chatEditor() const
{
    return m_chatEditor;
}

bool ComparisonEditor::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_promptEdit->viewport() && m_attachments->takeDrop(event))
        return true;
    if (watched == m_promptEdit && m_attachments->takePastedImage(event))
        return true;
    return QWidget::eventFilter(watched, event);
}
