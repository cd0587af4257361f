// SPDX-License-Identifier: MIT
#include "RequestSettingsDialog.h"

#include "RunSettings.h"

#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
constexpr qint64 kMiB = 1024 * 1024;

QSpinBox *secondsBox(int ms, int maximum, const QString &accessibleName, QWidget *parent)
{
    auto *box = new QSpinBox(parent);
    box->setRange(1, maximum);
    box->setSuffix(QObject::tr(" s"));
    box->setValue(std::max(1, ms / 1000));
    box->setAccessibleName(accessibleName);
    return box;
}
} // namespace

RequestSettingsDialog::RequestSettingsDialog(const Values &values, QWidget *parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("requestSettingsDialog"));
    setWindowTitle(tr("Request Settings"));
    const RequestLimits &l = values.limits;

    m_attempts = new QSpinBox(this);
    m_attempts->setObjectName(QStringLiteral("attemptsSpin"));
    m_attempts->setRange(1, 10);
    m_attempts->setValue(l.maxAttempts);
    m_attempts->setAccessibleName(tr("Attempts per request"));
    m_attempts->setToolTip(tr("Including the first one. Retries happen on 408, 409, 429, 5xx and refused "
                              "connections, never after part of an answer has arrived."));
    m_connect = secondsBox(l.connectTimeoutMs, 600, tr("Connect timeout"), this);
    m_firstByte = secondsBox(l.firstByteTimeoutMs, 3600, tr("Time to first byte limit"), this);
    m_idle = secondsBox(l.idleTimeoutMs, 3600, tr("Idle gap limit"), this);
    m_total = secondsBox(l.totalTimeoutMs, 24 * 3600, tr("Total time limit"), this);
    m_total->setObjectName(QStringLiteral("totalTimeoutSpin"));
    m_maxAnswerMiB = new QSpinBox(this);
    m_maxAnswerMiB->setRange(1, 1024);
    m_maxAnswerMiB->setSuffix(tr(" MiB"));
    m_maxAnswerMiB->setValue(int(std::max<qint64>(1, l.maxAnswerBytes / kMiB)));
    m_maxAnswerMiB->setAccessibleName(tr("Largest answer"));
    m_globalConcurrency = new QSpinBox(this);
    m_globalConcurrency->setObjectName(QStringLiteral("globalConcurrencySpin"));
    m_globalConcurrency->setRange(0, 1000);
    m_globalConcurrency->setSpecialValueText(tr("no limit"));
    m_globalConcurrency->setValue(values.globalConcurrency);
    m_globalConcurrency->setAccessibleName(tr("Requests in flight over all providers"));
    m_spendCap = new QDoubleSpinBox(this);
    m_spendCap->setRange(0, 100000);
    m_spendCap->setDecimals(2);
    m_spendCap->setPrefix(QStringLiteral("$"));
    m_spendCap->setSpecialValueText(tr("no cap"));
    m_spendCap->setValue(values.spendCapUsd);
    m_spendCap->setAccessibleName(tr("Spend cap per run in US dollars"));
    m_spendCap->setObjectName(QStringLiteral("spendCapSpin"));
    m_spendCap->setToolTip(tr("A request is not sent when the run's cost so far, plus the estimate of what is in flight "
                              "and of the request itself, would pass this. The same cap as Judge > Spend Cap."));

    auto *form = new QFormLayout;
    form->addRow(tr("&Attempts per request:"), m_attempts);
    form->addRow(tr("&Connect timeout:"), m_connect);
    form->addRow(tr("&First byte within:"), m_firstByte);
    form->addRow(tr("&Idle gap at most:"), m_idle);
    form->addRow(tr("&Total time at most:"), m_total);
    form->addRow(tr("&Largest answer:"), m_maxAnswerMiB);
    form->addRow(tr("&Requests in flight, all providers:"), m_globalConcurrency);
    form->addRow(tr("&Spend cap per run:"), m_spendCap);

    auto *note = new QLabel(tr("Each provider's own concurrency cap and requests-per-minute limit are set in "
                               "Settings > Providers."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this, [this] {
        const RequestLimits defaults;
        m_attempts->setValue(defaults.maxAttempts);
        m_connect->setValue(defaults.connectTimeoutMs / 1000);
        m_firstByte->setValue(defaults.firstByteTimeoutMs / 1000);
        m_idle->setValue(defaults.idleTimeoutMs / 1000);
        m_total->setValue(defaults.totalTimeoutMs / 1000);
        m_maxAnswerMiB->setValue(int(defaults.maxAnswerBytes / kMiB));
        m_globalConcurrency->setValue(0);
        m_spendCap->setValue(0);
    });

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(buttons);
}

RequestSettingsDialog::Values RequestSettingsDialog::values() const
{
    Values v;
    v.limits.maxAttempts = m_attempts->value();
    v.limits.connectTimeoutMs = m_connect->value() * 1000;
    v.limits.firstByteTimeoutMs = m_firstByte->value() * 1000;
    v.limits.idleTimeoutMs = m_idle->value() * 1000;
    v.limits.totalTimeoutMs = m_total->value() * 1000;
    v.limits.maxAnswerBytes = qint64(m_maxAnswerMiB->value()) * kMiB;
    v.globalConcurrency = m_globalConcurrency->value();
    v.spendCapUsd = m_spendCap->value();
    return v;
}

RequestSettingsDialog::Values RequestSettingsDialog::load()
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("requests"));
    Values v;
    RequestLimits &l = v.limits;
    l.maxAttempts = std::clamp(settings.value(QStringLiteral("maxAttempts"), l.maxAttempts).toInt(), 1, 10);
    l.connectTimeoutMs = std::max(1000, settings.value(QStringLiteral("connectTimeoutMs"), l.connectTimeoutMs).toInt());
    l.firstByteTimeoutMs = std::max(1000, settings.value(QStringLiteral("firstByteTimeoutMs"), l.firstByteTimeoutMs).toInt());
    l.idleTimeoutMs = std::max(1000, settings.value(QStringLiteral("idleTimeoutMs"), l.idleTimeoutMs).toInt());
    l.totalTimeoutMs = std::max(1000, settings.value(QStringLiteral("totalTimeoutMs"), l.totalTimeoutMs).toInt());
    l.maxAnswerBytes = std::max<qint64>(kMiB, settings.value(QStringLiteral("maxAnswerBytes"), l.maxAnswerBytes).toLongLong());
    v.globalConcurrency = std::max(0, settings.value(QStringLiteral("globalConcurrency"), 0).toInt());
    return v;
}

void RequestSettingsDialog::save(const Values &v)
{
    QSettings settings;
    settings.beginGroup(QStringLiteral("requests"));
    settings.setValue(QStringLiteral("maxAttempts"), v.limits.maxAttempts);
    settings.setValue(QStringLiteral("connectTimeoutMs"), v.limits.connectTimeoutMs);
    settings.setValue(QStringLiteral("firstByteTimeoutMs"), v.limits.firstByteTimeoutMs);
    settings.setValue(QStringLiteral("idleTimeoutMs"), v.limits.idleTimeoutMs);
    settings.setValue(QStringLiteral("totalTimeoutMs"), v.limits.totalTimeoutMs);
    settings.setValue(QStringLiteral("maxAnswerBytes"), v.limits.maxAnswerBytes);
    settings.setValue(QStringLiteral("globalConcurrency"), v.globalConcurrency);
}

void RequestSettingsDialog::apply(RunSettings *settings)
{
    const Values values = load();
    // The spend cap is the settings' own (shared with the Judge menu), read as they were made.
    settings->setLimits(values.limits);
    settings->setGlobalConcurrency(values.globalConcurrency);
}

bool RequestSettingsDialog::edit(RunSettings *settings, QWidget *parent)
{
    Values values = load();
    values.spendCapUsd = settings->spendCapUsd();
    RequestSettingsDialog dialog(values, parent);
    if (dialog.exec() != QDialog::Accepted)
        return false;
    save(dialog.values());
    settings->setSpendCapUsd(dialog.values().spendCapUsd);
    apply(settings);
    return true;
}
