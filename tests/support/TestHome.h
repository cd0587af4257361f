// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

/// An isolated home for suites that build sessions or windows in this process: their settings
/// and history never touch the user's, nor another suite's.
namespace TestHome {

/// Organization "PromptGridTest" and \a applicationName, INI settings in \a settingsFolder, and
/// Qt's test-mode data folders (so that the history lands under ~/.qttest).
void isolate(const QString &applicationName, const QString &settingsFolder);

/// Clears the settings and removes the default history with its -wal and -shm files: a fresh
/// first launch for the next test function.
void reset();

} // namespace TestHome
