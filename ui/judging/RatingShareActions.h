// SPDX-License-Identifier: MIT
#pragma once

#include "BattleSchedule.h"
#include "RatingShare.h"

#include <QObject>
#include <QStringList>

class QMenu;
class QWidget;
class RunSession;

/// File > Share for Rating and File > Merge Verdicts of the window: writes the grid's blind
/// battles to a .promptgrid-rating file for a colleague (keys hidden; model names and provider
/// URLs only when the user ticks them) and merges the .promptgrid-verdicts files that come
/// back into the run's ratings, keyed by rater and battle so that a file merged twice counts
/// once. Saving the comparison with its results keeps the merged verdicts.
class RatingShareActions : public QObject
{
    Q_OBJECT
public:
    struct MergeReport {
        int files = 0;  ///< files merged
        int added = 0;  ///< verdicts that were not there before
        int total = 0;  ///< verdicts the merged files hold
        QStringList raters;
        QStringList errors; ///< one per refused file, naming it
        QString text() const;
    };

    RatingShareActions(RunSession *session, QWidget *window);
    void addFileActions(QMenu *file);

    /// The fingerprint of the session's grid, as share files and verdicts carry it.
    QString runFingerprint() const;
    /// Writes the grid's battles to \a path, \a matchups of them (BattleSchedule::balancedSizes;
    /// 0: all); false with \a error when there is nothing to rate (fewer than two models
    /// answered a row) or the file cannot be written.
    bool share(const QString &path, bool includeModelNames, bool includeProviderUrls, QString *error, int matchups = 0);
    /// The battle list a share draws from, with a fresh seed.
    BattleSchedule::Request battleRequest() const;
    /// Merges every file of \a paths that belongs to this run; the others are refused, named.
    MergeReport merge(const QStringList &paths);

Q_SIGNALS:
    void message(const QString &text);

private:
    void chooseShare();
    void chooseMerge();

    RunSession *m_session;
    QWidget *m_window;
    int m_matchups = 0; ///< the last length chosen in the dialog, 0 for all
};
