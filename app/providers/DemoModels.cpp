// SPDX-License-Identifier: MIT
#include "DemoModels.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

namespace {
const QStringList kNames{QStringLiteral("echo"), QStringLiteral("slow"), QStringLiteral("verbose"),
                         QStringLiteral("fast")};

QStringList words(const QString &text)
{
    static const QRegularExpression whitespace(QStringLiteral("\\s+"));
    return text.split(whitespace, Qt::SkipEmptyParts);
}

// Splits into word-sized chunks that keep their separating space, as real token streams do.
QStringList toChunks(const QString &text)
{
    QStringList chunks;
    qsizetype start = 0;
    for (qsizetype i = 1; i <= text.size(); ++i) {
        if (i == text.size() || text.at(i) == QLatin1Char(' ') || text.at(i) == QLatin1Char('\n')) {
            chunks.append(text.mid(start, i - start));
            start = i;
        }
    }
    return chunks;
}

QString verboseAnswer(const QString &prompt)
{
    const QStringList promptWords = words(prompt);
    const QByteArray digest = QCryptographicHash::hash(prompt.toUtf8(), QCryptographicHash::Sha1);
    static const QStringList openers{
        QStringLiteral("Let us look at this carefully."), QStringLiteral("Here is a structured answer."),
        QStringLiteral("There are several angles to consider."), QStringLiteral("A short overview first.")};
    static const QStringList points{
        QStringLiteral("the context matters more than the wording"),
        QStringLiteral("small examples make the idea concrete"),
        QStringLiteral("edge cases deserve a second look"),
        QStringLiteral("measure before you optimise"),
        QStringLiteral("clear names save time later"),
        QStringLiteral("each step should be easy to undo")};
    QString text = QStringLiteral("## %1\n\n%2 You asked about **%3**.\n\n")
                       .arg(promptWords.value(0, QStringLiteral("Answer")),
                            openers.at(quint8(digest.at(0)) % openers.size()),
                            promptWords.mid(0, 6).join(QLatin1Char(' ')));
    for (int i = 0; i < 4; ++i)
        text += QStringLiteral("- Point %1: %2.\n").arg(i + 1).arg(points.at(quint8(digest.at(i + 1)) % points.size()));
    text += QStringLiteral("\nIn short: %1 words in, a considered answer out.\n").arg(promptWords.size());
    return text;
}
/// The text between the last <tag> and </tag> of \a prompt (JudgePrompt quotes each part so).
QString quotedPart(const QString &prompt, const QString &tag)
{
    const QString open = QLatin1Char('<') + tag + QStringLiteral(">\n");
    const qsizetype start = prompt.lastIndexOf(open);
    if (start < 0)
        return {};
    const qsizetype end = prompt.indexOf(QStringLiteral("\n</") + tag + QLatin1Char('>'), start);
    return end < 0 ? QString() : prompt.mid(start + open.size(), end - start - open.size());
}

/// A judge request (JudgePrompt's schema names): the offline demo has no judgement of its own,
/// so it gives a verdict that follows from the answers' text and says it is the demo's.
std::optional<QString> demoJudgeAnswer(const CellSpec &spec)
{
    const QString name = spec.outputFormat.name;
    const QString demo = QStringLiteral("Demo judge (offline, not a real judgement): ");
    if (name == QLatin1String("judge_grade")) {
        const QString answer = quotedPart(spec.prompt, QStringLiteral("answer"));
        static const QRegularExpression range(QStringLiteral("from (-?[0-9.]+) to (-?[0-9.]+)"));
        const QRegularExpressionMatch match = range.match(spec.outputFormat.schema.value(QLatin1String("properties"))
                                                              .toObject().value(QLatin1String("score")).toObject()
                                                              .value(QLatin1String("description")).toString());
        const double low = match.hasMatch() ? match.captured(1).toDouble() : 1;
        const double high = match.hasMatch() ? match.captured(2).toDouble() : 10;
        const QByteArray digest = QCryptographicHash::hash(answer.toUtf8(), QCryptographicHash::Sha1);
        const int steps = std::max(0, int(high - low));
        const double score = std::min(high, low + quint8(digest.at(0)) % (steps + 1));
        const QJsonObject verdict{{QStringLiteral("score"), score},
                                  {QStringLiteral("reason"), demo + QStringLiteral("the answer has %1 words.").arg(words(answer).size())}};
        return QString::fromUtf8(QJsonDocument(verdict).toJson(QJsonDocument::Compact));
    }
    if (name == QLatin1String("judge_pairwise")) {
        const qsizetype a = words(quotedPart(spec.prompt, QStringLiteral("answer_a"))).size();
        const qsizetype b = words(quotedPart(spec.prompt, QStringLiteral("answer_b"))).size();
        const QJsonObject verdict{{QStringLiteral("winner"), a > b ? QStringLiteral("A") : b > a ? QStringLiteral("B") : QStringLiteral("tie")},
                                  {QStringLiteral("reason"), demo + QStringLiteral("the longer answer wins (A has %1 words, B %2).").arg(a).arg(b)}};
        return QString::fromUtf8(QJsonDocument(verdict).toJson(QJsonDocument::Compact));
    }
    return std::nullopt;
}
} // namespace

QStringList DemoModels::names()
{
    return kNames;
}

bool DemoModels::isKnown(const QString &model)
{
    return kNames.contains(model);
}

DemoScript DemoModels::script(const QString &model, const QString &system, const QString &prompt,
                              const QStringList &earlier)
{
    DemoScript script;
    script.inputTokens = words(system).size() + words(prompt).size();
    for (const QString &message : earlier)
        script.inputTokens += words(message).size();
    if (model == QLatin1String("verbose")) {
        script.chunks = toChunks(verboseAnswer(prompt));
        script.intervalMs = 15;
    } else if (model == QLatin1String("slow")) {
        script.chunks = toChunks(QStringLiteral("You said: ") + prompt);
        script.intervalMs = 150;
    } else if (model == QLatin1String("fast")) {
        // Fifty small chunks a second: the load the window benchmark streams.
        script.chunks = toChunks(QStringLiteral("You said: ") + prompt);
        script.intervalMs = 20;
    } else {
        script.chunks = toChunks(QStringLiteral("You said: ") + prompt);
        script.intervalMs = 30;
    }
    return script;
}

QJsonValue DemoModels::sampleValue(const QJsonObject &schema, const QStringList &words, int depth)
{
    if (schema.contains(QLatin1String("const")))
        return schema.value(QLatin1String("const"));
    const QJsonArray choices = schema.value(QLatin1String("enum")).toArray();
    if (!choices.isEmpty())
        return choices.first();
    QJsonValue type = schema.value(QLatin1String("type"));
    if (type.isArray()) // ["string", "null"]: the first type
        type = type.toArray().first();
    const QString name = type.toString(schema.contains(QLatin1String("properties")) ? QStringLiteral("object") : QStringLiteral("string"));
    if (depth > 8)
        return QJsonValue::Null;
    if (name == QLatin1String("object")) {
        QJsonObject object;
        const QJsonObject properties = schema.value(QLatin1String("properties")).toObject();
        int i = 0;
        for (auto it = properties.begin(); it != properties.end(); ++it, ++i)
            object.insert(it.key(), sampleValue(it.value().toObject(), words.mid(i), depth + 1));
        return object;
    }
    if (name == QLatin1String("array"))
        return QJsonArray{sampleValue(schema.value(QLatin1String("items")).toObject(), words, depth + 1)};
    if (name == QLatin1String("integer"))
        return std::max(1, int(schema.value(QLatin1String("minimum")).toDouble(1)));
    if (name == QLatin1String("number"))
        return std::max(1.5, schema.value(QLatin1String("minimum")).toDouble(1.5));
    if (name == QLatin1String("boolean"))
        return true;
    if (name == QLatin1String("null"))
        return QJsonValue::Null;
    return words.value(0, QStringLiteral("example"));
}

DemoScript DemoModels::script(const CellSpec &spec)
{
    QStringList earlier;
    for (const ChatMessage &message : spec.history)
        earlier.append(message.text);
    DemoScript demo = script(spec.model.model, spec.system, spec.prompt, earlier);
    const QStringList promptWords = words(spec.prompt);
    if (!spec.tools.isEmpty() && spec.toolChoice.mode != ToolChoice::Mode::None) {
        ToolDefinition tool = spec.tools.first();
        for (const ToolDefinition &candidate : spec.tools) {
            if (spec.toolChoice.mode == ToolChoice::Mode::Named && candidate.name == spec.toolChoice.name)
                tool = candidate;
        }
        const QJsonValue arguments = sampleValue(tool.parameters.isEmpty() ? QJsonObject{{QStringLiteral("type"), QStringLiteral("object")}} : tool.parameters,
                                                 promptWords);
        demo.toolCalls = {ToolCall{QStringLiteral("demo_call_1"), tool.name,
                                   QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))}};
        demo.chunks.clear();
        return demo;
    }
    if (spec.outputFormat.kind == OutputFormat::Kind::JsonObject) {
        demo.chunks = toChunks(QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("answer"), demo.chunks.join(QString())}}).toJson(QJsonDocument::Compact)));
    } else if (const std::optional<QString> verdict = spec.outputFormat.kind == OutputFormat::Kind::JsonSchema
                                                          ? demoJudgeAnswer(spec)
                                                          : std::nullopt) {
        QStringList chunks;
        for (const QString &piece : verdict->split(QLatin1Char(',')))
            chunks.append(chunks.isEmpty() ? piece : QStringLiteral(",") + piece);
        demo.chunks = chunks;
    } else if (spec.outputFormat.kind == OutputFormat::Kind::JsonSchema) {
        const QJsonValue value = sampleValue(spec.outputFormat.schema, promptWords);
        const QByteArray text = value.isObject() ? QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact)
            : value.isArray()                    ? QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact)
                                                 : QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact).chopped(1).mid(1);
        // Split at commas so that the answer streams in pieces.
        QStringList chunks;
        for (const QString &piece : QString::fromUtf8(text).split(QLatin1Char(',')))
            chunks.append(chunks.isEmpty() ? piece : QStringLiteral(",") + piece);
        // The chatty model talks before its JSON, as models without strict structured output
        // do: the window's validation then has something to say.
        if (spec.model.model == QLatin1String("verbose"))
            chunks.prepend(QStringLiteral("Here is the JSON you asked for: "));
        demo.chunks = chunks;
    }
    return demo;
}
