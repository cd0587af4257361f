// SPDX-License-Identifier: MIT
#include "JudgeModelDialog.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
constexpr int kScaleLimit = 100;
}

JudgeModelDialog::JudgeModelDialog(const ProviderRegistry &providers, const RunPlan &plan, JudgeRun::Mode mode,
                                   const std::optional<JudgeRun::Request> &previous, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Judge Model"));
    setAccessibleName(tr("Judge model"));
    setObjectName(QStringLiteral("judgeModelDialog"));

    // The grid's own columns first (a model already trusted with the prompts), then every
    // configured model not among them.
    for (const ModelColumn &column : plan.columns) {
        if (!m_judges.contains(column))
            m_judges.append(column);
    }
    for (const ProviderConfig &provider : providers.providers()) {
        for (const QString &model : provider.models) {
            const bool known = std::any_of(m_judges.cbegin(), m_judges.cend(), [&](const ModelColumn &column) {
                return column.provider == provider.name && column.model == model && column.label.isEmpty()
                    && column.params == RequestParams();
            });
            if (known)
                continue;
            ModelColumn column;
            column.provider = provider.name;
            column.model = model;
            m_judges.append(column);
        }
    }
    m_judge = new QComboBox(this);
    m_judge->setObjectName(QStringLiteral("judgeModelCombo"));
    m_judge->setAccessibleName(tr("Judge model"));
    m_judge->setToolTip(tr("Any configured model can judge; its requests count against the spend cap like any cell's"));
    const qsizetype ownColumns = std::min<qsizetype>(plan.columns.size(), m_judges.size());
    for (qsizetype i = 0; i < m_judges.size(); ++i) {
        const QString name = m_judges.at(i).displayName();
        m_judge->addItem(i < ownColumns ? tr("%1 (in the grid)").arg(name) : name);
    }

    m_grade = new QRadioButton(tr("&Grade each answer"), this);
    m_grade->setObjectName(QStringLiteral("judgeGradeMode"));
    m_grade->setToolTip(tr("The judge gives every answer a score on the scale and a short reason"));
    m_pairwise = new QRadioButton(tr("&Pairwise: pick the better answer"), this);
    m_pairwise->setObjectName(QStringLiteral("judgePairwiseMode"));
    m_pairwise->setToolTip(tr("The judge compares two answers of a row, asked in both orders; a tie when the two orders disagree"));
    auto *modes = new QButtonGroup(this);
    modes->addButton(m_grade);
    modes->addButton(m_pairwise);
    auto *modeRow = new QHBoxLayout;
    modeRow->addWidget(m_grade);
    modeRow->addWidget(m_pairwise);
    modeRow->addStretch(1);

    m_preset = new QComboBox(this);
    m_preset->setObjectName(QStringLiteral("judgeRubricPreset"));
    m_preset->setAccessibleName(tr("Rubric preset"));
    for (const JudgeRubric::Preset preset : JudgeRubric::presets())
        m_preset->addItem(JudgeRubric::presetName(preset), int(preset));
    m_preset->addItem(JudgeRubric::presetName(JudgeRubric::Preset::Custom), int(JudgeRubric::Preset::Custom));

    m_rubric = new QPlainTextEdit(this);
    m_rubric->setObjectName(QStringLiteral("judgeRubricText"));
    m_rubric->setAccessibleName(tr("Rubric: what the judge grades by"));
    m_rubric->setPlaceholderText(tr("What makes a good answer, in your words"));
    m_rubric->setTabChangesFocus(true);
    m_rubric->setMinimumHeight(m_rubric->fontMetrics().lineSpacing() * 6);

    m_scaleMin = new QSpinBox(this);
    m_scaleMin->setObjectName(QStringLiteral("judgeScaleMin"));
    m_scaleMin->setAccessibleName(tr("Lowest score"));
    m_scaleMin->setRange(0, kScaleLimit - 1);
    m_scaleMax = new QSpinBox(this);
    m_scaleMax->setObjectName(QStringLiteral("judgeScaleMax"));
    m_scaleMax->setAccessibleName(tr("Highest score"));
    m_scaleMax->setRange(1, kScaleLimit);
    auto *scaleRow = new QHBoxLayout;
    scaleRow->addWidget(m_scaleMin);
    scaleRow->addWidget(new QLabel(tr("to"), this));
    scaleRow->addWidget(m_scaleMax);
    scaleRow->addStretch(1);

    m_reference = new QComboBox(this);
    m_reference->setObjectName(QStringLiteral("judgeReferenceColumn"));
    m_reference->setAccessibleName(tr("Reference answer column"));
    m_reference->addItem(tr("None"), QString());
    const QStringList variables = variableNames(plan);
    for (const QString &name : variables)
        m_reference->addItem(QStringLiteral("{{%1}}").arg(name), name);
    m_reference->setEnabled(!variables.isEmpty());
    m_reference->setToolTip(variables.isEmpty()
                                ? tr("The comparison has no test-case variables: add a column holding the reference answer on the Matrix tab")
                                : tr("The test-case variable holding the reference answer the judge compares with"));

    auto *form = new QFormLayout;
    form->addRow(tr("&Judge:"), m_judge);
    form->addRow(tr("Mode:"), modeRow);
    form->addRow(tr("&Rubric:"), m_preset);
    form->addRow(QString(), m_rubric);
    auto *scaleLabel = new QLabel(tr("&Scale:"), this);
    scaleLabel->setBuddy(m_scaleMin);
    form->addRow(scaleLabel, scaleRow);
    form->addRow(tr("Re&ference:"), m_reference);

    m_note = new QLabel(this);
    m_note->setObjectName(QStringLiteral("judgeNote"));
    m_note->setWordWrap(true);
    m_note->setForegroundRole(QPalette::PlaceholderText);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("judgeProblem"));
    m_problem->setWordWrap(true);
    m_problem->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &JudgeModelDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_note);
    layout->addWidget(m_problem);
    layout->addWidget(m_buttons);

    if (previous) {
        const int judge = int(m_judges.indexOf(previous->judge));
        if (judge >= 0)
            m_judge->setCurrentIndex(judge);
        m_preset->setCurrentIndex(std::max(0, m_preset->findData(int(previous->rubric.preset))));
        m_rubric->setPlainText(previous->rubric.text);
        m_scaleMin->setValue(int(previous->rubric.scaleMin));
        m_scaleMax->setValue(int(previous->rubric.scaleMax));
        m_reference->setCurrentIndex(std::max(0, m_reference->findData(previous->rubric.referenceColumn)));
    } else {
        applyPreset();
    }
    (mode == JudgeRun::Mode::Pairwise ? m_pairwise : m_grade)->setChecked(true);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &JudgeModelDialog::applyPreset);
    // Editing a preset's text makes it the user's own rubric.
    connect(m_rubric, &QPlainTextEdit::textChanged, this, [this] {
        const auto preset = JudgeRubric::Preset(m_preset->currentData().toInt());
        if (preset != JudgeRubric::Preset::Custom && m_rubric->toPlainText() != JudgeRubric::fromPreset(preset).text) {
            const QSignalBlocker blocker(m_preset);
            m_preset->setCurrentIndex(m_preset->findData(int(JudgeRubric::Preset::Custom)));
        }
        updateState();
    });
    connect(m_grade, &QRadioButton::toggled, this, &JudgeModelDialog::updateState);
    connect(m_judge, &QComboBox::currentIndexChanged, this, &JudgeModelDialog::updateState);
    connect(m_scaleMin, &QSpinBox::valueChanged, this, &JudgeModelDialog::updateState);
    connect(m_scaleMax, &QSpinBox::valueChanged, this, &JudgeModelDialog::updateState);
    updateState();
}

QStringList JudgeModelDialog::variableNames(const RunPlan &plan)
{
    QStringList names;
    for (const RunRow &row : plan.rows) {
        for (const auto &[name, value] : row.variables) {
            if (!names.contains(name))
                names.append(name);
        }
    }
    return names;
}

void JudgeModelDialog::applyPreset()
{
    const auto preset = JudgeRubric::Preset(m_preset->currentData().toInt());
    if (preset == JudgeRubric::Preset::Custom)
        return; // the text stays, for the user to make their own
    const JudgeRubric rubric = JudgeRubric::fromPreset(preset);
    {
        const QSignalBlocker blocker(m_rubric);
        m_rubric->setPlainText(rubric.text);
    }
    m_scaleMin->setValue(int(rubric.scaleMin));
    m_scaleMax->setValue(int(rubric.scaleMax));
    updateState();
}

void JudgeModelDialog::setMode(JudgeRun::Mode mode)
{
    (mode == JudgeRun::Mode::Pairwise ? m_pairwise : m_grade)->setChecked(true);
}

bool JudgeModelDialog::selectJudge(const QString &reference)
{
    for (qsizetype i = 0; i < m_judges.size(); ++i) {
        const ModelColumn &judge = m_judges.at(i);
        if (judge.displayName() == reference || judge.provider + QLatin1Char('/') + judge.model == reference) {
            m_judge->setCurrentIndex(int(i));
            return true;
        }
    }
    return false;
}

JudgeRun::Request JudgeModelDialog::request() const
{
    JudgeRun::Request request;
    request.judge = m_judges.value(m_judge->currentIndex());
    request.mode = m_pairwise->isChecked() ? JudgeRun::Mode::Pairwise : JudgeRun::Mode::Grade;
    request.rubric.preset = JudgeRubric::Preset(m_preset->currentData().toInt());
    request.rubric.text = m_rubric->toPlainText().trimmed();
    request.rubric.scaleMin = m_scaleMin->value();
    request.rubric.scaleMax = m_scaleMax->value();
    request.rubric.referenceColumn = m_reference->currentData().toString();
    return request;
}

void JudgeModelDialog::updateState()
{
    const bool pairwise = m_pairwise->isChecked();
    m_scaleMin->setEnabled(!pairwise);
    m_scaleMax->setEnabled(!pairwise);
    QString problem;
    if (m_judges.isEmpty())
        problem = tr("No model is configured: add one in Settings > Providers.");
    else if (m_rubric->toPlainText().trimmed().isEmpty())
        problem = tr("Write the rubric the judge grades by.");
    else if (!pairwise && m_scaleMax->value() <= m_scaleMin->value())
        problem = tr("The highest score must be above the lowest.");
    m_problem->setText(problem);
    m_problem->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setText(pairwise ? tr("Judge &Pairs") : tr("&Grade"));
    m_note->setText(pairwise ? tr("Each battle is asked in both orders; when the two disagree it is a tie. The verdicts "
                                  "are kept under the judge's name, apart from yours.")
                             : tr("Every answered cell is graded once; a new pass of the same judge replaces its "
                                  "earlier grades. The judge's cost is counted apart, and against the spend cap."));
}

void JudgeModelDialog::accept()
{
    updateState();
    if (!m_problem->text().isEmpty())
        return;
    QDialog::accept();
}
