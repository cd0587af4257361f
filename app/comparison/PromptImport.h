// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

/// Reads prompts from pasted text and from files.
class PromptImport
{
public:
    /// Splits on lines holding only "---"; trims each prompt and drops empty ones.
    static QStringList splitPrompts(QString text);
    /// .txt (--- separated), .csv (a "prompt" column) or .jsonl ({"prompt": ...} per line), in
    /// UTF-8 or UTF-16 with a byte-order mark (TextCodec::decode); a file that is not text is
    /// refused, the error naming it.
    static bool fromFile(const QString &path, QStringList *prompts, QString *error);
    static bool fromCsv(const QByteArray &data, QStringList *prompts, QString *error);
    static bool fromJsonl(const QByteArray &data, QStringList *prompts, QString *error);
};
