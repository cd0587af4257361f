// SPDX-License-Identifier: MIT
#include "CsvWriter.h"

#include "TextCodec.h"

CsvWriter::CsvWriter()
    : CsvWriter(Options())
{
}

CsvWriter::CsvWriter(Options options)
    : m_options(options)
{
    if (m_options.byteOrderMark)
        m_data.append("\xEF\xBB\xBF");
}

QString CsvWriter::escapeField(const QString &field, bool protectFormulas)
{
    QString value = field;
    if (protectFormulas && !value.isEmpty()) {
        const QChar first = value.front();
        if (first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-')
            || first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r'))
            value.prepend(QLatin1Char('\''));
    }
    const bool needsQuotes = value.contains(QLatin1Char(',')) || value.contains(QLatin1Char('"'))
        || value.contains(QLatin1Char('\r')) || value.contains(QLatin1Char('\n'));
    if (!needsQuotes)
        return value;
    value.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + value + QLatin1Char('"');
}

void CsvWriter::addRow(const QStringList &fields)
{
    for (qsizetype i = 0; i < fields.size(); ++i) {
        if (i > 0)
            m_data.append(',');
        m_data.append(TextCodec::toUtf8(escapeField(fields.at(i), m_options.protectFormulas)));
    }
    m_data.append("\r\n");
}

QByteArray CsvWriter::takeData()
{
    return std::exchange(m_data, QByteArray());
}
