// SPDX-License-Identifier: MIT
#include "DetailPane.h"

#include "AnswerMarkdown.h"
#include "AnswerValidation.h"
#include "AttachmentFile.h"
#include "CellDelegate.h"
#include "CellResult.h"
#include "CellSpec.h"
#include "ChatTranscript.h"
#include "ImageHeader.h"
#include "JudgingState.h"
#include "ResultGrid.h"
#include "ThreadView.h"

#include <QCheckBox>
#include <QFontDatabase>
#include <QGridLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTextBrowser>
#include <QTextCursor>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace {
constexpr qsizetype kTailCheck = 32;
constexpr int kMarkdownIntervalMs = 250;
const QString kNoWrap = QStringLiteral("white-space: nowrap");

QString orDash(const std::optional<qint64> &value, const QString &unit)
{
    return value ? QStringLiteral("%1 %2").arg(QLocale().toString(*value), unit).trimmed() : QStringLiteral("–");
}
} // namespace

DetailPane::DetailPane(const ResultGrid *grid, QWidget *parent)
    : QWidget(parent)
    , m_grid(grid)
{
    setObjectName(QStringLiteral("detailPane"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    m_title = new QLabel(tr("No cell selected"), this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.1);
    m_title->setFont(titleFont);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_title);

    m_prompt = new QLabel(this);
    m_prompt->setWordWrap(true);
    m_prompt->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_prompt->setForegroundRole(QPalette::PlaceholderText);
    m_prompt->setAccessibleName(tr("Prompt of the selected cell"));
    layout->addWidget(m_prompt);
    // The files the cell was sent with its prompt, one small line.
    m_attachments = new QLabel(this);
    m_attachments->setObjectName(QStringLiteral("detailAttachments"));
    m_attachments->setWordWrap(true);
    m_attachments->setForegroundRole(QPalette::PlaceholderText);
    m_attachments->setAccessibleName(tr("Files sent with the prompt of the selected cell"));
    m_attachments->hide();
    layout->addWidget(m_attachments);

    // A conversation's cell: every message it sent, as sent (ChatTranscript, as the exports).
    m_sentTitle = new QLabel(this);
    m_sentTitle->setObjectName(QStringLiteral("detailSentTitle"));
    layout->addWidget(m_sentTitle);
    m_sentMessages = new QPlainTextEdit(this);
    m_sentMessages->setObjectName(QStringLiteral("detailSentMessages"));
    m_sentMessages->setReadOnly(true);
    m_sentMessages->setAccessibleName(tr("Messages sent for the selected cell"));
    m_sentMessages->setMaximumHeight(m_sentMessages->fontMetrics().lineSpacing() * 8);
    layout->addWidget(m_sentMessages);
    showSentMessages(nullptr);

    auto *metrics = new QGridLayout;
    metrics->setHorizontalSpacing(10);
    metrics->setVerticalSpacing(2);
    int i = 0;
    addMetric(metrics, i++, QStringLiteral("status"), tr("Status"));
    addMetric(metrics, i++, QStringLiteral("http"), tr("HTTP status"));
    addMetric(metrics, i++, QStringLiteral("queueWait"), tr("Queue wait"));
    addMetric(metrics, i++, QStringLiteral("ttft"), tr("First token"));
    addMetric(metrics, i++, QStringLiteral("latency"), tr("Latency"));
    addMetric(metrics, i++, QStringLiteral("tokens"), tr("Tokens in/out"));
    addMetric(metrics, i++, QStringLiteral("tokensPerSecond"), tr("Tokens/s"));
    addMetric(metrics, i++, QStringLiteral("cost"), tr("Cost"));
    addMetric(metrics, i++, QStringLiteral("attempts"), tr("Attempts"));
    addMetric(metrics, i++, QStringLiteral("finishReason"), tr("Finish reason"));
    metrics->setColumnStretch(1, 1);
    metrics->setColumnStretch(3, 1);
    layout->addLayout(metrics);

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("detailError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->setAccessibleName(tr("Error of the selected cell"));
    m_error->setVisible(false);
    layout->addWidget(m_error);
    m_validation = new QLabel(this);
    m_validation->setObjectName(QStringLiteral("detailValidation"));
    m_validation->setWordWrap(true);
    m_validation->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_validation->setAccessibleName(tr("Validation of the selected answer"));
    m_validation->setVisible(false);
    layout->addWidget(m_validation);
    // The judge model's grade, apart from the person's rating; its whole answer on demand.
    m_judge = new QLabel(this);
    m_judge->setObjectName(QStringLiteral("detailJudge"));
    m_judge->setWordWrap(true);
    m_judge->setTextFormat(Qt::RichText);
    m_judge->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_judge->setAccessibleName(tr("Judge model's grade of the selected answer"));
    m_judge->setVisible(false);
    layout->addWidget(m_judge);
    m_judgeToggle = new QToolButton(this);
    m_judgeToggle->setObjectName(QStringLiteral("judgeAnswerToggle"));
    m_judgeToggle->setText(tr("Show the judge's answer"));
    m_judgeToggle->setCheckable(true);
    m_judgeToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_judgeToggle->setArrowType(Qt::RightArrow);
    m_judgeToggle->setAutoRaise(true);
    m_judgeToggle->setVisible(false);
    layout->addWidget(m_judgeToggle);
    m_judgeAnswer = new QPlainTextEdit(this);
    m_judgeAnswer->setObjectName(QStringLiteral("detailJudgeAnswer"));
    m_judgeAnswer->setReadOnly(true);
    m_judgeAnswer->setAccessibleName(tr("The judge model's whole answer"));
    m_judgeAnswer->setMaximumHeight(m_judgeAnswer->fontMetrics().lineSpacing() * 8);
    m_judgeAnswer->setVisible(false);
    layout->addWidget(m_judgeAnswer);
    connect(m_judgeToggle, &QToolButton::toggled, this, [this](bool on) {
        m_judgeToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        m_judgeToggle->setText(on ? tr("Hide the judge's answer") : tr("Show the judge's answer"));
        showJudge();
    });

    m_reasoningToggle = new QToolButton(this);
    m_reasoningToggle->setObjectName(QStringLiteral("reasoningToggle"));
    m_reasoningToggle->setText(tr("Show reasoning"));
    m_reasoningToggle->setCheckable(true);
    m_reasoningToggle->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_reasoningToggle->setArrowType(Qt::RightArrow);
    m_reasoningToggle->setAutoRaise(true);
    m_reasoningToggle->setAccessibleName(tr("Show reasoning"));
    m_reasoningToggle->setVisible(false);
    layout->addWidget(m_reasoningToggle);

    m_reasoning = new QPlainTextEdit(this);
    m_reasoning->setObjectName(QStringLiteral("reasoningView"));
    m_reasoning->setReadOnly(true);
    m_reasoning->setAccessibleName(tr("Reasoning of the selected cell"));
    m_reasoning->setMaximumHeight(180);
    m_reasoning->setVisible(false);
    layout->addWidget(m_reasoning);
    connect(m_reasoningToggle, &QToolButton::toggled, this, [this](bool on) {
        m_reasoningToggle->setArrowType(on ? Qt::DownArrow : Qt::RightArrow);
        m_reasoningToggle->setText(on ? tr("Hide reasoning") : tr("Show reasoning"));
        m_reasoning->setVisible(on);
        m_shownReasoningLength = -1;
        showReasoning();
    });

    // What the model called, when it called tools, in a fixed font.
    m_toolCalls = new QPlainTextEdit(this);
    m_toolCalls->setObjectName(QStringLiteral("detailToolCalls"));
    m_toolCalls->setReadOnly(true);
    m_toolCalls->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_toolCalls->setAccessibleName(tr("Tool calls of the selected cell"));
    m_toolCalls->setTabChangesFocus(true);
    m_toolCalls->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_toolCalls->setVisible(false);
    layout->addWidget(m_toolCalls, 2); // above the answer's Raw text switch, which is not for them

    m_rawToggle = new QCheckBox(tr("Raw text"), this);
    m_rawToggle->setObjectName(QStringLiteral("rawToggle"));
    m_rawToggle->setAccessibleName(tr("Show the raw text instead of rendered Markdown"));
    m_rawToggle->setToolTip(tr("Show the answer exactly as the model sent it, without Markdown rendering"));
    layout->addWidget(m_rawToggle, 0, Qt::AlignRight);
    connect(m_rawToggle, &QCheckBox::toggled, this, [this] {
        if (m_cell >= 0)
            showAnswer(true);
    });
    m_markdownTimer.setSingleShot(true);
    connect(&m_markdownTimer, &QTimer::timeout, this, [this] {
        if (m_cell >= 0)
            showAnswer(false);
    });


    m_answer = new QTextBrowser(this);
    m_answer->setObjectName(QStringLiteral("detailView"));
    m_answer->setAccessibleName(tr("Full answer of the selected cell"));
    m_answer->setOpenExternalLinks(true);
    m_answer->setPlaceholderText(noCellText());
    layout->addWidget(m_answer, 2);

    m_samples = new QTextBrowser(this);
    m_samples->setObjectName(QStringLiteral("samplesView"));
    m_samples->setAccessibleName(tr("Every sample of the selected prompt and model"));
    m_samples->setVisible(false);
    layout->addWidget(m_samples, 2);
    m_thread = new ThreadView(grid, this);
    layout->addWidget(m_thread, 2);
    m_samplesTimer.setSingleShot(true);
    m_samplesTimer.setInterval(kMarkdownIntervalMs);
    connect(&m_samplesTimer, &QTimer::timeout, this, &DetailPane::showSamples);
}

void DetailPane::showSamples()
{
    const RunPlan &plan = m_grid->plan();
    if (m_cell < 0 || plan.samples <= 1) {
        m_samples->setVisible(false);
        m_samples->clear();
        m_samplesKey.clear();
        return;
    }
    m_samples->setVisible(true);
    const CellSpec &spec = m_grid->spec(m_cell);
    QList<int> cells;
    for (int sample = 0; sample < plan.samples; ++sample) {
        const int cell = m_grid->cellIndex(spec.row, spec.column, sample);
        if (cell >= 0)
            cells.append(cell);
    }
    // Cheap fingerprint: rebuild only when a sample moved on.
    QString key = QString::number(m_cell);
    bool allFinal = true;
    for (int cell : std::as_const(cells)) {
        const CellResult &r = m_grid->result(cell);
        allFinal = allFinal && isFinalStatus(r.status);
        key += QStringLiteral("|%1:%2:%3").arg(int(r.status)).arg(r.text.size()).arg(r.attempts);
    }
    if (!allFinal && !m_samplesTimer.isActive())
        m_samplesTimer.start();
    if (key == m_samplesKey)
        return;
    m_samplesKey = key;

    QList<qint64> latencies;
    QList<qint64> lengths;
    QString html = QStringLiteral("<p><b>%1</b></p><table cellspacing='0' cellpadding='3'>").arg(tr("All %1 samples").arg(cells.size()));
    // Columns as wide as their content: Qt's rich text ignores the nowrap attribute and, in a
    // narrow pane, breaks words anywhere ("Statu s"); the CSS property keeps each cell whole
    // (a table wider than the pane scrolls).
    html += QStringLiteral("<tr><th align='left' style='%7'>%1</th><th align='left' style='%7'>%2</th><th align='right' style='%7'>%3</th>"
                           "<th align='right' style='%7'>%4</th><th align='right' style='%7'>%5</th><th align='right' style='%7'>%6</th></tr>")
                .arg(tr("#"), tr("Status"), tr("Latency ms"), tr("TTFT ms"), tr("Chars"), tr("Tokens"), kNoWrap);
    for (int cell : std::as_const(cells)) {
        const CellResult &r = m_grid->result(cell);
        const CellSpec &s = m_grid->spec(cell);
        if (r.latencyMs)
            latencies.append(*r.latencyMs);
        if (isFinalStatus(r.status))
            lengths.append(r.text.size());
        const QString mark = cell == m_cell ? QStringLiteral("▸ ") : QString();
        // Units are in the headers: narrow cells that do not wrap.
        html += QStringLiteral("<tr><td style='%1'>%2%3</td><td style='%1'>%4</td><td align='right' style='%1'>%5</td>"
                               "<td align='right' style='%1'>%6</td><td align='right' style='%1'>%7</td><td align='right' style='%1'>%8</td></tr>")
                    .arg(kNoWrap, mark)
                    .arg(s.sample + 1)
                    .arg(cellStatusName(r.status).toHtmlEscaped(), orDash(r.latencyMs, QString()), orDash(r.ttftMs, QString()),
                         QLocale().toString(r.text.size()), orDash(r.outputTokens, QString()));
    }
    html += QStringLiteral("</table>");
    const auto spread = [](QList<qint64> values, const QString &unit) {
        if (values.isEmpty())
            return QStringLiteral("–");
        std::sort(values.begin(), values.end());
        const qsizetype n = values.size();
        const qint64 median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
        return tr("min %1 · median %2 · max %3 %4")
            .arg(QLocale().toString(values.first()), QLocale().toString(median), QLocale().toString(values.last()), unit)
            .trimmed();
    };
    html += QStringLiteral("<p>%1 %2<br>%3 %4</p>")
                .arg(tr("Latency:"), spread(latencies, tr("ms")), tr("Length:"), spread(lengths, tr("chars")));
    for (int cell : std::as_const(cells)) {
        const CellResult &r = m_grid->result(cell);
        html += QStringLiteral("<hr><p><b>%1</b> (%2)</p><p style='white-space: pre-wrap'>%3</p>")
                    .arg(tr("Sample %1").arg(m_grid->spec(cell).sample + 1), cellStatusName(r.status).toHtmlEscaped(),
                         (r.text.isEmpty() ? r.error : r.text).toHtmlEscaped());
    }
    const int scroll = m_samples->verticalScrollBar()->value();
    m_samples->setHtml(html);
    m_samples->verticalScrollBar()->setValue(scroll);
}

QLabel *DetailPane::addMetric(QGridLayout *grid, int index, const QString &key, const QString &label)
{
    const int row = index / 2;
    const int column = (index % 2) * 2;
    auto *name = new QLabel(label + QLatin1Char(':'), this);
    name->setForegroundRole(QPalette::PlaceholderText);
    auto *value = new QLabel(QStringLiteral("–"), this);
    value->setObjectName(QStringLiteral("metric_") + key);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setAccessibleName(label);
    name->setBuddy(value);
    grid->addWidget(name, row, column);
    grid->addWidget(value, row, column + 1);
    m_metrics.insert(key, value);
    return value;
}

QString DetailPane::metricText(const QString &key) const
{
    const QLabel *label = m_metrics.value(key);
    return label ? label->text() : QString();
}

void DetailPane::setCell(int cell)
{
    if (cell >= m_grid->cellCount())
        cell = -1;
    if (cell != m_cell)
        m_shownReasoningLength = -1;
    m_cell = cell;
    refresh();
}

void DetailPane::showValidation(const CellSpec &spec, const CellResult &result)
{
    // One cell, once it is final (a running cell has no verdict): cheap enough to do here.
    const std::optional<JsonVerdict> verdict = AnswerValidation::validate(spec, result);
    m_validation->setVisible(verdict.has_value());
    if (!verdict)
        return;
    QPalette palette = m_validation->palette();
    palette.setColor(QPalette::WindowText, CellDelegate::statusTextColor(verdict->valid ? CellStatus::Ok : CellStatus::Error,
                                                                         palette, QPalette::Window));
    m_validation->setPalette(palette);
    m_validation->setText(verdict->valid ? tr("✓ Valid: the answer fits its schema and tools")
                                         : tr("✗ Invalid: %1").arg(verdict->errorText()));
}

void DetailPane::setJudging(const JudgingState *state)
{
    if (m_judging)
        disconnect(m_judging, nullptr, this, nullptr);
    m_judging = state;
    if (state)
        connect(state, &JudgingState::ratingsChanged, this, &DetailPane::showJudge);
    showJudge();
}

void DetailPane::showJudge()
{
    std::optional<JudgeVerdict> verdict;
    if (m_judging && m_cell >= 0 && m_cell < m_grid->cellCount())
        verdict = m_judging->ratings().judgeVerdict(m_grid->address(m_cell));
    m_judge->setVisible(verdict.has_value());
    m_judgeToggle->setVisible(verdict && !verdict->answer.isEmpty());
    m_judgeAnswer->setVisible(verdict && !verdict->answer.isEmpty() && m_judgeToggle->isChecked());
    if (!verdict) {
        m_judge->clear();
        m_judgeAnswer->clear();
        return;
    }
    const auto number = [](double value) { return QLocale().toString(value, 'g', 4); };
    const QString cost = verdict->costUsd ? QStringLiteral("$%1").arg(*verdict->costUsd, 0, 'f', 6) : tr("no price known");
    QString text;
    if (verdict->score && verdict->error.isEmpty()) {
        text = tr("<b>Judge: %1 / %2</b> (scale %3–%2)")
                   .arg(number(*verdict->score), number(verdict->scaleMax), number(verdict->scaleMin));
        if (!verdict->reason.isEmpty())
            text += QStringLiteral("<br>") + tr("Reason: %1").arg(verdict->reason.toHtmlEscaped());
    } else {
        const QColor color = CellDelegate::statusTextColor(CellStatus::Error, palette(), QPalette::Window);
        text = QStringLiteral("<b style=\"color:%1\">%2</b>")
                   .arg(color.name(), tr("Judge error: %1").arg(verdict->error.toHtmlEscaped()));
    }
    text += QStringLiteral("<br><span>%1</span>").arg(tr("Judged by %1 · judge cost %2").arg(verdict->judgeModel.toHtmlEscaped(), cost));
    m_judge->setText(text);
    if (m_judgeAnswer->toPlainText() != verdict->answer)
        m_judgeAnswer->setPlainText(verdict->answer);
}

void DetailPane::refresh()
{
    if (m_cell < 0 || m_cell >= m_grid->cellCount()) {
        m_cell = -1;
        m_title->setText(tr("No cell selected"));
        m_prompt->clear();
        showSentMessages(nullptr);
        m_attachments->setVisible(false);
        for (QLabel *label : std::as_const(m_metrics))
            label->setText(QStringLiteral("–"));
        m_error->setVisible(false);
        m_validation->setVisible(false);
        showJudge();
        m_reasoningToggle->setVisible(false);
        m_reasoning->setVisible(false);
        showToolCalls(CellResult());
        m_markdownTimer.stop();
        m_answer->clear();
        m_answer->setPlaceholderText(noCellText());
        m_shownReport.clear();
        m_shownCell = -1;
        m_samplesTimer.stop();
        showSamples();
        m_thread->showCell(-1);
        return;
    }
    const CellSpec &spec = m_grid->spec(m_cell);
    const CellResult &r = m_grid->result(m_cell);
    const RunPlan &plan = m_grid->plan();
    QString title = tr("Prompt %1 · %2").arg(spec.row + 1).arg(spec.model.displayName());
    if (plan.samples > 1)
        title += tr(" · sample %1 of %2").arg(spec.sample + 1).arg(plan.samples);
    if (m_grid->turn(m_cell) > 1)
        title += tr(" · turn %1").arg(m_grid->turn(m_cell));
    m_title->setText(title);
    m_thread->showCell(m_cell);
    m_prompt->setText(QFontMetrics(m_prompt->font()).elidedText(QString(spec.prompt).replace(QLatin1Char('\n'), QLatin1Char(' ')),
                                                                 Qt::ElideRight, std::max(200, m_prompt->width() * 2 - 40)));
    m_prompt->setToolTip(spec.prompt.left(2000));
    showSentMessages(&spec);
    QStringList files;
    for (const Attachment &a : spec.attachments) {
        const ImageHeader header = ImageHeader::read(a.data);
        files.append(header.isImage() ? tr("%1 (%2 %3x%4, %5)").arg(a.fileName, header.typeName()).arg(header.width).arg(header.height).arg(AttachmentFile::sizeText(a.data.size()))
                                      : tr("%1 (text, %2)").arg(a.fileName, AttachmentFile::sizeText(a.data.size())));
    }
    m_attachments->setText(tr("Sent with: %1").arg(files.join(QStringLiteral(", "))));
    m_attachments->setVisible(!files.isEmpty());

    m_metrics.value(QStringLiteral("status"))->setText(cellStatusName(r.status));
    m_metrics.value(QStringLiteral("http"))->setText(r.httpStatus ? QString::number(r.httpStatus) : QStringLiteral("–"));
    m_metrics.value(QStringLiteral("queueWait"))->setText(orDash(r.queueWaitMs, tr("ms")));
    m_metrics.value(QStringLiteral("ttft"))->setText(orDash(r.ttftMs, tr("ms")));
    m_metrics.value(QStringLiteral("latency"))->setText(orDash(r.latencyMs, tr("ms")));
    QString tokens = (r.inputTokens || r.outputTokens)
        ? QStringLiteral("%1 / %2").arg(r.inputTokens ? QLocale().toString(*r.inputTokens) : QStringLiteral("?"),
                                        r.outputTokens ? QLocale().toString(*r.outputTokens) : QStringLiteral("?"))
        : QStringLiteral("–");
    // Part of the output tokens, not more of them.
    if (r.reasoningTokens)
        tokens += tr(" (%1 reasoning)").arg(QLocale().toString(*r.reasoningTokens));
    m_metrics.value(QStringLiteral("tokens"))->setText(tokens);
    const auto tps = r.tokensPerSecond();
    m_metrics.value(QStringLiteral("tokensPerSecond"))->setText(tps ? QLocale().toString(*tps, 'f', 1) : QStringLiteral("–"));
    m_metrics.value(QStringLiteral("cost"))->setText(r.costUsd ? QStringLiteral("$%1").arg(*r.costUsd, 0, 'f', 6) : QStringLiteral("–"));
    m_metrics.value(QStringLiteral("attempts"))->setText(r.attempts ? QString::number(r.attempts) : QStringLiteral("–"));
    m_metrics.value(QStringLiteral("finishReason"))
        ->setText(r.finishReason.isEmpty() ? QStringLiteral("–")
                  : r.isRefusal()          ? tr("refusal (the model declined; its refusal is the answer)")
                                           : r.finishReason);

    // Without an answer the reason is in the answer view itself (failureReport).
    const bool errorAbove = !r.error.isEmpty() && r.error != cellStatusName(r.status) && !showsFailureReport(r);
    m_error->setVisible(errorAbove);
    if (errorAbove) {
        m_error->setText(r.error);
        QPalette palette = m_error->palette();
        palette.setColor(QPalette::WindowText, CellDelegate::statusTextColor(CellStatus::Error, palette, QPalette::Window));
        m_error->setPalette(palette);
    }
    showValidation(m_grid->spec(m_cell), r);
    showJudge();
    m_reasoningToggle->setVisible(!r.reasoning.isEmpty());
    m_reasoning->setVisible(!r.reasoning.isEmpty() && m_reasoningToggle->isChecked());
    showReasoning();
    showToolCalls(r);
    showAnswer(false);
    // Other samples change without this cell changing: while any streams, a timer catches up.
    if (!m_samplesTimer.isActive())
        showSamples();
}

void DetailPane::setRawText(bool raw)
{
    m_rawToggle->setChecked(raw);
}

bool DetailPane::isRawText() const
{
    return m_rawToggle->isChecked();
}

QString DetailPane::noCellText()
{
    return tr("Select a cell of the grid to read its full answer here.");
}

QString DetailPane::waitingText(CellStatus status)
{
    switch (status) {
    case CellStatus::Queued:
        return tr("Waiting in the queue for a free slot…");
    case CellStatus::Running:
        return tr("Sent; waiting for the first token…");
    case CellStatus::Ok:
        return tr("The model sent an empty answer.");
    default:
        return {};
    }
}

bool DetailPane::showsFailureReport(const CellResult &result)
{
    return result.text.isEmpty() && result.toolCalls.isEmpty() && isFinalStatus(result.status) && result.status != CellStatus::Ok;
}

QString DetailPane::failureReport(const CellResult &r)
{
    QString reason = r.error.trimmed();
    if (reason.isEmpty() || reason == cellStatusName(r.status))
        reason = r.status == CellStatus::Cancelled ? tr("Cancelled before any answer arrived.") : tr("No reason was given.");
    QString received;
    if (r.attempts == 0)
        received = tr("nothing: the request was not sent");
    else if (!r.reasoning.isEmpty())
        received = tr("reasoning only (%1 characters, under Show reasoning), no answer text").arg(QLocale().toString(r.reasoning.size()));
    else if (r.httpStatus > 0)
        received = tr("a response with HTTP status %1, no answer text").arg(r.httpStatus);
    else
        received = tr("nothing: no response arrived");
    const QString row = QStringLiteral("<tr><td style='%1'><b>%2</b></td><td>%3</td></tr>").arg(kNoWrap);
    QString html = QStringLiteral("<h3>%1</h3><p style='white-space: pre-wrap'>%2</p><table cellspacing='0' cellpadding='3'>")
                       .arg(tr("No answer: %1").arg(cellStatusName(r.status)).toHtmlEscaped(), reason.toHtmlEscaped());
    html += row.arg(tr("HTTP status:"), r.httpStatus > 0 ? QString::number(r.httpStatus) : tr("none"));
    html += row.arg(tr("Received:"), received.toHtmlEscaped());
    html += row.arg(tr("Attempts:"), QString::number(r.attempts));
    return html + QStringLiteral("</table>");
}

void DetailPane::showAnswer(bool force)
{
    const CellResult &r = m_grid->result(m_cell);
    const QString &text = r.text;
    if (text.isEmpty()) {
        // Nothing to render: say why, rather than leave the "select a cell" placeholder.
        m_markdownTimer.stop();
        const QString report = showsFailureReport(r) ? failureReport(r) : QString();
        m_answer->setPlaceholderText(r.toolCalls.isEmpty() ? waitingText(r.status)
                                                            : tr("No answer text: the model called %n tool(s), shown above.", nullptr, int(r.toolCalls.size())));
        if (report.isEmpty() && !m_answer->document()->isEmpty())
            m_answer->clear();
        else if (!report.isEmpty() && (force || report != m_shownReport))
            m_answer->setHtml(report);
        m_shownReport = report;
        // Whatever arrives next (a retry) is rendered whole.
        m_shownCell = -1;
        m_shownLength = 0;
        m_shownTail.clear();
        return;
    }
    m_shownReport.clear();
    if (!m_rawToggle->isChecked()) {
        const bool sameCell = m_shownCell == m_cell && m_shownStartedAt == r.startedAt && m_shownAttempts == r.attempts;
        if (!force && sameCell && text.size() == m_shownLength)
            return;
        // While streaming, render at most every kMarkdownIntervalMs (longer if rendering is slow).
        const qint64 interval = std::max<qint64>(kMarkdownIntervalMs, 4 * m_markdownCostMs);
        if (!force && sameCell && !isFinalStatus(r.status) && m_markdownClock.isValid()
            && m_markdownClock.elapsed() < interval) {
            if (!m_markdownTimer.isActive())
                m_markdownTimer.start(int(interval - m_markdownClock.elapsed()));
            return;
        }
        m_markdownTimer.stop();
        QScrollBar *bar = m_answer->verticalScrollBar();
        const bool keepBottom = sameCell && bar->value() >= bar->maximum() - 4 && bar->maximum() > 0;
        const int oldValue = bar->value();
        QElapsedTimer cost;
        cost.start();
        AnswerMarkdown::render(m_answer->document(), text);
        m_markdownCostMs = cost.elapsed();
        m_markdownClock.restart();
        if (keepBottom)
            bar->setValue(bar->maximum());
        else if (sameCell)
            bar->setValue(oldValue);
        m_shownCell = m_cell;
        m_shownStartedAt = r.startedAt;
        m_shownAttempts = r.attempts;
        m_shownLength = text.size();
        m_shownTail.clear();
        return;
    }
    // Same cell, same attempt, and the text we show is still its prefix: append the rest.
    m_markdownTimer.stop();
    const bool sameStream = !force && m_shownCell == m_cell && m_shownStartedAt == r.startedAt
        && m_shownAttempts == r.attempts && text.size() >= m_shownLength
        && QStringView(text).mid(m_shownLength - m_shownTail.size(), m_shownTail.size()) == m_shownTail;
    if (sameStream && text.size() == m_shownLength)
        return;
    QScrollBar *bar = m_answer->verticalScrollBar();
    if (sameStream) {
        const bool atBottom = bar->value() >= bar->maximum() - 4;
        QTextCursor cursor(m_answer->document());
        cursor.movePosition(QTextCursor::End);
        cursor.insertText(text.mid(m_shownLength));
        if (atBottom)
            bar->setValue(bar->maximum());
    } else {
        m_answer->setPlainText(text);
    }
    m_shownCell = m_cell;
    m_shownStartedAt = r.startedAt;
    m_shownAttempts = r.attempts;
    m_shownLength = text.size();
    m_shownTail = text.right(kTailCheck);
}

QString DetailPane::toolCallsText(const QList<ToolCall> &calls)
{
    QStringList parts;
    for (const ToolCall &call : calls) {
        QJsonParseError error;
        const QJsonDocument arguments = QJsonDocument::fromJson(call.arguments.toUtf8(), &error);
        QString part = tr("%1 called %2").arg(QString::number(parts.size() + 1) + QLatin1Char('.'), call.name);
        if (!call.id.isEmpty())
            part += tr("  (id %1)").arg(call.id);
        part += QLatin1Char('\n');
        if (call.arguments.trimmed().isEmpty())
            part += tr("no arguments");
        else if (error.error == QJsonParseError::NoError)
            part += QString::fromUtf8(arguments.toJson(QJsonDocument::Indented)).trimmed();
        else
            part += tr("%1\n(the arguments are not valid JSON: %2)").arg(call.arguments, error.errorString());
        parts.append(part);
    }
    return parts.join(QStringLiteral("\n\n"));
}

void DetailPane::showToolCalls(const CellResult &result)
{
    m_toolCalls->setVisible(!result.toolCalls.isEmpty());
    const QString text = toolCallsText(result.toolCalls);
    if (m_toolCalls->toPlainText() != text)
        m_toolCalls->setPlainText(text);
}

void DetailPane::showReasoning()
{
    if (m_cell < 0 || !m_reasoning->isVisible())
        return;
    const QString &reasoning = m_grid->result(m_cell).reasoning;
    if (reasoning.size() == m_shownReasoningLength)
        return;
    m_reasoning->setPlainText(reasoning);
    m_shownReasoningLength = reasoning.size();
}

void DetailPane::showSentMessages(const CellSpec *spec)
{
    const bool conversation = spec && !spec->history.isEmpty();
    m_sentTitle->setVisible(conversation);
    m_sentMessages->setVisible(conversation);
    if (!conversation) {
        m_sentMessages->clear();
        return;
    }
    const QJsonArray messages = ChatTranscript::toJson(*spec);
    // The grid's mode, not the plan's: a follow-up turns a shared-transcript run into threads.
    const QString mode = conversationModeTitle(m_grid ? m_grid->mode() : spec->mode);
    m_sentTitle->setText(messages.size() == 1 ? tr("%1 · 1 message sent").arg(mode)
                                              : tr("%1 · %2 messages sent").arg(mode).arg(messages.size()));
    QStringList lines;
    for (const QJsonValue &value : messages) {
        const QJsonObject message = value.toObject();
        QString line = message.value(QLatin1String("role")).toString() + QStringLiteral(": ")
            + message.value(QLatin1String("content")).toString();
        const QJsonArray attachments = message.value(QLatin1String("attachments")).toArray();
        for (const QJsonValue &attachment : attachments)
            line += tr(" [%1]").arg(attachment.toObject().value(QLatin1String("name")).toString());
        lines.append(line);
    }
    m_sentMessages->setPlainText(lines.join(QStringLiteral("\n\n")));
}
