// SPDX-License-Identifier: MIT
#include "ChartsPanel.h"

#include "ResultGrid.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QEvent>
#include <QResizeEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QPainter>
#include <QPixmap>
#include <QMessageBox>
#include <QPushButton>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace {
QChartView *makeView(const QString &name, QWidget *parent)
{
    auto *chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setAccessibleName(name);
    view->setMinimumSize(200, 150);
    return view;
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

// "provider/model" names crowd the axis: show the model part when that stays unambiguous.
QStringList axisLabels(const QList<ColumnStats> &stats)
{
    QStringList full;
    QStringList shortNames;
    for (const ColumnStats &s : stats) {
        full << s.label;
        shortNames << s.label.mid(s.label.lastIndexOf(QLatin1Char('/')) + 1);
    }
    QStringList unique = shortNames;
    unique.removeDuplicates();
    QStringList labels = unique.size() == shortNames.size() ? shortNames : full;
    for (QString &label : labels) {
        if (label.size() > 24)
            label = label.left(11) + QStringLiteral("…") + label.right(11);
    }
    return labels;
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

void fillChart(QChart *chart, const QString &title, const QStringList &categories,
               const QList<QPair<QString, QList<double>>> &sets, const QString &axisTitle, int decimals)
{
    chart->removeAllSeries();
    const QList<QAbstractAxis *> axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);
    auto *series = new QBarSeries;
    double maximum = 0;
    for (const auto &[name, values] : sets) {
        auto *set = new QBarSet(name);
        for (double value : values) {
            // Rounded here so the bar labels read "2440", not "2.44e+03".
            *set << rounded(value, decimals);
            maximum = std::max(maximum, value);
        }
        series->append(set);
    }
    series->setLabelsVisible(true);
    series->setLabelsPosition(QAbstractBarSeries::LabelsOutsideEnd);
    series->setLabelsFormat(QStringLiteral("@value"));
    series->setLabelsPrecision(12);
    chart->addSeries(series);
    auto *x = new QBarCategoryAxis;
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto *y = new QValueAxis;
    y->setRange(0, maximum > 0 ? maximum * 1.15 : 1);
    y->applyNiceNumbers();
    y->setLabelFormat(decimals > 0 ? QStringLiteral("%.%1f").arg(decimals) : QStringLiteral("%.0f"));
    y->setTitleText(axisTitle);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    chart->legend()->setVisible(sets.size() > 1);
}
} // namespace

ChartsPanel::ChartsPanel(const ResultGrid *results, QWidget *parent)
    : QWidget(parent)
    , m_results(results)
{
    setAccessibleName(tr("Charts"));
    m_chartArea = new QWidget(this);
    m_latencyView = makeView(tr("Latency and time to first token per model"), m_chartArea);
    m_costView = makeView(tr("Cost per model"), m_chartArea);
    m_speedView = makeView(tr("Output tokens per second per model"), m_chartArea);
    m_grid = new QGridLayout(m_chartArea);
    m_grid->setContentsMargins(0, 0, 0, 0);
    arrangeCharts(false);

    m_save = new QPushButton(tr("&Save as PNG…"), this);
    m_save->setAccessibleName(tr("Save the charts as a PNG image"));
    auto *bar = new QHBoxLayout;
    bar->addStretch(1);
    bar->addWidget(m_save);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_chartArea, 1);
    layout->addLayout(bar);

    m_refresh.setSingleShot(true);
    m_refresh.setInterval(750);
    connect(&m_refresh, &QTimer::timeout, this, &ChartsPanel::refresh);
    connect(m_save, &QPushButton::clicked, this, &ChartsPanel::chooseFileAndSave);
    connect(m_results, &ResultGrid::planReset, this, &ChartsPanel::refresh);
    connect(m_results, &ResultGrid::cellFinished, this, &ChartsPanel::scheduleRefresh);
    applyTheme();
    refresh();
}

QChart *ChartsPanel::latencyChart() const
{
    return m_latencyView->chart();
}

QChart *ChartsPanel::costChart() const
{
    return m_costView->chart();
}

QChart *ChartsPanel::speedChart() const
{
    return m_speedView->chart();
}

void ChartsPanel::scheduleRefresh()
{
    if (!m_refresh.isActive())
        m_refresh.start();
}

void ChartsPanel::refresh()
{
    m_refresh.stop();
    m_stats = ColumnStats::compute(*m_results);
    const QStringList categories = axisLabels(m_stats);
    QList<double> ttft;
    QList<double> p50;
    QList<double> p95;
    QList<double> cost;
    QList<double> speed;
    for (const ColumnStats &s : std::as_const(m_stats)) {
        ttft << s.ttftP50Ms.value_or(0);
        p50 << s.latencyP50Ms.value_or(0);
        p95 << s.latencyP95Ms.value_or(0);
        cost << s.totalCostUsd;
        speed << s.meanTokensPerSecond.value_or(0);
    }
    fillChart(latencyChart(), tr("Latency per model"), categories,
              {{tr("TTFT p50"), ttft}, {tr("Latency p50"), p50}, {tr("Latency p95"), p95}}, tr("ms"), 0);
    // Cheap runs in US cents, so the labels read 0.009 rather than 9e-05 or a row of zeros.
    const double maxCost = cost.isEmpty() ? 0.0 : *std::max_element(cost.begin(), cost.end());
    if (maxCost > 0 && maxCost < 0.01) {
        for (double &value : cost)
            value *= 100;
        fillChart(costChart(), tr("Total cost per model"), categories, {{tr("Cost"), cost}}, tr("US cents"), 4);
    } else {
        fillChart(costChart(), tr("Total cost per model"), categories, {{tr("Cost"), cost}}, tr("USD"),
                  maxCost >= 1 ? 2 : 4);
    }
    fillChart(speedChart(), tr("Output tokens per second"), categories, {{tr("Tokens/s"), speed}}, tr("tokens/s"), 1);
    applyTheme();
}

void ChartsPanel::applyTheme()
{
    const QPalette pal = palette();
    const bool dark = isDark(pal);
    for (QChartView *view : {m_latencyView, m_costView, m_speedView}) {
        QChart *chart = view->chart();
        // A theme sets the bar colours; the backgrounds and text then follow the palette.
        const QChart::ChartTheme theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
        if (chart->theme() != theme)
            chart->setTheme(theme);
        chart->setBackgroundBrush(pal.color(QPalette::Base));
        chart->setTitleBrush(pal.color(QPalette::Text));
        chart->legend()->setLabelColor(pal.color(QPalette::Text));
        for (QAbstractAxis *axis : chart->axes()) {
            axis->setLabelsColor(pal.color(QPalette::Text));
            axis->setTitleBrush(pal.color(QPalette::Text));
        }
        for (QAbstractSeries *series : chart->series()) {
            if (auto *bars = qobject_cast<QBarSeries *>(series)) {
                for (QBarSet *set : bars->barSets())
                    set->setLabelColor(pal.color(QPalette::Text));
            }
        }
        view->setBackgroundBrush(pal.color(QPalette::Base));
    }
}

void ChartsPanel::arrangeCharts(bool oneRow)
{
    m_oneRow = oneRow;
    for (QChartView *view : {m_latencyView, m_costView, m_speedView})
        m_grid->removeWidget(view);
    for (int column = 0; column < 4; ++column)
        m_grid->setColumnStretch(column, oneRow || column < 2 ? 1 : 0);
    if (oneRow) {
        // A wide, short dock: three charts side by side, latency twice as wide.
        m_grid->addWidget(m_latencyView, 0, 0, 1, 2);
        m_grid->addWidget(m_costView, 0, 2);
        m_grid->addWidget(m_speedView, 0, 3);
    } else {
        m_grid->addWidget(m_latencyView, 0, 0, 1, 2);
        m_grid->addWidget(m_costView, 1, 0);
        m_grid->addWidget(m_speedView, 1, 1);
    }
}

void ChartsPanel::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    const bool oneRow = width() > 2 * height();
    if (oneRow != m_oneRow)
        arrangeCharts(oneRow);
}

void ChartsPanel::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyTheme();
}

bool ChartsPanel::savePng(const QString &path, QString *error)
{
    // What the panel shows is what gets saved, at the screen's pixel density.
    const QPixmap pixmap = m_chartArea->grab();
    if (pixmap.isNull() || !pixmap.save(path, "PNG")) {
        if (error)
            *error = tr("Cannot write %1").arg(path);
        return false;
    }
    return true;
}

void ChartsPanel::chooseFileAndSave()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Charts"), QStringLiteral("promptgrid-charts.png"),
                                                      tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!savePng(path, &error))
        QMessageBox::warning(this, tr("Save Charts"), error);
}
