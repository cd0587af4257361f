// SPDX-License-Identifier: MIT
#include "ExportDialog.h"

#include "ResultGrid.h"
#include "ResultSnapshot.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_all(new QRadioButton(tr("&Whole grid"), this))
    , m_selected(new QRadioButton(tr("&Selected cells only"), this))
    , m_bom(new QCheckBox(tr("UTF-8 byte-order &mark (for Excel)"), this))
    , m_protect(new QCheckBox(tr("Protect against formula &injection (a leading ' before = + - @)"), this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("&Browse…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_export(new QPushButton(tr("&Export"), this))
    , m_cancel(new QPushButton(tr("&Cancel export"), this))
    , m_close(new QPushButton(tr("C&lose"), this))
{
    setWindowTitle(tr("Export results"));
    for (auto format : {ExportJob::Format::Csv, ExportJob::Format::Json, ExportJob::Format::JsonLines,
                        ExportJob::Format::Markdown})
        m_format->addItem(QStringLiteral("%1 (*.%2)").arg(ExportJob::displayName(format), ExportJob::suffix(format)),
                          int(format));
    m_format->setObjectName(QStringLiteral("format"));
    m_all->setChecked(true);
    m_bom->setChecked(true);
    m_protect->setChecked(true);
    m_bom->setObjectName(QStringLiteral("bom"));
    m_protect->setObjectName(QStringLiteral("protectFormulas"));
    m_path->setObjectName(QStringLiteral("path"));
    m_progress->setVisible(false);
    m_progress->setObjectName(QStringLiteral("progress"));
    m_status->setWordWrap(true);
    m_export->setDefault(true);
    m_cancel->setVisible(false);
    auto *scope = new QButtonGroup(this);
    scope->addButton(m_all);
    scope->addButton(m_selected);

    auto *pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto *scopeRow = new QHBoxLayout;
    scopeRow->addWidget(m_all);
    scopeRow->addWidget(m_selected);
    scopeRow->addStretch();
    auto *form = new QFormLayout;
    form->addRow(tr("F&ormat:"), m_format);
    form->addRow(tr("Cells:"), scopeRow);
    form->addRow(tr("CSV:"), m_bom);
    form->addRow(QString(), m_protect);
    // A row holding a layout gets no buddy by itself, and a label without one shows its '&'.
    auto *fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    form->addRow(fileLabel, pathRow);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_export);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_close);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addLayout(buttons);

    connect(m_format, &QComboBox::currentIndexChanged, this, &ExportDialog::onFormatChanged);
    connect(m_browse, &QPushButton::clicked, this, &ExportDialog::chooseFile);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::startExport);
    connect(m_cancel, &QPushButton::clicked, this, &ExportDialog::cancelExport);
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(m_path, &QLineEdit::textChanged, this, &ExportDialog::updateState);
    connect(&m_job, &ExportJob::progressRangeChanged, m_progress, &QProgressBar::setRange);
    connect(&m_job, &ExportJob::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(&m_job, &ExportJob::finished, this, &ExportDialog::onFinished);
    connect(&m_job, &ExportJob::cancelled, this, &ExportDialog::onCancelled);
    updateState();
}

ExportDialog::~ExportDialog()
{
    // The worker holds only its own copies: ask it to stop and let it end on its own, so that
    // closing the dialog never waits and never leaves a half-written file.
    m_job.cancel();
}

void ExportDialog::setSource(const ResultGrid *grid, const QList<int> &selectedCells, const JudgingState *judging,
                             const QuickCheckRunner *checks)
{
    m_grid = grid;
    m_judging = judging;
    m_checks = checks;
    m_selection = selectedCells;
    m_selected->setText(tr("&Selected cells only (%n)", nullptr, int(selectedCells.size())));
    if (selectedCells.isEmpty())
        m_all->setChecked(true);
    updateState();
}

ExportJob::Format ExportDialog::format() const
{
    return ExportJob::Format(m_format->currentData().toInt());
}

void ExportDialog::setFormat(ExportJob::Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

bool ExportDialog::selectionOnly() const
{
    return m_selected->isChecked();
}

void ExportDialog::setSelectionOnly(bool selectionOnly)
{
    (selectionOnly ? m_selected : m_all)->setChecked(true);
}

CsvWriter::Options ExportDialog::csvOptions() const
{
    CsvWriter::Options options;
    options.byteOrderMark = m_bom->isChecked();
    options.protectFormulas = m_protect->isChecked();
    return options;
}

void ExportDialog::setCsvOptions(CsvWriter::Options options)
{
    m_bom->setChecked(options.byteOrderMark);
    m_protect->setChecked(options.protectFormulas);
}

QString ExportDialog::path() const
{
    return m_path->text().trimmed();
}

void ExportDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

bool ExportDialog::isExporting() const
{
    return m_job.isRunning();
}

void ExportDialog::onFormatChanged()
{
    // Keep the file name, change its suffix to the format's.
    const QString current = path();
    if (!current.isEmpty()) {
        const QFileInfo info(current);
        m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + ExportJob::suffix(format())));
    }
    updateState();
}

void ExportDialog::chooseFile()
{
    const QString suffix = ExportJob::suffix(format());
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export results"), path(),
        QStringLiteral("%1 (*.%2)").arg(ExportJob::displayName(format()), suffix));
    if (!chosen.isEmpty())
        m_path->setText(QFileInfo(chosen).suffix().isEmpty() ? chosen + QLatin1Char('.') + suffix : chosen);
}

void ExportDialog::updateState()
{
    const bool running = m_job.isRunning();
    const bool csv = format() == ExportJob::Format::Csv;
    m_bom->setEnabled(csv && !running);
    m_protect->setEnabled(csv && !running);
    m_selected->setEnabled(!m_selection.isEmpty() && !running);
    m_all->setEnabled(!running);
    m_format->setEnabled(!running);
    m_path->setEnabled(!running);
    m_browse->setEnabled(!running);
    m_export->setEnabled(!running && m_grid && !path().isEmpty());
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
}

void ExportDialog::startExport()
{
    if (!m_grid || m_job.isRunning() || path().isEmpty())
        return;
    // The snapshot is a plain copy taken on this thread; the worker never touches the grid.
    const QList<ResultRecord> records = selectionOnly() ? ResultSnapshot::take(*m_grid, m_selection, m_judging, m_checks)
                                                        : ResultSnapshot::take(*m_grid, m_judging, m_checks);
    m_status->clear();
    m_progress->setRange(0, int(records.size()));
    m_progress->setValue(0);
    m_job.start(records, format(), path(), csvOptions());
    m_status->setText(tr("Exporting %n cell(s)…", nullptr, int(records.size())));
    updateState();
}

void ExportDialog::cancelExport()
{
    m_job.cancel();
}

void ExportDialog::onFinished(const QString &path, const QString &error)
{
    updateState();
    m_status->setText(error.isEmpty() ? tr("Wrote %1.").arg(QDir::toNativeSeparators(path)) : error);
    Q_EMIT exportFinished(path, error);
}

void ExportDialog::onCancelled(const QString &path)
{
    updateState();
    m_status->setText(tr("Export cancelled; %1 was not written.").arg(QFileInfo(path).fileName()));
    Q_EMIT exportCancelled();
}
