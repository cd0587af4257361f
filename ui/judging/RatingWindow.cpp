// SPDX-License-Identifier: MIT
#include "RatingWindow.h"

#include "AppFolders.h"
#include "ArenaView.h"
#include "RatingVerdicts.h"

#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStatusBar>

RatingWindow::RatingWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_arena(new ArenaView(this))
{
    setObjectName(QStringLiteral("ratingWindow"));
    setWindowTitle(tr("PromptGrid – Rating"));
    setCentralWidget(m_arena);
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *save = file->addAction(tr("&Save Verdicts…"), this, &RatingWindow::chooseSave);
    save->setObjectName(QStringLiteral("saveVerdictsAction"));
    save->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    connect(m_arena, &ArenaView::ratingsChanged, this, &RatingWindow::keepDraft);
    resize(1100, 760);
}

QString RatingWindow::defaultRaterName()
{
    for (const char *variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString name = qEnvironmentVariable(variable).trimmed();
        if (RatingVerdicts::isColleagueName(name))
            return name;
    }
    return QString();
}

bool RatingWindow::open(const QString &path, const QString &rater, QString *error)
{
    auto share = RatingShare::read(path, error);
    if (!share)
        return false;
    QString name = rater;
    while (name.isEmpty()) {
        bool ok = false;
        name = QInputDialog::getText(this, tr("Rate Answers"),
                                     tr("Your name, as the sender of this file will see it beside your verdicts:"),
                                     QLineEdit::Normal, defaultRaterName(), &ok)
                   .trimmed();
        if (!ok) {
            *error = tr("%1: no rater name given").arg(QDir::toNativeSeparators(path));
            return false;
        }
        if (!RatingVerdicts::isColleagueName(name)) {
            QMessageBox::information(this, tr("Rate Answers"), tr("\"%1\" is kept for this window's own ratings and judge models; "
                                                                  "please use another name.").arg(name));
            name.clear();
        }
    }
    if (!RatingVerdicts::isColleagueName(name)) {
        *error = tr("\"%1\" cannot be a rater's name").arg(name);
        return false;
    }
    m_share = *share;
    m_path = QFileInfo(path).absoluteFilePath();
    m_rater = name;
    // One draft per shared run and rater: reopening the file picks up where the rater left off.
    QString safeName = name;
    safeName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    m_draftPath = QDir(AppFolders::dataFolder()).filePath(QStringLiteral("rating-drafts/%1-%2.%3")
                                                              .arg(m_share.runFingerprint().left(16), safeName, RatingVerdicts::extension()));
    Ratings ratings;
    if (QFileInfo::exists(m_draftPath)) {
        QString draftError;
        const auto draft = RatingVerdicts::read(m_draftPath, &draftError);
        if (draft && draft->fingerprint == m_share.runFingerprint() && draft->rater == name)
            draft->mergeInto(ratings);
        else if (!draft)
            statusBar()->showMessage(tr("The saved draft could not be read: %1").arg(draftError), 0);
    }
    m_arena->setNamesShownOnlyWhenDone(true);
    m_arena->setRater(name);
    m_arena->setRatings(ratings);
    m_arena->setContent(m_share, m_share.modelNames());
    // The draft from the start (rater and run, no verdict yet), never over one it could not read.
    if (!QFileInfo::exists(m_draftPath))
        keepDraft();
    m_saved = ratings.battleVerdicts().isEmpty();
    setWindowTitle(tr("%1 – rating as %2 – PromptGrid").arg(QFileInfo(path).fileName(), name));
    if (!ratings.battleVerdicts().isEmpty())
        statusBar()->showMessage(tr("Picked up your %n earlier verdict(s).", nullptr, int(ratings.battleVerdicts().size())), 8000);
    m_arena->setFocus();
    return true;
}

QString RatingWindow::suggestedVerdictsPath() const
{
    const QFileInfo info(m_path);
    QString safeName = m_rater;
    safeName.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_.-]")), QStringLiteral("_"));
    return info.dir().filePath(QStringLiteral("%1-%2.%3").arg(info.completeBaseName(), safeName, RatingVerdicts::extension()));
}

void RatingWindow::keepDraft()
{
    m_saved = false;
    if (m_draftPath.isEmpty())
        return;
    QDir().mkpath(QFileInfo(m_draftPath).absolutePath());
    QString error;
    if (!RatingVerdicts::fromRatings(m_arena->ratings(), m_share.runFingerprint(), m_rater).write(m_draftPath, &error))
        statusBar()->showMessage(tr("Your verdicts could not be kept: %1").arg(error), 0);
}

bool RatingWindow::saveVerdicts(const QString &path, QString *error)
{
    if (!RatingVerdicts::fromRatings(m_arena->ratings(), m_share.runFingerprint(), m_rater).write(path, error))
        return false;
    m_saved = true;
    statusBar()->showMessage(tr("Saved your verdicts to %1: send it back for File > Merge Verdicts.").arg(QDir::toNativeSeparators(path)), 0);
    return true;
}

void RatingWindow::chooseSave()
{
    if (m_path.isEmpty())
        return;
    QString path = QFileDialog::getSaveFileName(this, tr("Save Verdicts"), suggestedVerdictsPath(),
                                                tr("PromptGrid verdicts (*.%1)").arg(RatingVerdicts::extension()));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + RatingVerdicts::extension();
    QString error;
    if (!saveVerdicts(path, &error))
        QMessageBox::warning(this, tr("Save Verdicts"), error);
}

void RatingWindow::closeEvent(QCloseEvent *event)
{
    if (!m_saved) {
        const auto answer = QMessageBox::question(this, tr("Save Verdicts"),
                                                  tr("Save your verdicts to a file to send back? (They are kept here "
                                                     "either way, and come back when you open the file again.)"),
                                                  QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save) {
            chooseSave();
            if (!m_saved) {
                event->ignore();
                return;
            }
        }
    }
    QMainWindow::closeEvent(event);
}
