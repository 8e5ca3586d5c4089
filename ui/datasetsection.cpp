#include "datasetsection.h"

#include "choicelabels.h"
#include "configform.h"
#include "csvimport.h"
#include "csvpreview.h"
#include "errors.h"
#include "numberspinbox.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QStandardItemModel>

#include <exception>
#include <vector>

namespace initlab {
namespace {

using configform::keyToolTip;

constexpr DatasetKind generatorKinds[] = {
    DatasetKind::Sine,    DatasetKind::Linear, DatasetKind::Xor,           DatasetKind::TwoMoons,
    DatasetKind::Circles, DatasetKind::Spiral, DatasetKind::GaussianBlobs,
};

NumberSpinBox *numberBox(const QString &name, double minimum, double maximum, double step)
{
    auto *box = new NumberSpinBox;
    box->setObjectName(name);
    box->setBounds(minimum, maximum);
    box->setSingleStep(step);
    return box;
}

// Reads a CSV file and converts every cell, so that a bad cell is reported when the file is
// opened rather than when a run starts. Throws what csvimport throws.
CsvTable readCheckedCsv(const QString &path)
{
    CsvTable table = readCsvFile(path);
    datasetFromTable(table, {});
    return table;
}

} // namespace

DatasetSection::DatasetSection(QWidget *parent)
    : QGroupBox(tr("Dataset"), parent)
{
    buildControls();
    updateCsvChoice();
    updateRows();
}

void DatasetSection::buildControls()
{
    m_kind = new QComboBox;
    m_kind->setObjectName(QStringLiteral("datasetKind"));
    for (DatasetKind kind : generatorKinds)
        choicelabels::addChoice(m_kind, kind);
    choicelabels::addChoice(m_kind, DatasetKind::Csv);
    m_kind->setToolTip(keyToolTip(tr("The data to learn: a generated problem, or the CSV file "
                                     "opened with Open CSV."),
                                  QStringLiteral("dataset.kind")));

    m_openCsv = new QPushButton(tr("Open CSV..."));
    m_openCsv->setObjectName(QStringLiteral("openCsv"));
    m_openCsv->setToolTip(keyToolTip(tr("Read your own data from a CSV file: one sample per row, "
                                        "one number per cell."),
                                     QStringLiteral("dataset.path")));

    m_csvFile = new QLabel;
    m_csvFile->setObjectName(QStringLiteral("csvFile"));
    m_csvFile->setWordWrap(true);
    m_csvFile->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_csvMessage = new QLabel;
    m_csvMessage->setObjectName(QStringLiteral("csvMessage"));
    m_csvMessage->setWordWrap(true);
    m_csvMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_csvMessage->setToolTip(tr("Why the last CSV file could not be used."));
    QPalette palette = m_csvMessage->palette();
    palette.setColor(QPalette::WindowText, QColor(176, 0, 32));
    m_csvMessage->setPalette(palette);

    m_preview = new CsvPreview;

    m_samples = new QSpinBox;
    m_samples->setObjectName(QStringLiteral("samples"));
    m_samples->setRange(4, 1'000'000);
    m_samples->setSingleStep(50);
    m_samples->setKeyboardTracking(false);
    m_noise = numberBox(QStringLiteral("noise"), 0.0, 100.0, 0.01);
    m_outlierFraction = numberBox(QStringLiteral("outlierFraction"), 0.0, 0.5, 0.005);
    m_outlierMagnitude = numberBox(QStringLiteral("outlierMagnitude"), 0.0, 1e6, 0.5);
    m_testFraction = numberBox(QStringLiteral("testFraction"), 0.0, 0.9, 0.05);
    m_standardize = new QCheckBox(tr("Standardize inputs and targets"));
    m_standardize->setObjectName(QStringLiteral("standardize"));

    auto *kindRow = new QWidget;
    auto *kindLayout = new QHBoxLayout(kindRow);
    kindLayout->setContentsMargins(0, 0, 0, 0);
    kindLayout->addWidget(m_kind, 1);
    kindLayout->addWidget(m_openCsv);

    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    configform::addRow(m_form, tr("Data"), kindRow, m_kind->toolTip());
    m_form->addRow(m_csvMessage);
    configform::addRow(m_form, tr("File"), m_csvFile,
                       keyToolTip(tr("The CSV file the run reads."),
                                  QStringLiteral("dataset.path")));
    m_form->addRow(m_preview);
    configform::addRow(m_form, tr("Samples"), m_samples,
                       keyToolTip(tr("Number of generated samples, 4 to 1,000,000."),
                                  QStringLiteral("dataset.samples")));
    configform::addRow(m_form, tr("Noise"), m_noise,
                       keyToolTip(tr("Standard deviation of the Gaussian noise the generator "
                                     "adds, 0 to 100."),
                                  QStringLiteral("dataset.noise")));
    configform::addRow(m_form, tr("Outlier fraction"), m_outlierFraction,
                       keyToolTip(tr("Share of training samples whose targets are shifted by "
                                     "plus or minus the outlier magnitude, 0 to 0.5."),
                                  QStringLiteral("dataset.outlierFraction")));
    configform::addRow(m_form, tr("Outlier magnitude"), m_outlierMagnitude,
                       keyToolTip(tr("Size of the outlier shift in target units, 0 to "
                                     "1,000,000."),
                                  QStringLiteral("dataset.outlierMagnitude")));
    configform::addRow(m_form, tr("Test fraction"), m_testFraction,
                       keyToolTip(tr("Share of the samples held out as a test set, 0 to 0.9. "
                                     "At least one sample stays for training."),
                                  QStringLiteral("dataset.testFraction")));
    m_form->addRow(m_standardize);
    m_standardize->setToolTip(keyToolTip(
        tr("Scale each input and target column of the CSV data to zero mean and unit standard "
           "deviation, with statistics of the training samples only. Generated data are used "
           "as generated."),
        QStringLiteral("dataset.standardize")));

    connect(m_kind, &QComboBox::currentIndexChanged, this, &DatasetSection::kindChosen);
    connect(m_openCsv, &QPushButton::clicked, this, &DatasetSection::chooseCsvFile);
    connect(m_preview, &CsvPreview::targetsChosen, this, &DatasetSection::changed);
    connect(m_samples, &QSpinBox::valueChanged, this, &DatasetSection::changed);
    for (NumberSpinBox *box : {m_noise, m_outlierFraction, m_outlierMagnitude, m_testFraction})
        connect(box, &NumberSpinBox::valueChanged, this, &DatasetSection::changed);
    connect(m_standardize, &QCheckBox::toggled, this, &DatasetSection::changed);
}

void DatasetSection::setConfig(const DatasetConfig &dataset, const QString &baseDir)
{
    std::vector<QSignalBlocker> blockers;
    for (QObject *control : std::initializer_list<QObject *>{
             m_kind, m_preview, m_samples, m_noise, m_outlierFraction, m_outlierMagnitude,
             m_testFraction, m_standardize})
        blockers.emplace_back(control);

    m_baseDir = baseDir;
    m_csvPath = dataset.path;
    m_previewPath.clear();
    updateCsvChoice();
    choicelabels::selectName(m_kind, toString(dataset.kind));
    m_samples->setValue(dataset.samples);
    m_noise->setValue(dataset.noise);
    m_outlierFraction->setValue(dataset.outlierFraction);
    m_outlierMagnitude->setValue(dataset.outlierMagnitude);
    m_testFraction->setValue(dataset.testFraction);
    m_standardize->setChecked(dataset.standardize);

    showCsvMessage(QString());
    m_preview->clearTable(dataset.targets);
    if (dataset.kind == DatasetKind::Csv) {
        QString message;
        if (!loadPreview(resolvedCsvPath(), dataset.targets, &message))
            showCsvMessage(message);
    }
    updateRows();
}

void DatasetSection::apply(DatasetConfig &dataset) const
{
    dataset.kind = datasetKindFromString(choicelabels::selectedName(m_kind)).value_or(dataset.kind);
    dataset.path = m_csvPath;
    dataset.targets = m_preview->targets();
    dataset.samples = m_samples->value();
    dataset.noise = m_noise->value();
    dataset.outlierFraction = m_outlierFraction->value();
    dataset.outlierMagnitude = m_outlierMagnitude->value();
    dataset.testFraction = m_testFraction->value();
    dataset.standardize = m_standardize->isChecked();
}

bool DatasetSection::openCsv(const QString &path, QString *errorMessage)
{
    CsvTable table;
    try {
        table = readCheckedCsv(path);
    } catch (const std::exception &error) {
        const QString message = QString::fromUtf8(error.what());
        showCsvMessage(message);
        if (errorMessage)
            *errorMessage = message;
        emit csvRejected(message);
        return false;
    }

    m_csvPath = QFileInfo(path).absoluteFilePath();
    m_previewPath = m_csvPath;
    const int lastColumn = int(table.header.size()) - 1;
    m_preview->showTable(table, {CsvPreview::columnReference(table, lastColumn)});
    showCsvMessage(QString());
    updateCsvChoice();
    {
        const QSignalBlocker blocker(m_kind);
        choicelabels::selectName(m_kind, toString(DatasetKind::Csv));
    }
    updateRows();
    if (errorMessage)
        errorMessage->clear();
    emit changed();
    return true;
}

void DatasetSection::chooseCsvFile()
{
    const QString current = resolvedCsvPath();
    const QString directory = !current.isEmpty() ? QFileInfo(current).absolutePath()
                              : !m_baseDir.isEmpty() ? m_baseDir
                                                     : QDir::homePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open CSV data"), directory,
        tr("CSV files (*.csv *.tsv *.txt);;All files (*)"));
    if (!path.isEmpty())
        openCsv(path, nullptr);
}

void DatasetSection::kindChosen()
{
    showCsvMessage(QString());
    if (isCsv() && m_previewPath != resolvedCsvPath()) {
        QString message;
        if (!loadPreview(resolvedCsvPath(), m_preview->targets(), &message))
            showCsvMessage(message);
    }
    updateRows();
    emit changed();
}

bool DatasetSection::loadPreview(const QString &path, const QStringList &targets,
                                 QString *errorMessage)
{
    try {
        const CsvTable table = readCheckedCsv(path);
        m_preview->showTable(table, targets);
        m_previewPath = path;
        return true;
    } catch (const std::exception &error) {
        *errorMessage = QString::fromUtf8(error.what());
        m_preview->clearTable(targets);
        m_previewPath.clear();
        return false;
    }
}

// The CSV item can be chosen only once there is a file to read.
void DatasetSection::updateCsvChoice()
{
    auto *model = qobject_cast<QStandardItemModel *>(m_kind->model());
    const int index = m_kind->findData(toString(DatasetKind::Csv));
    if (model && index >= 0)
        model->item(index)->setEnabled(!m_csvPath.isEmpty());

    const QString path = resolvedCsvPath();
    m_csvFile->setText(path.isEmpty() ? tr("none") : QFileInfo(path).fileName());
    m_csvFile->setToolTip(keyToolTip(path.isEmpty() ? tr("No CSV file is open.") : path,
                                     QStringLiteral("dataset.path")));
}

// Generator settings show for generated data, the file, preview and standardization for CSV.
void DatasetSection::updateRows()
{
    const bool csv = isCsv();
    m_form->setRowVisible(m_csvFile, csv);
    m_form->setRowVisible(m_preview, csv);
    m_form->setRowVisible(m_standardize, csv);
    for (QWidget *field : std::initializer_list<QWidget *>{m_samples, m_noise, m_outlierFraction,
                                                           m_outlierMagnitude})
        m_form->setRowVisible(field, !csv);
}

void DatasetSection::showCsvMessage(const QString &message)
{
    m_csvMessage->setText(message);
    m_form->setRowVisible(m_csvMessage, !message.isEmpty());
}

QString DatasetSection::resolvedCsvPath() const
{
    if (m_csvPath.isEmpty() || m_baseDir.isEmpty())
        return m_csvPath;
    return QDir(m_baseDir).filePath(m_csvPath);
}

bool DatasetSection::isCsv() const
{
    return choicelabels::selectedName(m_kind) == toString(DatasetKind::Csv);
}

} // namespace initlab
