// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class QIODevice;

/// RFC 4180 CSV: CRLF row ends; fields holding a comma, quote, CR or LF are quoted, with
/// quotes doubled. Output is UTF-8.
class CsvWriter
{
public:
    struct Options {
        bool byteOrderMark = false;
        /// OWASP: a field starting with = + - @ tab or CR gets a leading ' so that spreadsheets
        /// do not run it as a formula.
        bool protectFormulas = false;
    };

    explicit CsvWriter(Options options);
    CsvWriter();
    /// Streams the rows to \a device instead of keeping them: memory stays at about one row.
    CsvWriter(Options options, QIODevice *device);

    void addRow(const QStringList &fields);
    const QByteArray &data() const { return m_data; }
    QByteArray takeData();
    /// Writes what is buffered to the device; false when a write failed.
    bool flush();

    static QString escapeField(const QString &field, bool protectFormulas = false);

private:
    bool writeLargeField(const QString &field);

    Options m_options;
    QByteArray m_data;
    QIODevice *m_device = nullptr;
    bool m_failed = false;
};
