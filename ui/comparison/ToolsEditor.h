// SPDX-License-Identifier: MIT
#pragma once

#include "ToolChoice.h"
#include "ToolDefinition.h"

#include <QList>
#include <QWidget>

#include <optional>

class JsonEdit;
class QComboBox;
class QJsonArray;

/// Edits the tools a comparison offers, as a JSON array of {name, description, parameters}
/// with a live check (syntax with line and column, then each tool's fields), and the tool
/// choice: auto, required, none, or one of the tools by name.
class ToolsEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ToolsEditor(QWidget *parent = nullptr);

    JsonEdit *toolsEdit() const { return m_tools; }
    QComboBox *choiceCombo() const { return m_choice; }
    /// The tools as typed; nothing while the text has a problem.
    std::optional<QList<ToolDefinition>> tools() const;
    ToolChoice choice() const;
    /// Shows \a tools and \a choice; tools that mean the same as the text keep its layout.
    void setTools(const QList<ToolDefinition> &tools, const ToolChoice &choice);
    /// What keeps the tools from being sent ("Tools: Line 2, column 5: …", a choice naming a
    /// tool that is not defined), or empty.
    QString problem() const;

Q_SIGNALS:
    /// The user changed the tools' text or the choice.
    void edited();

private:
    void onTextEdited();
    /// Lists auto, required, none and each tool, keeping \a choice selected.
    void fillChoices(const ToolChoice &choice);

    JsonEdit *m_tools;
    QComboBox *m_choice;
    QList<ToolDefinition> m_parsed; ///< the last tools that parsed, which the choice lists
};
