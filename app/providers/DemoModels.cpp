// SPDX-License-Identifier: MIT
#include "DemoModels.h"

#include <QCryptographicHash>
#include <QRegularExpression>

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
