// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>
#include <QWidget>

class ComparisonDocument;
class FlowLayout;
class QLabel;
class QMimeData;
class QToolButton;

/// The composer's attachments, sent with every prompt: an Attach button, and one small chip per
/// file (a thumbnail or a text mark, its name and size, a remove button) that wraps in a narrow
/// panel. It edits ComparisonDocument::setAttachments(); files come from the button, a drop or a
/// pasted image. A file that cannot be attached is named in the line under the chips.
class AttachmentStrip : public QWidget
{
    Q_OBJECT
public:
    explicit AttachmentStrip(ComparisonDocument *document, QWidget *parent = nullptr);

    /// Attaches each file (an image when its bytes are one, else a text file); false when one
    /// could not be, and problem() names it.
    bool addFiles(const QStringList &paths);
    /// A pasted image: \a mime's image data (PNG as the clipboard gives it) or image file URLs.
    bool addFromMime(const QMimeData *mime);
    /// Whether addFromMime() would take \a mime (an image, or local files that are not prompt files).
    static bool canTake(const QMimeData *mime);
    /// A drag over or drop on an editor that carries files or an image: accepted and, on the
    /// drop, attached. False for any other event (the editor handles it).
    bool takeDrop(QEvent *event);
    /// Ctrl+V of an image in an editor: attached. False for any other event or clipboard.
    bool takePastedImage(QEvent *event);
    QString problem() const;
    QToolButton *attachButton() const { return m_attachButton; }
    /// The chips, in the document's order (for tests and the accessibility walk).
    QList<QWidget *> chips() const;

private:
    void rebuild();
    void showProblem(const QStringList &problems);
    void chooseFiles();
    void remove(int index);
    QWidget *chip(int index);

    ComparisonDocument *m_document;
    FlowLayout *m_chips;
    QToolButton *m_attachButton;
    QLabel *m_problem;
};
