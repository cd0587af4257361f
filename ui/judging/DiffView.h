// SPDX-License-Identifier: MIT
#pragma once

#include "JsonDiff.h"
#include "WordDiff.h"

#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;
class QTextBrowser;
class ResultGrid;

/// Two answers side by side with a word-level diff: words only in the first are struck out on
/// the left, words only in the second are highlighted on the right. "Differences only" keeps
/// just the changes with a little context. The diff is computed on a worker thread, so a pair
/// of 100 KB answers never freezes the window. When both answers hold JSON, the view shows the
/// structural diff instead (JsonDiff: added, removed and changed values by path).
class DiffView : public QWidget
{
    Q_OBJECT
public:
    /// Compares cells of \a grid (pick the row and two columns in the bar on top).
    explicit DiffView(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Compares two cells of the grid (same row or not) and selects them in the bar.
    void compareCells(int cellA, int cellB);
    /// Compares two free texts (the bar is hidden).
    void setTexts(const QString &a, const QString &b, const QString &labelA, const QString &labelB);
    void setDifferencesOnly(bool on);
    bool differencesOnly() const;

    /// The last finished diff (empty until diffReady()).
    const WordDiffResult &result() const { return m_result.words; }
    /// The last finished structural diff, when both answers hold JSON.
    const std::optional<JsonDiffResult> &jsonResult() const { return m_result.json; }
    double similarity() const { return m_result.json ? m_result.json->similarity() : m_result.words.similarity(); }
    bool isBusy() const { return m_watcher.isRunning(); }
    QTextBrowser *leftView() const { return m_left; }
    QTextBrowser *rightView() const { return m_right; }
    QLabel *similarityLabel() const { return m_similarity; }
    QCheckBox *differencesOnlyBox() const { return m_onlyDiffs; }

    /// Backgrounds of removed and added words, readable on light and dark palettes.
    static QColor deletedColor(const QPalette &palette);
    static QColor insertedColor(const QPalette &palette);

Q_SIGNALS:
    /// A diff finished and both sides show it.
    void diffReady();

private:
    void fillPickers();
    void onPickersChanged();
    void onCellsChanged(const QList<int> &cells);
    void startDiff();
    void onDiffFinished();
    void render();
    void renderJson(const JsonDiffResult &json);
    int cellA() const;
    int cellB() const;

    const ResultGrid *m_grid;
    QWidget *m_bar;
    QSpinBox *m_row;
    QComboBox *m_columnA;
    QComboBox *m_columnB;
    QCheckBox *m_onlyDiffs;
    QLabel *m_similarity;
    QLabel *m_titleA;
    QLabel *m_titleB;
    QTextBrowser *m_left;
    QTextBrowser *m_right;
    /// Both comparisons of one pair, made together on a worker thread.
    struct Outcome {
        WordDiffResult words;
        std::optional<JsonDiffResult> json;
    };
    static Outcome compare(const QString &a, const QString &b);
    QFutureWatcher<Outcome> m_watcher;
    QTimer m_refresh;
    QString m_textA;
    QString m_textB;
    Outcome m_result;
    int m_sample = 0;
    bool m_pending = false;
    bool m_freeTexts = false;
};
