// SPDX-License-Identifier: MIT
#include "RunSettings.h"

#include "CostEstimator.h"
#include "RunPlan.h"

#include <QSettings>

#include <algorithm>
#include <cmath>

namespace {
const QString kKey = QStringLiteral("spending/capUsd");
const QString kOldJudgeKey = QStringLiteral("judge/spendCapUsd");
const QString kOldRequestsKey = QStringLiteral("requests/spendCapUsd");

double validCap(double usd)
{
    return std::isfinite(usd) && usd > 0 ? usd : 0;
}
} // namespace

RunSettings::RunSettings(Storage storage, QObject *parent)
    : QObject(parent)
    , m_storage(storage)
{
    if (m_storage == Storage::Stored) {
        QSettings settings;
        const double usd = loadSpendCap(settings);
        if (usd > 0)
            m_spendCap = usd;
    }
}

void RunSettings::setLimits(const RequestLimits &limits)
{
    m_limits = limits;
    Q_EMIT changed();
}

void RunSettings::setGlobalConcurrency(int cap)
{
    m_globalConcurrency = std::max(0, cap);
    Q_EMIT changed();
}

void RunSettings::setConcurrencyOverride(int cap)
{
    m_concurrencyOverride = std::max(0, cap);
    Q_EMIT changed();
}

void RunSettings::setSpendCap(std::optional<double> usd)
{
    if (usd && (!std::isfinite(*usd) || *usd < 0))
        usd.reset();
    if (m_storage == Storage::Stored)
        QSettings().setValue(kKey, usd.value_or(0));
    if (usd == m_spendCap)
        return;
    m_spendCap = usd;
    Q_EMIT changed();
    Q_EMIT spendCapChanged(spendCapUsd());
}

void RunSettings::setSpendCapUsd(double usd)
{
    usd = validCap(usd);
    setSpendCap(usd > 0 ? std::optional<double>(usd) : std::nullopt);
}

QString RunSettings::unpricedNote(const RunPlan &plan, const ProviderRegistry &providers) const
{
    if (spendCapUsd() <= 0)
        return {};
    const QStringList unpriced = CostEstimator::estimate(plan, providers).unpricedLabels();
    if (unpriced.isEmpty())
        return {};
    return tr("The spend cap of $%1 cannot limit %2: no price is known, so those requests are sent until the "
              "priced ones reach the cap.")
        .arg(spendCapUsd(), 0, 'f', 2)
        .arg(unpriced.join(QStringLiteral(", ")));
}

QString RunSettings::spendCapKey()
{
    return kKey;
}

double RunSettings::loadSpendCap(QSettings &settings)
{
    if (!settings.contains(kKey) && (settings.contains(kOldJudgeKey) || settings.contains(kOldRequestsKey))) {
        const double judge = validCap(settings.value(kOldJudgeKey, 0.0).toDouble());
        const double requests = validCap(settings.value(kOldRequestsKey, 0.0).toDouble());
        const double cap = judge > 0 && requests > 0 ? std::min(judge, requests) : std::max(judge, requests);
        settings.setValue(kKey, cap);
        settings.remove(kOldJudgeKey);
        settings.remove(kOldRequestsKey);
    }
    return validCap(settings.value(kKey, 0.0).toDouble());
}
