// SPDX-License-Identifier: MIT
#include "AttachmentStrip.h"

#include "AttachmentFile.h"
#include "ComparisonDocument.h"
#include "FlowLayout.h"
#include "ImageHeader.h"

#include <QBuffer>
#include <QClipboard>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QIcon>
#include <QImage>
#include <QImageReader>
#include <QKeyEvent>
#include <QLabel>
#include <QMimeData>
#include <QStyle>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace {
constexpr int kThumb = 32;

// Decoding a large image takes a while: off the GUI thread.
QImage thumbnail(const QByteArray &bytes)
{
    QBuffer buffer;
    buffer.setData(bytes);
    QImageReader reader(&buffer);
    const QSize size = reader.size();
    if (size.isValid())
        reader.setScaledSize(size.scaled(kThumb, kThumb, Qt::KeepAspectRatio));
    return reader.read();
}

QStringList localFiles(const QMimeData *mime)
{
    QStringList paths;
    if (!mime || !mime->hasUrls())
        return paths;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile())
            paths.append(url.toLocalFile());
    }
    return paths;
}
} // namespace

AttachmentStrip::AttachmentStrip(ComparisonDocument *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("attachmentStrip"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto *chips = new QWidget(this);
    m_chips = new FlowLayout(chips);
    m_chips->setContentsMargins(0, 0, 0, 0);
    m_attachButton = new QToolButton(this);
    m_attachButton->setObjectName(QStringLiteral("attachButton"));
    // An icon, not an emoji in the text: many desktops have no emoji font and draw a box.
    m_attachButton->setText(tr("Attach…"));
    m_attachButton->setIcon(QIcon::fromTheme(QStringLiteral("mail-attachment"), style()->standardIcon(QStyle::SP_FileIcon)));
    m_attachButton->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_attachButton->setAccessibleName(tr("Attach images or text files"));
    m_attachButton->setToolTip(tr("Attach images (PNG, JPEG, WebP, GIF) or text files to every prompt; "
                                  "or drop them on the composer, or paste an image"));
    layout->addWidget(chips);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("attachmentProblem"));
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: palette(link);"));
    m_problem->hide();
    layout->addWidget(m_problem);
    connect(m_attachButton, &QToolButton::clicked, this, &AttachmentStrip::chooseFiles);
    connect(m_document, &ComparisonDocument::attachmentsChanged, this, &AttachmentStrip::rebuild);
    rebuild();
}

QString AttachmentStrip::problem() const
{
    return m_problem->isVisible() ? m_problem->text() : QString();
}

QList<QWidget *> AttachmentStrip::chips() const
{
    QList<QWidget *> list;
    for (int i = 0; i < m_chips->count(); ++i) {
        QWidget *w = m_chips->itemAt(i)->widget();
        if (w && w != m_attachButton)
            list.append(w);
    }
    return list;
}

bool AttachmentStrip::addFiles(const QStringList &paths)
{
    QList<ComparisonAttachment> attachments = m_document->comparison().attachments;
    QStringList problems;
    for (const QString &path : paths) {
        QString error;
        const auto loaded = AttachmentFile::load(path, &error);
        if (!loaded) {
            problems.append(error);
            continue;
        }
        attachments.append(ComparisonAttachment{QFileInfo(path).absoluteFilePath(), *loaded});
    }
    m_document->setAttachments(attachments);
    showProblem(problems);
    return problems.isEmpty();
}

bool AttachmentStrip::canTake(const QMimeData *mime)
{
    return mime && (mime->hasImage() || !localFiles(mime).isEmpty());
}

bool AttachmentStrip::addFromMime(const QMimeData *mime)
{
    const QStringList files = localFiles(mime);
    if (!files.isEmpty())
        return addFiles(files);
    if (!mime || !mime->hasImage())
        return false;
    // The clipboard's own PNG bytes when it has them, else the image saved as PNG.
    QByteArray bytes = mime->data(QStringLiteral("image/png"));
    if (bytes.isEmpty()) {
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        qvariant_cast<QImage>(mime->imageData()).save(&buffer, "PNG");
    }
    QString error;
    const auto image = AttachmentFile::imageFromBytes(tr("pasted image %1.png").arg(m_document->comparison().attachments.size() + 1), bytes, &error);
    if (!image) {
        showProblem({tr("pasted image: %1").arg(error)});
        return false;
    }
    QList<ComparisonAttachment> attachments = m_document->comparison().attachments;
    attachments.append(ComparisonAttachment{QString(), *image});
    m_document->setAttachments(attachments);
    showProblem({});
    return true;
}

void AttachmentStrip::showProblem(const QStringList &problems)
{
    m_problem->setText(problems.join(QLatin1Char('\n')));
    m_problem->setVisible(!problems.isEmpty());
}

void AttachmentStrip::chooseFiles()
{
    const QStringList paths = QFileDialog::getOpenFileNames(this, tr("Attach files"), QString(),
                                                            tr("Images and text (*.png *.jpg *.jpeg *.webp *.gif *.txt *.md *.csv *.json);;All files (*)"));
    if (!paths.isEmpty())
        addFiles(paths);
}

void AttachmentStrip::remove(int index)
{
    QList<ComparisonAttachment> attachments = m_document->comparison().attachments;
    if (index < 0 || index >= attachments.size())
        return;
    attachments.removeAt(index);
    m_document->setAttachments(attachments);
}

void AttachmentStrip::rebuild()
{
    while (QLayoutItem *item = m_chips->takeAt(0)) {
        if (item->widget() && item->widget() != m_attachButton)
            item->widget()->deleteLater();
        delete item;
    }
    const int count = int(m_document->comparison().attachments.size());
    for (int i = 0; i < count; ++i)
        m_chips->addWidget(chip(i));
    m_chips->addWidget(m_attachButton);
}

QWidget *AttachmentStrip::chip(int index)
{
    const ComparisonAttachment &file = m_document->comparison().attachments.at(index);
    const Attachment &a = file.attachment;
    auto *box = new QWidget;
    box->setObjectName(QStringLiteral("attachmentChip"));
    box->setToolTip(file.path.isEmpty() ? a.fileName : file.path);
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(2);
    auto *thumb = new QLabel(box);
    thumb->setFixedSize(kThumb, kThumb);
    thumb->setAlignment(Qt::AlignCenter);
    thumb->setFrameShape(QFrame::StyledPanel);
    if (a.kind == Attachment::Kind::Image) {
        auto *watcher = new QFutureWatcher<QImage>(thumb);
        connect(watcher, &QFutureWatcher<QImage>::finished, thumb, [thumb, watcher] {
            thumb->setPixmap(QPixmap::fromImage(watcher->result()));
        });
        watcher->setFuture(QtConcurrent::run(thumbnail, a.data));
    } else {
        thumb->setText(QStringLiteral("TXT"));
    }
    const ImageHeader header = ImageHeader::read(a.data);
    const QString size = AttachmentFile::sizeText(a.data.size());
    auto *label = new QLabel(QStringLiteral("%1\n%2").arg(fontMetrics().elidedText(a.fileName, Qt::ElideMiddle, 110), size), box);
    label->setObjectName(QStringLiteral("attachmentLabel"));
    QFont small = label->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    label->setFont(small);
    auto *removeButton = new QToolButton(box);
    removeButton->setObjectName(QStringLiteral("removeAttachment"));
    removeButton->setText(QStringLiteral("×"));
    removeButton->setAutoRaise(true);
    removeButton->setAccessibleName(tr("Remove %1").arg(a.fileName));
    removeButton->setToolTip(tr("Remove %1").arg(a.fileName));
    connect(removeButton, &QToolButton::clicked, this, [this, index] { remove(index); });
    row->addWidget(thumb);
    row->addWidget(label);
    row->addWidget(removeButton);
    box->setAccessibleName(header.isImage() ? tr("%1 image %2, %3").arg(header.typeName(), a.fileName, size)
                                            : tr("text file %1, %2").arg(a.fileName, size));
    return box;
}

bool AttachmentStrip::takeDrop(QEvent *event)
{
    if (event->type() != QEvent::DragEnter && event->type() != QEvent::DragMove && event->type() != QEvent::Drop)
        return false;
    auto *drop = static_cast<QDropEvent *>(event);
    if (!canTake(drop->mimeData()))
        return false;
    drop->acceptProposedAction();
    if (event->type() == QEvent::Drop)
        addFromMime(drop->mimeData());
    return true;
}

bool AttachmentStrip::takePastedImage(QEvent *event)
{
    if (event->type() != QEvent::KeyPress || !static_cast<QKeyEvent *>(event)->matches(QKeySequence::Paste))
        return false;
    const QMimeData *clipboard = QGuiApplication::clipboard()->mimeData();
    if (!clipboard || !clipboard->hasImage())
        return false;
    addFromMime(clipboard);
    return true;
}
