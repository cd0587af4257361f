// SPDX-License-Identifier: MIT
#pragma once

#include "CellStatus.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QPointer>
#include <QTimer>
#include <QString>
#include <QWidget>

class JudgingState;
class QCheckBox;
class QGridLayout;
class QLabel;
class QPlainTextEdit;
class QTextBrowser;
class QToolButton;
class ResultGrid;
class ThreadView;
struct CellSpec;
struct CellResult;

/// The selected cell in full: answer, reasoning, error and every metric. Refreshing while the
/// cell streams appends only the new text instead of resetting the document.
class DetailPane : public QWidget
{
    Q_OBJECT
public:
    explicit DetailPane(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Shows the grid's cell \a cell (-1 clears the pane).
    void setCell(int cell);
    int cell() const { return m_cell; }
    /// Re-reads the shown cell from the grid.
    void refresh();

    QTextBrowser *answerView() const { return m_answer; }
    /// Every sample of the shown cell's prompt and model, when the run has more than one:
    /// each sample's status, latency, first token and length, the spread, then the answers.
    QTextBrowser *samplesView() const { return m_samples; }
    QPlainTextEdit *reasoningView() const { return m_reasoning; }
    /// The tool calls of the shown cell, each its name and pretty-printed arguments; hidden
    /// when the answer has none.
    QPlainTextEdit *toolCallsView() const { return m_toolCalls; }
    /// What toolCallsView() shows for \a calls.
    static QString toolCallsText(const QList<struct ToolCall> &calls);
    /// The shown cell's own thread, turn by turn with each turn's metrics (Own thread mode).
    ThreadView *threadView() const { return m_thread; }
    /// What the model saw, for a conversation's cell: the mode and the exact message list
    /// sent (system prompt, history, prompt); hidden for a single prompt.
    QPlainTextEdit *sentMessagesView() const { return m_sentMessages; }
    QLabel *sentMessagesTitle() const { return m_sentTitle; }
    QToolButton *reasoningToggle() const { return m_reasoningToggle; }
    QCheckBox *rawToggle() const { return m_rawToggle; }
    /// Markdown rendering (the default) or the raw text as the model sent it.
    void setRawText(bool raw);
    bool isRawText() const;
    /// The value shown for a metric, by its key ("status", "ttft", "tokens", ...); for tests.
    QString metricText(const QString &key) const;
    /// The shown answer's validation against its schema and tools: "Valid: ..." or "Invalid:
    /// <the first error in full>"; hidden when the cell asks for no JSON and calls no tool.
    QLabel *validationLabel() const { return m_validation; }
    /// Takes the judge model's grades from \a state (kept apart from the person's rating).
    void setJudging(const JudgingState *state);
    /// The shown cell's judge grade: score and scale, reason, judge model and the judge's cost,
    /// or the judge error; hidden when no judge graded the cell.
    QLabel *judgeLabel() const { return m_judge; }
    /// The judge's whole answer, behind judgeToggle().
    QPlainTextEdit *judgeAnswerView() const { return m_judgeAnswer; }
    QToolButton *judgeToggle() const { return m_judgeToggle; }
    /// What the answer view says when no cell is selected.
    static QString noCellText();
    /// What it says while \a status has no text yet (empty once the cell has failed).
    static QString waitingText(CellStatus status);


private:
    // A finished cell without an answer shows why in the answer view: its reason, HTTP status,
    // what was received and the attempts.
    static bool showsFailureReport(const CellResult &result);
    static QString failureReport(const CellResult &result);
    void showAnswer(bool force);
    void showReasoning();
    void showToolCalls(const CellResult &result);
    void showSamples();
    void showSentMessages(const CellSpec *spec);
    void showValidation(const CellSpec &spec, const CellResult &result);
    void showJudge();
    QLabel *addMetric(QGridLayout *grid, int index, const QString &key, const QString &label);

    const ResultGrid *m_grid;
    int m_cell = -1;
    QLabel *m_title;
    QLabel *m_prompt;
    QLabel *m_sentTitle;
    QPlainTextEdit *m_sentMessages;
    QLabel *m_attachments;
    QLabel *m_error;
    QLabel *m_validation;
    QPointer<const JudgingState> m_judging;
    QLabel *m_judge;
    QToolButton *m_judgeToggle;
    QPlainTextEdit *m_judgeAnswer;
    QTextBrowser *m_answer;
    QToolButton *m_reasoningToggle;
    QPlainTextEdit *m_reasoning;
    QCheckBox *m_rawToggle;
    QPlainTextEdit *m_toolCalls;
    QTextBrowser *m_samples;
    ThreadView *m_thread;
    // The samples view is rebuilt whole, so while samples stream it is redone a few times a second.
    QTimer m_samplesTimer;
    QString m_samplesKey;
    // Markdown is re-rendered whole, so while a cell streams it is redone a few times a second.
    QTimer m_markdownTimer;
    QElapsedTimer m_markdownClock;
    qint64 m_markdownCostMs = 0;
    QHash<QString, QLabel *> m_metrics;
    // What the answer view holds, to append instead of re-setting while a cell streams.
    int m_shownCell = -1;
    QDateTime m_shownStartedAt;
    int m_shownAttempts = -1;
    qsizetype m_shownLength = 0;
    QString m_shownTail;
    QString m_shownReport;
    qsizetype m_shownReasoningLength = -1;
};
