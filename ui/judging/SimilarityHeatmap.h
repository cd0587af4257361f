// SPDX-License-Identifier: MIT
#pragma once

#include <QFutureWatcher>
#include <QList>
#include <QStringList>
#include <QTimer>
#include <QWidget>

class ResultGrid;

/// A painted matrix of the word similarity of every pair of answers in one row: darker means
/// more alike. Computed on a worker thread. Click a square to compare that pair.
class SimilarityHeatmap : public QWidget
{
    Q_OBJECT
public:
    explicit SimilarityHeatmap(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Shows the answers of grid row \a row (0-based) for \a sample.
    void setRow(int row, int sample = 0);
    int row() const { return m_row; }
    /// Rows and columns follow the plan's model columns; empty until matrixReady().
    const QList<QList<double>> &matrix() const { return m_matrix; }
    const QStringList &labels() const { return m_labels; }
    bool isBusy() const { return m_watcher.isRunning(); }

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

Q_SIGNALS:
    void matrixReady();
    /// The user clicked the square of columns \a a and \a b (the cells of the shown row).
    void pairActivated(int cellA, int cellB);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    void compute();
    void onFinished();
    QRect matrixRect() const;
    int labelWidth() const;

    const ResultGrid *m_grid;
    QFutureWatcher<QList<QList<double>>> m_watcher;
    QTimer m_refresh;
    QList<QList<double>> m_matrix;
    QStringList m_labels;
    int m_row = 0;
    int m_sample = 0;
    bool m_pending = false;
};
