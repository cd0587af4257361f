// SPDX-License-Identifier: MIT
#include "PromptComposer.h"

#include "AttachmentStrip.h"
#include "ChatEditor.h"
#include "ComparisonDocument.h"
#include "ComparisonFile.h"
#include "ConversationImport.h"
#include "ModelTree.h"
#include "PlanBuilder.h"
#include "PromptImport.h"
#include "PromptRows.h"
#include "PromptVariablesPanel.h"

#include <QClipboard>
#include <QComboBox>
#include <QDropEvent>
#include <QFile>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSet>
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

QString referenceOf(const ModelColumn &column)
{
    return column.provider + QLatin1Char('/') + column.model;
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
    , m_document(new ComparisonDocument(this))
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
    // A row as a conversation: system prompt, user and assistant messages (the chat editor).
    m_conversationButton = new QPushButton(tr("C&onversation…"), this);
    m_conversationButton->setObjectName(QStringLiteral("conversationButton"));
    m_conversationButton->setAccessibleName(tr("Edit the prompt as a conversation"));
    m_conversationButton->setToolTip(tr("Edit the prompt under the cursor as a conversation: its own system prompt, "
                                        "then user and assistant messages; every model gets the same history"));
    connect(m_conversationButton, &QPushButton::clicked, this, [this] { openChatEditor(conversationPromptIndex()); });
    // Images and text files sent with every prompt, right under it, beside the conversation.
    m_attachments = new AttachmentStrip(m_document, this);
    auto *underPrompts = new QHBoxLayout;
    underPrompts->addWidget(m_conversationButton, 0, Qt::AlignTop);
    underPrompts->addWidget(m_attachments, 1);
    layout->addLayout(underPrompts);
    // A conversation waiting for its user message has no text to show above: say where it is.
    m_conversationNote = new QLabel(this);
    m_conversationNote->setObjectName(QStringLiteral("conversationNote"));
    m_conversationNote->setWordWrap(true);
    m_conversationNote->setTextInteractionFlags(Qt::LinksAccessibleByMouse | Qt::LinksAccessibleByKeyboard);
    m_conversationNote->setVisible(false);
    layout->addWidget(m_conversationNote);
    connect(m_conversationNote, &QLabel::linkActivated, this, [this](const QString &link) { openChatEditor(link.toInt()); });
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
    m_modelsNote = new QLabel(this);
    m_modelsNote->setObjectName(QStringLiteral("modelsNote"));
    m_modelsNote->setWordWrap(true);
    m_modelsNote->setVisible(false);
    layout->addWidget(m_modelsNote);

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
    repeatRow->addStretch(1);
    layout->addLayout(repeatRow);
    auto *reasoningRow = new QHBoxLayout;
    reasoningRow->addWidget(reasoningLabel);
    reasoningRow->addWidget(m_reasoningCombo);
    reasoningRow->addStretch(1);
    layout->addLayout(reasoningRow);

    m_structureNote = new QLabel(this);
    m_structureNote->setObjectName(QStringLiteral("structureNote"));
    m_structureNote->setWordWrap(true);
    m_structureNote->setForegroundRole(QPalette::PlaceholderText);
    m_structureNote->setVisible(false);
    layout->addWidget(m_structureNote);

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
    m_promptEdit->installEventFilter(this); // a pasted image becomes an attachment
    m_systemEdit->viewport()->installEventFilter(this);

    // Each widget writes what the user changed into the document, and redraws from it.
    connect(m_promptEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_syncing)
            m_document->setPromptTexts(PromptImport::splitPrompts(m_promptEdit->toPlainText()));
    });
    connect(m_systemEdit, &QPlainTextEdit::textChanged, this, [this] {
        if (!m_syncing)
            m_document->setSystem(m_systemEdit->toPlainText());
    });
    connect(m_promptVariables, &PromptVariablesPanel::tableChanged, this, [this] {
        if (!m_syncing)
            m_document->setVariables(m_promptVariables->table());
    });
    connect(m_modelTree, &ModelTree::checkedModelsChanged, this, &PromptComposer::onTicksChanged);
    connect(m_reasoningCombo, &QComboBox::currentIndexChanged, this, &PromptComposer::onReasoningChosen);
    connect(m_repeatSpin, &QSpinBox::valueChanged, this, [this](int value) {
        if (!m_syncing)
            m_document->setRepeats(value);
    });
    connect(m_document, &ComparisonDocument::promptsChanged, this, &PromptComposer::showPrompts);
    connect(m_document, &ComparisonDocument::systemChanged, this, [this] {
        if (m_systemEdit->toPlainText() == m_document->comparison().system)
            return;
        const bool wasSyncing = std::exchange(m_syncing, true);
        m_systemEdit->setPlainText(m_document->comparison().system);
        m_syncing = wasSyncing;
    });
    connect(m_document, &ComparisonDocument::variablesChanged, this, &PromptComposer::showVariables);
    connect(m_document, &ComparisonDocument::modelsChanged, this, &PromptComposer::showModels);
    connect(m_document, &ComparisonDocument::settingsChanged, this, [this] {
        const bool wasSyncing = std::exchange(m_syncing, true);
        m_repeatSpin->setValue(m_document->comparison().settings.repeats);
        m_syncing = wasSyncing;
    });
    connect(m_document, &ComparisonDocument::outputFormatChanged, this, &PromptComposer::showStructure);
    connect(m_document, &ComparisonDocument::toolsChanged, this, &PromptComposer::showStructure);
    connect(m_document, &ComparisonDocument::promptsChanged, this, &PromptComposer::showStructure);
    // Until a file or the matrix says otherwise, prompts are read as the CLI reads a prompts file.
    Comparison start;
    start.variablesPerPrompt = true;
    m_document->setComparison(start);
}

void PromptComposer::showStructure()
{
    const Comparison &comparison = m_document->comparison();
    QStringList parts;
    if (comparison.outputFormat.kind == OutputFormat::Kind::JsonObject)
        parts.append(tr("JSON mode"));
    else if (comparison.outputFormat.kind == OutputFormat::Kind::JsonSchema)
        parts.append(tr("JSON Schema"));
    const auto own = std::count_if(comparison.prompts.begin(), comparison.prompts.end(),
                                   [](const ComparisonPrompt &prompt) { return prompt.outputFormat.has_value(); });
    if (own > 0)
        parts.append(tr("own format on %n prompt(s)", nullptr, int(own)));
    if (!comparison.tools.isEmpty()) {
        const ToolChoice &choice = comparison.toolChoice;
        const QString mode = choice.mode == ToolChoice::Mode::Required ? tr("required")
            : choice.mode == ToolChoice::Mode::None                    ? tr("none")
            : choice.mode == ToolChoice::Mode::Named                   ? tr("call %1").arg(choice.name)
                                                                       : tr("auto");
        parts.append(tr("%n tool(s), tool choice %1", nullptr, int(comparison.tools.size())).arg(mode));
    }
    m_structureNote->setText(parts.isEmpty() ? QString() : tr("Answers: %1 (set on the Matrix tab)").arg(parts.join(QStringLiteral(" · "))));
    m_structureNote->setVisible(!parts.isEmpty());
}

void PromptComposer::showPrompts()
{
    int waiting = -1;
    for (qsizetype i = 0; i < m_document->comparison().prompts.size() && waiting < 0; ++i) {
        if (PlanBuilder::awaitsUserMessage(m_document->comparison().prompts.at(i)))
            waiting = int(i);
    }
    if (waiting >= 0)
        m_conversationNote->setText(tr("Prompt #%1 is a conversation waiting for its user message; it is not sent until it "
                                       "has one. <a href=\"%2\">Finish it…</a>")
                                        .arg(waiting + 1)
                                        .arg(waiting));
    m_conversationNote->setVisible(waiting >= 0);
    const QStringList texts = m_document->promptTexts();
    // Typing here splits into the same texts: leave the cursor where it is.
    if (PromptImport::splitPrompts(m_promptEdit->toPlainText()) == texts)
        return;
    const bool wasSyncing = std::exchange(m_syncing, true);
    m_promptEdit->setPlainText(texts.join(QStringLiteral("\n---\n")));
    m_syncing = wasSyncing;
}

int PromptComposer::conversationPromptIndex() const
{
    // The pieces before the cursor, as the document splits the text; a sentinel stands for
    // the piece the cursor is in, which may still be empty.
    const QString before = m_promptEdit->toPlainText().left(m_promptEdit->textCursor().position());
    const int piece = int(PromptImport::splitPrompts(before + QLatin1Char('x')).size()) - 1;
    const int shown = int(m_document->promptTexts().size());
    return shown == 0 ? int(m_document->comparison().prompts.size())
                      : m_document->promptIndexOfText(std::clamp(piece, 0, shown - 1));
}

ChatEditor *PromptComposer::openChatEditor(int index)
{
    if (m_chatEditor)
        m_chatEditor->close();
    // Past the last prompt: a new one.
    if (index < 0 || index >= m_document->comparison().prompts.size()) {
        QList<ComparisonPrompt> prompts = m_document->comparison().prompts;
        prompts.append(ComparisonPrompt());
        m_document->setPrompts(prompts);
        index = int(prompts.size()) - 1;
    }
    m_chatEditor = new ChatEditor(m_document, index, this);
    m_chatEditor->setAttribute(Qt::WA_DeleteOnClose);
    m_chatEditor->open();
    return m_chatEditor;
}

void PromptComposer::showVariables()
{
    const Comparison &comparison = m_document->comparison();
    const bool wasSyncing = std::exchange(m_syncing, true);
    m_promptVariables->setPerPrompt(comparison.variablesPerPrompt);
    if (!(m_promptVariables->table() == comparison.variables))
        m_promptVariables->setTable(comparison.variables, comparison.variables.columnCount() > 0 ? m_variablesSource : QString());
    m_syncing = wasSyncing;
}

void PromptComposer::showModels()
{
    const QList<ModelColumn> &models = m_document->comparison().models;
    QStringList references;
    QStringList hidden;
    QSet<QString> levels; // of the plain ticks: the effort the combo shows when they agree
    int tuned = 0;
    for (const ModelColumn &column : models) {
        const QString reference = referenceOf(column);
        if (!m_modelTree->itemFor(reference))
            hidden.append(column.displayName());
        else if (references.contains(reference) || !isPlainTick(column))
            ++tuned;
        else
            levels.insert(column.params.reasoning ? reasoningLevelName(*column.params.reasoning) : QString());
        if (!references.contains(reference))
            references.append(reference);
    }
    const bool wasSyncing = std::exchange(m_syncing, true);
    if (m_modelTree->checkedModels() != references)
        m_modelTree->setCheckedModels(references);
    if (levels.size() == 1)
        m_reasoningCombo->setCurrentIndex(std::max(0, m_reasoningCombo->findData(*levels.cbegin())));
    m_syncing = wasSyncing;
    // What runs is the document: say what the ticks alone do not show.
    QStringList notes;
    if (tuned > 0)
        notes.append(tr("%n configuration(s) with their own label or parameters (Matrix tab).", nullptr, tuned));
    if (!hidden.isEmpty())
        notes.append(tr("Also runs, not in the list: %1.").arg(hidden.join(QStringLiteral(", "))));
    m_modelsNote->setText(tr("%n column(s) in the run.", nullptr, int(models.size())) + QLatin1Char(' ')
                          + notes.join(QLatin1Char(' ')));
    m_modelsNote->setVisible(!notes.isEmpty());
}

void PromptComposer::onTicksChanged()
{
    if (m_syncing)
        return;
    // Only the models the tree shows change: a configuration the tree cannot show stays, and a
    // ticked model keeps its configurations (parameters, labels) from the matrix editor.
    const QStringList ticked = m_modelTree->checkedModels();
    QList<ModelColumn> models;
    QStringList present;
    for (const ModelColumn &column : m_document->comparison().models) {
        const QString reference = referenceOf(column);
        if (m_modelTree->itemFor(reference) && !ticked.contains(reference))
            continue;
        models.append(column);
        present.append(reference);
    }
    for (const QString &reference : ticked) {
        ModelColumn column;
        column.params.reasoning = reasoningLevelFromName(m_reasoningCombo->currentData().toString());
        if (!present.contains(reference) && ModelColumn::parseReference(reference, &column))
            models.append(column);
    }
    m_document->setModels(models);
}

bool PromptComposer::isPlainTick(const ModelColumn &column)
{
    RequestParams withoutReasoning = column.params;
    withoutReasoning.reasoning.reset();
    return column.label.isEmpty() && withoutReasoning == RequestParams();
}

void PromptComposer::onReasoningChosen()
{
    if (m_syncing)
        return;
    // The combo speaks for the ticks: configurations from the matrix editor keep their own.
    const std::optional<ReasoningLevel> level = reasoningLevelFromName(m_reasoningCombo->currentData().toString());
    QList<ModelColumn> models = m_document->comparison().models;
    for (ModelColumn &column : models) {
        if (m_modelTree->itemFor(referenceOf(column)) && isPlainTick(column))
            column.params.reasoning = level;
    }
    m_document->setModels(models);
}

void PromptComposer::setRegistry(const ProviderRegistry &registry)
{
    // The rebuilt tree ticks what it ticked before; the document says what is ticked.
    const bool wasSyncing = std::exchange(m_syncing, true);
    m_modelTree->setRegistry(registry);
    m_syncing = wasSyncing;
    showModels();
}

std::optional<RunPlan> PromptComposer::composePlan(QString *error) const
{
    const Comparison &comparison = m_document->comparison();
    if (comparison.prompts.isEmpty()) {
        *error = tr("Type a prompt first.");
        return std::nullopt;
    }
    if (comparison.models.isEmpty()) {
        *error = tr("Tick at least one model.");
        return std::nullopt;
    }
    // The plan the matrix editor's Run builds, from the same document.
    auto plan = PlanBuilder::fromComparison(comparison, error);
    if (!plan)
        *error = tr("Not sent: %1.").arg(*error);
    return plan;
}

void PromptComposer::focusProblem()
{
    // Focus where the fix goes: the prompts, the models, or a missing value.
    if (m_document->comparison().prompts.isEmpty())
        m_promptEdit->setFocus();
    else if (m_document->comparison().models.isEmpty())
        m_modelTree->setFocus();
    else
        m_promptVariables->view()->setFocus();
}

bool PromptComposer::loadPromptFile(const QString &path, QString *error, QString *summary)
{
    // A .jsonl of {"messages":[...]} lines is a conversations file, read as
    // promptgrid-cli --conversation reads it: each line a row whose history every model gets.
    if (QFileInfo(path).suffix().compare(QLatin1String("jsonl"), Qt::CaseInsensitive) == 0) {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly) && file.readLine(1 << 20).contains("\"messages\"")) {
            QList<ComparisonPrompt> conversations;
            if (!ConversationImport::fromFile(path, &conversations, error))
                return false;
            for (qsizetype i = 0; i < conversations.size(); ++i) {
                if (PromptImport::splitPrompts(conversations.at(i).text) != QStringList{conversations.at(i).text}) {
                    *error = tr("conversation #%1 ends with a message holding a line with only --- (or blank edges), which the Prompts tab cannot keep as one prompt")
                                 .arg(i + 1);
                    return false;
                }
            }
            m_variablesSource.clear();
            m_document->setPrompts(conversations);
            m_document->setVariables(VariablesTable(), true);
            *summary = tr("Imported %n conversation(s) from %1: shared transcript, every model gets the same history.", nullptr,
                          int(conversations.size()))
                           .arg(QFileInfo(path).fileName());
            return true;
        }
    }
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
    // The file's prompts replace the document's, each with its own row of variables.
    m_variablesSource = QFileInfo(path).fileName();
    QList<ComparisonPrompt> rows;
    for (const QString &prompt : prompts)
        rows.append(ComparisonPrompt{QString(), prompt, std::nullopt});
    m_document->setPrompts(rows);
    m_document->setVariables(variables, true);
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
        // Any other file (an image, a text file) is attached to the prompts.
        if (watched == m_promptEdit->viewport() && m_attachments->takeDrop(event))
            return true;
    }
    if (watched == m_promptEdit && m_attachments->takePastedImage(event))
        return true;
    return QWidget::eventFilter(watched, event);
}

bool PromptComposer::readSettings(const QSettings &settings, const QStringList &firstRunModels)
{
    const bool firstRun = !settings.contains(QStringLiteral("compose/models"));
    QString ignored;
    const QByteArray kept = settings.value(QStringLiteral("compose/comparison")).toByteArray();
    auto saved = ComparisonFile::fromJson(kept, &ignored);
    if (!saved && kept.contains("\"attachments\"")) {
        // An attached file that is gone since: the rest of the composer comes back without it.
        QJsonObject root = QJsonDocument::fromJson(kept).object();
        root.remove(QStringLiteral("attachments"));
        saved = ComparisonFile::fromJson(QJsonDocument(root).toJson(QJsonDocument::Compact), &ignored);
    }
    if (saved) {
        m_document->setComparison(*saved);
        return firstRun;
    }
    // Before the one document: the Prompts tab's own keys.
    Comparison comparison;
    for (const QString &text : PromptImport::splitPrompts(settings.value(QStringLiteral("compose/prompts"), defaultPrompts()).toString()))
        comparison.prompts.append(ComparisonPrompt{QString(), text, std::nullopt});
    comparison.system = settings.value(QStringLiteral("compose/system")).toString();
    const QJsonDocument variables = QJsonDocument::fromJson(settings.value(QStringLiteral("compose/promptVariables")).toByteArray());
    comparison.variables = VariablesTable::fromJson(variables.object(), &ignored).value_or(VariablesTable());
    comparison.variablesPerPrompt = true;
    // A newcomer with no key and no network still sees the grid fill up.
    const QStringList references = firstRun ? firstRunModels : settings.value(QStringLiteral("compose/models")).toStringList();
    for (const QString &reference : references) {
        ModelColumn column;
        // As the tree ticked them: models no longer listed are dropped.
        if (m_modelTree->itemFor(reference) && ModelColumn::parseReference(reference, &column))
            comparison.models.append(column);
    }
    comparison.settings.repeats = std::clamp(settings.value(QStringLiteral("compose/repeat"), 1).toInt(), m_repeatSpin->minimum(),
                                             m_repeatSpin->maximum());
    m_document->setComparison(comparison);
    return firstRun;
}

void PromptComposer::writeSettings(QSettings &settings) const
{
    // The whole document (without results), and the ticks, which also mark "not the first run".
    // Attached files by their path (a pasted image, which has none, embedded).
    settings.setValue(QStringLiteral("compose/comparison"),
                      ComparisonFile::toJson(m_document->comparison(), false, ComparisonFile::AttachmentStorage::Reference));
    settings.setValue(QStringLiteral("compose/models"), m_modelTree->checkedModels());
    for (const char *key : {"compose/prompts", "compose/system", "compose/promptVariables", "compose/repeat"})
        settings.remove(QLatin1String(key));
}

ChatEditor *PromptComposer::chatEditor() const
{
    return m_chatEditor;
}
