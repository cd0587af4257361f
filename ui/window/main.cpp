// SPDX-License-Identifier: MIT
#include "AppFolders.h"
#include "ComparisonController.h"
#include "EnglishPlurals.h"
#include "MainWindow.h"
#include "MemoryReserve.h"
#include "ProcessLimits.h"
#include "PromptGridApplication.h"
#include "RatingShare.h"
#include "RatingWindow.h"
#include "SecretMask.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>

#include <csignal>

int main(int argc, char *argv[])
{
    // An export to a pipe whose reader went away fails that export; it must not end the app.
    std::signal(SIGPIPE, SIG_IGN);
    // Many requests at once need many sockets; the scheduler keeps within what this allows.
    ProcessLimits::raiseOpenFilesLimit();
    PromptGridApplication app(argc, argv);
    MemoryReserve::arm();
    // Qt's own logs may quote a server or a header; MainWindow tells it the keys.
    SecretMask::installLogMask();
    QApplication::setApplicationName(AppFolders::productName());
    QApplication::setOrganizationName(AppFolders::productName());
    // Before anything opens the history: an older PromptGrid kept it one folder deeper.
    const AppFolders::Migration migration = AppFolders::migrateNestedFolders();
    for (const QString &moved : migration.moved)
        qInfo("PromptGrid: moved to %s (from the older nested folder)", qPrintable(moved));
    for (const QString &kept : migration.kept)
        qWarning("PromptGrid: left in the older nested folder: %s", qPrintable(kept));
    for (const QString &error : migration.errors)
        qWarning("PromptGrid: %s", qPrintable(error));
    QApplication::setApplicationVersion(QStringLiteral(PROMPTGRID_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("promptgrid"));
    QIcon icon(QStringLiteral(":/icons/promptgrid.svg"));
    // Without Qt's SVG plugin the bitmap keeps the window from showing a blank icon.
    icon.addFile(QStringLiteral(":/icons/promptgrid-256.png"));
    QApplication::setWindowIcon(icon);
    EnglishPlurals plurals;
    QCoreApplication::installTranslator(&plurals);

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Compare the answers of many language models side by side."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"), QCoreApplication::translate("main", "A comparison (.promptgrid) to open, or a file shared for rating "
                                                                                    "(.promptgrid-rating) to rate in a rating-only window."),
                                 QStringLiteral("[FILE.promptgrid]"));
    const QCommandLineOption raterOption(QStringLiteral("rater"),
                                         QCoreApplication::translate("main", "Your name beside your verdicts, when rating a .promptgrid-rating file "
                                                                             "(asked for otherwise)."),
                                         QStringLiteral("NAME"));
    parser.addOption(raterOption);
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    // A colleague's shared battles: a window that only rates, with no providers and no sending.
    if (!files.isEmpty() && QFileInfo(files.first()).suffix() == RatingShare::extension()) {
        RatingWindow rating;
        QString error;
        if (!rating.open(QFileInfo(files.first()).absoluteFilePath(), parser.value(raterOption), &error)) {
            qWarning("PromptGrid: %s", qPrintable(error));
            return 1;
        }
        rating.show();
        return app.exec();
    }

    MainWindow window;
    window.show();
    // A file opened from the file manager (the .desktop file's %f); a bad one is named in the status bar.
    if (!files.isEmpty()) {
        QString error;
        if (!window.comparisonController()->open(QFileInfo(files.first()).absoluteFilePath(), &error))
            qWarning("PromptGrid: %s", qPrintable(error));
    }
    return app.exec();
}
