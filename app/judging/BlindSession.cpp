// SPDX-License-Identifier: MIT
#include "BlindSession.h"

#include <QRandomGenerator>

BlindSession::BlindSession(int rowCount, const QList<int> &columns, quint64 seed, int sample)
    : m_columns(columns)
    , m_seed(seed)
    , m_sample(sample)
{
    m_orders.reserve(qMax(0, rowCount));
    for (int row = 0; row < rowCount; ++row) {
        // Seeded per row, so one row's order never depends on how many rows came before it.
        QRandomGenerator generator({quint32(seed), quint32(seed >> 32), quint32(row), 0x5eedu});
        QList<int> order = m_columns;
        for (qsizetype i = order.size() - 1; i > 0; --i)
            order.swapItemsAt(i, qsizetype(generator.bounded(quint32(i + 1))));
        m_orders.append(order);
    }
}

int BlindSession::realColumn(int row, int position) const
{
    if (row < 0 || row >= m_orders.size() || position < 0 || position >= m_columns.size())
        return -1;
    return m_orders.at(row).at(position);
}

int BlindSession::shownPosition(int row, int column) const
{
    if (row < 0 || row >= m_orders.size())
        return -1;
    return int(m_orders.at(row).indexOf(column));
}

QString BlindSession::positionLetter(int position)
{
    return position >= 0 && position < 26 ? QString(QChar(u'A' + position)) : QString::number(position + 1);
}

int BlindSession::positionFromLetter(QChar letter)
{
    const QChar upper = letter.toUpper();
    return upper >= u'A' && upper <= u'Z' ? upper.unicode() - u'A' : -1;
}

QString BlindSession::shownName(int row, int position, const QStringList &columnNames) const
{
    const QString neutral = QStringLiteral("Answer %1").arg(positionLetter(position));
    if (!m_revealed)
        return neutral;
    const int column = realColumn(row, position);
    return column < 0 ? neutral : QStringLiteral("%1: %2").arg(neutral, columnNames.value(column));
}

bool BlindSession::rate(Ratings &ratings, int row, int position, int stars) const
{
    const int column = realColumn(row, position);
    if (column < 0 || stars < 1 || stars > 5)
        return false;
    ratings.setRating(CellAddress{row, column, m_sample}, stars);
    return true;
}

bool BlindSession::prefer(Ratings &ratings, int row, int winnerPosition) const
{
    const int winner = realColumn(row, winnerPosition);
    if (winner < 0 || m_columns.size() < 2)
        return false;
    clearVerdict(ratings, row);
    for (int position = 0; position < m_columns.size(); ++position) {
        if (position != winnerPosition)
            ratings.addPreference(Preference{row, m_sample, winner, realColumn(row, position), Preference::A});
    }
    return true;
}

bool BlindSession::tie(Ratings &ratings, int row) const
{
    if (row < 0 || row >= m_orders.size() || m_columns.size() < 2)
        return false;
    clearVerdict(ratings, row);
    const QList<int> &order = m_orders.at(row);
    for (int i = 0; i < order.size(); ++i) {
        for (int j = i + 1; j < order.size(); ++j)
            ratings.addPreference(Preference{row, m_sample, order.at(i), order.at(j), Preference::Tie});
    }
    return true;
}

BlindSession::Verdict BlindSession::verdict(const Ratings &ratings, int row) const
{
    const QList<int> order = m_orders.value(row);
    QList<int> wins(order.size(), 0);
    int ties = 0;
    int judged = 0;
    for (const Preference &p : ratings.preferences()) {
        if (p.row != row || p.sample != m_sample)
            continue;
        const qsizetype a = order.indexOf(p.columnA);
        const qsizetype b = order.indexOf(p.columnB);
        if (a < 0 || b < 0)
            continue;
        ++judged;
        if (p.winner == Preference::Tie)
            ++ties;
        else
            ++wins[p.winner == Preference::A ? a : b];
    }
    if (judged == 0)
        return {};
    const int others = int(order.size()) - 1;
    if (ties == judged && judged == int(order.size()) * others / 2)
        return {Verdict::Tie, -1};
    for (int position = 0; position < wins.size(); ++position) {
        if (ties == 0 && wins.at(position) == others && judged == others)
            return {Verdict::Best, position};
    }
    return {Verdict::Mixed, -1};
}

bool BlindSession::clearVerdict(Ratings &ratings, int row) const
{
    const QList<int> order = m_orders.value(row);
    bool removed = false;
    for (int i = 0; i < order.size(); ++i) {
        for (int j = i + 1; j < order.size(); ++j) {
            while (ratings.undoPreference(row, m_sample, order.at(i), order.at(j)))
                removed = true;
        }
    }
    return removed;
}
