// SPDX-License-Identifier: MIT
#include "ExportDialog.h"

#include "Scheduler.h"

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
#include <QPromise>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>
#include <QtConcurrent>

ExportDialog::ExportDialog(QWidget *parent)
    : QDialog(parent)
    , m_format(new QComboBox(this))
    , m_all(new QRadioButton(tr("&Whole grid"), this))
    , m_selected(new QRadioButton(tr("&Selected cells only"), this))
    , m_bom(new QCheckBox(tr("UTF-8 &byte-order mark (for Excel)"), this))
    , m_protect(new QCheckBox(tr("Protect against &formula injection (a leading ' before = + - @)"), this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("&Browse…"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_export(new QPushButton(tr("&Export"), this))
    , m_cancel(new QPushButton(tr("Cancel export"), this))
    , m_close(new QPushButton(tr("Close"), this))
{
    setWindowTitle(tr("Export results"));
    for (auto format : {MatrixExport::Format::Csv, MatrixExport::Format::Json, MatrixExport::Format::JsonLines,
                        MatrixExport::Format::Markdown})
        m_format->addItem(QStringLiteral("%1 (*.%2)").arg(MatrixExport::displayName(format), MatrixExport::suffix(format)),
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
    form->addRow(tr("&File:"), pathRow);
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
    connect(&m_watcher, &QFutureWatcher<Outcome>::progressRangeChanged, m_progress, &QProgressBar::setRange);
    connect(&m_watcher, &QFutureWatcher<Outcome>::progressValueChanged, m_progress, &QProgressBar::setValue);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ExportDialog::onFinished);
    updateState();
}

ExportDialog::~ExportDialog()
{
    // The worker holds only its own copies: ask it to stop and let it end on its own, so that
    // closing the dialog never waits and never leaves a half-written file.
    if (m_watcher.isRunning())
        m_watcher.cancel();
}

void ExportDialog::setSource(const Scheduler *scheduler, const QList<int> &selectedCells)
{
    m_scheduler = scheduler;
    m_selection = selectedCells;
    m_selected->setText(tr("&Selected cells only (%n)", nullptr, int(selectedCells.size())));
    if (selectedCells.isEmpty())
        m_all->setChecked(true);
    updateState();
}

MatrixExport::Format ExportDialog::format() const
{
    return MatrixExport::Format(m_format->currentData().toInt());
}

void ExportDialog::setFormat(MatrixExport::Format format)
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
    return m_watcher.isRunning();
}

void ExportDialog::onFormatChanged()
{
    // Keep the file name, change its suffix to the format's.
    const QString current = path();
    if (!current.isEmpty()) {
        const QFileInfo info(current);
        m_path->setText(info.dir().filePath(info.completeBaseName() + QLatin1Char('.') + MatrixExport::suffix(format())));
    }
    updateState();
}

void ExportDialog::chooseFile()
{
    const QString suffix = MatrixExport::suffix(format());
    const QString chosen = QFileDialog::getSaveFileName(
        this, tr("Export results"), path(),
        QStringLiteral("%1 (*.%2)").arg(MatrixExport::displayName(format()), suffix));
    if (!chosen.isEmpty())
        m_path->setText(QFileInfo(chosen).suffix().isEmpty() ? chosen + QLatin1Char('.') + suffix : chosen);
}

void ExportDialog::updateState()
{
    const bool running = m_watcher.isRunning();
    const bool csv = format() == MatrixExport::Format::Csv;
    m_bom->setEnabled(csv && !running);
    m_protect->setEnabled(csv && !running);
    m_selected->setEnabled(!m_selection.isEmpty() && !running);
    m_all->setEnabled(!running);
    m_format->setEnabled(!running);
    m_path->setEnabled(!running);
    m_browse->setEnabled(!running);
    m_export->setEnabled(!running && m_scheduler && !path().isEmpty());
    m_cancel->setVisible(running);
    m_progress->setVisible(running);
}

void ExportDialog::startExport()
{
    if (!m_scheduler || m_watcher.isRunning() || path().isEmpty())
        return;
    // The snapshot is a plain copy taken on this thread; the worker never touches the grid.
    const QList<ResultRecord> records = selectionOnly() ? ResultRecord::snapshot(*m_scheduler, m_selection)
                                                        : ResultRecord::snapshot(*m_scheduler);
    m_runningPath = path();
    m_status->clear();
    m_progress->setRange(0, int(records.size()));
    m_progress->setValue(0);
    const MatrixExport::Format exportFormat = format();
    const CsvWriter::Options options = csvOptions();
    const QString target = m_runningPath;
    QFuture<Outcome> future = QtConcurrent::run(
        [](QPromise<Outcome> &promise, QList<ResultRecord> records, MatrixExport::Format exportFormat,
           CsvWriter::Options options, QString target) {
            promise.setProgressRange(0, int(records.size()));
            Outcome outcome;
            // Streamed to the file cell by cell: memory stays near one cell, not the document.
            MatrixExport::exportToFile(
                exportFormat, target, records, options, &outcome.error,
                [&promise](qsizetype done) {
                    promise.setProgressValue(int(done));
                    return !promise.isCanceled();
                },
                &outcome.cancelled);
            outcome.cancelled = outcome.cancelled || promise.isCanceled();
            if (outcome.cancelled)
                outcome.error.clear();
            promise.addResult(outcome);
        },
        records, exportFormat, options, target);
    m_watcher.setFuture(future);
    m_status->setText(tr("Exporting %n cell(s)…", nullptr, int(records.size())));
    updateState();
}

void ExportDialog::cancelExport()
{
    if (m_watcher.isRunning())
        m_watcher.cancel();
}

void ExportDialog::onFinished()
{
    const QFuture<Outcome> future = m_watcher.future();
    const bool cancelled = future.isCanceled() || future.resultCount() == 0 || future.result().cancelled;
    updateState();
    if (cancelled) {
        m_status->setText(tr("Export cancelled; %1 was not written.").arg(QFileInfo(m_runningPath).fileName()));
        Q_EMIT exportCancelled();
        return;
    }
    const QString error = future.result().error;
    m_status->setText(error.isEmpty() ? tr("Wrote %1.").arg(QDir::toNativeSeparators(m_runningPath)) : error);
    Q_EMIT exportFinished(m_runningPath, error);
}
