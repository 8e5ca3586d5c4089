#include "figure.h"
#include "figurechart_p.h"

#include <QAbstractAxis>
#include <QAreaSeries>
#include <QBuffer>
#include <QChart>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QGraphicsSimpleTextItem>
#include <QImage>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>
#include <QXmlStreamReader>

#include <cmath>
#include <limits>

using namespace initlab;

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// A decaying loss curve with a spike at iteration spikeAt and a band of +-spread around it.
FigureCurve decayingCurve(const QString &label, double rate, double spread, int length, int spikeAt)
{
    FigureCurve curve;
    curve.label = label;
    for (int i = 0; i < length; ++i) {
        double value = 0.02 + std::exp(-rate * i);
        if (spikeAt >= 0 && i >= spikeAt && i < spikeAt + 5)
            value += 0.4 * std::exp(-(i - spikeAt));
        curve.values.push_back(value);
        curve.bandLow.push_back(value * (1.0 - spread));
        curve.bandHigh.push_back(value * (1.0 + spread));
    }
    if (spikeAt >= 0) {
        curve.spikePeaks.push_back(spikeAt);
        curve.spikeLosses.push_back(curve.values[std::size_t(spikeAt)]);
    }
    return curve;
}

std::vector<FigureCurve> fourCurves()
{
    return {decayingCurve(QStringLiteral("xavier_uniform"), 0.010, 0.15, 500, 120),
        decayingCurve(QStringLiteral("he_uniform"), 0.020, 0.25, 500, -1),
        decayingCurve(QStringLiteral("lecun_normal"), 0.006, 0.10, 500, 300),
        decayingCurve(QStringLiteral("orthogonal"), 0.030, 0.30, 500, 60)};
}

FigureSize sizeOf(const QString &text, int dpi)
{
    QString error;
    const std::optional<FigureSize> size = parseFigureSize(text, &error);
    if (!size)
        qFatal("tst_figure: invalid size in a test row: %s", qPrintable(error));
    FigureSize result = *size;
    result.dpi = dpi;
    return result;
}

// Returns the content of every <text> element, child elements included, or the parse error.
QStringList svgTexts(const QByteArray &svg, QString *parseError)
{
    QStringList texts;
    QXmlStreamReader reader(svg);
    while (!reader.atEnd()) {
        reader.readNext();
        if (reader.isStartElement() && reader.name() == QLatin1String("text"))
            texts.append(reader.readElementText(QXmlStreamReader::IncludeChildElements).trimmed());
    }
    if (reader.hasError())
        *parseError = reader.errorString();
    return texts;
}

int countPixelsNear(const QImage &image, QColor color)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor pixel = image.pixelColor(x, y);
            if (std::abs(pixel.red() - color.red()) < 16
                && std::abs(pixel.green() - color.green()) < 16
                && std::abs(pixel.blue() - color.blue()) < 16)
                ++count;
        }
    }
    return count;
}

QStringList filesIn(const QString &folder)
{
    return QDir(folder).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot);
}

} // namespace

class TestFigure : public QObject
{
    Q_OBJECT

private slots:
    void palette();
    void parseAccepted_data();
    void parseAccepted();
    void parseRejected_data();
    void parseRejected();
    void pngPixelSize_data();
    void pngPixelSize();
    void pngShowsCurveColours();
    void svgTextStaysText();
    void causeLabels_data();
    void causeLabels();
    void neighbouringSpikesShareALabel();
    void textUsesTheFigureFont();
    void shortenedTextsReported_data();
    void shortenedTextsReported();
    void describeShortened();
    void curvesCsv();
    void pdfMediaBox_data();
    void pdfMediaBox();
    void unknownExtension_data();
    void unknownExtension();
    void invalidSettings_data();
    void invalidSettings();
    void unwritablePath_data();
    void unwritablePath();
    void longCurveKeepsExtremes();
    void logAxisSkipsNonPositive();
    void lowBandEdgeLimited_data();
    void lowBandEdgeLimited();
    void oneIterationAxisHasWholeLabels();
    void linearAxisLeavesRoomAtTheTop();
    void legendRowsSitBetweenTitleAndPlot_data();
    void legendRowsSitBetweenTitleAndPlot();
    void logAxisWithoutPositiveValues();
    void screenshot();

private:
    QTemporaryDir m_dir;
};

void TestFigure::palette()
{
    QCOMPARE(figureCurveColor(0), QColor(0x00, 0x00, 0x00));
    QCOMPARE(figureCurveColor(1), QColor(0xE6, 0x9F, 0x00));
    QCOMPARE(figureCurveColor(2), QColor(0x56, 0xB4, 0xE9));
    QCOMPARE(figureCurveColor(3), QColor(0x00, 0x9E, 0x73));
    QCOMPARE(figureCurveColor(4), QColor(0xF0, 0xE4, 0x42));
    QCOMPARE(figureCurveColor(5), QColor(0x00, 0x72, 0xB2));
    QCOMPARE(figureCurveColor(6), QColor(0xD5, 0x5E, 0x00));
    QCOMPARE(figureCurveColor(7), QColor(0xCC, 0x79, 0xA7));
    QCOMPARE(figureCurveColor(8), figureCurveColor(0));
    QCOMPARE(figureCurveColor(17), figureCurveColor(1));
}

void TestFigure::parseAccepted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<double>("width");
    QTest::addColumn<double>("height");
    QTest::addColumn<int>("unit");

    QTest::newRow("pixels") << "1600x1000" << 1600.0 << 1000.0 << int(FigureSize::Pixels);
    QTest::newRow("pixels with px") << "800x600px" << 800.0 << 600.0 << int(FigureSize::Pixels);
    QTest::newRow("centimetres") << "16x10cm" << 16.0 << 10.0 << int(FigureSize::Centimetres);
    QTest::newRow("decimal centimetres") << "8.5x6cm" << 8.5 << 6.0 << int(FigureSize::Centimetres);
    QTest::newRow("inches") << "6x4in" << 6.0 << 4.0 << int(FigureSize::Inches);
    QTest::newRow("spaces and upper case")
        << " 16 X 10 CM " << 16.0 << 10.0 << int(FigureSize::Centimetres);
    QTest::newRow("largest centimetres")
        << "100x1cm" << 100.0 << 1.0 << int(FigureSize::Centimetres);
    QTest::newRow("largest pixels") << "20000x100" << 20000.0 << 100.0 << int(FigureSize::Pixels);
}

void TestFigure::parseAccepted()
{
    QFETCH(QString, text);
    QFETCH(double, width);
    QFETCH(double, height);
    QFETCH(int, unit);

    QString error;
    const std::optional<FigureSize> size = parseFigureSize(text, &error);
    QVERIFY2(size.has_value(), qPrintable(error));
    QCOMPARE(size->width, width);
    QCOMPARE(size->height, height);
    QCOMPARE(int(size->unit), unit);
    QCOMPARE(size->dpi, 300);
    QVERIFY(error.isEmpty());
}

void TestFigure::parseRejected_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QStringList>("expected");

    const QString examples = QStringLiteral("\"16x10cm\"");
    QTest::newRow("empty") << "" << QStringList {"\"\"", "WIDTHxHEIGHT", examples};
    QTest::newRow("word") << "large" << QStringList {"\"large\"", "WIDTHxHEIGHT", examples};
    QTest::newRow("one side") << "16x" << QStringList {"\"16x\"", examples};
    QTest::newRow("millimetres") << "160x100mm" << QStringList {"\"160x100mm\"", examples};
    QTest::newRow("negative") << "-5x10cm" << QStringList {"\"-5x10cm\"", examples};
    QTest::newRow("decimal comma") << "16,5x10cm" << QStringList {"\"16,5x10cm\"", examples};
    QTest::newRow("zero centimetres")
        << "0x10cm" << QStringList {"\"0x10cm\"", "from 1 to 100 cm", examples};
    QTest::newRow("too many centimetres")
        << "101x10cm" << QStringList {"\"101x10cm\"", "from 1 to 100 cm"};
    QTest::newRow("too many inches") << "41x4in" << QStringList {"\"41x4in\"", "from 0.5 to 40 in"};
    QTest::newRow("too many pixels")
        << "20001x100" << QStringList {"\"20001x100\"", "from 100 to 20000 pixels"};
    QTest::newRow("unit forgotten") << "16x10"
                                    << QStringList {"\"16x10\"", "without a unit is in pixels",
                                           "from 100 to 20000 pixels", "Did you mean \"16x10cm\"?"};
    QTest::newRow("zero pixels") << "0x0" << QStringList {"\"0x0\"", "from 100 to 20000 pixels"};
    QTest::newRow("too few pixels")
        << "99x1000" << QStringList {"\"99x1000\"", "from 100 to 20000 pixels"};
    QTest::newRow("fractional pixels")
        << "1600.5x1000" << QStringList {"\"1600.5x1000\"", "whole numbers"};
}

void TestFigure::parseRejected()
{
    QFETCH(QString, text);
    QFETCH(QStringList, expected);

    QString error;
    QVERIFY(!parseFigureSize(text, &error).has_value());
    for (const QString &part : expected)
        QVERIFY2(error.contains(part), qPrintable(error));
    QVERIFY(!parseFigureSize(text).has_value());
}

void TestFigure::pngPixelSize_data()
{
    QTest::addColumn<QString>("size");
    QTest::addColumn<int>("dpi");
    QTest::addColumn<QSize>("pixels");

    QTest::newRow("pixels at 300 dpi") << "1600x1000" << 300 << QSize(1600, 1000);
    // 8 / 2.54 * 300 = 944.88 and 5 / 2.54 * 300 = 590.55, rounded to the nearest pixel.
    QTest::newRow("centimetres at 300 dpi") << "8x5cm" << 300 << QSize(945, 591);
    QTest::newRow("inches at 150 dpi") << "6x4in" << 150 << QSize(900, 600);
    QTest::newRow("small pixels at 72 dpi") << "320x200" << 72 << QSize(320, 200);
}

void TestFigure::pngPixelSize()
{
    QFETCH(QString, size);
    QFETCH(int, dpi);
    QFETCH(QSize, pixels);

    const FigureSize figureSize = sizeOf(size, dpi);
    QCOMPARE(pixelSize(figureSize), pixels);

    const QString path = m_dir.filePath(QStringLiteral("size-%1-%2.png").arg(size).arg(dpi));
    QString error;
    QVERIFY2(
        exportFigure(fourCurves(), FigureStyle(), figureSize, path, &error), qPrintable(error));
    const QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), pixels);
    const int dotsPerMeter = int(std::lround(dpi / 0.0254));
    QCOMPARE(image.dotsPerMeterX(), dotsPerMeter);
    QCOMPARE(image.dotsPerMeterY(), dotsPerMeter);
}

void TestFigure::pngShowsCurveColours()
{
    const QString path = m_dir.filePath(QStringLiteral("colours.png"));
    QString error;
    QVERIFY2(exportFigure(
                 fourCurves(), FigureStyle(), sizeOf(QStringLiteral("8x5cm"), 300), path, &error),
        qPrintable(error));
    const QImage image(path);
    QCOMPARE(image.pixelColor(0, 0), QColor(Qt::white));
    for (int curve = 1; curve < 4; ++curve)
        QVERIFY2(countPixelsNear(image, figureCurveColor(curve)) > 100,
            qPrintable(figureCurveColor(curve).name()));
}

void TestFigure::svgTextStaysText()
{
    FigureStyle style;
    style.title = QStringLiteral("Weight initialisation on two spirals");
    style.xLabel = QStringLiteral("Update");
    style.yLabel = QStringLiteral("Training MSE");
    const QString path = m_dir.filePath(QStringLiteral("text.svg"));
    QString error;
    QVERIFY2(
        exportFigure(fourCurves(), style, sizeOf(QStringLiteral("16x10cm"), 300), path, &error),
        qPrintable(error));

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QString parseError;
    const QStringList texts = svgTexts(svg, &parseError);
    QVERIFY2(parseError.isEmpty(), qPrintable(parseError));
    for (const QString &expected : {style.title, style.xLabel, style.yLabel,
             QStringLiteral("xavier_uniform"), QStringLiteral("he_uniform"),
             QStringLiteral("lecun_normal"), QStringLiteral("orthogonal")})
        QVERIFY2(texts.contains(expected), qPrintable(expected + " not in " + texts.join('|')));
    QVERIFY(svg.contains("<title>Weight initialisation on two spirals</title>"));
    QVERIFY2(svg.contains("width=\"160mm\" height=\"100mm\""), svg.left(400).constData());
    // 16 x 10 cm in points: 16 / 2.54 * 72 = 453.543 and 10 / 2.54 * 72 = 283.465.
    QVERIFY2(svg.contains("viewBox=\"0 0 453.543 283.465\""), svg.left(400).constData());
}

void TestFigure::causeLabels_data()
{
    QTest::addColumn<bool>("spikes");
    QTest::addColumn<bool>("labels");
    QTest::addColumn<int>("expected");
    QTest::newRow("on") << true << true << 3;
    QTest::newRow("labels off") << true << false << 0;
    QTest::newRow("markers off") << false << true << 0;
}

void TestFigure::causeLabels()
{
    QFETCH(bool, spikes);
    QFETCH(bool, labels);
    QFETCH(int, expected);
    std::vector<FigureCurve> curves = fourCurves();
    // Three of the four curves have a spike, each with another cause, so that no two labels
    // are merged.
    const QStringList causes {QStringLiteral("Exploding gradient"), QStringLiteral("Outlier batch"),
        QStringLiteral("Numerical instability"), QStringLiteral("Unknown")};
    for (std::size_t i = 0; i < curves.size(); ++i)
        curves[i].spikeLabels.assign(curves[i].spikePeaks.size(), causes.at(qsizetype(i)));
    FigureStyle style;
    style.showSpikes = spikes;
    style.showCauseLabels = labels;
    const QString path = m_dir.filePath(QStringLiteral("labels.svg"));
    QString error;
    QVERIFY2(exportFigure(curves, style, sizeOf(QStringLiteral("16x10cm"), 300), path, &error),
        qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString parseError;
    const QStringList texts = svgTexts(file.readAll(), &parseError);
    QVERIFY2(parseError.isEmpty(), qPrintable(parseError));
    int found = 0;
    for (const QString &cause : causes)
        found += int(texts.count(cause));
    QCOMPARE(found, expected);
}

void TestFigure::neighbouringSpikesShareALabel()
{
    // Peaks 10 iterations apart on a 500-iteration axis are far closer than a label is wide;
    // the one at 400 is not.
    FigureCurve curve = decayingCurve(QStringLiteral("adam"), 0.01, 0.0, 500, -1);
    for (const qint64 peak : {100, 110, 120, 400}) {
        curve.spikePeaks.push_back(peak);
        curve.spikeLosses.push_back(curve.values[std::size_t(peak)]);
    }
    curve.spikeLabels = {QStringLiteral("Exploding gradient"), QStringLiteral("Exploding gradient"),
        QStringLiteral("Outlier batch"), QStringLiteral("Exploding gradient")};
    FigureStyle style;
    style.showCauseLabels = true;
    const QString path = m_dir.filePath(QStringLiteral("groups.svg"));
    QString error;
    QVERIFY2(exportFigure({curve}, style, sizeOf(QStringLiteral("16x10cm"), 300), path, &error),
        qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QString parseError;
    QStringList texts = svgTexts(file.readAll(), &parseError);
    QVERIFY2(parseError.isEmpty(), qPrintable(parseError));
    const QRegularExpression spikeLabel(QStringLiteral("^(Exploding gradient|Outlier batch)"));
    texts = texts.filter(spikeLabel);
    texts.sort();
    QCOMPARE(texts,
        (QStringList {QStringLiteral("Exploding gradient"),
            QStringLiteral("Exploding gradient (2 spikes)"), QStringLiteral("Outlier batch")}));

    // Markers of two curves close together share one label too.
    FigureCurve other = decayingCurve(QStringLiteral("sgd"), 0.02, 0.0, 500, -1);
    other.spikePeaks = {105};
    other.spikeLosses = {other.values[105]};
    other.spikeLabels = {QStringLiteral("Exploding gradient")};
    QVERIFY2(
        exportFigure({curve, other}, style, sizeOf(QStringLiteral("16x10cm"), 300), path, &error),
        qPrintable(error));
    QFile again(path);
    QVERIFY(again.open(QIODevice::ReadOnly));
    texts = svgTexts(again.readAll(), &parseError).filter(spikeLabel);
    texts.sort();
    QCOMPARE(texts,
        (QStringList {QStringLiteral("Exploding gradient"),
            QStringLiteral("Exploding gradient (3 spikes)"), QStringLiteral("Outlier batch")}));
}

void TestFigure::shortenedTextsReported_data()
{
    QTest::addColumn<QString>("size");
    QTest::addColumn<double>("points");
    QTest::addColumn<int>("legend");
    QTest::addColumn<QStringList>("expected");
    const QStringList labels {QStringLiteral("xavier_uniform"), QStringLiteral("he_uniform"),
        QStringLiteral("lecun_normal"), QStringLiteral("orthogonal")};
    QTest::newRow("fits") << QStringLiteral("16x10cm") << 10.0 << int(LegendPosition::Bottom)
                          << QStringList();
    // One column of a paper at a large font: the legend below wraps into rows and fits.
    QTest::newRow("legend rows fit")
        << QStringLiteral("8.5x6cm") << 10.0 << int(LegendPosition::Bottom) << QStringList();
    // Qt Charts' own legend at the right cuts every label short.
    QTest::newRow("legend at the right")
        << QStringLiteral("8.5x6cm") << 14.0 << int(LegendPosition::Right)
        << QStringList {QStringLiteral("Weight initialisation compared")} + labels;
    // Narrower than one legend entry: the legend cuts its labels itself.
    QTest::newRow("narrower than a label")
        << QStringLiteral("3x3cm") << 14.0 << int(LegendPosition::Bottom)
        << QStringList {QStringLiteral("Weight initialisation compared"),
               QStringLiteral("tick labels...")}
            + labels;
}

void TestFigure::shortenedTextsReported()
{
    QFETCH(QString, size);
    QFETCH(double, points);
    QFETCH(int, legend);
    QFETCH(QStringList, expected);
    FigureStyle style;
    style.title = QStringLiteral("Weight initialisation compared");
    style.fontPoints = points;
    style.legend = LegendPosition(legend);
    const QString path = m_dir.filePath(QStringLiteral("shortened.svg"));
    QString error;
    QStringList shortened {QStringLiteral("left from before")};
    QVERIFY2(exportFigure(fourCurves(), style, sizeOf(size, 300), path, &error, &shortened),
        qPrintable(error));
    // Tick labels cut short are named as drawn; they count as one entry here.
    QStringList named;
    bool ticks = false;
    for (const QString &text : std::as_const(shortened)) {
        if (text.endsWith(QLatin1String("...")))
            ticks = true;
        else
            named.append(text);
    }
    if (ticks)
        named.append(QStringLiteral("tick labels..."));
    named.sort();
    expected.sort();
    QCOMPARE(named, expected);
    // The file has the shortened texts as they were drawn.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll().contains("..."), !expected.isEmpty());
}

void TestFigure::describeShortened()
{
    QCOMPARE(describeShortenedTexts({}), QString());
    QCOMPARE(describeShortenedTexts({QStringLiteral("adam")}), QStringLiteral("\"adam\""));
    QCOMPARE(describeShortenedTexts({QStringLiteral("adam"), QStringLiteral("50..."),
                 QStringLiteral("sgd"), QStringLiteral("10...")}),
        QStringLiteral("\"adam\", \"sgd\" and tick labels"));
}

void TestFigure::textUsesTheFigureFont()
{
    // Debian's fonts-dejavu-core, which scripts/setup.sh installs.
    QCOMPARE(figureFontFamily(), QStringLiteral("DejaVu Sans"));
    const QString path = m_dir.filePath(QStringLiteral("font.svg"));
    QString error;
    QVERIFY2(exportFigure(
                 fourCurves(), FigureStyle(), sizeOf(QStringLiteral("16x10cm"), 300), path, &error),
        qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("font-family=\"DejaVu Sans\""));
}

void TestFigure::curvesCsv()
{
    FigureCurve banded;
    banded.label = QStringLiteral("lr=0.1, adam");
    banded.values = {1.0, 0.5, notANumber};
    banded.bandLow = {0.9, 0.25, notANumber};
    banded.bandHigh = {1.1, 0.75, notANumber};
    FigureCurve plain;
    plain.label = QStringLiteral("Test MSE");
    plain.values = {2.0, infinity, 0.1, 1e-300, 0.30000000000000004};
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    QVERIFY(writeCurvesCsv({banded, plain}, buffer));
    QCOMPARE(buffer.data(),
        QByteArrayLiteral("iteration,\"lr=0.1, adam\",\"lr=0.1, adam low\",\"lr=0.1, adam "
                          "high\",Test MSE\n"
                          "0,1,0.9,1.1,2\n"
                          "1,0.5,0.25,0.75,inf\n"
                          "2,nan,nan,nan,0.1\n"
                          "3,,,,1e-300\n"
                          "4,,,,0.30000000000000004\n"));
}

void TestFigure::pdfMediaBox_data()
{
    QTest::addColumn<QString>("size");
    QTest::addColumn<int>("dpi");
    QTest::addColumn<double>("widthPoints");
    QTest::addColumn<double>("heightPoints");

    QTest::newRow("centimetres") << "16x10cm" << 300 << 16 / 2.54 * 72 << 10 / 2.54 * 72;
    QTest::newRow("inches") << "6x4in" << 300 << 432.0 << 288.0;
    QTest::newRow("pixels at 300 dpi") << "1600x1000" << 300 << 384.0 << 240.0;
    QTest::newRow("pixels at 100 dpi") << "1600x1000" << 100 << 1152.0 << 720.0;
}

void TestFigure::pdfMediaBox()
{
    QFETCH(QString, size);
    QFETCH(int, dpi);
    QFETCH(double, widthPoints);
    QFETCH(double, heightPoints);

    const QString path = m_dir.filePath(QStringLiteral("box-%1-%2.pdf").arg(size).arg(dpi));
    QString error;
    QVERIFY2(exportFigure(fourCurves(), FigureStyle(), sizeOf(size, dpi), path, &error),
        qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray pdf = file.readAll();
    QVERIFY(pdf.startsWith("%PDF-"));

    static const QRegularExpression mediaBox(
        QStringLiteral(R"(/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\])"));
    const QRegularExpressionMatch match = mediaBox.match(QString::fromLatin1(pdf));
    QVERIFY2(match.hasMatch(), "no MediaBox in the PDF");
    QCOMPARE(match.captured(1).toDouble(), 0.0);
    QCOMPARE(match.captured(2).toDouble(), 0.0);
    // The page size is kept in whole points.
    QVERIFY2(
        std::abs(match.captured(3).toDouble() - widthPoints) <= 0.5, qPrintable(match.captured(0)));
    QVERIFY2(std::abs(match.captured(4).toDouble() - heightPoints) <= 0.5,
        qPrintable(match.captured(0)));
    QVERIFY2(!pdf.contains("/Subtype /Image"), "the PDF contains a raster image");
}

void TestFigure::unknownExtension_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");

    QTest::newRow("jpeg") << "figure.jpg"
                          << "unknown format \".jpg\"";
    QTest::newRow("upper-case tiff") << "figure.TIFF"
                                     << "unknown format \".TIFF\"";
    QTest::newRow("no extension") << "figure"
                                  << "no extension";
}

void TestFigure::unknownExtension()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);

    const QString path = m_dir.filePath(name);
    QString error;
    QVERIFY(!exportFigure(fourCurves(), FigureStyle(), FigureSize(), path, &error));
    QVERIFY2(error.contains(QLatin1Char('"') + path + QLatin1Char('"')), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY2(error.contains(QStringLiteral(".png, .svg or .pdf")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
}

void TestFigure::invalidSettings_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("dpi");
    QTest::addColumn<double>("fontPoints");
    QTest::addColumn<double>("width");
    QTest::addColumn<QString>("expected");

    QTest::newRow("zero dpi") << "a.png" << 0 << 10.0 << 16.0 << "invalid resolution 0 dpi";
    QTest::newRow("huge dpi") << "a.pdf" << 100000 << 10.0 << 16.0 << "Use 10 to 4800 dpi";
    QTest::newRow("tiny font") << "a.svg" << 300 << 1.0 << 16.0 << "invalid font size 1 pt";
    QTest::newRow("NaN font") << "a.svg" << 300 << notANumber << 16.0 << "invalid font size nan pt";
    QTest::newRow("too wide") << "a.pdf" << 300 << 10.0 << 150.0 << "invalid size 150x10 cm";
    QTest::newRow("PNG too large at dpi")
        << "a.png" << 4800 << 10.0 << 100.0 << "188976x18898 pixels";
}

void TestFigure::invalidSettings()
{
    QFETCH(QString, name);
    QFETCH(int, dpi);
    QFETCH(double, fontPoints);
    QFETCH(double, width);
    QFETCH(QString, expected);

    FigureStyle style;
    style.fontPoints = fontPoints;
    FigureSize size;
    size.dpi = dpi;
    size.width = width;
    const QString path = m_dir.filePath(name);
    QString error;
    QVERIFY(!exportFigure(fourCurves(), style, size, path, &error));
    QVERIFY2(error.contains(path), qPrintable(error));
    QVERIFY2(error.contains(expected), qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
}

void TestFigure::unwritablePath_data()
{
    QTest::addColumn<QString>("folder");
    QTest::addColumn<QString>("name");

    QTest::newRow("missing folder PNG") << "missing"
                                        << "figure.png";
    QTest::newRow("missing folder SVG") << "missing"
                                        << "figure.svg";
    QTest::newRow("missing folder PDF") << "missing"
                                        << "figure.pdf";
    QTest::newRow("file as folder") << "plain.txt"
                                    << "figure.pdf";
    QTest::newRow("read-only folder PNG") << "readonly"
                                          << "figure.png";
    QTest::newRow("read-only folder PDF") << "readonly"
                                          << "figure.pdf";
}

void TestFigure::unwritablePath()
{
    QFETCH(QString, folder);
    QFETCH(QString, name);

    QTemporaryDir root;
    QVERIFY(root.isValid());
    const QString folderPath = root.filePath(folder);
    if (folder == QLatin1String("plain.txt")) {
        QFile plain(folderPath);
        QVERIFY(plain.open(QIODevice::WriteOnly));
    } else if (folder == QLatin1String("readonly")) {
        QVERIFY(QDir(root.path()).mkdir(folder));
        QVERIFY(QFile::setPermissions(folderPath, QFile::ReadOwner | QFile::ExeOwner));
        QFile probe(QDir(folderPath).filePath(QStringLiteral("probe")));
        if (probe.open(QIODevice::WriteOnly)) {
            probe.remove();
            QFile::setPermissions(
                folderPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
            QSKIP("This user can write into a read-only folder (root), so the case cannot fail.");
        }
    }

    const QString path = QDir(folderPath).filePath(name);
    QString error;
    QVERIFY(!exportFigure(fourCurves(), FigureStyle(), FigureSize(), path, &error));
    QVERIFY2(error.contains(QLatin1Char('"') + path + QLatin1Char('"')), qPrintable(error));
    const QString reason = error.section(QStringLiteral("\": "), 1);
    QVERIFY2(reason.size() > 2, qPrintable(error));
    QVERIFY(!QFileInfo::exists(path));
    if (folder == QLatin1String("readonly")) {
        QVERIFY2(filesIn(folderPath).isEmpty(), qPrintable(filesIn(folderPath).join(' ')));
        QFile::setPermissions(folderPath, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QCOMPARE(filesIn(root.path()),
        folder == QLatin1String("plain.txt") ? QStringList {folder} : QStringList());
}

void TestFigure::longCurveKeepsExtremes()
{
    FigureCurve curve;
    curve.label = QStringLiteral("long");
    constexpr int length = 100000;
    for (int i = 0; i < length; ++i) {
        const double value = 1.0 / (1.0 + 0.001 * i);
        curve.values.push_back(value);
        curve.bandLow.push_back(0.9 * value);
        curve.bandHigh.push_back(1.1 * value);
    }
    curve.values[77777] = 50.0;
    curve.bandHigh[77777] = 55.0;
    curve.bandLow[12345] = 0.001;
    for (int i = 50000; i < 51000; ++i)
        curve.bandLow[std::size_t(i)] = notANumber;

    constexpr int columns = 500;
    FigureScene scene({curve}, FigureStyle(), QSizeF(6.0, 4.0), columns);
    QLineSeries *line = nullptr;
    QList<QAreaSeries *> areas;
    for (QAbstractSeries *series : scene.chart()->series()) {
        if (auto *area = qobject_cast<QAreaSeries *>(series))
            areas.append(area);
        else if (series->name() == curve.label)
            line = qobject_cast<QLineSeries *>(series);
    }
    QVERIFY(line);
    QVERIFY2(line->count() <= 4 * columns, qPrintable(QString::number(line->count())));
    QVERIFY(line->points().contains(QPointF(77777, 50.0)));
    QCOMPARE(line->points().first(), QPointF(0, 1.0));
    QCOMPARE(line->points().last().x(), double(length - 1));

    // The rows without a lower edge split the band in two.
    QCOMPARE(areas.size(), 2);
    double lowest = std::numeric_limits<double>::infinity();
    double highest = -std::numeric_limits<double>::infinity();
    for (QAreaSeries *area : areas) {
        QVERIFY(area->upperSeries()->count() <= 2 * columns);
        for (const QPointF &point : area->lowerSeries()->points())
            lowest = std::min(lowest, point.y());
        for (const QPointF &point : area->upperSeries()->points())
            highest = std::max(highest, point.y());
    }
    QCOMPARE(lowest, 0.001);
    QCOMPARE(highest, 55.0);
    QCOMPARE(areas.first()->lowerSeries()->points().last().x(), 49999.0);
    QCOMPARE(areas.last()->lowerSeries()->points().first().x(), 51000.0);
}

void TestFigure::lowBandEdgeLimited_data()
{
    QTest::addColumn<bool>("logY");
    QTest::addColumn<double>("lowest");
    QTest::addColumn<double>("expectedMin");
    // Lines from 0.01 to 1: the band may reach one decade lower, to 0.001.
    QTest::newRow("log, far below") << true << 1e-6 << 0.001;
    QTest::newRow("log, within a decade") << true << 0.004 << 0.004;
    // A band below 0 ends at 0 while every line stays at or above 0.
    QTest::newRow("linear, negative") << false << -0.3 << 0.0;
}

void TestFigure::lowBandEdgeLimited()
{
    QFETCH(bool, logY);
    QFETCH(double, lowest);
    QFETCH(double, expectedMin);
    FigureCurve curve;
    curve.label = QStringLiteral("mean");
    curve.values = {1.0, 0.1, 0.01, 0.02};
    curve.bandLow = {0.9, lowest, 0.009, 0.015};
    curve.bandHigh = {1.1, 0.2, 0.011, 0.025};
    FigureStyle style;
    style.logY = logY;
    FigureScene scene({curve}, style, QSizeF(6.0, 4.0), 1800);
    const QList<QAbstractAxis *> vertical = scene.chart()->axes(Qt::Vertical);
    QCOMPARE(vertical.size(), 1);
    if (logY) {
        auto *axis = qobject_cast<QLogValueAxis *>(vertical.first());
        QVERIFY(axis);
        // The axis adds 4 % of its logarithmic span below the data.
        const double span = std::log10(1.1) - std::log10(expectedMin);
        const double bottom = std::pow(10.0, std::log10(expectedMin) - 0.04 * span);
        QVERIFY2(std::abs(std::log10(axis->min()) - std::log10(bottom)) < 0.01,
            qPrintable(QString::number(axis->min())));
    } else {
        auto *axis = qobject_cast<QValueAxis *>(vertical.first());
        QVERIFY(axis);
        QCOMPARE(axis->min(), expectedMin);
    }
}

void TestFigure::legendRowsSitBetweenTitleAndPlot_data()
{
    QTest::addColumn<int>("legend");
    QTest::newRow("top") << int(LegendPosition::Top);
    QTest::newRow("bottom") << int(LegendPosition::Bottom);
}

void TestFigure::legendRowsSitBetweenTitleAndPlot()
{
    QFETCH(int, legend);
    FigureStyle style;
    style.title = QStringLiteral("Four initializers");
    style.legend = LegendPosition(legend);
    // 6 cm wide: the four labels need two rows.
    FigureScene scene(fourCurves(), style, QSizeF(6.0 / 2.54, 5.0 / 2.54), 700);
    const QRectF plot = scene.chart()->plotArea();
    QList<double> labelTops;
    double titleBottom = 0.0;
    for (QGraphicsItem *item : scene.chart()->childItems()) {
        auto *text = dynamic_cast<QGraphicsSimpleTextItem *>(item);
        if (!text)
            continue;
        const QRectF box = text->mapRectToParent(text->boundingRect());
        if (text->text() == style.title)
            titleBottom = box.bottom();
        else if (fourCurves()[0].label == text->text() || fourCurves()[3].label == text->text())
            labelTops.append(box.top());
    }
    QCOMPARE(labelTops.size(), 2);
    // xavier_uniform begins the first row and orthogonal the second.
    QVERIFY2(labelTops[1] > labelTops[0],
        qPrintable(QStringLiteral("%1, %2").arg(labelTops[0]).arg(labelTops[1])));
    if (style.legend == LegendPosition::Top) {
        QVERIFY(titleBottom > 0.0);
        QVERIFY2(titleBottom <= labelTops[0], qPrintable(QString::number(titleBottom)));
        QVERIFY(labelTops[1] < plot.top());
    } else {
        // Below the plot and its x-axis title.
        QVERIFY(labelTops[0] > plot.bottom());
    }
}

void TestFigure::linearAxisLeavesRoomAtTheTop()
{
    // A flat line just under 0.5, as zero initialization gives on the sine data.
    FigureCurve flat;
    flat.label = QStringLiteral("zeros");
    flat.values.assign(100, 0.4975);
    FigureCurve falling;
    falling.label = QStringLiteral("he_normal");
    for (int i = 0; i < 100; ++i)
        falling.values.push_back(0.4 * std::exp(-0.05 * i));
    FigureScene scene({flat, falling}, FigureStyle(), QSizeF(6.0, 4.0), 1800);
    auto *axis = qobject_cast<QValueAxis *>(scene.chart()->axes(Qt::Vertical).first());
    QVERIFY(axis);
    QVERIFY2(axis->max() - 0.4975 >= 0.02 * (axis->max() - axis->min()),
        qPrintable(QStringLiteral("%1 to %2").arg(axis->min()).arg(axis->max())));
}

void TestFigure::oneIterationAxisHasWholeLabels()
{
    FigureCurve curve;
    curve.label = QStringLiteral("one update");
    curve.values = {1.0, 0.5};
    FigureScene scene({curve}, FigureStyle(), QSizeF(6.0, 4.0), 1800);
    auto *axis = qobject_cast<QValueAxis *>(scene.chart()->axes(Qt::Horizontal).first());
    QVERIFY(axis);
    QCOMPARE(axis->max(), 1.0);
    QCOMPARE(axis->tickInterval(), 1.0);
}

void TestFigure::logAxisSkipsNonPositive()
{
    FigureCurve curve;
    curve.label = QStringLiteral("with zeros");
    curve.values = {1.0, 0.5, 0.0, 0.0, 0.1, -1.0, notANumber, infinity, 0.01};
    curve.bandLow = {0.5, 0.0, -1.0, 0.0, 0.05, -2.0, notANumber, 0.0, 0.005};
    curve.bandHigh = {2.0, 1.0, 0.1, 0.1, 0.2, 0.0, notANumber, infinity, 0.02};
    curve.spikePeaks = {1, 2, 4};
    curve.spikeLosses = {0.5, 0.0, 0.1};
    FigureStyle style;
    style.logY = true;

    FigureScene scene({curve}, style, QSizeF(6.0, 4.0), 1800);
    const QList<QAbstractAxis *> vertical = scene.chart()->axes(Qt::Vertical);
    QCOMPARE(vertical.size(), 1);
    auto *axis = qobject_cast<QLogValueAxis *>(vertical.first());
    QVERIFY(axis);
    QVERIFY(std::isfinite(axis->min()));
    QVERIFY(std::isfinite(axis->max()));
    // The shown data span 0.005 to 2.
    QVERIFY2(axis->min() > 0.001 && axis->min() < 0.005, qPrintable(QString::number(axis->min())));
    QVERIFY2(axis->max() > 2.0 && axis->max() < 10.0, qPrintable(QString::number(axis->max())));

    QLineSeries *line = nullptr;
    for (QAbstractSeries *series : scene.chart()->series()) {
        if (series->name() == curve.label)
            line = qobject_cast<QLineSeries *>(series);
    }
    QVERIFY(line);
    const QList<QPointF> expected {{0, 1.0}, {1, 0.5}, {4, 0.1}, {8, 0.01}};
    QCOMPARE(line->points(), expected);

    QString error;
    const QString path = m_dir.filePath(QStringLiteral("log-zeros.png"));
    QVERIFY2(exportFigure({curve}, style, FigureSize(), path, &error), qPrintable(error));
    QVERIFY(!QImage(path).isNull());
}

void TestFigure::logAxisWithoutPositiveValues()
{
    FigureCurve curve;
    curve.label = QStringLiteral("zeros only");
    curve.values = {0.0, 0.0, -1.0, notANumber};
    FigureStyle style;
    style.logY = true;

    FigureScene scene({curve}, style, QSizeF(6.0, 4.0), 1800);
    auto *axis = qobject_cast<QLogValueAxis *>(scene.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(axis);
    QVERIFY(std::isfinite(axis->min()) && std::isfinite(axis->max()));
    QVERIFY2(axis->min() > 0.0 && axis->min() <= 0.1, qPrintable(QString::number(axis->min())));
    QVERIFY2(axis->max() >= 1.0 && axis->max() < 2.0, qPrintable(QString::number(axis->max())));

    QString error;
    const QString path = m_dir.filePath(QStringLiteral("log-no-positive.svg"));
    QVERIFY2(exportFigure({curve}, style, FigureSize(), path, &error), qPrintable(error));
    QVERIFY2(exportFigure({}, style, FigureSize(), m_dir.filePath("empty.pdf"), &error),
        qPrintable(error));
}

void TestFigure::screenshot()
{
    const QString folder = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (folder.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to a folder to write figure.png, .svg and .pdf there.");
    QVERIFY(QDir().mkpath(folder));

    FigureStyle style;
    style.title = QStringLiteral("Weight initialisation, mean over 5 seeds");
    QString error;
    for (const QString name : {"figure.png", "figure.svg", "figure.pdf"}) {
        QVERIFY2(
            exportFigure(fourCurves(), style, FigureSize(), QDir(folder).filePath(name), &error),
            qPrintable(error));
    }
    style.logY = true;
    style.legend = LegendPosition::Right;
    QVERIFY2(exportFigure(fourCurves(), style, sizeOf(QStringLiteral("1600x1000"), 300),
                 QDir(folder).filePath(QStringLiteral("figure-log.png")), &error),
        qPrintable(error));

    style.logY = false;
    style.legend = LegendPosition::Left;
    style.fontPoints = 14;
    style.printTheme = false;
    QVERIFY2(exportFigure(fourCurves(), style, sizeOf(QStringLiteral("8.5x6cm"), 200),
                 QDir(folder).filePath(QStringLiteral("figure-small-light.png")), &error),
        qPrintable(error));
}

QTEST_MAIN(TestFigure)
#include "tst_figure.moc"
