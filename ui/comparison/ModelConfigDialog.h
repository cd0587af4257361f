// SPDX-License-Identifier: MIT
#pragma once

#include "ModelColumn.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

/// Edits one column's model configuration: provider, model, label and the parameters
/// (temperature, top_p, max tokens, seed, reasoning effort and budget, system prompt override,
/// stop sequences). A parameter left unchecked (or the provider's default) is not sent.
class ModelConfigDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ModelConfigDialog(QWidget *parent = nullptr);

    void setProviderNames(const QStringList &names);
    void setModelSuggestions(const QStringList &models);
    void setColumn(const ModelColumn &column);
    ModelColumn column() const;
    /// Empty when the dialog's values can be accepted.
    QString validationError() const;

    void accept() override;

private:
    QComboBox *m_provider;
    QComboBox *m_model;
    QLineEdit *m_label;
    QCheckBox *m_useTemperature;
    QDoubleSpinBox *m_temperature;
    QCheckBox *m_useTopP;
    QDoubleSpinBox *m_topP;
    QCheckBox *m_useMaxTokens;
    QSpinBox *m_maxTokens;
    QCheckBox *m_useSeed;
    QLineEdit *m_seed;
    QComboBox *m_reasoning;
    QCheckBox *m_useReasoningBudget;
    QSpinBox *m_reasoningBudget;
    QCheckBox *m_useSystem;
    QPlainTextEdit *m_system;
    QPlainTextEdit *m_stop;
    QLabel *m_error;
};
