// SPDX-License-Identifier: MIT
// CsvWriter -> CsvReader must give back exactly the fields that were written.
// Input: fields separated by 0x00, rows by 0x01; the first byte holds the writer options.
#include "CsvReader.h"
#include "CsvWriter.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    CsvWriter::Options options;
    options.byteOrderMark = data[0] & 1;
    const QByteArray input(reinterpret_cast<const char *>(data + 1), qsizetype(size - 1));
    QList<QStringList> rows;
    for (const QByteArray &row : input.split('\x01')) {
        QStringList fields;
        for (const QByteArray &field : row.split('\0'))
            fields.append(QString::fromUtf8(field));
        rows.append(fields);
    }
    CsvWriter writer(options);
    for (const QStringList &row : rows)
        writer.addRow(row);
    QList<QStringList> back;
    QString error;
    if (!CsvReader::parse(writer.data(), &back, &error))
        std::abort();
    if (back != rows)
        std::abort();
    return 0;
}
