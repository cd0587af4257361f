// SPDX-License-Identifier: MIT
// The CLI's output files under hostile conditions, the real process against the in-process fake
// server: devices and pipes are written in place (never replaced), an output that is also an
// input or another output is refused before anything is sent, an unwritable output is found
// before the first request, and when the file system fails at the end the answers are kept
// (the JSON or a recovery file) with exit status 3.
#include "CliProcess.h"
#include "CsvReader.h"
#include "FakeLlmServer.h"
#include "FaultRun.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <fcntl.h>
#include <memory>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

namespace {
QList<QStringList> parseCsv(const QByteArray &data)
{
    QList<QStringList> rows;
    QString error;
    if (!CsvReader::parse(data, &rows, &error))
        qWarning("CSV does not parse: %s", qPrintable(error));
    return rows;
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool isCharacterDevice(const QString &path, dev_t rdev)
{
    struct stat info = {};
    return ::lstat(QFile::encodeName(path).constData(), &info) == 0 && S_ISCHR(info.st_mode) && info.st_rdev == rdev;
}

/// The file named on stderr as "the answers are saved in PATH (...)".
QString recoveryPath(const QByteArray &err)
{
    static const QRegularExpression pattern(QStringLiteral("the answers are saved in (\\S+) \\("));
    return pattern.match(QString::fromUtf8(err)).captured(1);
}

/// A small tmpfs mounted for one test (root only), unmounted when it goes.
class TmpfsMount
{
public:
    TmpfsMount(const QString &target, unsigned long flags, const QByteArray &options)
        : m_target(QFile::encodeName(target))
    {
        QDir().mkpath(target);
        m_mounted = ::mount("tmpfs", m_target.constData(), "tmpfs", flags, options.constData()) == 0;
        if (!m_mounted)
            m_error = QString::fromLocal8Bit(strerror(errno));
    }
    ~TmpfsMount()
    {
        if (m_mounted)
            ::umount2(m_target.constData(), MNT_DETACH);
    }
    bool isMounted() const { return m_mounted; }
    QString error() const { return m_error; }

private:
    QByteArray m_target;
    bool m_mounted = false;
    QString m_error;
};
} // namespace

class TestCliOutputs : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    FakeLlmServer *m_server = nullptr;
    int m_case = 0;

    QString path(const QString &name) const { return m_dir.filePath(name); }
    /// A fresh folder per test, so that files from one case never satisfy another.
    QString caseDir()
    {
        const QString dir = path(QStringLiteral("case%1").arg(++m_case));
        QDir().mkpath(dir);
        return dir;
    }

    QString writeFile(const QString &file, const QByteArray &data)
    {
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
            qFatal("cannot write %s", qPrintable(file));
        out.write(data);
        return file;
    }

    QStringList localArguments(const QString &dir, const QStringList &prompts = {QStringLiteral("one"), QStringLiteral("two")})
    {
        QStringList arguments{QStringLiteral("--providers"),
                              CliProcess::writeProviders(QDir(dir).filePath(QStringLiteral("providers.json")), QStringLiteral("local"),
                                                         m_server->baseUrl(QStringLiteral("/v1")).toString()),
                              QStringLiteral("--model"), QStringLiteral("local/m"), QStringLiteral("--retries"), QStringLiteral("1")};
        for (const QString &prompt : prompts)
            arguments << QStringLiteral("--prompt") << prompt;
        return arguments;
    }

    CliProcess::Result runIn(const QString &dir, const QStringList &arguments)
    {
        return CliProcess::run(arguments, CliProcess::isolatedEnvironment(QDir(dir).filePath(QStringLiteral("home"))));
    }

    /// A node for the character device \a major:\a minor in \a dir when we may create one (as
    /// root), so that a bug replaces a private node and not the system's; else \a systemPath.
    static QString deviceNode(const QString &dir, const char *name, unsigned major, unsigned minor, const QString &systemPath)
    {
        const QString node = QDir(dir).filePath(QLatin1String(name));
        if (::mknod(QFile::encodeName(node).constData(), S_IFCHR | 0666, makedev(major, minor)) == 0) {
            const int fd = ::open(QFile::encodeName(node).constData(), O_WRONLY);
            if (fd >= 0) {
                ::close(fd);
                return node;
            }
            QFile::remove(node); // a nodev mount
        }
        return systemPath;
    }

    /// The two answers of localArguments(), checked in \a rows (header first).
    static void verifyAnswers(const QList<QStringList> &rows)
    {
        QCOMPARE(rows.size(), 3);
        QCOMPARE(rows.at(1).at(5), QStringLiteral("ok"));
        QCOMPARE(rows.at(1).at(6), QStringLiteral("answer to one"));
        QCOMPARE(rows.at(2).at(6), QStringLiteral("answer to two"));
    }

    static void verifyJsonAnswers(const QByteArray &json)
    {
        QJsonParseError parseError;
        const QJsonArray cells = QJsonDocument::fromJson(json, &parseError).object().value(QLatin1String("cells")).toArray();
        QVERIFY2(parseError.error == QJsonParseError::NoError, qPrintable(parseError.errorString()));
        QCOMPARE(cells.size(), 2);
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QCOMPARE(cells.at(0).toObject().value(QLatin1String("answer")).toString(), QStringLiteral("answer to one"));
        QCOMPARE(cells.at(1).toObject().value(QLatin1String("answer")).toString(), QStringLiteral("answer to two"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void init()
    {
        m_server = new FakeLlmServer(this);
        QVERIFY(m_server->listen());
        m_server->setHandler([](const RecordedRequest &request) {
            const QString prompt = FaultRun::promptOf(request);
            if (prompt.startsWith(QLatin1String("big"))) // 300 KB
                return FakeResponse::openAiStream(QStringList(30, QString(10'000, QLatin1Char('b'))));
            return FakeResponse::openAiStream({QStringLiteral("answer to "), prompt});
        });
    }

    void cleanup()
    {
        delete m_server;
        m_server = nullptr;
    }

    void devNullIsWrittenInPlace()
    {
        const QString dir = caseDir();
        const QString null = deviceNode(dir, "null", 1, 3, QStringLiteral("/dev/null"));
        const CliProcess::Result r = runIn(dir, localArguments(dir) << QStringLiteral("--out") << null);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(isCharacterDevice(null, makedev(1, 3)), "the device node was replaced");
        QCOMPARE(m_server->requestCount(), 2);
    }

    void devFullFailsAtTheEndAndKeepsTheAnswers()
    {
        const QString dir = caseDir();
        const QString full = deviceNode(dir, "full", 1, 7, QStringLiteral("/dev/full"));
        const CliProcess::Result r = runIn(dir, localArguments(dir) << QStringLiteral("--out") << full);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("No space left on device"), r.err.constData());
        QVERIFY2(isCharacterDevice(full, makedev(1, 7)), "the device node was replaced");
        // Nothing else was asked for, so the answers went to a recovery file named on stderr.
        const QString recovery = recoveryPath(r.err);
        QVERIFY2(recovery.startsWith(QDir(dir).filePath(QStringLiteral("home"))), r.err.constData());
        // In the window's data folder: XDG_DATA_HOME/PromptGrid, one level.
        QVERIFY2(recovery.startsWith(QDir(dir).filePath(QStringLiteral("home/data/PromptGrid/promptgrid-recovery-"))), r.err.constData());
        verifyJsonAnswers(readAll(recovery));
    }

    void devFullWithJsonKeepsTheAnswersThere()
    {
        const QString dir = caseDir();
        const QString full = deviceNode(dir, "full", 1, 7, QStringLiteral("/dev/full"));
        const QString json = QDir(dir).filePath(QStringLiteral("out.json"));
        const CliProcess::Result r = runIn(dir, localArguments(dir) << QStringLiteral("--out") << full << QStringLiteral("--json") << json);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains(QFile::encodeName(json)), r.err.constData());
        QVERIFY(recoveryPath(r.err).isEmpty());
        verifyJsonAnswers(readAll(json));
    }

    void namedPipeReceivesTheCsv()
    {
        const QString dir = caseDir();
        const QString fifo = QDir(dir).filePath(QStringLiteral("results.fifo"));
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QProcess reader;
        reader.start(QStringLiteral("cat"), {fifo});
        QVERIFY(reader.waitForStarted(5000));
        const CliProcess::Result r = runIn(dir, localArguments(dir) << QStringLiteral("--out") << fifo);
        QVERIFY(r.finished);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const bool readerDone = reader.state() == QProcess::NotRunning || reader.waitForFinished(5000);
        if (!readerDone)
            reader.kill();
        QVERIFY2(readerDone, "the reader never saw the end of the CSV");
        verifyAnswers(parseCsv(reader.readAllStandardOutput()));
        struct stat info = {};
        QCOMPARE(::lstat(QFile::encodeName(fifo).constData(), &info), 0);
        QVERIFY2(S_ISFIFO(info.st_mode), "the named pipe was replaced");
    }

    void stdoutReceivesTheCsv()
    {
        const QString dir = caseDir();
        const CliProcess::Result r = runIn(dir, localArguments(dir) << QStringLiteral("--out") << QStringLiteral("/dev/stdout"));
        QVERIFY2(r.exitCode == 0, r.err.constData());
        verifyAnswers(parseCsv(r.out));
    }

    void outputThatIsAnotherFileIsRefused_data()
    {
        // @X names a file in the case folder; "protected" must be unchanged afterwards (or, when
        // it did not exist, still not exist).
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("protectedFile");
        QTest::addColumn<QString>("flags");
        QTest::addRow("--out is --history") << QStringList{QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--history"),
                                                           QStringLiteral("@history.db"), QStringLiteral("--out"), QStringLiteral("@history.db")}
                                            << QStringLiteral("history.db") << QStringLiteral("--out and --history");
        QTest::addRow("--out is --prompts") << QStringList{QStringLiteral("--prompts"), QStringLiteral("@prompts.txt"),
                                                           QStringLiteral("--out"), QStringLiteral("@prompts.txt")}
                                            << QStringLiteral("prompts.txt") << QStringLiteral("--prompts");
        QTest::addRow("--out is --json") << QStringList{QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--out"),
                                                        QStringLiteral("@results"), QStringLiteral("--json"), QStringLiteral("@results")}
                                         << QStringLiteral("results") << QStringLiteral("--out and --json");
        QTest::addRow("--out is a link to --prompts")
            << QStringList{QStringLiteral("--prompts"), QStringLiteral("@prompts.txt"), QStringLiteral("--out"), QStringLiteral("@link.csv")}
            << QStringLiteral("prompts.txt") << QStringLiteral("--prompts");
        QTest::addRow("--markdown is a hard link to --vars")
            << QStringList{QStringLiteral("--prompt"), QStringLiteral("Hi {{name}}"), QStringLiteral("--vars"), QStringLiteral("@vars.csv"),
                           QStringLiteral("--out"), QStringLiteral("@out.csv"), QStringLiteral("--markdown"), QStringLiteral("@hard.md")}
            << QStringLiteral("vars.csv") << QStringLiteral("--vars");
        QTest::addRow("--jsonl is --providers") << QStringList{QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--out"),
                                                               QStringLiteral("@out.csv"), QStringLiteral("--jsonl"),
                                                               QStringLiteral("@providers.json")}
                                                << QStringLiteral("providers.json") << QStringLiteral("--providers");
    }

    void outputThatIsAnotherFileIsRefused()
    {
        QFETCH(QStringList, extra);
        QFETCH(QString, protectedFile);
        QFETCH(QString, flags);
        const QString dir = caseDir();
        const auto at = [&dir](const QString &name) { return QDir(dir).filePath(name); };
        writeFile(at(QStringLiteral("prompts.txt")), "first\n---\nsecond\n");
        writeFile(at(QStringLiteral("vars.csv")), "name\r\nAda\r\n");
        QVERIFY(QFile::link(at(QStringLiteral("prompts.txt")), at(QStringLiteral("link.csv"))));
        QCOMPARE(::link(QFile::encodeName(at(QStringLiteral("vars.csv"))).constData(),
                        QFile::encodeName(at(QStringLiteral("hard.md"))).constData()),
                 0);
        // A real history with a run in it.
        const CliProcess::Result first = runIn(dir, {QStringLiteral("--model"), QStringLiteral("demo/echo"), QStringLiteral("--prompt"),
                                                     QStringLiteral("keep me"), QStringLiteral("--history"), at(QStringLiteral("history.db")),
                                                     QStringLiteral("--out"), at(QStringLiteral("first.csv"))});
        QVERIFY2(first.exitCode == 0, first.err.constData());

        QStringList arguments = localArguments(dir, {});
        for (const QString &argument : extra)
            arguments << (argument.startsWith(QLatin1Char('@')) ? at(argument.mid(1)) : argument);
        const bool existed = QFile::exists(at(protectedFile));
        const QByteArray before = readAll(at(protectedFile));
        const CliProcess::Result r = runIn(dir, arguments);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(flags.toUtf8()), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
        QCOMPARE(QFile::exists(at(protectedFile)), existed);
        QCOMPARE(readAll(at(protectedFile)), before);
        QVERIFY(!QFile::exists(at(QStringLiteral("out.csv"))));
    }

    void unwritableOutputIsFoundBeforeAnyRequest_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("flag");
        QTest::addColumn<QString>("message");
        QTest::addRow("missing folder") << QStringLiteral("missing") << QStringLiteral("--out") << QStringLiteral("does not exist");
        QTest::addRow("a directory") << QStringLiteral("directory") << QStringLiteral("--out") << QStringLiteral("is a directory");
        QTest::addRow("--json in a missing folder") << QStringLiteral("missing") << QStringLiteral("--json") << QStringLiteral("does not exist");
        QTest::addRow("no write permission") << QStringLiteral("permission") << QStringLiteral("--out") << QStringLiteral("Permission denied");
        QTest::addRow("read-only file system") << QStringLiteral("readonly") << QStringLiteral("--out") << QStringLiteral("Read-only file system");
        QTest::addRow("full file system") << QStringLiteral("full") << QStringLiteral("--markdown") << QStringLiteral("No space left on device");
    }

    void unwritableOutputIsFoundBeforeAnyRequest()
    {
        QFETCH(QString, kind);
        QFETCH(QString, flag);
        QFETCH(QString, message);
        const QString dir = caseDir();
        const QString target = QDir(dir).filePath(QStringLiteral("target"));
        QDir().mkpath(target);
        std::unique_ptr<TmpfsMount> mount;
        QString file = QDir(target).filePath(QStringLiteral("results.out"));
        if (kind == QLatin1String("missing")) {
            file = QDir(target).filePath(QStringLiteral("no/such/folder/results.out"));
        } else if (kind == QLatin1String("directory")) {
            file = target;
        } else if (kind == QLatin1String("permission")) {
            if (::geteuid() == 0)
                QSKIP("root may write into a folder without write permission; the read-only file system row covers root");
            QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::ExeOwner));
        } else if (kind == QLatin1String("readonly")) {
            mount = std::make_unique<TmpfsMount>(target, MS_RDONLY, "size=1m");
            if (!mount->isMounted())
                QSKIP(qPrintable(QStringLiteral("a read-only tmpfs needs root (mount: %1)").arg(mount->error())));
        } else if (kind == QLatin1String("full")) {
            mount = std::make_unique<TmpfsMount>(target, 0, "size=64k");
            if (!mount->isMounted())
                QSKIP(qPrintable(QStringLiteral("a small tmpfs needs root (mount: %1)").arg(mount->error())));
            QFile filler(QDir(target).filePath(QStringLiteral("filler")));
            QVERIFY(filler.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
            while (filler.write(QByteArray(4096, 'f')) > 0) {
            }
        }
        QStringList arguments = localArguments(dir);
        const QString csv = QDir(dir).filePath(QStringLiteral("out.csv"));
        if (flag == QLatin1String("--out"))
            arguments << QStringLiteral("--out") << file;
        else
            arguments << QStringLiteral("--out") << csv << flag << file;
        const CliProcess::Result r = runIn(dir, arguments);
        QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.startsWith("promptgrid-cli: " + flag.toUtf8() + ": "), r.err.constData());
        QVERIFY2(r.err.contains(message.toUtf8()), r.err.constData());
        QCOMPARE(m_server->requestCount(), 0);
        QVERIFY(!QFile::exists(csv));
    }

    void fileSystemFullAtTheEndKeepsTheAnswers()
    {
        // Room for the probe before the run, not for the CSV after it.
        const QString dir = caseDir();
        const QString target = QDir(dir).filePath(QStringLiteral("small"));
        TmpfsMount mount(target, 0, "size=256k");
        if (!mount.isMounted())
            QSKIP(qPrintable(QStringLiteral("a small tmpfs needs root (mount: %1)").arg(mount.error())));
        const QString csv = QDir(target).filePath(QStringLiteral("out.csv"));
        const CliProcess::Result r = runIn(dir, localArguments(dir, {QStringLiteral("big one"), QStringLiteral("big two")})
                                                    << QStringLiteral("--out") << csv);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 3);
        QVERIFY2(r.err.contains("No space left on device"), r.err.constData());
        QVERIFY(!QFile::exists(csv)); // no half file
        QCOMPARE(QDir(target).entryList(QDir::Files | QDir::Hidden), QStringList());
        const QJsonArray cells = QJsonDocument::fromJson(readAll(recoveryPath(r.err))).object().value(QLatin1String("cells")).toArray();
        QCOMPARE(cells.size(), 2);
        for (const QJsonValue &cell : cells) {
            QCOMPARE(cell.toObject().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
            QCOMPARE(cell.toObject().value(QLatin1String("answer")).toString(), QString(300'000, QLatin1Char('b')));
        }
    }
};

QTEST_GUILESS_MAIN(TestCliOutputs)
#include "tst_cli_outputs.moc"
