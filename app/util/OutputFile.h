// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArrayView>
#include <QString>

#include <memory>

class QFile;
class QIODevice;
class QSaveFile;

/// One file an export writes. A regular file (or one that does not exist yet) is written
/// atomically through QSaveFile: the old file or the new one, never half of one. Anything else
/// (a character device such as /dev/null or /dev/full, a named pipe, /dev/stdout) is written in
/// place: it is opened and written like a stream, never renamed over or replaced.
class OutputFile
{
public:
    explicit OutputFile(const QString &path);
    ~OutputFile(); ///< drops an uncommitted regular file, leaving the old one as it was
    OutputFile(const OutputFile &) = delete;
    OutputFile &operator=(const OutputFile &) = delete;

    bool open(QString *error);
    /// Valid between open() and commit()/cancel().
    QIODevice *device() const;
    /// Renames the finished file over the target, or flushes the device; false when any write
    /// failed (the message names the path and the cause, e.g. "No space left on device").
    bool commit(QString *error);
    void cancel();
    bool isWrittenInPlace() const { return m_inPlace; }
    /// Why the last write or commit failed, e.g. "No space left on device".
    QString errorString() const;

    /// Writes all of \a data, retrying after a short write so that the device reports the
    /// cause (a file system returns the bytes that fitted first, the error only on the next
    /// write). False when any byte could not be written.
    static bool writeAll(QIODevice *device, QByteArrayView data);
    /// Writes \a data to \a path: a regular file atomically (the old file or the new one, never
    /// half of one), a device or a pipe in place. False with \a error naming the path and cause.
    static bool writeFile(const QString &path, QByteArrayView data, QString *error);

    /// True when \a path exists and is not a regular file (devices, pipes, sockets), or is one of
    /// the process's own descriptors (/dev/stdout, /dev/fd/N, /proc/self/fd/N).
    static bool writesInPlace(const QString &path);
    /// Whether \a path can be written, checked before anything is sent: not a directory, its
    /// folder exists, and a probe file can be created and written there (which finds a missing
    /// permission, a read-only and a full file system). Writes nothing to devices and pipes.
    static bool checkWritable(const QString &path, QString *error);

private:

    QString m_path;
    bool m_inPlace = false;
    std::unique_ptr<QSaveFile> m_saveFile;
    std::unique_ptr<QFile> m_file;
};
