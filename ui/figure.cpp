#include "figure.h"

#include "csvtext.h"
#include "figurechart_p.h"
#include "uilogging.h"

#include <QApplication>
#include <QBuffer>
#include <QFontDatabase>
#include <QFileInfo>
#include <QImage>
#include <QImageWriter>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>
#include <QThread>

#include <algorithm>
#include <array>
#include <cmath>

namespace initlab {

namespace {

constexpr double centimetresPerInch = 2.54;
constexpr double pointsPerInch = 72.0;
// SVG size in units of 0.01 mm: QSvgGenerator writes width and height in millimetres from an
// integer size at a resolution, and 2540 dots per inch make them exact to 0.01 mm.
constexpr int svgResolution = 2540;

constexpr double minFigureCentimetres = 1.0;
constexpr double minFigureInches = 0.5;

enum class FigureFormat { Png, Svg, Pdf };

void setError(QString *error, const QString &message)
{
    if (error)
        *error = message;
}

QString unitName(FigureSize::Unit unit)
{
    switch (unit) {
    case FigureSize::Pixels:
        return QStringLiteral("pixels");
    case FigureSize::Centimetres:
        return QStringLiteral("cm");
    case FigureSize::Inches:
        break;
    }
    return QStringLiteral("in");
}

// Returns an empty string when each side of size lies within the limits of its unit, else the
// reason why not.
QString checkSides(double width, double height, FigureSize::Unit unit)
{
    double min = minFigureCentimetres;
    double max = maxFigureCentimetres;
    if (unit == FigureSize::Pixels) {
        min = minFigurePixels;
        max = maxFigurePixels;
    } else if (unit == FigureSize::Inches) {
        min = minFigureInches;
        max = maxFigureInches;
    }
    for (const double side : {width, height}) {
        if (!(side >= min && side <= max))
            return QStringLiteral("each side must be from %1 to %2 %3")
                .arg(min)
                .arg(max)
                .arg(unitName(unit));
        if (unit == FigureSize::Pixels && side != std::floor(side))
            return QStringLiteral("a size in pixels must be whole numbers");
    }
    return {};
}

QSizeF physicalInches(const FigureSize &size)
{
    switch (size.unit) {
    case FigureSize::Pixels:
        return QSizeF(size.width, size.height) / size.dpi;
    case FigureSize::Centimetres:
        return QSizeF(size.width, size.height) / centimetresPerInch;
    case FigureSize::Inches:
        break;
    }
    return QSizeF(size.width, size.height);
}

QString describeSize(const FigureSize &size)
{
    return QStringLiteral("%1x%2 %3").arg(size.width).arg(size.height).arg(unitName(size.unit));
}

std::optional<FigureFormat> formatFor(const QString &path, QString *error)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix == QLatin1String("png"))
        return FigureFormat::Png;
    if (suffix == QLatin1String("svg"))
        return FigureFormat::Svg;
    if (suffix == QLatin1String("pdf"))
        return FigureFormat::Pdf;
    if (suffix.isEmpty())
        setError(error,
            QStringLiteral("Cannot export the figure to \"%1\": the name has no "
                           "extension. Use .png, .svg or .pdf.")
                .arg(path));
    else
        setError(error,
            QStringLiteral("Cannot export the figure to \"%1\": unknown format "
                           "\".%2\". Use .png, .svg or .pdf.")
                .arg(path, QFileInfo(path).suffix()));
    return std::nullopt;
}

// place starts each message, such as "Cannot export the figure to "a.png": ".
bool checkRequest(const FigureStyle &style, const FigureSize &size, const QString &place,
    FigureFormat format, QString *error)
{
    if (!qobject_cast<QApplication *>(QCoreApplication::instance())) {
        setError(
            error, place + QStringLiteral("Qt Charts needs a QApplication. Create one first."));
        return false;
    }
    if (QThread::currentThread() != QCoreApplication::instance()->thread()) {
        setError(error,
            place
                + QStringLiteral("call exportFigure() on the thread of the "
                                 "QApplication."));
        return false;
    }
    if (size.dpi < minFigureDpi || size.dpi > maxFigureDpi) {
        setError(error,
            place
                + QStringLiteral("invalid resolution %1 dpi. Use %2 to %3 dpi.")
                      .arg(size.dpi)
                      .arg(minFigureDpi)
                      .arg(maxFigureDpi));
        return false;
    }
    const QString sides = checkSides(size.width, size.height, size.unit);
    if (!sides.isEmpty()) {
        setError(
            error, place + QStringLiteral("invalid size %1: %2.").arg(describeSize(size), sides));
        return false;
    }
    if (!(style.fontPoints >= minFigureFontPoints && style.fontPoints <= maxFigureFontPoints)) {
        setError(error,
            place
                + QStringLiteral("invalid font size %1 pt. Use %2 to %3 pt.")
                      .arg(style.fontPoints)
                      .arg(minFigureFontPoints)
                      .arg(maxFigureFontPoints));
        return false;
    }
    const QSize pixels = pixelSize(size);
    if (format == FigureFormat::Png
        && (pixels.width() < minFigurePixels || pixels.height() < minFigurePixels
            || pixels.width() > maxFigurePixels || pixels.height() > maxFigurePixels)) {
        setError(error,
            place
                + QStringLiteral("%1 at %2 dpi is %3x%4 pixels, but a PNG figure "
                                 "must have %5 to %6 pixels per side. Change the "
                                 "size or the dpi.")
                      .arg(describeSize(size))
                      .arg(size.dpi)
                      .arg(pixels.width())
                      .arg(pixels.height())
                      .arg(minFigurePixels)
                      .arg(maxFigurePixels));
        return false;
    }
    return true;
}

QImage drawImage(FigureScene &scene, const FigureSize &size, QString *reason)
{
    QImage image(pixelSize(size), QImage::Format_ARGB32_Premultiplied);
    if (image.isNull()) {
        *reason = QStringLiteral("not enough memory for an image of %1x%2 pixels")
                      .arg(pixelSize(size).width())
                      .arg(pixelSize(size).height());
        return image;
    }
    const int dotsPerMeter = int(std::lround(size.dpi / 0.0254));
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHints(
        QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    scene.render(painter, QRectF(image.rect()));
    return image;
}

bool writePng(FigureScene &scene, const FigureSize &size, QIODevice &file, QString *reason)
{
    const QImage image = drawImage(scene, size, reason);
    if (image.isNull())
        return false;
    QImageWriter writer(&file, "png");
    if (!writer.write(image)) {
        *reason = writer.errorString();
        return false;
    }
    return true;
}

bool writeSvg(FigureScene &scene, const FigureSize &size, const FigureStyle &style, QIODevice &file)
{
    const QSizeF inches = physicalInches(size);
    const QSizeF points = inches * pointsPerInch;
    QSvgGenerator generator;
    generator.setOutputDevice(&file);
    generator.setResolution(svgResolution);
    generator.setSize(QSize(int(std::lround(inches.width() * svgResolution)),
        int(std::lround(inches.height() * svgResolution))));
    generator.setViewBox(QRectF(QPointF(0.0, 0.0), points));
    generator.setTitle(style.title.isEmpty() ? QStringLiteral("InitLab figure") : style.title);
    generator.setDescription(QStringLiteral("Loss curves drawn by InitLab"));
    QPainter painter;
    if (!painter.begin(&generator))
        return false;
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene.render(painter, QRectF(QPointF(0.0, 0.0), points));
    return painter.end();
}

bool writePdf(FigureScene &scene, const FigureSize &size, const FigureStyle &style, QIODevice &file)
{
    const QSizeF points = physicalInches(size) * pointsPerInch;
    QPdfWriter writer(&file);
    writer.setCreator(QStringLiteral("InitLab"));
    writer.setTitle(style.title);
    // NOTE: QPageSize keeps a custom size in whole points, so each side of the page is
    // rounded to the nearest point (1/72 inch).
    writer.setPageSize(QPageSize(points, QPageSize::Point, QString(), QPageSize::ExactMatch));
    writer.setPageMargins(QMarginsF(0.0, 0.0, 0.0, 0.0));
    QPainter painter;
    if (!painter.begin(&writer))
        return false;
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    scene.render(painter, QRectF(0.0, 0.0, writer.width(), writer.height()));
    return painter.end();
}

} // namespace

QString figureFontFamily()
{
    // The regular and bold faces; a title in bold would otherwise be synthesized from the
    // regular face, or taken from another family.
    static const QString family = [] {
        const QString folder = QStringLiteral("/usr/share/fonts/truetype/dejavu/");
        QString loaded;
        for (const QString &file :
            {QStringLiteral("DejaVuSans.ttf"), QStringLiteral("DejaVuSans-Bold.ttf")}) {
            const int id = QFontDatabase::addApplicationFont(folder + file);
            const QStringList families = QFontDatabase::applicationFontFamilies(id);
            if (id < 0 || families.isEmpty()) {
                qCWarning(lcChart).noquote()
                    << "cannot load the figure font" << folder + file
                    << "; figures use the application font. Install fonts-dejavu-core.";
                continue;
            }
            if (loaded.isEmpty())
                loaded = families.constFirst();
        }
        return loaded.isEmpty() ? QGuiApplication::font().family() : loaded;
    }();
    return family;
}

QColor figureCurveColor(int index)
{
    static const std::array<QColor, 8> palette {
        QColor(0x00, 0x00, 0x00), // black
        QColor(0xE6, 0x9F, 0x00), // orange
        QColor(0x56, 0xB4, 0xE9), // sky blue
        QColor(0x00, 0x9E, 0x73), // bluish green
        QColor(0xF0, 0xE4, 0x42), // yellow
        QColor(0x00, 0x72, 0xB2), // blue
        QColor(0xD5, 0x5E, 0x00), // vermillion
        QColor(0xCC, 0x79, 0xA7), // reddish purple
    };
    const int count = int(palette.size());
    return palette[std::size_t(((index % count) + count) % count)];
}

std::optional<FigureSize> parseFigureSize(const QString &text, QString *error)
{
    static const QRegularExpression pattern(
        QStringLiteral(
            R"(^\s*(\d+(?:\.\d+)?|\.\d+)\s*x\s*(\d+(?:\.\d+)?|\.\d+)\s*(px|cm|in)?\s*$)"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch()) {
        setError(error,
            QStringLiteral("Invalid figure size \"%1\": expected WIDTHxHEIGHT in "
                           "pixels, centimetres or inches, such as \"1600x1000\", "
                           "\"16x10cm\", \"8.5x6cm\" or \"6x4in\".")
                .arg(text));
        return std::nullopt;
    }

    FigureSize size;
    size.width = match.captured(1).toDouble();
    size.height = match.captured(2).toDouble();
    const QString unit = match.captured(3).toLower();
    if (unit == QLatin1String("cm"))
        size.unit = FigureSize::Centimetres;
    else if (unit == QLatin1String("in"))
        size.unit = FigureSize::Inches;
    else
        size.unit = FigureSize::Pixels;

    const QString sides = checkSides(size.width, size.height, size.unit);
    if (!sides.isEmpty()) {
        if (size.unit == FigureSize::Pixels
            && checkSides(size.width, size.height, FigureSize::Centimetres).isEmpty()) {
            setError(error,
                QStringLiteral("Invalid figure size \"%1\": a size without a unit is in pixels, "
                               "and %2. Did you mean \"%3x%4cm\"?")
                    .arg(text, sides, match.captured(1), match.captured(2)));
            return std::nullopt;
        }
        setError(error,
            QStringLiteral("Invalid figure size \"%1\": %2, such as \"1600x1000\", "
                           "\"16x10cm\" or \"6x4in\".")
                .arg(text, sides));
        return std::nullopt;
    }
    return size;
}

QSize pixelSize(const FigureSize &size)
{
    if (size.unit == FigureSize::Pixels)
        return QSize(int(std::lround(size.width)), int(std::lround(size.height)));
    const QSizeF inches = physicalInches(size);
    return QSize(
        int(std::lround(inches.width() * size.dpi)), int(std::lround(inches.height() * size.dpi)));
}

QImage renderFigure(const std::vector<FigureCurve> &curves, const FigureStyle &style,
    const FigureSize &size, QString *error)
{
    if (!checkRequest(
            style, size, QStringLiteral("Cannot draw the figure: "), FigureFormat::Png, error))
        return QImage();
    FigureScene scene(curves, style, physicalInches(size), std::max(1, pixelSize(size).width()));
    QString reason;
    QImage image = drawImage(scene, size, &reason);
    if (image.isNull())
        setError(error, QStringLiteral("Cannot draw the figure: %1.").arg(reason));
    return image;
}

bool exportFigure(const std::vector<FigureCurve> &curves, const FigureStyle &style,
    const FigureSize &size, const QString &path, QString *error, QStringList *shortened)
{
    const std::optional<FigureFormat> format = formatFor(path, error);
    if (!format
        || !checkRequest(style, size,
            QStringLiteral("Cannot export the figure to \"%1\": ").arg(path), *format, error))
        return false;

    // Decimation to the width in pixels at the figure's dpi, for vector formats too.
    FigureScene scene(curves, style, physicalInches(size), std::max(1, pixelSize(size).width()));
    if (shortened)
        *shortened = scene.shortenedTexts();

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        setError(error,
            QStringLiteral("Cannot write the figure to \"%1\": %2.").arg(path, file.errorString()));
        return false;
    }
    // The figure is drawn into memory first, because QSvgGenerator and QPdfWriter ignore a short
    // write (a full disk, a file size limit), and commit() would then rename a truncated file
    // over path.
    QBuffer drawing;
    drawing.open(QIODevice::WriteOnly);
    QString reason;
    bool written = false;
    switch (*format) {
    case FigureFormat::Png:
        written = writePng(scene, size, drawing, &reason);
        break;
    case FigureFormat::Svg:
        written = writeSvg(scene, size, style, drawing);
        break;
    case FigureFormat::Pdf:
        written = writePdf(scene, size, style, drawing);
        break;
    }
    if (written) {
        const qint64 bytes = file.write(drawing.data());
        if (bytes != drawing.size()) {
            written = false;
            reason = file.error() != QFileDevice::NoError
                ? file.errorString()
                : QStringLiteral("only %1 of %2 bytes were written; check the free disk space")
                      .arg(std::max<qint64>(bytes, 0))
                      .arg(drawing.size());
        }
    }
    if (!written) {
        file.cancelWriting();
        if (reason.isEmpty())
            reason = file.error() != QFileDevice::NoError ? file.errorString()
                                                          : QStringLiteral("drawing failed");
        setError(error, QStringLiteral("Cannot write the figure to \"%1\": %2.").arg(path, reason));
        return false;
    }
    if (!file.commit()) {
        setError(error,
            QStringLiteral("Cannot write the figure to \"%1\": %2.").arg(path, file.errorString()));
        return false;
    }
    qCDebug(lcChart) << "exportFigure: wrote" << curves.size() << "curves to" << path;
    return true;
}

namespace {

QString csvCell(const std::vector<double> &column, std::size_t row)
{
    if (row >= column.size())
        return QString();
    return csv::number(column[row]);
}

bool hasBand(const FigureCurve &curve)
{
    return !curve.bandLow.empty() || !curve.bandHigh.empty();
}

} // namespace

QString describeShortenedTexts(const QStringList &shortened)
{
    QStringList parts;
    bool ticks = false;
    for (const QString &text : shortened) {
        if (text.endsWith(QLatin1String("...")))
            ticks = true;
        else
            parts.append(QLatin1Char('"') + text + QLatin1Char('"'));
    }
    if (ticks)
        parts.append(QStringLiteral("tick labels"));
    if (parts.size() <= 1)
        return parts.join(QString());
    const QString last = parts.takeLast();
    return parts.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

bool writeCurvesCsv(const std::vector<FigureCurve> &curves, QIODevice &device)
{
    QStringList header {QStringLiteral("iteration")};
    std::size_t rows = 0;
    for (const FigureCurve &curve : curves) {
        header << csv::field(curve.label);
        if (hasBand(curve))
            header << csv::field(curve.label + QLatin1String(" low"))
                   << csv::field(curve.label + QLatin1String(" high"));
        rows = std::max({rows, curve.values.size(), curve.bandLow.size(), curve.bandHigh.size()});
    }
    if (device.write(header.join(QLatin1Char(',')).toUtf8() + '\n') < 0)
        return false;
    QStringList cells;
    for (std::size_t row = 0; row < rows; ++row) {
        cells.clear();
        cells << QString::number(row);
        for (const FigureCurve &curve : curves) {
            cells << csvCell(curve.values, row);
            if (hasBand(curve))
                cells << csvCell(curve.bandLow, row) << csvCell(curve.bandHigh, row);
        }
        if (device.write(cells.join(QLatin1Char(',')).toUtf8() + '\n') < 0)
            return false;
    }
    return true;
}

} // namespace initlab
