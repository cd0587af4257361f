// SPDX-License-Identifier: MIT
#include "PromptImport.h"

#include "CsvReader.h"
#include "TextCodec.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

QStringList PromptImport::splitPrompts(QString text)
{
    static const QRegularExpression separator(QStringLiteral("(?:^|\\r?\\n)[ \\t]*---[ \\t]*(?=\\r?\\n|$)"));
    QStringList prompts;
    // One prompt (a big file is usually one): trimmed in place, so the caller's text becomes
    // the prompt without a copy.
    if (!text.contains(separator)) {
        text = std::move(text).trimmed();
        if (!text.isEmpty())
            prompts.append(text);
        return prompts;
    }
    // Views, trimmed as views: each prompt is copied once, not three times (a 200 MB prompt).
    for (const QStringView part : QStringView(text).split(separator)) {
        const QStringView prompt = part.trimmed();
        if (!prompt.isEmpty())
            prompts.append(prompt.toString());
    }
    return prompts;
}

bool PromptImport::fromCsv(const QByteArray &data, QStringList *prompts, QString *error)
{
    QList<QStringList> rows;
    if (!CsvReader::parse(data, &rows, error))
        return false;
    if (rows.isEmpty()) {
        *error = QStringLiteral("the CSV file is empty");
        return false;
    }
    const qsizetype column = rows.first().indexOf(QStringLiteral("prompt"));
    if (column < 0) {
        *error = QStringLiteral("the CSV file has no \"prompt\" column in its header row");
        return false;
    }
    for (qsizetype i = 1; i < rows.size(); ++i) {
        const QString prompt = rows.at(i).value(column).trimmed();
        if (!prompt.isEmpty())
            prompts->append(prompt);
    }
    return true;
}

bool PromptImport::fromJsonl(const QByteArray &data, QStringList *prompts, QString *error)
{
    QString text;
    if (!TextCodec::decode(data, &text, error))
        return false;
    int lineNumber = 0;
    for (const QStringView line : QStringView(text).split(QLatin1Char('\n'))) {
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        const QJsonDocument doc = QJsonDocument::fromJson(line.toUtf8());
        const QJsonValue prompt = doc.object().value(QLatin1String("prompt"));
        if (!doc.isObject() || !prompt.isString()) {
            *error = QStringLiteral("line %1: expected an object with a string \"prompt\"").arg(lineNumber);
            return false;
        }
        prompts->append(prompt.toString());
    }
    return true;
}

bool PromptImport::fromFile(const QString &path, QStringList *prompts, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read %1: %2").arg(path, file.errorString());
        return false;
    }
    const QByteArray data = file.readAll();
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool ok = true;
    QString text;
    if (suffix == QLatin1String("csv"))
        ok = fromCsv(data, prompts, error);
    else if (suffix == QLatin1String("jsonl"))
        ok = fromJsonl(data, prompts, error);
    else if ((ok = TextCodec::decode(data, &text, error)))
        prompts->append(splitPrompts(text));
    if (!ok)
        *error = path + QStringLiteral(": ") + *error;
    else if (prompts->isEmpty()) {
        *error = path + QStringLiteral(": no prompts found");
        ok = false;
    }
    return ok;
}
