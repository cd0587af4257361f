// SPDX-License-Identifier: MIT
#include "InputFile.h"

#include <QDir>
#include <QFile>

std::optional<QByteArray> InputFile::readAll(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = located(path, file.errorString());
        return std::nullopt;
    }
    QByteArray bytes = file.readAll();
    if (file.error() != QFileDevice::NoError) {
        *error = located(path, file.errorString());
        return std::nullopt;
    }
    return bytes;
}

QString InputFile::located(const QString &path, const QString &problem)
{
    return QStringLiteral("%1: %2").arg(QDir::toNativeSeparators(path), problem);
}
