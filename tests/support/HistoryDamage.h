// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

class FakeLlmServer;

/// Real history files, then damaged as a bad sector or a stray write would damage them.
namespace HistoryDamage {

/// Writes one finished run per prompt to \a path (provider "local" at \a server), closed so
/// that the WAL is checkpointed into the file. False when a run did not finish.
bool writeRuns(const QString &path, const FakeLlmServer &server, const QStringList &prompts);
/// Overwrites the page holding the cells table with garbage; returns the damaged file's bytes
/// (empty when the page was not found).
QByteArray garbleCellsPage(const QString &path);
QByteArray readFile(const QString &path);

} // namespace HistoryDamage
