// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QTimer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QSplitter;
class QTextBrowser;
class ResultGrid;

/// Two to four answers read side by side in columns. Scrolling one scrolls the others to the
/// same relative place. Streaming answers refresh a few times a second, not on every token.
class FocusView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kMaxCells = 4;

    explicit FocusView(const ResultGrid *grid, QWidget *parent = nullptr);

    /// Shows \a cells (the first four; fewer than two is allowed but not useful).
    void setCells(const QList<int> &cells);
    const QList<int> &cells() const { return m_cells; }
    void setMarkdown(bool on);
    bool isMarkdown() const;
    /// The reader of the \a i-th shown cell.
    QTextBrowser *reader(int i) const { return m_readers.value(i); }

private:
    void rebuild();
    void refreshText();
    void syncScroll(int source);

    const ResultGrid *m_grid;
    QSplitter *m_splitter;
    QCheckBox *m_markdown;
    QList<int> m_cells;
    QList<QTextBrowser *> m_readers;
    QList<QLabel *> m_titles;
    QList<QString> m_shownTexts;
    QTimer m_refresh;
    bool m_syncing = false;
};
