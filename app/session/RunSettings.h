// SPDX-License-Identifier: MIT
#pragma once

#include "RequestLimits.h"

#include <QObject>
#include <QString>

#include <optional>

class ProviderRegistry;
class QSettings;
struct RunPlan;

/// How the runs of a RunSession are sent: request limits, the global concurrency cap, a
/// concurrency override and the spend cap per run. The one object that holds them; the session
/// applies every change to its scheduler at once. The window's Judge menu and Settings >
/// Requests both edit this object; the CLI fills it from its flags.
///
/// A stored one (the window) keeps the spend cap in QSettings under "spending/capUsd" (0 = no
/// cap). Earlier versions kept two values ("judge/spendCapUsd" and "requests/spendCapUsd"); the
/// first load moves them here once and removes them. When both were set to different caps the
/// lower non-zero one wins: each was a limit the user asked for, and the lower one honours both.
class RunSettings : public QObject
{
    Q_OBJECT
public:
    enum class Storage {
        Transient, ///< the CLI: the values of this process only
        Stored,    ///< the window: the spend cap is read from and saved to QSettings
    };
    explicit RunSettings(Storage storage, QObject *parent = nullptr);

    const RequestLimits &limits() const { return m_limits; }
    void setLimits(const RequestLimits &limits);
    /// Upper bound on requests in flight over all providers (0 = none).
    int globalConcurrency() const { return m_globalConcurrency; }
    void setGlobalConcurrency(int cap);
    /// Overrides every provider's own cap (the CLI's --concurrency); 0 = each provider's own.
    int concurrencyOverride() const { return m_concurrencyOverride; }
    void setConcurrencyOverride(int cap);

    /// What one run may spend, in USD (Scheduler::setSpendCap); nullopt = no cap. A cap of $0
    /// still lets free and unpriced cells go.
    std::optional<double> spendCap() const { return m_spendCap; }
    void setSpendCap(std::optional<double> usd);
    /// The window's view: the cap, or 0 for none. Setting 0, a negative or a non-finite value
    /// removes the cap; a stored object saves it.
    double spendCapUsd() const { return m_spendCap.value_or(0); }
    void setSpendCapUsd(double usd);
    /// With a cap set, a sentence naming the columns of \a plan it cannot limit because their
    /// model has no price in \a providers (they are sent until the priced cells reach the cap);
    /// else empty.
    QString unpricedNote(const RunPlan &plan, const ProviderRegistry &providers) const;

    static QString spendCapKey();
    /// Reads the saved cap from \a settings (0 = none), moving the old keys to spendCapKey() first.
    static double loadSpendCap(QSettings &settings);

Q_SIGNALS:
    /// Any value changed (the session applies them to its scheduler).
    void changed();
    void spendCapChanged(double usd);

private:
    Storage m_storage;
    RequestLimits m_limits;
    int m_globalConcurrency = 0;
    int m_concurrencyOverride = 0;
    std::optional<double> m_spendCap;
};
