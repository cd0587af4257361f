// SPDX-License-Identifier: MIT
#include "SpendCapSetting.h"

#include "CostEstimator.h"
#include "Scheduler.h"

#include <QSettings>

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

SpendCapSetting::SpendCapSetting(Scheduler *scheduler)
    : QObject(scheduler)
    , m_scheduler(scheduler)
{
    setObjectName(QStringLiteral("spendCapSetting"));
    QSettings settings;
    m_usd = load(settings);
    apply();
}

SpendCapSetting *SpendCapSetting::of(const Scheduler &scheduler)
{
    return scheduler.findChild<SpendCapSetting *>(QString(), Qt::FindDirectChildrenOnly);
}

SpendCapSetting *SpendCapSetting::ensure(Scheduler *scheduler)
{
    if (SpendCapSetting *setting = of(*scheduler))
        return setting;
    return new SpendCapSetting(scheduler);
}

QString SpendCapSetting::settingsKey()
{
    return kKey;
}

double SpendCapSetting::load(QSettings &settings)
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

void SpendCapSetting::setUsd(double usd)
{
    usd = validCap(usd);
    QSettings().setValue(kKey, usd);
    if (usd == m_usd)
        return;
    m_usd = usd;
    apply();
    Q_EMIT changed(m_usd);
}

QString SpendCapSetting::unpricedNote(const RunPlan &plan) const
{
    if (m_usd <= 0)
        return {};
    const QStringList unpriced = CostEstimator::estimate(plan, m_scheduler->providers()).unpricedLabels();
    if (unpriced.isEmpty())
        return {};
    return tr("The spend cap of $%1 cannot limit %2: no price is known, so those requests are sent until the "
              "priced ones reach the cap.")
        .arg(m_usd, 0, 'f', 2)
        .arg(unpriced.join(QStringLiteral(", ")));
}

void SpendCapSetting::apply()
{
    m_scheduler->setSpendCap(m_usd > 0 ? std::optional<double>(m_usd) : std::nullopt);
}
