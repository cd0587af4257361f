// SPDX-License-Identifier: MIT
// The composer's attachments: the Attach strip under the prompt (files, a drop on the prompt
// editor, a pasted image), chips with name, size and a remove button, the one document both
// views edit, the plan that sends them, and the detail pane saying what a cell was sent.
#include "AttachmentFile.h"
#include "AttachmentStrip.h"
#include "ComparisonController.h"
#include "ComparisonDocument.h"
#include "ComparisonEditor.h"
#include "ComparisonFile.h"
#include "DetailPane.h"
#include "ModelTree.h"
#include "PromptComposer.h"
#include "RunSession.h"
#include "StaticGrid.h"

#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrl>

namespace {
const QByteArray kRedPng = QByteArray::fromBase64(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC");

QString write(const QTemporaryDir &dir, const QString &name, const QByteArray &bytes)
{
    QFile file(dir.filePath(name));
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(file.fileName()));
    return file.fileName();
}

QStringList chipNames(AttachmentStrip *strip)
{
    QStringList names;
    for (QWidget *chip : strip->chips())
        names.append(chip->findChild<QLabel *>(QStringLiteral("attachmentLabel"))->text().section(QLatin1Char('\n'), 0, 0));
    return names;
}
} // namespace

class TestGuiAttachments : public QObject
{
    Q_OBJECT

private slots:
    void attachAndRemove();
    void dropAndPaste();
    void planSendsThemAndTheDetailPaneSaysSo();
    void saveEmbeddedOrByReference();
};

void TestGuiAttachments::attachAndRemove()
{
    QTemporaryDir dir;
    PromptComposer composer;
    composer.resize(330, 700);
    composer.show();
    AttachmentStrip *strip = composer.attachments();
    QVERIFY(strip->chips().isEmpty());
    QVERIFY(strip->attachButton()->isVisible());
    const QString png = write(dir, QStringLiteral("red.png"), kRedPng);
    const QString notes = write(dir, QStringLiteral("notes.txt"), "hello");
    const QString fake = write(dir, QStringLiteral("fake.png"), "I am text with an image's name");
    // Two good files and one that is text in disguise: the good ones are attached, the bad one is named.
    QVERIFY(!strip->addFiles({png, fake, notes}));
    QCOMPARE(chipNames(strip), (QStringList{QStringLiteral("red.png"), QStringLiteral("notes.txt")}));
    QVERIFY2(strip->problem().contains(fake) && strip->problem().contains(QStringLiteral("not a PNG")), qPrintable(strip->problem()));
    const QList<ComparisonAttachment> &files = composer.document()->comparison().attachments;
    QCOMPARE(files.size(), 2);
    QCOMPARE(files.at(0).attachment.kind, Attachment::Kind::Image);
    QCOMPARE(files.at(0).path, png);
    QCOMPARE(files.at(1).attachment.kind, Attachment::Kind::Text);
    // Each chip shows the size and has its remove button; the strip fits the narrow panel.
    QVERIFY(strip->chips().first()->findChild<QLabel *>(QStringLiteral("attachmentLabel"))->text().contains(QStringLiteral("69 bytes")));
    QTRY_VERIFY(strip->width() <= composer.width());
    auto *remove = strip->chips().first()->findChild<QToolButton *>(QStringLiteral("removeAttachment"));
    QVERIFY(remove);
    QCOMPARE(remove->accessibleName(), QStringLiteral("Remove red.png"));
    QTest::mouseClick(remove, Qt::LeftButton);
    QTRY_COMPARE(chipNames(strip), QStringList{QStringLiteral("notes.txt")});
    QCOMPARE(composer.document()->comparison().attachments.size(), 1);
    // A good file clears the problem line.
    QVERIFY(strip->addFiles({png}));
    QVERIFY(strip->problem().isEmpty());
    // The document is the one both views edit: setting it redraws the strip.
    composer.document()->setAttachments({});
    QTRY_VERIFY(strip->chips().isEmpty());
}

void TestGuiAttachments::dropAndPaste()
{
    QTemporaryDir dir;
    PromptComposer composer;
    composer.resize(330, 700);
    composer.show();
    QVERIFY(QTest::qWaitForWindowExposed(&composer));
    const QString png = write(dir, QStringLiteral("drop.png"), kRedPng);
    // A dropped image file is attached, not pasted as a URL into the prompt.
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(png)});
    QWidget *viewport = composer.promptEdit()->viewport();
    const QPoint at = viewport->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
    QCOMPARE(composer.document()->comparison().attachments.size(), 1);
    QCOMPARE(composer.document()->comparison().attachments.first().attachment.fileName, QStringLiteral("drop.png"));
    QVERIFY(composer.promptEdit()->toPlainText().isEmpty() || !composer.promptEdit()->toPlainText().contains(QStringLiteral("drop.png")));
    // A pasted image (Ctrl+V in the prompt editor) is attached as PNG.
    QImage image(3, 2, QImage::Format_RGB32);
    image.fill(Qt::green);
    QApplication::clipboard()->setImage(image);
    if (!QApplication::clipboard()->mimeData() || !QApplication::clipboard()->mimeData()->hasImage())
        QFAIL("the offscreen clipboard did not keep the image");
    composer.promptEdit()->setFocus();
    QTest::keyClick(composer.promptEdit(), Qt::Key_V, Qt::ControlModifier);
    QTRY_COMPARE(composer.document()->comparison().attachments.size(), 2);
    const ComparisonAttachment pasted = composer.document()->comparison().attachments.at(1);
    QCOMPARE(pasted.attachment.mimeType, QStringLiteral("image/png"));
    QVERIFY(pasted.path.isEmpty());
    QVERIFY(pasted.attachment.fileName.startsWith(QStringLiteral("pasted image")));
    QCOMPARE(QImage::fromData(pasted.attachment.data).size(), QSize(3, 2));
}

void TestGuiAttachments::planSendsThemAndTheDetailPaneSaysSo()
{
    QTemporaryDir dir;
    PromptComposer composer;
    composer.setRegistry(ProviderRegistry::withDemo());
    composer.promptEdit()->setPlainText(QStringLiteral("one\n---\ntwo"));
    QVERIFY(composer.modelTree()->setModelChecked(QStringLiteral("demo/echo"), true));
    QVERIFY(composer.attachments()->addFiles({write(dir, QStringLiteral("red.png"), kRedPng), write(dir, QStringLiteral("n.txt"), "abc")}));
    QString error;
    const auto plan = composer.composePlan(&error);
    QVERIFY2(plan, qPrintable(error));
    QCOMPARE(plan->rows.size(), 2);
    for (const RunRow &row : plan->rows) {
        QCOMPARE(row.attachments.size(), 2);
        QCOMPARE(row.attachments.first().data, kRedPng);
    }
    StaticGrid grid(*plan, {});
    DetailPane pane(&grid);
    pane.setCell(0);
    auto *sent = pane.findChild<QLabel *>(QStringLiteral("detailAttachments"));
    QVERIFY(sent);
    QVERIFY(!sent->isHidden());
    QCOMPARE(sent->text(), QStringLiteral("Sent with: red.png (PNG 1x1, 69 bytes), n.txt (text, 3 bytes)"));
}

void TestGuiAttachments::saveEmbeddedOrByReference()
{
    QTemporaryDir dir;
    QSettings settings(dir.filePath(QStringLiteral("recent.ini")), QSettings::IniFormat);
    QMainWindow window;
    RunSession session(RunSettings::Storage::Transient);
    ComparisonController controller(&session, &window, RecentFiles(&settings));
    QMenu *file = window.menuBar()->addMenu(QStringLiteral("&File"));
    controller.addFileActions(file);
    auto *embed = window.findChild<QAction *>(QStringLiteral("embedAttachmentsAction"));
    QVERIFY(embed && embed->isCheckable() && embed->isChecked());
    const QString png = write(dir, QStringLiteral("red.png"), kRedPng);
    QString error;
    controller.editor()->document()->setAttachments({ComparisonAttachment{png, *AttachmentFile::loadImage(png, &error)}});
    const auto fileText = [](const QString &path) {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    // Checked (the default): embedded.
    const QString embedded = dir.filePath(QStringLiteral("embedded.promptgrid"));
    QVERIFY2(controller.save(embedded, &error), qPrintable(error));
    QVERIFY(fileText(embedded).contains(kRedPng.toBase64()));
    // Unchecked: by a path relative to the file.
    embed->trigger();
    QVERIFY(!controller.embedAttachments());
    const QString referenced = dir.filePath(QStringLiteral("referenced.promptgrid"));
    QVERIFY2(controller.save(referenced, &error), qPrintable(error));
    QVERIFY(!fileText(referenced).contains(kRedPng.toBase64()));
    QVERIFY(fileText(referenced).contains("\"path\": \"red.png\""));
    // Both read back into the one document.
    for (const QString &path : {embedded, referenced}) {
        controller.editor()->document()->setAttachments({});
        QVERIFY2(controller.open(path, &error), qPrintable(error));
        QCOMPARE(controller.editor()->document()->comparison().attachments.size(), 1);
        QCOMPARE(controller.editor()->document()->comparison().attachments.first().attachment.data, kRedPng);
    }
}

QTEST_MAIN(TestGuiAttachments)
#include "tst_gui_attachments.moc"
