// SPDX-License-Identifier: MIT
#pragma once

#include "Ratings.h"

#include <QList>
#include <QString>

#include <optional>

/// A colleague's verdicts on a shared run (a .promptgrid-verdicts file): the run's
/// fingerprint, the rater's name and one verdict per battle. The rating-only window writes it
/// (and keeps a copy as each verdict is given); File > Merge Verdicts reads it back into the
/// run's Ratings, keyed by rater and battle, so merging a file twice counts it once.
class RatingVerdicts
{
public:
    static QString extension() { return QStringLiteral("promptgrid-verdicts"); }
    /// Whether \a rater may be a colleague's name: not empty, not the window's own rater
    /// (Ratings::localRater()) and not a judge model's ("judge:…").
    static bool isColleagueName(const QString &rater);

    QString fingerprint;
    QString rater;
    /// Their verdicts; each one's rater is \c rater.
    QList<BattleVerdict> verdicts;

    /// Every verdict of \a rater in \a ratings.
    static RatingVerdicts fromRatings(const Ratings &ratings, const QString &fingerprint, const QString &rater);
    QByteArray toJson() const;
    /// Fails with \a error naming the field ("verdicts[4].verdict is \"maybe\"") or line.
    static std::optional<RatingVerdicts> fromJson(const QByteArray &json, QString *error);
    bool write(const QString &path, QString *error) const;
    /// Errors name the file.
    static std::optional<RatingVerdicts> read(const QString &path, QString *error);

    /// Merges the verdicts into \a ratings (replacing this rater's earlier verdict on a battle,
    /// never adding a second); returns how many were new.
    int mergeInto(Ratings &ratings) const;
};
