// SPDX-License-Identifier: MIT
#pragma once

#include "JudgeRun.h"
#include "ModelColumn.h"
#include "ProviderRegistry.h"
#include "RunPlan.h"

#include <QDialog>
#include <QList>
#include <QStringList>

#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QRadioButton;
class QSpinBox;

/// Judge > Grade with a Judge Model…: which configured model judges (the grid's own columns
/// first, then every provider's models; the Demo provider needs no key), by which rubric (a
/// preset, its text editable, or the user's own), on which score scale, against which reference
/// column (a variable of the plan), and whether it grades each answer or picks the better of
/// two (pairwise). What it returns is a JudgeRun::Request for every answered cell.
class JudgeModelDialog : public QDialog
{
    Q_OBJECT
public:
    /// \a previous (optional) fills the fields, as a re-run starts from the last request.
    JudgeModelDialog(const ProviderRegistry &providers, const RunPlan &plan, JudgeRun::Mode mode,
                     const std::optional<JudgeRun::Request> &previous, QWidget *parent = nullptr);

    /// The request as chosen (its cells empty: every answered cell).
    JudgeRun::Request request() const;
    /// Every judge on offer, in the combo box's order.
    const QList<ModelColumn> &judges() const { return m_judges; }
    /// Picks the judge \a reference ("provider/model" or a column's display name); false when
    /// none is offered by that name.
    bool selectJudge(const QString &reference);
    void setMode(JudgeRun::Mode mode);
    /// The variables of the plan's rows, in first-seen order (the reference column's choices).
    static QStringList variableNames(const RunPlan &plan);

    QComboBox *judgeCombo() const { return m_judge; }
    QComboBox *presetCombo() const { return m_preset; }
    QPlainTextEdit *rubricEdit() const { return m_rubric; }
    QSpinBox *scaleMinSpin() const { return m_scaleMin; }
    QSpinBox *scaleMaxSpin() const { return m_scaleMax; }
    QComboBox *referenceCombo() const { return m_reference; }
    QRadioButton *gradeButton() const { return m_grade; }
    QRadioButton *pairwiseButton() const { return m_pairwise; }

    void accept() override;

private:
    void applyPreset();
    void updateState();

    QList<ModelColumn> m_judges;
    QComboBox *m_judge;
    QRadioButton *m_grade;
    QRadioButton *m_pairwise;
    QComboBox *m_preset;
    QPlainTextEdit *m_rubric;
    QSpinBox *m_scaleMin;
    QSpinBox *m_scaleMax;
    QComboBox *m_reference;
    QLabel *m_note;
    QLabel *m_problem;
    QDialogButtonBox *m_buttons;
};
