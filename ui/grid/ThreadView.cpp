// SPDX-License-Identifier: MIT
#include "ThreadView.h"

#include "ResultGrid.h"
#include "ResultsTableModel.h"

namespace {
QString turnHtml(int turn, const CellSpec &spec, const CellResult &result, bool latest)
{
    const QString metrics = ResultsTableModel::metricsSummary(result);
    QString html = QStringLiteral("<p><b>%1</b> · %2%3</p>")
                       .arg(latest ? ThreadView::tr("Turn %1 (shown in the grid)").arg(turn) : ThreadView::tr("Turn %1").arg(turn),
                            cellStatusName(result.status).toHtmlEscaped(),
                            metrics.isEmpty() ? QString() : QStringLiteral(" · ") + metrics.toHtmlEscaped());
    html += QStringLiteral("<p><i>%1</i> %2</p>").arg(ThreadView::tr("You:"), spec.prompt.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")));
    if (!result.text.isEmpty())
        html += QStringLiteral("<p><i>%1</i> %2</p>")
                    .arg(ThreadView::tr("Model:"), result.text.toHtmlEscaped().replace(QLatin1Char('\n'), QLatin1String("<br>")));
    if (!result.error.isEmpty())
        html += QStringLiteral("<p><i>%1</i> %2</p>").arg(ThreadView::tr("Error:"), result.error.toHtmlEscaped());
    return html;
}
} // namespace

ThreadView::ThreadView(const ResultGrid *grid, QWidget *parent)
    : QTextBrowser(parent)
    , m_grid(grid)
{
    setObjectName(QStringLiteral("threadView"));
    setAccessibleName(tr("The selected cell's own thread, turn by turn"));
    setVisible(false);
}

void ThreadView::showCell(int cell)
{
    if (cell < 0 || cell >= m_grid->cellCount() || m_grid->earlierTurns(cell).isEmpty()) {
        m_shownKey.clear();
        clear();
        setVisible(false);
        return;
    }
    const QList<CellTurn> &earlier = m_grid->earlierTurns(cell);
    const CellResult &latest = m_grid->result(cell);
    // The latest answer streams in the answer view; this view follows its turns and status.
    const QString key = QStringLiteral("%1/%2/%3/%4").arg(cell).arg(earlier.size()).arg(int(latest.status)).arg(latest.attempts);
    setVisible(true);
    if (key == m_shownKey)
        return;
    m_shownKey = key;
    QString html;
    for (qsizetype i = 0; i < earlier.size(); ++i)
        html += turnHtml(int(i) + 1, earlier.at(i).spec, earlier.at(i).result, false);
    html += turnHtml(int(earlier.size()) + 1, m_grid->spec(cell), latest, true);
    setHtml(html);
}
