// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"

#include <QList>
#include <QWidget>

class QLabel;
class QListWidget;
class QListWidgetItem;
class QPushButton;

/// The list of prompts beside the editor: add, remove, duplicate, drag to reorder, rename
/// (double-click), paste several prompts split on "---" lines, import .txt/.csv/.jsonl files
/// (button or drop). The editor shows the current prompt and writes back with setCurrentText().
class PromptListWidget : public QWidget
{
    Q_OBJECT
public:
    explicit PromptListWidget(QWidget *parent = nullptr);

    QList<ComparisonPrompt> prompts() const;
    void setPrompts(const QList<ComparisonPrompt> &prompts);
    int count() const;
    int currentIndex() const;
    void setCurrentIndex(int index);
    ComparisonPrompt prompt(int index) const;
    /// The editor changed the current prompt's text.
    void setCurrentText(const QString &text);
    /// Sets (or, with nullopt, clears) the current prompt's own system prompt.
    void setCurrentSystem(const std::optional<QString> &system);
    /// Sets (or, with nullopt, clears) the current prompt's own answer format.
    void setCurrentOutputFormat(const std::optional<OutputFormat> &format);

    /// Appends one prompt and makes it current; returns its index.
    int addPrompt(const QString &text = {}, const QString &name = {});
    void removeCurrent();
    void duplicateCurrent();
    void renamePrompt(int index, const QString &name);
    void movePrompt(int from, int to);
    /// Splits \a text on lines holding only "---" and appends each piece; returns how many.
    int pasteText(const QString &text);
    /// Appends the prompts of a .txt, .csv or .jsonl file; false with \a error on a bad file.
    bool importFile(const QString &path, QString *error);

    /// The last import or paste problem shown under the list (empty when none).
    QString statusText() const;

Q_SIGNALS:
    /// Any change: text, names, order, count.
    void promptsChanged();
    /// The current prompt changed (-1 when the list is empty).
    void currentPromptChanged(int index);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void chooseFile();
    void pasteFromClipboard();
    void onItemChanged(QListWidgetItem *item);
    void updateItem(QListWidgetItem *item);
    void updateButtons();
    void showStatus(const QString &text);
    QListWidgetItem *makeItem(const ComparisonPrompt &prompt);
    static ComparisonPrompt promptOf(const QListWidgetItem *item);

    QListWidget *m_list;
    QPushButton *m_add;
    QPushButton *m_duplicate;
    QPushButton *m_remove;
    QPushButton *m_import;
    QPushButton *m_paste;
    QLabel *m_status;
    bool m_updating = false;
};
