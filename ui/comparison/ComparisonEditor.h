// SPDX-License-Identifier: MIT
#pragma once

#include "Comparison.h"
#include "ModelSetStore.h"

#include <QWidget>

#include <optional>

class ModelColumnsEditor;
class PromptListWidget;
class QCheckBox;
class QLabel;
class QPlainTextEdit;
class QSpinBox;
class VariablesEditor;

/// Everything a comparison is made of, in one panel: the prompt list beside the prompt editor
/// (with an optional per-prompt system prompt), the comparison's system prompt, the test cases
/// with their preview, the model configurations and the run settings.
class ComparisonEditor : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonEditor(QWidget *parent = nullptr, ModelSetStore modelSets = ModelSetStore());

    /// The document as edited (results are not kept here).
    Comparison comparison() const;
    void setComparison(const Comparison &comparison);
    /// Renders the plan; on a missing variable shows the error and returns nothing.
    std::optional<RunPlan> buildPlan(QString *error);
    void setProviderNames(const QStringList &names);

    PromptListWidget *promptList() const { return m_prompts; }
    QPlainTextEdit *promptEdit() const { return m_promptEdit; }
    QPlainTextEdit *systemEdit() const { return m_systemEdit; }
    VariablesEditor *variablesEditor() const { return m_variables; }
    ModelColumnsEditor *modelColumns() const { return m_models; }
    QSpinBox *repeatSpin() const { return m_repeats; }
    /// The last problem shown (empty when none): a plan that cannot be built, or values of an
    /// opened file that the fields had to clamp.
    QString errorText() const;
    void showError(const QString &error);

Q_SIGNALS:
    /// Anything in the document changed.
    void comparisonChanged();

private:
    void onCurrentPromptChanged(int index);
    void onPromptEdited();
    void onOwnSystemEdited();
    void updatePreview();

    PromptListWidget *m_prompts;
    QPlainTextEdit *m_promptEdit;
    QCheckBox *m_ownSystem;
    QPlainTextEdit *m_ownSystemEdit;
    QPlainTextEdit *m_systemEdit;
    VariablesEditor *m_variables;
    ModelColumnsEditor *m_models;
    QSpinBox *m_repeats;
    QSpinBox *m_concurrency;
    QSpinBox *m_timeout;
    QLabel *m_error;
    ComparisonSettings m_hiddenSettings; ///< settings this panel has no field for (retries)
    bool m_loading = false;
};
