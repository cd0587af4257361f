// SPDX-License-Identifier: MIT
// Accessibility and habits of the window: every interactive widget has an accessible name (its
// own, its text or a label's buddy) and Tab reaches it; the window and its cells follow the
// system palette, light or dark, with no fixed colour that turns unreadable.
#include "BlindModePanel.h"
#include "CellDelegate.h"
#include "DetailPane.h"
#include "HistoryDatabase.h"
#include "JudgeMenu.h"
#include "MainWindow.h"
#include "PlanBuilder.h"
#include "QuickChecksDialog.h"
#include "ResultsTableModel.h"
#include "Scheduler.h"
#include "TestHome.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QAccessible>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPlainTextEdit>
#include <QSet>
#include <QSettings>
#include <QSlider>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextEdit>

namespace {
ModelColumn model(const QString &name)
{
    ModelColumn column;
    column.provider = QStringLiteral("demo");
    column.model = name;
    return column;
}

CellResult finished(CellStatus status, const QString &text, const QString &error = {})
{
    CellResult r;
    r.status = status;
    r.text = text;
    r.error = error;
    r.attempts = 1;
    return r;
}

void loadRun(MainWindow &window)
{
    window.scheduler()->load(PlanBuilder::fromPrompts({QStringLiteral("first"), QStringLiteral("second")},
                                                      {model(QStringLiteral("echo")), model(QStringLiteral("fast"))}, 1, {}),
                             {finished(CellStatus::Ok, QStringLiteral("one")), finished(CellStatus::Error, QString(), QStringLiteral("HTTP 500")),
                              finished(CellStatus::Ok, QStringLiteral("three")), finished(CellStatus::Incomplete, QStringLiteral("fo"), QStringLiteral("the connection was cut"))});
}

// Widgets a person operates. Parts of composite widgets (a spin box's line edit, a header, a
// scroll bar, a dock's title buttons) are reached through their owner.
bool isInteractive(const QWidget *widget)
{
    if (qobject_cast<const QLineEdit *>(widget))
        return !qobject_cast<const QAbstractSpinBox *>(widget->parentWidget()) && !qobject_cast<const QComboBox *>(widget->parentWidget());
    if (qobject_cast<const QAbstractItemView *>(widget))
        return !qobject_cast<const QHeaderView *>(widget);
    if (const auto *button = qobject_cast<const QAbstractButton *>(widget)) {
        const QByteArray type = button->metaObject()->className();
        return type != "QDockWidgetTitleButton" && type != "QTableCornerButton" && !qobject_cast<const QTabBar *>(button->parentWidget());
    }
    // Qt's tab bar of tabbed docks is outside the Tab chain; each dock is raised by its Judge
    // menu shortcut instead.
    if (qobject_cast<const QTabBar *>(widget) && qobject_cast<const QMainWindow *>(widget->parentWidget()))
        return false;
    return qobject_cast<const QAbstractSpinBox *>(widget) || qobject_cast<const QComboBox *>(widget)
        || qobject_cast<const QTextEdit *>(widget) || qobject_cast<const QPlainTextEdit *>(widget)
        || qobject_cast<const QSlider *>(widget) || qobject_cast<const QTabBar *>(widget);
}

// Read through the blind panel's own keys, which a focused text view would take.
bool readThroughItsPanel(const QWidget *widget)
{
    for (const QWidget *parent = widget->parentWidget(); parent; parent = parent->parentWidget()) {
        if (qobject_cast<const BlindModePanel *>(parent))
            return qobject_cast<const QTextBrowser *>(widget) != nullptr;
    }
    return false;
}

QString describe(const QWidget *widget)
{
    return QStringLiteral("%1 \"%2\" (%3)")
        .arg(QString::fromLatin1(widget->metaObject()->className()), widget->objectName(),
             widget->parentWidget() ? QString::fromLatin1(widget->parentWidget()->metaObject()->className()) : QString());
}

QList<QWidget *> interactiveWidgets(QWidget *top)
{
    QList<QWidget *> out;
    const QList<QWidget *> all = top->findChildren<QWidget *>();
    for (QWidget *widget : all) {
        if (widget->isVisible() && widget->window() == top && isInteractive(widget))
            out.append(widget);
    }
    return out;
}

QStringList unnamed(QWidget *top)
{
    QStringList out;
    for (QWidget *widget : interactiveWidgets(top)) {
        QAccessibleInterface *accessible = QAccessible::queryAccessibleInterface(widget);
        const QString name = accessible ? accessible->text(QAccessible::Name).trimmed() : QString();
        if (name.isEmpty())
            out << describe(widget);
    }
    return out;
}

// Presses Tab from the first widget of the focus chain until the focus comes round again, and
// names the interactive widgets it never reached.
QStringList unreachedByTab(QWidget *top)
{
    top->activateWindow();
    QApplication::setActiveWindow(top);
    QWidget *start = top->nextInFocusChain();
    while (start != top && !(start->isVisible() && start->isEnabled() && (start->focusPolicy() & Qt::TabFocus)))
        start = start->nextInFocusChain();
    start->setFocus(Qt::TabFocusReason);
    QSet<QWidget *> reached;
    QWidget *previous = nullptr;
    for (int step = 0; step < 3000; ++step) {
        QWidget *focus = QApplication::focusWidget();
        if (!focus || focus == previous)
            break; // stuck: the widget took the Tab
        reached.insert(focus);
        if (qEnvironmentVariableIsSet("PROMPTGRID_TAB_WALK"))
            qDebug() << step << focus;
        previous = focus;
        QTest::keyClick(focus, Qt::Key_Tab);
        if (QApplication::focusWidget() == start)
            break;
    }
    QStringList out;
    for (QWidget *widget : interactiveWidgets(top)) {
        if (!widget->isEnabled() || readThroughItsPanel(widget))
            continue;
        // A composite's focus proxy (a combo box's line edit) stands for it.
        QWidget *focusable = widget->focusProxy() ? widget->focusProxy() : widget;
        if (!reached.contains(focusable))
            out << describe(widget) + QStringLiteral(" policy %1").arg(int(widget->focusPolicy()));
    }
    return out;
}

double luminance(const QColor &color)
{
    const auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF());
}

double contrast(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette darkPalette()
{
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::AlternateBase, QColor(0x26, 0x26, 0x26));
    dark.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Button, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    dark.setColor(QPalette::HighlightedText, QColor(Qt::white));
    dark.setColor(QPalette::PlaceholderText, QColor(0xa0, 0xa0, 0xa0));
    dark.setColor(QPalette::ToolTipBase, QColor(0x35, 0x35, 0x35));
    dark.setColor(QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xe8));
    dark.setColor(QPalette::Light, QColor(0x50, 0x50, 0x50));
    dark.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    dark.setColor(QPalette::Mid, QColor(0x30, 0x30, 0x30));
    dark.setColor(QPalette::Dark, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Shadow, QColor(0x10, 0x10, 0x10));
    return dark;
}

// The share of the picture's pixels that are light (for a dark palette) or dark (for a light one).
double shareOfOpposite(const QImage &image, bool dark)
{
    qint64 opposite = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const int lightness = image.pixelColor(x, y).lightness();
            opposite += dark ? lightness > 170 : lightness < 85;
        }
    }
    return double(opposite) / (double(image.width() / 2 + 1) * double(image.height() / 2 + 1));
}
} // namespace

class TestGuiAccessibility : public QObject
{
    Q_OBJECT
private:
    QTemporaryDir m_settingsDir;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_settingsDir.isValid());
        TestHome::isolate(QStringLiteral("PromptGridAccessibility"), m_settingsDir.path());
    }

    void init()
    {
        TestHome::reset();
    }

    void everyControlHasANameAndTakesTab()
    {
        MainWindow window;
        window.resize(1280, 720);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        // At 1280x720 the detail pane starts collapsed; a user opens it from View.
        if (!window.isDetailVisible())
            window.detailAction()->trigger();
        QVERIFY(window.isDetailVisible());
        loadRun(window);
        // The judging docks this work touched: blind judging and the statistics.
        window.judgeMenu()->showBlindMode();
        window.judgeMenu()->showStats();
        QTest::qWait(50);
        QVERIFY(window.judgeMenu()->blindPanel()->isVisible());
        const QList<QWidget *> widgets = interactiveWidgets(&window);
        QVERIFY2(widgets.size() > 30, qPrintable(QString::number(widgets.size())));
        const QStringList withoutName = unnamed(&window);
        QVERIFY2(withoutName.isEmpty(), qPrintable(withoutName.join(QStringLiteral("\n"))));
        const QStringList unreached = unreachedByTab(&window);
        QVERIFY2(unreached.isEmpty(), qPrintable(unreached.join(QStringLiteral("\n"))));

        // The left panel's other tabs, each in turn.
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("leftTabs"));
        QVERIFY(tabs);
        for (int tab = 1; tab < tabs->count(); ++tab) {
            tabs->setCurrentIndex(tab);
            QTest::qWait(20);
            const QStringList tabUnnamed = unnamed(&window);
            QVERIFY2(tabUnnamed.isEmpty(), qPrintable(tabs->tabText(tab) + QStringLiteral(": ") + tabUnnamed.join(QStringLiteral("\n"))));
            const QStringList tabUnreached = unreachedByTab(&window);
            QVERIFY2(tabUnreached.isEmpty(), qPrintable(tabs->tabText(tab) + QStringLiteral(": ") + tabUnreached.join(QStringLiteral("\n"))));
        }
    }

    void quickChecksDialogHasNamesAndTakesTab()
    {
        QuickCheckSet checks;
        QuickCheck json;
        json.kind = QuickCheck::ValidJson;
        checks.addRunCheck(json);
        QuickChecksDialog dialog({QStringLiteral("model one")}, checks);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QStringList withoutName = unnamed(&dialog);
        QVERIFY2(withoutName.isEmpty(), qPrintable(withoutName.join(QStringLiteral("\n"))));
        const QStringList unreached = unreachedByTab(&dialog);
        QVERIFY2(unreached.isEmpty(), qPrintable(unreached.join(QStringLiteral("\n"))));
    }

    void followsTheSystemPalette_data()
    {
        QTest::addColumn<bool>("dark");
        QTest::addRow("light") << false;
        QTest::addRow("dark") << true;
    }

    void followsTheSystemPalette()
    {
        QFETCH(bool, dark);
        const QPalette original = QApplication::palette();
        const QPalette palette = dark ? darkPalette() : original;
        QApplication::setPalette(palette);
        {
            MainWindow window;
            window.resize(1280, 720);
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            if (!window.isDetailVisible())
                window.detailAction()->trigger();
            loadRun(window);
            // A cell whose partial answer stopped with an error, so the error line shows too.
            window.grid()->setCurrentIndex(window.resultsModel()->index(1, 1));
            QTest::qWait(50);

            // The pane's colours come from the palette.
            const QPalette pane = window.detailPane()->answerView()->palette();
            QCOMPARE(pane.color(QPalette::Base), palette.color(QPalette::Base));
            QCOMPARE(pane.color(QPalette::Text), palette.color(QPalette::Text));
            // The delegate's chips are its palette's and readable on the cell.
            for (CellStatus status : {CellStatus::Ok, CellStatus::Error, CellStatus::Cancelled, CellStatus::Timeout}) {
                QVERIFY(contrast(CellDelegate::statusColor(status, palette), palette.color(QPalette::Base)) >= 2.0);
                QVERIFY(contrast(CellDelegate::statusTextColor(status, palette, QPalette::Base), palette.color(QPalette::Base)) >= 4.5);
            }
            const QLabel *error = window.findChild<QLabel *>(QStringLiteral("detailError"));
            QVERIFY(error->isVisible());
            QVERIFY2(contrast(error->palette().color(QPalette::WindowText), error->palette().color(QPalette::Window)) >= 4.5,
                     qPrintable(error->palette().color(QPalette::WindowText).name()));

            // Nothing painted in a fixed colour of the other theme: the window reads as the palette.
            const QImage shot = window.grab().toImage();
            const double opposite = shareOfOpposite(shot, dark);
            QVERIFY2(opposite < 0.08, qPrintable(QStringLiteral("%1% of the window has the other theme's colour").arg(opposite * 100)));
            // And a cell paints its answer in the palette's text colour on its base.
            const QImage cell = window.grid()->viewport()->grab(window.grid()->visualRect(window.resultsModel()->index(0, 0))).toImage();
            QVERIFY(shareOfOpposite(cell, dark) < 0.2);
        }
        QApplication::setPalette(original);
    }
};

QTEST_MAIN(TestGuiAccessibility)
#include "tst_gui_accessibility.moc"
