// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QSettings;
class Scheduler;
struct RunPlan;

/// The window's spend cap per run, in US dollars (0 = no cap): one value, kept in QSettings
/// under "spending/capUsd" and applied to the scheduler it is attached to, at once and on every
/// change. The Judge menu and Settings > Requests both read and edit this one object.
///
/// Earlier versions kept two values ("judge/spendCapUsd" and "requests/spendCapUsd"); the first
/// load moves them here once and removes them. When both were set to different caps the lower
/// non-zero one wins: each was a limit the user asked for, and the lower one honours both.
class SpendCapSetting : public QObject
{
    Q_OBJECT
public:
    /// The setting attached to \a scheduler, or nullptr when nothing attached one.
    static SpendCapSetting *of(const Scheduler &scheduler);
    /// The setting attached to \a scheduler, loaded from QSettings and attached now if needed.
    static SpendCapSetting *ensure(Scheduler *scheduler);

    static QString settingsKey();
    /// Reads the saved cap from \a settings, moving the old keys to settingsKey() first.
    static double load(QSettings &settings);

    double usd() const { return m_usd; }
    /// Saves \a usd (negative or not finite: no cap) and applies it to the scheduler.
    void setUsd(double usd);
    /// With a cap set, a sentence naming the columns of \a plan it cannot limit because their
    /// model has no price (they are sent until the priced cells reach the cap); else empty.
    QString unpricedNote(const RunPlan &plan) const;

Q_SIGNALS:
    void changed(double usd);

private:
    explicit SpendCapSetting(Scheduler *scheduler);
    void apply();

    Scheduler *m_scheduler;
    double m_usd = 0;
};
