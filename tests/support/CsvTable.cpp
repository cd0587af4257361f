// SPDX-License-Identifier: MIT
#include "CsvTable.h"

#include "CsvReader.h"

#include <QFile>

QString CsvTable::at(int row, const char *column) const
{
    return rows.value(row).value(header.indexOf(QLatin1String(column)));
}

CsvTable CsvTable::parse(const QByteArray &bytes)
{
    CsvTable table;
    QList<QStringList> rows;
    if (!CsvReader::parse(bytes, &rows, &table.error))
        return table;
    if (rows.isEmpty()) {
        table.error = QStringLiteral("no header");
        return table;
    }
    table.header = rows.takeFirst();
    table.rows = rows;
    return table;
}

CsvTable CsvTable::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        CsvTable table;
        table.error = path + QStringLiteral(": ") + file.errorString();
        return table;
    }
    return parse(file.readAll());
}
