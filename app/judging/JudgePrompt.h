// SPDX-License-Identifier: MIT
#pragma once

#include "ChatMessage.h"
#include "JudgeRubric.h"
#include "OutputFormat.h"

#include <QList>
#include <QString>

/// What the judge is shown of one graded row: the system prompt and conversation the answer
/// was given to, the prompt, and the reference answer when the rubric names a reference column.
struct JudgeContext {
    QString system;
    QList<ChatMessage> history;
    QString prompt;
    QString reference; ///< empty: no reference answer
    /// The files the graded model was sent (the conversation's, then the prompt's): named in the
    /// judge's prompt and sent with its request, so the judge sees what the model saw.
    QList<Attachment> attachments;
};

/// One request to the judge model: its instructions (system), the text it grades (prompt) and
/// the answer shape it is asked for.
struct JudgeQuestion {
    QString system;
    QString prompt;
    OutputFormat format;
    QList<Attachment> attachments; ///< sent with the prompt (JudgeContext::attachments)
};

/// Builds the judge's requests. Every part of the graded exchange is quoted between tags of its
/// own (<prompt>, <answer>, ...), so an answer that itself gives instructions stays quoted text;
/// the reply asked for is one strict JSON object, also sent as a JSON Schema (structured output)
/// so that providers that support it enforce the shape. JudgeVerdictParser still reads prose.
class JudgePrompt
{
public:
    /// The schema names the judge requests carry (OutputFormat::name); the Demo provider
    /// recognises a judge request by them.
    static QString gradeSchemaName();
    static QString pairwiseSchemaName();

    /// Asks for {"score": number on the rubric's scale, "reason": "..."} about \a answer.
    static JudgeQuestion grade(const JudgeRubric &rubric, const JudgeContext &context, const QString &answer);
    /// Asks which of \a answerA and \a answerB (labelled A and B) is better:
    /// {"winner": "A" | "B" | "tie", "reason": "..."}.
    static JudgeQuestion pairwise(const JudgeRubric &rubric, const JudgeContext &context, const QString &answerA,
                                  const QString &answerB);
    /// "1-10", "0-100", "1-5.5".
    static QString scaleText(double scaleMin, double scaleMax);
};
