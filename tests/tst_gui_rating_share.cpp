// SPDX-License-Identifier: MIT
// Ratings a colleague adds: File > Share for Rating writes the run's blind battles (no key, no
// provider URL, no model name), a second window in rating-only mode rates them under the
// colleague's name (each verdict kept at once, so reopening picks up where they left off) and
// saves a verdicts file, and File > Merge Verdicts adds it to the first window's run: counted
// once however often it is merged, refused (and named) when it is for another run or
// malformed, shown as a rater in the arena and saved with the comparison. Also the window's
// command line opening a rating file, and the share dialog offering fewer battles, balanced.
#include "AppFolders.h"
#include "ArenaView.h"
#include "ComparisonController.h"
#include "ComparisonFile.h"
#include "JudgeMenu.h"
#include "MainWindow.h"
#include "RatingShare.h"
#include "RatingShareActions.h"
#include "RatingVerdicts.h"
#include "RatingWindow.h"
#include "Scheduler.h"
#include "TestHome.h"

#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QStatusBar>
#include <QTextBrowser>
#include <QTimer>
#include <QSet>

namespace {
const QString kKey = QStringLiteral("sk-rating-share-0123456789SECRETKEY");
const QString kUrl = QStringLiteral("http://127.0.0.1:9/private-gateway/v1");
const QStringList kModels{QStringLiteral("alphamodel"), QStringLiteral("betamodel"), QStringLiteral("gammamodel")};

CellResult ok(const QString &text)
{
    CellResult r;
    r.status = CellStatus::Ok;
    r.text = text;
    return r;
}

QByteArray bytesOf(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QAction *fileAction(MainWindow &window, const QString &objectName)
{
    for (QAction *menu : window.menuBar()->actions()) {
        if (!menu->menu())
            continue;
        for (QAction *a : menu->menu()->actions()) {
            if (a->objectName() == objectName)
                return a;
        }
    }
    return nullptr;
}
} // namespace

class TestGuiRatingShare : public QObject
{
    Q_OBJECT

    // A saved comparison with its results: two prompts (one with a system prompt) for three
    // models of a provider that has a key and a private URL; one answer echoes the key.
    QString savedRun()
    {
        Comparison comparison;
        comparison.prompts = {ComparisonPrompt{QString(), QStringLiteral("What is 2+2?"), QStringLiteral("Be exact.")},
                              ComparisonPrompt{QString(), QStringLiteral("Name a colour."), std::nullopt}};
        for (const QString &name : kModels) {
            ModelColumn column;
            column.provider = QStringLiteral("privateprov");
            column.model = name;
            comparison.models << column;
        }
        for (int row = 0; row < 2; ++row) {
            for (int column = 0; column < 3; ++column)
                comparison.results << SavedCell{row, column, 0, ok(QStringLiteral("Answer r%1c%2").arg(row).arg(column))};
        }
        comparison.results[4].result.text = QStringLiteral("Sure. By the way your key is %1").arg(kKey);
        const QString path = m_dir.filePath(QStringLiteral("run.promptgrid"));
        QString error;
        if (!ComparisonFile::save(comparison, path, &error))
            qWarning("%s", qPrintable(error));
        return path;
    }

    void openRun(MainWindow &window)
    {
        ProviderRegistry registry = ProviderRegistry::withDemo();
        QString error;
        const auto extra = ProviderRegistry::fromJson(QStringLiteral(R"({"providers":[{"name":"privateprov","kind":"openai","base_url":"%1",)"
                                                                     R"("models":["alphamodel","betamodel","gammamodel"]}]})")
                                                          .arg(kUrl)
                                                          .toUtf8(),
                                                      &error);
        QVERIFY2(extra, qPrintable(error));
        registry.upsert(extra->providers().first());
        window.setRegistry(registry);
        window.scheduler()->keys().setKey(QStringLiteral("privateprov"), kKey);
        QVERIFY2(window.comparisonController()->open(savedRun(), &error), qPrintable(error));
        QCOMPARE(window.scheduler()->cellCount(), 6);
    }

private Q_SLOTS:
    void initTestCase()
    {
        TestHome::isolate(QStringLiteral("tst_gui_rating_share"), m_home.path());
    }

    void init()
    {
        TestHome::reset();
        // Drafts of earlier runs of this suite would pick up their verdicts.
        QDir(QDir(AppFolders::dataFolder()).filePath(QStringLiteral("rating-drafts"))).removeRecursively();
    }

    void shareRateSaveAndMerge()
    {
        MainWindow window;
        openRun(window);
        QVERIFY(fileAction(window, QStringLiteral("shareForRatingAction")));
        QVERIFY(fileAction(window, QStringLiteral("mergeVerdictsAction")));
        auto *sharing = window.findChild<RatingShareActions *>();
        QVERIFY(sharing);

        // The shared file: no key, no provider URL, no provider or model name.
        const QString sharePath = m_dir.filePath(QStringLiteral("run.promptgrid-rating"));
        QString error;
        QVERIFY2(sharing->share(sharePath, false, false, &error), qPrintable(error));
        const QByteArray bytes = bytesOf(sharePath);
        QVERIFY(!bytes.isEmpty());
        QVERIFY(!bytes.contains(kKey.toUtf8()));
        QVERIFY(!bytes.contains("SECRETKEY"));
        QVERIFY(!bytes.contains("127.0.0.1"));
        QVERIFY(!bytes.contains("private-gateway"));
        QVERIFY(!bytes.contains("privateprov"));
        for (const QString &name : kModels)
            QVERIFY2(!bytes.contains(name.toUtf8()), qPrintable(name));
        QVERIFY(bytes.contains("Be exact."));
        QVERIFY(bytes.contains("Name a colour."));

        // The colleague's window: rating only.
        const int battles = 12;
        int given = 0;
        {
            RatingWindow rating;
            QVERIFY2(rating.open(sharePath, QStringLiteral("alice"), &error), qPrintable(error));
            rating.show();
            QVERIFY(QTest::qWaitForWindowExposed(&rating));
            ArenaView *arena = rating.arena();
            QCOMPARE(arena->battleCount(), battles);
            QCOMPARE(arena->rater(), QStringLiteral("alice"));
            QVERIFY(!rating.windowTitle().contains(QLatin1String("alphamodel")));
            // Half the battles, then the window goes away (as in a crash): nothing is lost.
            for (int i = 0; i < 6; ++i)
                QTest::keyClick(arena, i % 3 == 2 ? Qt::Key_T : Qt::Key_1);
            given = 6;
            QVERIFY(QFileInfo::exists(rating.draftPath()));
            QVERIFY(rating.draftPath().startsWith(m_home.path()) || rating.draftPath().contains(QLatin1String("qttest")));
        }
        RatingWindow rating;
        QVERIFY2(rating.open(sharePath, QStringLiteral("alice"), &error), qPrintable(error));
        rating.show();
        QVERIFY(QTest::qWaitForWindowExposed(&rating));
        ArenaView *arena = rating.arena();
        QCOMPARE(arena->ratings().battleVerdicts(QStringLiteral("alice")).size(), given);
        QCOMPARE(arena->currentIndex(), given);
        QCOMPARE(arena->progressLabel()->text(), QStringLiteral("Battle 7 of 12"));
        // The rest, by clicks; one skipped.
        for (int i = given; i < battles; ++i)
            QTest::mouseClick(i == 8 ? arena->skipButton() : arena->rightButton(), Qt::LeftButton);
        QVERIFY(arena->isShowingResults());
        // The results name no model: the file has no names.
        QTRY_VERIFY(!arena->isFitting());
        for (int row = 0; row < arena->ratingsTable()->rowCount(); ++row)
            QVERIFY(arena->ratingsTable()->item(row, 0)->text().startsWith(QLatin1String("Model ")));
        const QString verdictsPath = rating.suggestedVerdictsPath();
        QCOMPARE(QFileInfo(verdictsPath).fileName(), QStringLiteral("run-alice.promptgrid-verdicts"));
        QVERIFY2(rating.saveVerdicts(verdictsPath, &error), qPrintable(error));
        const QByteArray verdictBytes = bytesOf(verdictsPath);
        QVERIFY(!verdictBytes.contains(kKey.toUtf8()));
        QVERIFY(verdictBytes.contains("\"alice\""));

        // Back in the first window: merged once, however often.
        JudgeMenu *judge = window.judgeMenu();
        QCOMPARE(judge->ratings().battleVerdicts(QStringLiteral("alice")).size(), 0);
        RatingShareActions::MergeReport report = sharing->merge({verdictsPath});
        QVERIFY2(report.errors.isEmpty(), qPrintable(report.text()));
        QCOMPARE(report.files, 1);
        QCOMPARE(report.added, battles);
        QCOMPARE(judge->ratings().battleVerdicts(QStringLiteral("alice")).size(), battles);
        report = sharing->merge({verdictsPath, verdictsPath});
        QCOMPARE(report.added, 0);
        QCOMPARE(report.total, 2 * battles);
        QCOMPARE(judge->ratings().battleVerdicts(QStringLiteral("alice")).size(), battles);
        QCOMPARE(judge->ratings().battleVerdicts().size(), battles);
        QVERIFY2(report.text().contains(QLatin1String("0 new verdicts")), qPrintable(report.text()));
        // The verdicts are alice's own, battle by battle.
        const QList<BattleVerdict> merged = judge->ratings().battleVerdicts(QStringLiteral("alice"));
        const QList<BattleVerdict> hers = arena->ratings().battleVerdicts(QStringLiteral("alice"));
        for (const BattleVerdict &verdict : hers)
            QVERIFY(merged.contains(verdict));

        // The arena's results show her as a rater.
        judge->showArena();
        judge->arenaView()->showResults();
        QVERIFY(judge->arenaView()->raterBox()->findText(QStringLiteral("alice")) >= 0);

        // Saved with the comparison (ratings "battles"), and back when it is opened.
        const QString saved = m_dir.filePath(QStringLiteral("rated.promptgrid"));
        QVERIFY2(window.comparisonController()->save(saved, &error), qPrintable(error));
        const auto back = ComparisonFile::load(saved, &error);
        QVERIFY2(back, qPrintable(error));
        QCOMPARE(back->ratings.battleVerdicts(QStringLiteral("alice")).size(), battles);
    }

    void shareDialogOffersFewerBalancedBattles()
    {
        MainWindow window;
        openRun(window);
        const QString path = m_dir.filePath(QStringLiteral("fewer.promptgrid-rating"));
        QFile::remove(path);
        QStringList offered;
        // The dialog, then the file dialog, each answered once it is the modal window.
        QTimer answer;
        answer.setInterval(10);
        connect(&answer, &QTimer::timeout, this, [&] {
            QWidget *modal = QApplication::activeModalWidget();
            if (auto *files = qobject_cast<QFileDialog *>(modal)) {
                answer.stop();
                files->selectFile(path);
                static_cast<QDialog *>(files)->accept();
            } else if (auto *dialog = qobject_cast<QDialog *>(modal); dialog && offered.isEmpty()) {
                auto *box = dialog->findChild<QComboBox *>(QStringLiteral("shareSizeBox"));
                if (!box)
                    return;
                for (int i = 0; i < box->count(); ++i)
                    offered << box->itemText(i);
                // All battles unless the user chooses fewer.
                QCOMPARE(box->currentIndex(), box->count() - 1);
                box->setCurrentIndex(0);
                dialog->accept();
            }
        });
        answer.start();
        fileAction(window, QStringLiteral("shareForRatingAction"))->trigger();
        answer.stop();
        // 3 models, 2 prompts: 3 pairs, 6 match-ups both ways.
        QCOMPARE(offered, (QStringList{QStringLiteral("6 battles (each pair 2 times)"), QStringLiteral("All 12 battles")}));
        QString error;
        const auto shared = RatingShare::read(path, &error);
        QVERIFY2(shared, qPrintable(error));
        QCOMPARE(shared->battles().size(), qsizetype(6));
        QSet<QPair<int, int>> shownAs;
        for (const Battle &battle : shared->battles())
            shownAs.insert(qMakePair(battle.left, battle.right));
        // Every pair once each way.
        QCOMPARE(shownAs.size(), 6);
    }

    void namesWhenChosenShowOnlyAfterRating()
    {
        MainWindow window;
        openRun(window);
        auto *sharing = window.findChild<RatingShareActions *>();
        const QString sharePath = m_dir.filePath(QStringLiteral("named.promptgrid-rating"));
        QString error;
        QVERIFY2(sharing->share(sharePath, true, true, &error), qPrintable(error));
        const QByteArray bytes = bytesOf(sharePath);
        QVERIFY(bytes.contains("privateprov/alphamodel"));
        QVERIFY(bytes.contains(kUrl.toUtf8()));
        QVERIFY(!bytes.contains(kKey.toUtf8()));

        RatingWindow rating;
        QVERIFY2(rating.open(sharePath, QStringLiteral("erin"), &error), qPrintable(error));
        ArenaView *arena = rating.arena();
        const auto shownNames = [&] {
            QStringList names;
            for (int row = 0; row < arena->ratingsTable()->rowCount(); ++row)
                names << arena->ratingsTable()->item(row, 0)->text();
            return names.join(QLatin1Char(' '));
        };
        // Peeking at the results halfway: still blind, even in the battle being judged.
        QTest::keyClick(arena, Qt::Key_1);
        arena->showResults();
        QTRY_VERIFY(!arena->isFitting());
        for (const QString &name : kModels)
            QVERIFY2(!shownNames().contains(name), qPrintable(shownNames()));
        QVERIFY(arena->agreementLabel()->text().contains(QLatin1String("once you have judged every battle")));
        arena->showBattles();
        QVERIFY(!arena->leftTitle()->text().contains(QLatin1String("model")));
        while (!arena->isShowingResults())
            QTest::keyClick(arena, Qt::Key_2);
        QTRY_VERIFY(!arena->isFitting());
        for (const QString &name : kModels)
            QVERIFY2(shownNames().contains(name), qPrintable(shownNames()));
    }

    void foreignAndMalformedFilesAreRefused()
    {
        MainWindow window;
        openRun(window);
        auto *sharing = window.findChild<RatingShareActions *>();
        QVERIFY(sharing);
        RatingVerdicts other{QStringLiteral("0123abcd"), QStringLiteral("bob"),
                             {BattleVerdict{Battle{0, 0, 0, 1}, QStringLiteral("bob"), BattleVerdict::Left}}};
        const QString otherPath = m_dir.filePath(QStringLiteral("other-run.promptgrid-verdicts"));
        QString error;
        QVERIFY2(other.write(otherPath, &error), qPrintable(error));
        const QString brokenPath = m_dir.filePath(QStringLiteral("broken.promptgrid-verdicts"));
        RatingVerdicts broken{sharing->runFingerprint(), QStringLiteral("carol"),
                              {BattleVerdict{Battle{0, 0, 0, 1}, QStringLiteral("carol"), BattleVerdict::Left}}};
        QByteArray json = broken.toJson();
        json.replace("\"verdict\": \"left\"", "\"verdict\": \"sideways\"");
        QFile file(brokenPath);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json);
        file.close();
        RatingVerdicts good{sharing->runFingerprint(), QStringLiteral("dave"),
                            {BattleVerdict{Battle{1, 0, 2, 0}, QStringLiteral("dave"), BattleVerdict::Tie}}};
        const QString goodPath = m_dir.filePath(QStringLiteral("dave.promptgrid-verdicts"));
        QVERIFY2(good.write(goodPath, &error), qPrintable(error));

        const RatingShareActions::MergeReport report = sharing->merge({otherPath, brokenPath, goodPath});
        QCOMPARE(report.errors.size(), 2);
        QVERIFY2(report.errors.at(0).contains(otherPath) && report.errors.at(0).contains(QLatin1String("fingerprint")),
                 qPrintable(report.errors.at(0)));
        QVERIFY2(report.errors.at(1).contains(brokenPath) && report.errors.at(1).contains(QLatin1String("verdicts[0].verdict")),
                 qPrintable(report.errors.at(1)));
        // The good file still merged.
        QCOMPARE(report.files, 1);
        QCOMPARE(window.judgeMenu()->ratings().battleVerdicts().size(), 1);
        QCOMPARE(window.judgeMenu()->ratings().battleRaters(), QStringList{QStringLiteral("dave")});
    }

    void realBinaryOpensTheRatingOnlyWindow()
    {
        MainWindow window;
        openRun(window);
        auto *sharing = window.findChild<RatingShareActions *>();
        QVERIFY(sharing);
        const QString sharePath = m_dir.filePath(QStringLiteral("binary.promptgrid-rating"));
        QString error;
        QVERIFY2(sharing->share(sharePath, false, false, &error), qPrintable(error));

        // The built promptgrid, with a home of its own: the rating-only window opens under the
        // rater's name and keeps its draft (rater and run, no verdict yet) in its data folder.
        QTemporaryDir home;
        QVERIFY(home.isValid());
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
            env.insert(QLatin1String(name), home.path());
        QProcess rating;
        rating.setProcessEnvironment(env);
        rating.start(QStringLiteral(PROMPTGRID_GUI_PATH), {sharePath, QStringLiteral("--rater"), QStringLiteral("alice")});
        QVERIFY(rating.waitForStarted(10000));
        const auto draftFile = [&] {
            QDirIterator it(home.path(), {QStringLiteral("*-alice.") + RatingVerdicts::extension()}, QDir::Files, QDirIterator::Subdirectories);
            return it.hasNext() ? it.next() : QString();
        };
        QTRY_VERIFY_WITH_TIMEOUT(!draftFile().isEmpty(), 20000);
        QVERIFY2(draftFile().contains(QLatin1String("/rating-drafts/")), qPrintable(draftFile()));
        const auto draft = RatingVerdicts::read(draftFile(), &error);
        QVERIFY2(draft, qPrintable(error));
        QCOMPARE(draft->rater, QStringLiteral("alice"));
        QCOMPARE(draft->fingerprint, sharing->runFingerprint());
        QVERIFY(draft->verdicts.isEmpty());
        // A window, not a command: it stays open for the rater, and says nothing is wrong.
        QCOMPARE(rating.state(), QProcess::Running);
        QVERIFY2(!rating.readAllStandardError().contains("PromptGrid:"), "an error on a good file");
        rating.kill();
        QVERIFY(rating.waitForFinished(5000));

        // A missing file and a file that is not JSON: named, exit status 1, no crash.
        for (const auto &[name, bytes] : {std::pair{QStringLiteral("missing.promptgrid-rating"), QByteArray()},
                                          std::pair{QStringLiteral("garbage.promptgrid-rating"), QByteArray("{\"format\": \"promptgrid-rating\", \"ver")}}) {
            const QString path = m_dir.filePath(name);
            QFile::remove(path);
            if (!bytes.isEmpty()) {
                QFile file(path);
                QVERIFY(file.open(QIODevice::WriteOnly));
                file.write(bytes);
            }
            QProcess bad;
            bad.setProcessEnvironment(env);
            bad.start(QStringLiteral(PROMPTGRID_GUI_PATH), {path, QStringLiteral("--rater"), QStringLiteral("alice")});
            QVERIFY(bad.waitForFinished(20000));
            QCOMPARE(bad.exitStatus(), QProcess::NormalExit);
            QCOMPARE(bad.exitCode(), 1);
            const QString errors = QString::fromUtf8(bad.readAllStandardError());
            QVERIFY2(errors.contains(path), qPrintable(errors));
            QVERIFY2(!errors.contains(QLatin1String("alice")), qPrintable(errors));
            qInfo("%s", qPrintable(errors.trimmed()));
        }
    }

    void ctrlSSavesAndTheTitleNamesFileAndRater()
    {
        MainWindow window;
        openRun(window);
        auto *sharing = window.findChild<RatingShareActions *>();
        QVERIFY(sharing);
        const QString sharePath = m_dir.filePath(QStringLiteral("keys.promptgrid-rating"));
        QString error;
        QVERIFY2(sharing->share(sharePath, false, true, &error), qPrintable(error));

        RatingWindow rating;
        QVERIFY2(rating.open(sharePath, QStringLiteral("bob"), &error), qPrintable(error));
        rating.show();
        QVERIFY(QTest::qWaitForWindowExposed(&rating));
        // The file and the rater; no key, no provider URL even when the file holds the URLs.
        QCOMPARE(rating.windowTitle(), QStringLiteral("keys.promptgrid-rating – rating as bob – PromptGrid"));
        QVERIFY(!rating.windowTitle().contains(kKey));
        QVERIFY(!rating.windowTitle().contains(QLatin1String("127.0.0.1")));
        ArenaView *arena = rating.arena();
        QTest::keyClick(arena, Qt::Key_1);
        QTest::keyClick(arena, Qt::Key_2);

        // Ctrl+S: the save dialog offers rater-named verdicts next to the shared file.
        const QString verdictsPath = m_dir.filePath(QStringLiteral("keys-bob.promptgrid-verdicts"));
        QFile::remove(verdictsPath);
        QString offered;
        QTimer answer;
        answer.setInterval(10);
        connect(&answer, &QTimer::timeout, this, [&] {
            if (auto *files = qobject_cast<QFileDialog *>(QApplication::activeModalWidget())) {
                answer.stop();
                offered = files->selectedFiles().value(0);
                static_cast<QDialog *>(files)->accept();
            }
        });
        answer.start();
        QTest::keyClick(arena, Qt::Key_S, Qt::ControlModifier);
        answer.stop();
        QCOMPARE(offered, verdictsPath);
        const auto saved = RatingVerdicts::read(verdictsPath, &error);
        QVERIFY2(saved, qPrintable(error));
        QCOMPARE(saved->rater, QStringLiteral("bob"));
        QCOMPARE(saved->verdicts.size(), qsizetype(2));
        QVERIFY(rating.statusBar()->currentMessage().contains(QLatin1String("keys-bob.promptgrid-verdicts")));
        // Ctrl+S judged nothing: S alone skips, with Ctrl it only saves.
        QCOMPARE(arena->currentIndex(), 2);
    }

    void commandLineOpensRatingOnly()
    {
        // A rating file that cannot be read: named, and the window does not stay.
        const QString bad = m_dir.filePath(QStringLiteral("bad.promptgrid-rating"));
        QFile file(bad);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"format\": \"promptgrid-rating\", \"version\": 1}");
        file.close();
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        for (const char *name : {"HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"})
            env.insert(QLatin1String(name), m_home.path());
        QProcess window;
        window.setProcessEnvironment(env);
        window.start(QStringLiteral(PROMPTGRID_GUI_PATH), {bad, QStringLiteral("--rater"), QStringLiteral("alice")});
        QVERIFY(window.waitForFinished(20000));
        QCOMPARE(window.exitCode(), 1);
        const QString errors = QString::fromUtf8(window.readAllStandardError());
        QVERIFY2(errors.contains(bad) && errors.contains(QLatin1String("fingerprint")), qPrintable(errors));
    }

private:
    QTemporaryDir m_home;
    QTemporaryDir m_dir;
};

QTEST_MAIN(TestGuiRatingShare)
#include "tst_gui_rating_share.moc"
