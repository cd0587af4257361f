// SPDX-License-Identifier: MIT
#pragma once

#include "RequestLimits.h"

#include <QDialog>

class QDoubleSpinBox;
class QSpinBox;
class RunSettings;

/// Settings > Requests: retries, the four timeouts, the answer size limit, a global
/// concurrency cap and a spend cap per run.
class RequestSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    struct Values {
        RequestLimits limits;
        int globalConcurrency = 0; ///< 0 = only the per-provider caps
        double spendCapUsd = 0;    ///< 0 = none; kept by RunSettings, not by load()/save()
    };

    explicit RequestSettingsDialog(const Values &values, QWidget *parent = nullptr);
    Values values() const;

    /// Reads the saved values (defaults where nothing was saved) and writes them back; the
    /// spend cap is RunSettings' and left alone.
    static Values load();
    static void save(const Values &values);
    /// Puts the saved limits and global cap into \a settings (the spend cap is its own).
    static void apply(RunSettings *settings);
    /// Shows the dialog over \a settings; on OK saves and applies the values. True when accepted.
    static bool edit(RunSettings *settings, QWidget *parent);

private:
    QSpinBox *m_attempts;
    QSpinBox *m_connect;
    QSpinBox *m_firstByte;
    QSpinBox *m_idle;
    QSpinBox *m_total;
    QSpinBox *m_maxAnswerMiB;
    QSpinBox *m_globalConcurrency;
    QDoubleSpinBox *m_spendCap;
};
