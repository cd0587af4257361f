// SPDX-License-Identifier: MIT
#pragma once

#include "ExportJob.h"

#include <QDialog>
#include <QList>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class JudgingState;
class QuickCheckRunner;
class QRadioButton;
class ResultGrid;

/// Exports the grid, or the selected cells, as CSV, JSON, JSON Lines or Markdown. The work
/// runs on a worker thread (Qt Concurrent) with a progress bar and a Cancel button, so a
/// grid of 10,000 cells does not freeze the window.
class ExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ExportDialog(QWidget *parent = nullptr);
    ~ExportDialog() override;

    /// What to export: every cell of \a grid, or \a selectedCells (grid numbering), with the
    /// ratings and checks of \a judging and the counts of \a checks when given (ResultSnapshot).
    void setSource(const ResultGrid *grid, const QList<int> &selectedCells = {}, const JudgingState *judging = nullptr,
                   const QuickCheckRunner *checks = nullptr);

    ExportJob::Format format() const;
    void setFormat(ExportJob::Format format);
    bool selectionOnly() const;
    void setSelectionOnly(bool selectionOnly);
    CsvWriter::Options csvOptions() const;
    void setCsvOptions(CsvWriter::Options options);
    QString path() const;
    void setPath(const QString &path);
    bool isExporting() const;

public Q_SLOTS:
    /// Snapshots the cells and starts writing the file in the background.
    void startExport();
    /// Stops a running export; the file is left as it was.
    void cancelExport();

Q_SIGNALS:
    /// The file was written (\a error empty) or could not be (\a error says why).
    void exportFinished(const QString &path, const QString &error);
    void exportCancelled();

private:
    void chooseFile();
    void onFormatChanged();
    void onFinished(const QString &path, const QString &error);
    void onCancelled(const QString &path);
    void updateState();

    const ResultGrid *m_grid = nullptr;
    const JudgingState *m_judging = nullptr;
    const QuickCheckRunner *m_checks = nullptr;
    QList<int> m_selection;
    ExportJob m_job;
    QComboBox *m_format;
    QRadioButton *m_all;
    QRadioButton *m_selected;
    QCheckBox *m_bom;
    QCheckBox *m_protect;
    QLineEdit *m_path;
    QPushButton *m_browse;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_export;
    QPushButton *m_cancel;
    QPushButton *m_close;
};
