// SPDX-License-Identifier: MIT
#pragma once

#include <QApplication>

/// The window's application object. Out of memory inside an event handler or slot (a
/// std::bad_alloc from Qt's containers) is caught here, where Qt asks for it to be caught, and
/// reported to MemoryReserve: the run stops and the finished cells stay, instead of an abort.
class PromptGridApplication : public QApplication
{
    Q_OBJECT
public:
    PromptGridApplication(int &argc, char **argv);

    bool notify(QObject *receiver, QEvent *event) override;
};
