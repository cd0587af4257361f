// SPDX-License-Identifier: MIT
#pragma once

#include <QCoreApplication>

/// The CLI's application object. Out of memory inside an event handler or slot (a
/// std::bad_alloc that Qt's containers throw) is caught here, where Qt asks for it to be caught,
/// and reported to MemoryReserve, so that the run ends with what finished saved instead of an
/// abort. Qt 6 calls notify() for the events of every thread, its HTTP threads included.
class CliApplication : public QCoreApplication
{
    Q_OBJECT
public:
    CliApplication(int &argc, char **argv);

    bool notify(QObject *receiver, QEvent *event) override;
};
