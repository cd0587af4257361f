// SPDX-License-Identifier: MIT
#include "OutputFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTemporaryFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
/// The descriptor a path names directly (/dev/stdout, /dev/fd/3, /proc/self/fd/3), or -1.
/// Written through the descriptor itself: reopening /proc/self/fd/1 fails for a socket.
int namedDescriptor(const QString &path)
{
    if (path == QLatin1String("/dev/stdout"))
        return STDOUT_FILENO;
    if (path == QLatin1String("/dev/stderr"))
        return STDERR_FILENO;
    static const QRegularExpression pattern(QStringLiteral("^(?:/dev/fd|/proc/self/fd)/(\\d{1,6})$"));
    const QRegularExpressionMatch match = pattern.match(path);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

QString systemError(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

constexpr qint64 kProbeBytes = 64 * 1024;
} // namespace

OutputFile::OutputFile(const QString &path)
    : m_path(path)
    , m_inPlace(writesInPlace(path))
{
}

OutputFile::~OutputFile()
{
    cancel();
}

bool OutputFile::writesInPlace(const QString &path)
{
    if (namedDescriptor(path) >= 0)
        return true;
    struct stat info = {};
    // stat() follows links: a link to a device is written in place too.
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 && !S_ISREG(info.st_mode) && !S_ISDIR(info.st_mode);
}

bool OutputFile::open(QString *error)
{
    cancel();
    if (!m_inPlace) {
        m_saveFile = std::make_unique<QSaveFile>(m_path);
        if (!m_saveFile->open(QIODevice::WriteOnly)) {
            *error = QStringLiteral("cannot write %1: %2").arg(m_path, m_saveFile->errorString());
            m_saveFile.reset();
            return false;
        }
        return true;
    }
    m_file = std::make_unique<QFile>(m_path);
    const int descriptor = namedDescriptor(m_path);
    // A descriptor is written where it stands (after what a shell redirection already wrote);
    // truncating a device or a pipe by name does nothing.
    const bool opened = descriptor >= 0 ? m_file->open(descriptor, QIODevice::WriteOnly, QFileDevice::DontCloseHandle)
                                        : m_file->open(QIODevice::WriteOnly);
    if (!opened) {
        *error = QStringLiteral("cannot write %1: %2").arg(m_path, m_file->errorString());
        m_file.reset();
        return false;
    }
    return true;
}

QIODevice *OutputFile::device() const
{
    if (m_saveFile)
        return m_saveFile.get();
    return m_file.get();
}

QString OutputFile::errorString() const
{
    const QFileDevice *file = m_saveFile ? static_cast<const QFileDevice *>(m_saveFile.get()) : m_file.get();
    return file ? file->errorString() : QString();
}

bool OutputFile::writeAll(QIODevice *device, QByteArrayView data)
{
    qsizetype done = 0;
    while (done < data.size()) {
        const qint64 written = device->write(data.data() + done, data.size() - done);
        if (written <= 0)
            return false;
        done += qsizetype(written);
    }
    return true;
}

bool OutputFile::commit(QString *error)
{
    if (m_saveFile) {
        const bool ok = m_saveFile->commit();
        if (!ok)
            *error = QStringLiteral("cannot write %1: %2").arg(m_path, errorString());
        m_saveFile.reset();
        return ok;
    }
    if (!m_file) {
        *error = QStringLiteral("cannot write %1: not open").arg(m_path);
        return false;
    }
    const bool ok = m_file->flush() && m_file->error() == QFileDevice::NoError;
    if (!ok)
        *error = QStringLiteral("cannot write %1: %2").arg(m_path, errorString());
    m_file->close();
    m_file.reset();
    return ok;
}

void OutputFile::cancel()
{
    if (m_saveFile)
        m_saveFile->cancelWriting();
    m_saveFile.reset();
    m_file.reset();
}

bool OutputFile::checkWritable(const QString &path, QString *error)
{
    if (path.isEmpty()) {
        *error = QStringLiteral("the file name is empty");
        return false;
    }
    const int descriptor = namedDescriptor(path);
    if (descriptor >= 0) {
        const int flags = ::fcntl(descriptor, F_GETFL);
        if (flags < 0 || (flags & O_ACCMODE) == O_RDONLY) {
            *error = QStringLiteral("cannot write %1: %2").arg(path, flags < 0 ? systemError(errno) : QStringLiteral("not open for writing"));
            return false;
        }
        return true;
    }
    const QByteArray encoded = QFile::encodeName(path);
    struct stat info = {};
    if (::stat(encoded.constData(), &info) == 0) {
        if (S_ISDIR(info.st_mode)) {
            *error = QStringLiteral("%1 is a directory").arg(path);
            return false;
        }
        if (!S_ISREG(info.st_mode)) {
            // A device or a pipe: nothing is written before the end, so only the permission.
            if (::access(encoded.constData(), W_OK) != 0) {
                *error = QStringLiteral("cannot write %1: %2").arg(path, systemError(errno));
                return false;
            }
            return true;
        }
    }
    const QString folder = QFileInfo(path).absolutePath();
    const QFileInfo folderInfo(folder);
    if (!folderInfo.exists()) {
        *error = QStringLiteral("cannot write %1: the folder %2 does not exist").arg(path, QDir::toNativeSeparators(folder));
        return false;
    }
    if (!folderInfo.isDir()) {
        *error = QStringLiteral("cannot write %1: %2 is not a folder").arg(path, QDir::toNativeSeparators(folder));
        return false;
    }
    // A probe where QSaveFile will put its temporary file: permissions, a read-only mount and
    // a full disk all show here, before anything is sent.
    QTemporaryFile probe(QDir(folder).filePath(QStringLiteral(".promptgrid-probe-XXXXXX")));
    if (!probe.open()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, probe.errorString());
        return false;
    }
    const QByteArray block(kProbeBytes, '\0');
    if (probe.write(block) != block.size() || !probe.flush()) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, probe.errorString());
        return false;
    }
    return true;
}

bool OutputFile::writeFile(const QString &path, QByteArrayView data, QString *error)
{
    OutputFile file(path);
    if (!file.open(error))
        return false;
    if (!writeAll(file.device(), data)) {
        *error = QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        file.cancel(); // the old file stays as it was
        return false;
    }
    return file.commit(error);
}
