// SPDX-License-Identifier: MIT
#pragma once

#include "ColumnStats.h"

#include <QList>
#include <QTimer>
#include <QWidget>

class QChart;
class QChartView;
class QGridLayout;
class QPushButton;
class ResultGrid;

/// Charts of a run per model (Qt Charts): p50/p95 latency and median TTFT, total cost, and mean
/// output tokens per second. Follows the window's palette; "Save as PNG" writes all three.
class ChartsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartsPanel(const ResultGrid *results, QWidget *parent = nullptr);

    /// Rebuilds the series now (otherwise it happens shortly after cells finish).
    void refresh();
    /// Writes the three charts, as shown, into one PNG at \a path; false (with \a error) on failure.
    bool savePng(const QString &path, QString *error = nullptr);

    QChart *latencyChart() const;
    QChart *costChart() const;
    QChart *speedChart() const;
    const QList<ColumnStats> &stats() const { return m_stats; }
    QPushButton *saveButton() const { return m_save; }

protected:
    void changeEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void scheduleRefresh();
    void arrangeCharts(bool oneRow);
    void applyTheme();
    void chooseFileAndSave();

    const ResultGrid *m_results;
    QChartView *m_latencyView;
    QChartView *m_costView;
    QChartView *m_speedView;
    QWidget *m_chartArea;
    QGridLayout *m_grid;
    bool m_oneRow = false;
    QPushButton *m_save;
    QTimer m_refresh;
    QList<ColumnStats> m_stats;
};
