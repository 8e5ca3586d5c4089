#include "figureexportdialog.h"

#include "figurestyleform.h"
#include "figureview.h"
#include "wholefile.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace initlab {
namespace {

constexpr double centimetresPerInch = 2.54;

double perInch(FigureSize::Unit unit, int dpi)
{
    switch (unit) {
    case FigureSize::Pixels:
        return dpi;
    case FigureSize::Centimetres:
        return centimetresPerInch;
    case FigureSize::Inches:
        break;
    }
    return 1.0;
}

QSizeF inchesOf(const FigureSize &size)
{
    const double units = perInch(size.unit, size.dpi);
    return QSizeF(size.width / units, size.height / units);
}

QString besidePath(const QString &path, const QString &suffix)
{
    const QFileInfo info(path);
    return QDir(info.path()).filePath(info.completeBaseName() + suffix);
}

} // namespace

FigureExportDialog::FigureExportDialog(FigureExportSource source, QWidget *parent)
    : QDialog(parent)
    , m_source(std::move(source))
    , m_preview(new FigureView)
    , m_styleForm(new FigureStyleForm)
    , m_width(new QDoubleSpinBox)
    , m_height(new QDoubleSpinBox)
    , m_unit(new QComboBox)
    , m_dpi(new QSpinBox)
    , m_sizeText(new QLabel)
    , m_csv(new QCheckBox(tr("Save the plotted series as CSV beside it")))
    , m_config(new QCheckBox(tr("Save the configuration as JSON beside it")))
    , m_message(new QLabel)
    , m_fitWarning(new QLabel)
{
    setObjectName(QStringLiteral("figureExportDialog"));
    setWindowTitle(tr("Export figure"));

    m_preview->setObjectName(QStringLiteral("figurePreview"));
    m_preview->setMinimumSize(360, 240);
    m_width->setObjectName(QStringLiteral("figureWidth"));
    m_height->setObjectName(QStringLiteral("figureHeight"));
    for (QDoubleSpinBox *side : {m_width, m_height}) {
        side->setKeyboardTracking(false);
        side->setDecimals(2);
    }
    m_unit->setObjectName(QStringLiteral("figureUnit"));
    m_unit->addItem(tr("pixels"), int(FigureSize::Pixels));
    m_unit->addItem(tr("cm"), int(FigureSize::Centimetres));
    m_unit->addItem(tr("inches"), int(FigureSize::Inches));
    m_dpi->setObjectName(QStringLiteral("figureDpi"));
    m_dpi->setRange(minFigureDpi, maxFigureDpi);
    m_dpi->setSuffix(tr(" dpi"));
    m_dpi->setKeyboardTracking(false);
    m_dpi->setToolTip(tr("Dots per inch: the pixels of a PNG of a physical size, and the "
                         "physical size of a pixel size in SVG and PDF."));
    m_sizeText->setObjectName(QStringLiteral("figureSizeText"));
    m_csv->setObjectName(QStringLiteral("figureWriteCsv"));
    m_csv->setToolTip(tr("A file of the same name ending in .csv, with a column per curve and "
                         "band edge."));
    m_config->setObjectName(QStringLiteral("figureWriteConfig"));
    m_config->setToolTip(tr("A file of the same name ending in .json, from which the runs and the "
                            "figure can be made again."));
    m_config->setVisible(bool(m_source.configJson));
    m_fitWarning->setObjectName(QStringLiteral("figureFitWarning"));
    m_fitWarning->setWordWrap(true);
    m_fitWarning->setVisible(false);
    {
        QPalette palette = m_fitWarning->palette();
        palette.setColor(QPalette::WindowText, QColor(0xA0, 0x50, 0x00));
        m_fitWarning->setPalette(palette);
    }
    m_message->setObjectName(QStringLiteral("figureMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *sizeRow = new QHBoxLayout;
    sizeRow->addWidget(m_width, 1);
    sizeRow->addWidget(new QLabel(QStringLiteral("\u00d7")));
    sizeRow->addWidget(m_height, 1);
    sizeRow->addWidget(m_unit);
    auto *sizeBox = new QGroupBox(tr("Size"));
    auto *sizeForm = new QFormLayout(sizeBox);
    sizeForm->addRow(tr("Width × height"), sizeRow);
    sizeForm->addRow(tr("Resolution"), m_dpi);
    sizeForm->addRow(QString(), m_sizeText);
    sizeForm->addRow(QString(), m_fitWarning);

    auto *styleBox = new QGroupBox(tr("Style"));
    auto *styleLayout = new QVBoxLayout(styleBox);
    styleLayout->addWidget(m_styleForm);

    auto *buttons = new QDialogButtonBox;
    QPushButton *exportButton = buttons->addButton(tr("Export…"), QDialogButtonBox::AcceptRole);
    exportButton->setObjectName(QStringLiteral("figureExportButton"));
    exportButton->setDefault(true);
    QPushButton *copyButton = buttons->addButton(tr("Copy"), QDialogButtonBox::ActionRole);
    copyButton->setObjectName(QStringLiteral("figureCopyButton"));
    copyButton->setToolTip(tr("Put the figure on the clipboard as an image of this size."));
    buttons->addButton(QDialogButtonBox::Close);

    auto *options = new QVBoxLayout;
    options->addWidget(styleBox);
    options->addWidget(sizeBox);
    options->addWidget(m_csv);
    options->addWidget(m_config);
    options->addStretch(1);
    options->addWidget(m_message);

    auto *columns = new QHBoxLayout;
    columns->addWidget(m_preview, 1);
    columns->addLayout(options);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);

    m_styleForm->setFigureStyle(m_source.style);
    m_preview->setFigure(m_source.curves, m_source.style);
    setFigureSize(m_source.size);

    connect(m_styleForm, &FigureStyleForm::styleChanged, this, &FigureExportDialog::updatePreview);
    for (QDoubleSpinBox *side : {m_width, m_height})
        connect(side, &QDoubleSpinBox::valueChanged, this, &FigureExportDialog::updatePreview);
    connect(m_dpi, &QSpinBox::valueChanged, this, &FigureExportDialog::updatePreview);
    connect(m_unit, &QComboBox::currentIndexChanged, this, &FigureExportDialog::convertUnit);
    connect(exportButton, &QPushButton::clicked, this, &FigureExportDialog::chooseFileAndExport);
    connect(copyButton, &QPushButton::clicked, this, &FigureExportDialog::copyToClipboard);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(1000, 620);
}

FigureExportDialog::~FigureExportDialog()
{
    // A focused title field reports editingFinished() while QWidget's destructor deletes it,
    // when this object is no longer a FigureExportDialog.
    disconnect(m_styleForm, nullptr, this, nullptr);
}

FigureStyle FigureExportDialog::figureStyle() const
{
    return m_styleForm->figureStyle();
}

void FigureExportDialog::setFigureSize(const FigureSize &size)
{
    const QSignalBlocker blockUnit(m_unit);
    const QSignalBlocker blockDpi(m_dpi);
    m_shownUnit = size.unit;
    m_unit->setCurrentIndex(m_unit->findData(int(size.unit)));
    m_dpi->setValue(size.dpi);
    for (QDoubleSpinBox *side : {m_width, m_height}) {
        const QSignalBlocker blockSide(side);
        if (size.unit == FigureSize::Pixels) {
            side->setDecimals(0);
            side->setRange(minFigurePixels, maxFigurePixels);
            side->setSingleStep(10.0);
            side->setSuffix(tr(" px"));
        } else {
            const bool cm = size.unit == FigureSize::Centimetres;
            side->setDecimals(2);
            side->setRange(cm ? 1.0 : 0.5, cm ? maxFigureCentimetres : maxFigureInches);
            side->setSingleStep(cm ? 0.5 : 0.25);
            side->setSuffix(cm ? tr(" cm") : tr(" in"));
        }
    }
    {
        const QSignalBlocker blockWidth(m_width);
        const QSignalBlocker blockHeight(m_height);
        m_width->setValue(size.width);
        m_height->setValue(size.height);
    }
    updatePreview();
}

FigureSize FigureExportDialog::figureSize() const
{
    FigureSize size;
    size.width = m_width->value();
    size.height = m_height->value();
    size.unit = FigureSize::Unit(m_unit->currentData().toInt());
    size.dpi = m_dpi->value();
    return size;
}

void FigureExportDialog::setWritesCsv(bool on)
{
    m_csv->setChecked(on);
}

void FigureExportDialog::setWritesConfig(bool on)
{
    m_config->setChecked(on && m_source.configJson);
}

bool FigureExportDialog::writesCsv() const
{
    return m_csv->isChecked();
}

bool FigureExportDialog::writesConfig() const
{
    return m_config->isChecked();
}

// Keeps the physical size when the unit changes; pixels are converted at the current dpi.
void FigureExportDialog::convertUnit(int index)
{
    FigureSize size = figureSize();
    size.unit = m_shownUnit;
    const QSizeF inches = inchesOf(size);
    const auto unit = FigureSize::Unit(m_unit->itemData(index).toInt());
    const double units = perInch(unit, size.dpi);
    size.unit = unit;
    size.width = inches.width() * units;
    size.height = inches.height() * units;
    if (unit == FigureSize::Pixels) {
        size.width = std::round(size.width);
        size.height = std::round(size.height);
    } else {
        size.width = std::round(size.width * 100.0) / 100.0;
        size.height = std::round(size.height * 100.0) / 100.0;
    }
    setFigureSize(size);
}

void FigureExportDialog::updatePreview()
{
    m_preview->setStyle(m_styleForm->figureStyle());
    m_preview->setPageInches(inchesOf(figureSize()));
    updateSizeText();

    const QStringList shortened = m_preview->shortenedTexts();
    m_fitWarning->setText(shortened.isEmpty()
            ? QString()
            : tr("Does not fit: %1. Choose a smaller font size, a larger size, or another "
                 "place for the legend.")
                  .arg(describeShortenedTexts(shortened)));
    m_fitWarning->setVisible(!shortened.isEmpty());
}

QString FigureExportDialog::fitWarning() const
{
    return m_fitWarning->text();
}

void FigureExportDialog::updateSizeText()
{
    const FigureSize size = figureSize();
    const QSize pixels = pixelSize(size);
    const QSizeF inches = inchesOf(size);
    m_sizeText->setText(tr("PNG: %1 × %2 pixels. SVG and PDF: %3 × %4 cm.")
                            .arg(pixels.width())
                            .arg(pixels.height())
                            .arg(inches.width() * centimetresPerInch, 0, 'f', 2)
                            .arg(inches.height() * centimetresPerInch, 0, 'f', 2));
}

void FigureExportDialog::chooseFileAndExport()
{
    const QString png = tr("PNG image (*.png)");
    const QString svg = tr("SVG drawing (*.svg)");
    const QString pdf = tr("PDF document (*.pdf)");
    QString filter = pdf;
    const QString start = QDir(m_source.directory).filePath(m_source.suggestedName + ".pdf");
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"), start, QStringList {pdf, svg, png}.join(";;"), &filter);
    if (path.isEmpty())
        return;
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")
        && suffix != QLatin1String("pdf")) {
        path += filter == png ? QStringLiteral(".png")
                              : (filter == svg ? QStringLiteral(".svg") : QStringLiteral(".pdf"));
    }
    m_source.directory = QFileInfo(path).path();
    exportTo(path);
}

bool FigureExportDialog::writeBeside(const QString &path, const QString &what,
    const std::function<bool(QIODevice &)> &write, QString *error)
{
    const QString reason = writeWholeFile(path, write);
    if (reason.isEmpty())
        return true;
    *error = tr("Cannot write the %1 to \"%2\": %3.").arg(what, path, reason);
    return false;
}

bool FigureExportDialog::exportTo(const QString &path)
{
    m_written.clear();
    const FigureStyle style = m_styleForm->figureStyle();
    QString error;
    bool ok = exportFigure(m_source.curves, style, figureSize(), path, &error);
    if (ok)
        m_written.append(path);
    if (ok && m_csv->isChecked()) {
        const auto write = m_source.writeCsv ? m_source.writeCsv : [this](QIODevice &device) {
            return writeCurvesCsv(m_source.curves, device);
        };
        ok = writeBeside(besidePath(path, QStringLiteral(".csv")), tr("series"), write, &error);
        if (ok)
            m_written.append(besidePath(path, QStringLiteral(".csv")));
    }
    if (ok && m_config->isChecked() && m_source.configJson) {
        const QByteArray json = m_source.configJson(style, figureSize());
        ok = writeBeside(
            besidePath(path, QStringLiteral(".json")), tr("configuration"),
            [&json](QIODevice &device) { return device.write(json) == json.size(); }, &error);
        if (ok)
            m_written.append(besidePath(path, QStringLiteral(".json")));
    }
    if (!ok) {
        QString text = error;
        if (!m_written.isEmpty())
            text +=
                QLatin1Char(' ') + tr("Written before the error: %1.").arg(m_written.join(", "));
        showMessage(text, true);
        return false;
    }
    showMessage(tr("Wrote %1.").arg(m_written.join(", ")), false);
    emit exported(m_written);
    return true;
}

bool FigureExportDialog::copyToClipboard()
{
    QString error;
    const QImage image =
        renderFigure(m_source.curves, m_styleForm->figureStyle(), figureSize(), &error);
    if (image.isNull()) {
        showMessage(error, true);
        return false;
    }
    QGuiApplication::clipboard()->setImage(image);
    showMessage(
        tr("Copied a %1 × %2 pixel image to the clipboard.").arg(image.width()).arg(image.height()),
        false);
    return true;
}

QString FigureExportDialog::message() const
{
    return m_message->text();
}

void FigureExportDialog::showMessage(const QString &text, bool error)
{
    m_message->setText(text);
    QPalette palette = m_message->palette();
    palette.setColor(QPalette::WindowText,
        error ? QColor(0xB0, 0x1C, 0x1C) : this->palette().color(QPalette::WindowText));
    m_message->setPalette(palette);
}

} // namespace initlab
