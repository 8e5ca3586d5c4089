#pragma once

#include "runconfig.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QPushButton;
class QSpinBox;

namespace initlab {

class CsvPreview;
class NumberSpinBox;

// The dataset part of the experiment panel. It offers a generator with its sample count, noise
// and outliers, or a CSV file with a preview and a target column, and the test split and
// standardization for both.
class DatasetSection : public QGroupBox
{
    Q_OBJECT

public:
    explicit DatasetSection(QWidget *parent = nullptr);

    // Shows dataset without emitting changed(). A CSV path is resolved against baseDir for the
    // preview; a file that cannot be read is reported in the section, not as csvRejected().
    void setConfig(const DatasetConfig &dataset, const QString &baseDir);
    // Writes the values shown into dataset.
    void apply(DatasetConfig &dataset) const;

    // See ExperimentPanel::openCsv().
    bool openCsv(const QString &path, QString *errorMessage);

signals:
    // The user changed a value.
    void changed();
    void csvRejected(const QString &message);

private:
    void buildControls();
    void chooseCsvFile();
    void kindChosen();
    void updateCsvChoice();
    void updateRows();
    void showCsvMessage(const QString &message);
    bool loadPreview(const QString &path, const QStringList &targets, QString *errorMessage);
    QString resolvedCsvPath() const;
    bool isCsv() const;

    QFormLayout *m_form = nullptr;
    QComboBox *m_kind = nullptr;
    QPushButton *m_openCsv = nullptr;
    QLabel *m_csvFile = nullptr;
    QLabel *m_csvMessage = nullptr;
    CsvPreview *m_preview = nullptr;
    QSpinBox *m_samples = nullptr;
    NumberSpinBox *m_noise = nullptr;
    NumberSpinBox *m_outlierFraction = nullptr;
    NumberSpinBox *m_outlierMagnitude = nullptr;
    NumberSpinBox *m_testFraction = nullptr;
    QCheckBox *m_standardize = nullptr;

    // dataset.path as configured or opened; relative paths are resolved against m_baseDir.
    QString m_csvPath;
    QString m_baseDir;
    // The path whose table the preview shows, resolved; empty when it shows none.
    QString m_previewPath;
};

} // namespace initlab
