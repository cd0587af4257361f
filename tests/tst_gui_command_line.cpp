// SPDX-License-Identifier: MIT
// The window's own command line: promptgrid [FILE.promptgrid], as the .desktop file's %f passes it.
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestGuiCommandLine : public QObject
{
    Q_OBJECT

    QProcessEnvironment isolated() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
            env.insert(QLatin1String(name), m_home.path());
        return env;
    }

private Q_SLOTS:
    void helpNamesTheFile()
    {
        QProcess window;
        window.setProcessEnvironment(isolated());
        window.start(QStringLiteral(PROMPTGRID_GUI_PATH), {QStringLiteral("--help")});
        QVERIFY(window.waitForFinished(10000));
        QCOMPARE(window.exitCode(), 0);
        const QString help = QString::fromUtf8(window.readAllStandardOutput());
        QVERIFY2(help.contains(QLatin1String("[FILE.promptgrid]")), qPrintable(help));
    }

    void aFileThatCannotBeReadIsNamed()
    {
        QProcess window;
        window.setProcessEnvironment(isolated());
        const QString missing = m_home.filePath(QStringLiteral("no-such.promptgrid"));
        window.start(QStringLiteral(PROMPTGRID_GUI_PATH), {missing});
        QVERIFY(window.waitForStarted(10000));
        QString errors;
        QTRY_VERIFY_WITH_TIMEOUT((errors += QString::fromUtf8(window.readAllStandardError())).contains(missing), 15000);
        // The window stays open for the user to pick another file.
        QCOMPARE(window.state(), QProcess::Running);
        window.kill();
        QVERIFY(window.waitForFinished(5000));
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(TestGuiCommandLine)
#include "tst_gui_command_line.moc"
