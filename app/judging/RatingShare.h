// SPDX-License-Identifier: MIT
#pragma once

#include "Battle.h"
#include "CellAddress.h"
#include "ChatMessage.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

class ResultGrid;
struct RunPlan;

/// What a colleague needs to rate a run blind (File > Share for Rating, a .promptgrid-rating
/// file): the rows' prompts, the answers the battles show and the battle list, with the run's
/// fingerprint so that their verdicts can be matched back. It holds no keys, no provider URLs
/// and no model names unless the user chose to include names or URLs; answers and prompts are
/// passed through SecretMask with the known keys, in case a model echoed one or one was pasted. The arena screen reads
/// the same value, whether made from the window's grid or read from a file.
class RatingShare
{
public:
    struct Row {
        QString label;
        QString system;
        QList<ChatMessage> history;
        QString prompt;
        bool operator==(const Row &other) const = default;
    };
    struct Options {
        bool includeModelNames = false;
        /// One per column (its provider's base URL) when the user chose to include them.
        QStringList providerUrls;
        /// Keys to hide wherever they appear in an answer or a prompt.
        QStringList secrets;
    };

    static QString extension() { return QStringLiteral("promptgrid-rating"); }
    /// The run's identity: a SHA-256 over the rows (label, system, history, prompt), the
    /// columns (provider, model and name) and the sample count. Neither names nor text can be
    /// read back from it.
    static QString fingerprint(const RunPlan &plan);

    /// \a battles of \a grid, with the answers they show.
    static RatingShare fromGrid(const ResultGrid &grid, const QList<Battle> &battles, const Options &options);

    QByteArray toJson() const;
    /// Reads what toJson() wrote; fails with \a error naming the field ("battles[2].left must
    /// be from 0 to 3") on anything else, or when a battle has no answer to show.
    static std::optional<RatingShare> fromJson(const QByteArray &json, QString *error);
    /// Writes or reads the file at \a path; errors name the file.
    bool write(const QString &path, QString *error) const;
    static std::optional<RatingShare> read(const QString &path, QString *error);

    const QString &runFingerprint() const { return m_fingerprint; }
    const QList<Row> &rows() const { return m_rows; }
    int columnCount() const { return m_columnCount; }
    /// Empty unless the sharer included them.
    const QStringList &modelNames() const { return m_modelNames; }
    const QStringList &providerUrls() const { return m_providerUrls; }
    const QList<Battle> &battles() const { return m_battles; }
    /// The answer of \a cell, or nullopt when the file has none.
    std::optional<QString> answer(const CellAddress &cell) const;
    bool operator==(const RatingShare &other) const = default;

private:
    QString m_fingerprint;
    QList<Row> m_rows;
    int m_columnCount = 0;
    int m_samples = 1;
    QStringList m_modelNames;
    QStringList m_providerUrls;
    QList<Battle> m_battles;
    QHash<CellAddress, QString> m_answers;
};
