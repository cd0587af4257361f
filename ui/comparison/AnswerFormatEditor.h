// SPDX-License-Identifier: MIT
#pragma once

#include "OutputFormat.h"

#include <QWidget>

#include <optional>

class JsonEdit;
class QComboBox;

/// Edits one OutputFormat: free text, JSON mode (any JSON object) or a JSON Schema typed into a
/// monospace editor with a live syntax check. Used for the comparison's answer format and for a
/// prompt's own.
class AnswerFormatEditor : public QWidget
{
    Q_OBJECT
public:
    /// \a what names the format in accessible names and problems ("Answer format").
    explicit AnswerFormatEditor(const QString &what, QWidget *parent = nullptr);

    QComboBox *kindCombo() const { return m_kind; }
    JsonEdit *schemaEdit() const { return m_schema; }
    /// The format as edited; nothing while the schema has a problem.
    std::optional<OutputFormat> format() const;
    /// Shows \a format; a schema that means the same as the one typed keeps the user's layout.
    void setFormat(const OutputFormat &format);
    /// What keeps the format from being sent ("Answer format: Line 3, column 7: …"), or empty.
    QString problem() const;

Q_SIGNALS:
    /// The user changed the kind or the schema's text.
    void edited();

private:
    void updateSchemaVisibility();

    QString m_what;
    QComboBox *m_kind;
    JsonEdit *m_schema;
    QString m_name = OutputFormat().name; ///< kept from the document: no field edits it
};
