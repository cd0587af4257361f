// SPDX-License-Identifier: MIT
#include "CsvWriter.h"

#include "OutputFile.h"

#include <QIODevice>

namespace {
// Rows are handed to the device in blocks of about this size.
constexpr qsizetype kDeviceBlock = 256 * 1024;
} // namespace

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

CsvWriter::CsvWriter(Options options, QIODevice *device)
    : CsvWriter(options)
{
    m_device = device;
}

QString CsvWriter::escapeField(const QString &field, bool protectFormulas)
{
    QString value = field;
    if (protectFormulas && !value.isEmpty()) {
        const QChar first = field.front(); // not value.front(): that would copy the whole field
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
        const QByteArray field = escapeField(fields.at(i), m_options.protectFormulas).toUtf8();
        // A large field (a long answer) goes to the device as it is, not through the row buffer.
        if (m_device && field.size() >= kDeviceBlock) {
            flush();
            m_failed = m_failed || !OutputFile::writeAll(m_device, field);
            continue;
        }
        m_data.append(field);
    }
    m_data.append("\r\n");
    if (m_device && m_data.size() >= kDeviceBlock)
        flush();
}

bool CsvWriter::flush()
{
    if (!m_device || m_data.isEmpty())
        return !m_failed;
    if (!m_failed && !OutputFile::writeAll(m_device, m_data))
        m_failed = true;
    // Keep a block's worth of room; give back what one huge row needed.
    if (m_data.capacity() > 4 * kDeviceBlock)
        m_data = QByteArray();
    else
        m_data.resize(0);
    return !m_failed;
}

QByteArray CsvWriter::takeData()
{
    return std::exchange(m_data, QByteArray());
}
