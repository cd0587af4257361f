// SPDX-License-Identifier: MIT
#include "MainWindow.h"
#include "SecretMask.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    // Qt's own logs may quote a server or a header; MainWindow tells it the keys.
    SecretMask::installLogMask();
    QApplication::setApplicationName(QStringLiteral("PromptGrid"));
    QApplication::setOrganizationName(QStringLiteral("PromptGrid"));
    QApplication::setApplicationVersion(QStringLiteral(PROMPTGRID_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("promptgrid"));
    QIcon icon(QStringLiteral(":/icons/promptgrid.svg"));
    // Without Qt's SVG plugin the bitmap keeps the window from showing a blank icon.
    icon.addFile(QStringLiteral(":/icons/promptgrid-256.png"));
    QApplication::setWindowIcon(icon);

    MainWindow window;
    window.show();
    return app.exec();
}
