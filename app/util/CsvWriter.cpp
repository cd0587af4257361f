// SPDX-License-Identifier: MIT
#include "CsvWriter.h"

#include "OutputFile.h"
#include "TextCodec.h"

#include <QIODevice>

#include <algorithm>

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
        // A large field (a long answer) is escaped and converted piece by piece straight to the
        // device: no copy of it, which under memory pressure is what lets the CSV be written.
        if (m_device && fields.at(i).size() >= kDeviceBlock) {
            flush();
            m_failed = m_failed || !writeLargeField(fields.at(i));
            continue;
        }
        m_data.append(TextCodec::toUtf8(escapeField(fields.at(i), m_options.protectFormulas)));
    }
    m_data.append("\r\n");
    if (m_device && m_data.size() >= kDeviceBlock)
        flush();
}

bool CsvWriter::writeLargeField(const QString &field)
{
    // The same bytes as escapeField(field).toUtf8().
    const QChar first = field.front();
    const bool guard = m_options.protectFormulas
        && (first == QLatin1Char('=') || first == QLatin1Char('+') || first == QLatin1Char('-')
            || first == QLatin1Char('@') || first == QLatin1Char('\t') || first == QLatin1Char('\r'));
    const bool quoted = field.contains(QLatin1Char(',')) || field.contains(QLatin1Char('"'))
        || field.contains(QLatin1Char('\r')) || field.contains(QLatin1Char('\n'));
    if ((quoted && !OutputFile::writeAll(m_device, "\"")) || (guard && !OutputFile::writeAll(m_device, "'")))
        return false;
    constexpr qsizetype kPiece = 64 * 1024;
    for (qsizetype from = 0; from < field.size();) {
        qsizetype length = std::min(kPiece, field.size() - from);
        // Never split a surrogate pair between two pieces.
        if (from + length < field.size() && field.at(from + length - 1).isHighSurrogate())
            --length;
        QString piece = QStringView(field).sliced(from, length).toString();
        if (quoted)
            piece.replace(QLatin1Char('"'), QLatin1String("\"\""));
        if (!OutputFile::writeAll(m_device, TextCodec::toUtf8(piece)))
            return false;
        from += length;
    }
    return !quoted || OutputFile::writeAll(m_device, "\"");
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
