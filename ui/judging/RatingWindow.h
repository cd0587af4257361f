// SPDX-License-Identifier: MIT
#pragma once

#include "RatingShare.h"

#include <QMainWindow>

class ArenaView;

/// The rating-only window of `promptgrid FILE.promptgrid-rating`: a colleague rates the shared
/// battles in the arena under their own name, and nothing else (no sending, no providers).
/// Each verdict is kept at once in a draft file in the app data folder, so a crash loses
/// nothing and the same rater picks up where they left off; File > Save Verdicts writes the
/// .promptgrid-verdicts file to send back.
class RatingWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit RatingWindow(QWidget *parent = nullptr);

    /// Opens the share file at \a path for \a rater (asked for, the login name offered, when
    /// empty). False with \a error naming the file and field when it cannot be read, or when
    /// no name was given.
    bool open(const QString &path, const QString &rater, QString *error);
    bool saveVerdicts(const QString &path, QString *error);
    /// Where the verdicts are kept as they are given.
    QString draftPath() const { return m_draftPath; }
    /// The name offered to the rater: the login name.
    static QString defaultRaterName();
    /// "report-alice.promptgrid-verdicts" next to the share file.
    QString suggestedVerdictsPath() const;

    ArenaView *arena() const { return m_arena; }
    const QString &rater() const { return m_rater; }

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void keepDraft();
    void chooseSave();

    ArenaView *m_arena;
    RatingShare m_share;
    QString m_path;
    QString m_rater;
    QString m_draftPath;
    bool m_saved = true;
};
