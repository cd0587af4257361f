// SPDX-License-Identifier: MIT
#include "QuickChecksDialog.h"

#include "CellDelegate.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
constexpr int kNoLimit = 0; // the spin boxes' "no limit" value (shown as special text)

QString kindLabel(QuickCheck::Kind kind)
{
    switch (kind) {
    case QuickCheck::Contains:
        return QuickChecksDialog::tr("Contains");
    case QuickCheck::NotContains:
        return QuickChecksDialog::tr("Does not contain");
    case QuickCheck::Regex:
        return QuickChecksDialog::tr("Matches regular expression");
    case QuickCheck::ValidJson:
        return QuickChecksDialog::tr("Is valid JSON");
    case QuickCheck::Length:
        return QuickChecksDialog::tr("Length within");
    case QuickCheck::MatchesSchema:
        return QuickChecksDialog::tr("Matches the schema");
    case QuickCheck::JsonPathEquals:
        return QuickChecksDialog::tr("JSON path equals");
    case QuickCheck::JsonPathContains:
        return QuickChecksDialog::tr("JSON path contains");
    case QuickCheck::CallsTool:
        return QuickChecksDialog::tr("Calls tool");
    case QuickCheck::SameJson:
        return QuickChecksDialog::tr("Same JSON as");
    }
    return {};
}
} // namespace

QuickChecksDialog::QuickChecksDialog(const QStringList &columnNames, const QuickCheckSet &checks, QWidget *parent)
    : QDialog(parent)
    , m_columnNames(columnNames)
{
    setWindowTitle(tr("Quick Checks"));
    setAccessibleName(tr("Quick checks"));
    auto *intro = new QLabel(tr("Checks run locally on every finished answer. A check for the whole run applies to every "
                                "model; a check for one model applies to its column only."),
                             this);
    intro->setWordWrap(true);
    m_table = new QTableWidget(0, ColumnCount, this);
    m_table->setAccessibleName(tr("Checks"));
    m_table->setHorizontalHeaderLabels({tr("Applies to"), tr("Check"), tr("JSON path"), tr("Text, pattern or value"),
                                        tr("Case-sensitive"), tr("Min length"), tr("Max length")});
    m_table->horizontalHeaderItem(PathColumn)->setToolTip(tr("A JSON pointer into the answer: /items/0/name"));
    m_table->horizontalHeader()->setSectionResizeMode(TextColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(ScopeColumn, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 26);
    m_table->setColumnWidth(KindColumn, fontMetrics().horizontalAdvance(QLatin1Char('x')) * 30);
    m_table->verticalHeader()->hide();
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // Tab goes through each row's fields, not from cell to cell of the table under them.
    m_table->setTabKeyNavigation(false);

    auto *add = new QPushButton(tr("&Add Check"), this);
    add->setAccessibleName(tr("Add a check"));
    auto *remove = new QPushButton(tr("&Remove Check"), this);
    remove->setAccessibleName(tr("Remove the selected check"));
    auto *buttonsRow = new QHBoxLayout;
    buttonsRow->addWidget(add);
    buttonsRow->addWidget(remove);
    buttonsRow->addStretch(1);

    m_error = new QLabel(this);
    m_error->setAccessibleName(tr("Problem"));
    m_error->setWordWrap(true);
    // The error colour of the palette, readable on it (a fixed red is not, on dark themes), and
    // marked, so that colour is not the only sign.
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, CellDelegate::statusTextColor(CellStatus::Error, errorPalette, QPalette::Window));
    m_error->setPalette(errorPalette);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttonsRow);
    layout->addWidget(m_error);
    layout->addWidget(m_buttons);
    resize(1100, 380);

    connect(add, &QPushButton::clicked, this, [this] { addRow(-1, QuickCheck()); });
    connect(remove, &QPushButton::clicked, this, [this] {
        const int row = m_table->currentRow();
        if (row >= 0)
            m_table->removeRow(row);
        validate();
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QuickChecksDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    for (const QuickCheck &check : checks.runChecks())
        addRow(-1, check);
    for (int column = 0; column < columnNames.size(); ++column) {
        for (const QuickCheck &check : checks.columnChecks(column))
            addRow(column, check);
    }
    validate();
}

void QuickChecksDialog::addCheck(int scope, const QuickCheck &check)
{
    addRow(scope, check);
}

void QuickChecksDialog::addRow(int scope, const QuickCheck &check)
{
    const int row = m_table->rowCount();
    m_table->insertRow(row);
    auto *scopeBox = new QComboBox(m_table);
    scopeBox->setAccessibleName(tr("Applies to"));
    scopeBox->addItem(tr("Whole run"), -1);
    for (int column = 0; column < m_columnNames.size(); ++column)
        scopeBox->addItem(m_columnNames.at(column), column);
    scopeBox->setCurrentIndex(qMax(0, scopeBox->findData(scope)));
    auto *kindBox = new QComboBox(m_table);
    kindBox->setAccessibleName(tr("Kind of check"));
    for (QuickCheck::Kind kind : {QuickCheck::Contains, QuickCheck::NotContains, QuickCheck::Regex, QuickCheck::ValidJson,
                                  QuickCheck::Length, QuickCheck::MatchesSchema, QuickCheck::JsonPathEquals,
                                  QuickCheck::JsonPathContains, QuickCheck::CallsTool, QuickCheck::SameJson})
        kindBox->addItem(kindLabel(kind), int(kind));
    kindBox->setCurrentIndex(kindBox->findData(int(check.kind)));
    auto *path = new QLineEdit(check.path, m_table);
    path->setAccessibleName(tr("JSON path"));
    path->setPlaceholderText(QStringLiteral("/items/0/name"));
    auto *text = new QLineEdit(check.text, m_table);
    text->setAccessibleName(tr("Text, pattern or value"));
    auto *caseBox = new QCheckBox(m_table);
    caseBox->setAccessibleName(tr("Case-sensitive"));
    caseBox->setChecked(check.caseSensitive);
    auto *minBox = new QSpinBox(m_table);
    minBox->setAccessibleName(tr("Minimum length in characters"));
    auto *maxBox = new QSpinBox(m_table);
    maxBox->setAccessibleName(tr("Maximum length in characters"));
    for (QSpinBox *box : {minBox, maxBox}) {
        box->setRange(kNoLimit, 10'000'000);
        box->setSpecialValueText(tr("none"));
    }
    minBox->setValue(int(check.minLength.value_or(kNoLimit)));
    maxBox->setValue(int(check.maxLength.value_or(kNoLimit)));
    m_table->setCellWidget(row, ScopeColumn, scopeBox);
    m_table->setCellWidget(row, KindColumn, kindBox);
    m_table->setCellWidget(row, PathColumn, path);
    m_table->setCellWidget(row, TextColumn, text);
    m_table->setCellWidget(row, CaseColumn, caseBox);
    m_table->setCellWidget(row, MinColumn, minBox);
    m_table->setCellWidget(row, MaxColumn, maxBox);

    // Rows move when others are removed: find the row of the sender's widget each time.
    const auto changed = [this, kindBox] {
        for (int r = 0; r < m_table->rowCount(); ++r) {
            if (m_table->cellWidget(r, KindColumn) == kindBox)
                updateRowState(r);
        }
        validate();
    };
    connect(kindBox, &QComboBox::currentIndexChanged, this, changed);
    connect(path, &QLineEdit::textChanged, this, changed);
    connect(text, &QLineEdit::textChanged, this, changed);
    connect(caseBox, &QCheckBox::toggled, this, changed);
    connect(minBox, &QSpinBox::valueChanged, this, changed);
    connect(maxBox, &QSpinBox::valueChanged, this, changed);
    updateRowState(row);
    validate();
}

int QuickChecksDialog::scopeAt(int row) const
{
    const auto *box = qobject_cast<QComboBox *>(m_table->cellWidget(row, ScopeColumn));
    return box ? box->currentData().toInt() : -1;
}

QuickCheck QuickChecksDialog::checkAt(int row) const
{
    QuickCheck check;
    const auto *kindBox = qobject_cast<QComboBox *>(m_table->cellWidget(row, KindColumn));
    const auto *path = qobject_cast<QLineEdit *>(m_table->cellWidget(row, PathColumn));
    const auto *text = qobject_cast<QLineEdit *>(m_table->cellWidget(row, TextColumn));
    const auto *caseBox = qobject_cast<QCheckBox *>(m_table->cellWidget(row, CaseColumn));
    const auto *minBox = qobject_cast<QSpinBox *>(m_table->cellWidget(row, MinColumn));
    const auto *maxBox = qobject_cast<QSpinBox *>(m_table->cellWidget(row, MaxColumn));
    if (!kindBox || !path || !text || !caseBox || !minBox || !maxBox)
        return check;
    check.kind = QuickCheck::Kind(kindBox->currentData().toInt());
    if (QuickCheck::usesText(check.kind))
        check.text = text->text();
    if (QuickCheck::usesCase(check.kind))
        check.caseSensitive = caseBox->isChecked();
    if (QuickCheck::usesPath(check.kind))
        check.path = path->text();
    if (check.kind == QuickCheck::Length) {
        if (minBox->value() != kNoLimit)
            check.minLength = minBox->value();
        if (maxBox->value() != kNoLimit)
            check.maxLength = maxBox->value();
    }
    return check;
}

void QuickChecksDialog::updateRowState(int row)
{
    const QuickCheck::Kind kind = checkAt(row).kind;
    m_table->cellWidget(row, PathColumn)->setEnabled(QuickCheck::usesPath(kind));
    m_table->cellWidget(row, TextColumn)->setEnabled(QuickCheck::usesText(kind));
    m_table->cellWidget(row, CaseColumn)->setEnabled(QuickCheck::usesCase(kind));
    m_table->cellWidget(row, MinColumn)->setEnabled(kind == QuickCheck::Length);
    m_table->cellWidget(row, MaxColumn)->setEnabled(kind == QuickCheck::Length);
}

QuickCheckSet QuickChecksDialog::checks() const
{
    QuickCheckSet set;
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const int scope = scopeAt(row);
        if (scope < 0)
            set.addRunCheck(checkAt(row));
        else
            set.addColumnCheck(scope, checkAt(row));
    }
    return set;
}

QString QuickChecksDialog::validationError() const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        const QString problem = checkAt(row).validationError();
        if (!problem.isEmpty())
            return tr("Check %1: %2").arg(row + 1).arg(problem);
    }
    return {};
}

void QuickChecksDialog::validate()
{
    const QString problem = validationError();
    m_error->setText(problem.isEmpty() ? QString() : QStringLiteral("⚠ ") + problem);
    m_error->setVisible(!problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(problem.isEmpty());
}

void QuickChecksDialog::accept()
{
    if (!validationError().isEmpty())
        return;
    QDialog::accept();
}
