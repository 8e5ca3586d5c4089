#pragma once

// Publication figures of loss curves, such as the mean curves of a comparison with their bands,
// written as PNG, SVG or PDF at a size and resolution chosen for print.

#include <QColor>
#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QtGlobal>

class QIODevice;

#include <optional>
#include <vector>

namespace initlab {

struct FigureCurve
{
    QString label;
    // Value per iteration, the index being the iteration. NaN and infinite values are skipped,
    // and so are values <= 0 on a logarithmic y-axis.
    std::vector<double> values;
    // Lower and upper edge of a translucent band in the curve's colour, each empty or as long as
    // values. Rows where an edge is not finite leave a gap in the band. On a logarithmic y-axis
    // a lower edge <= 0 is drawn at the bottom of the axis.
    std::vector<double> bandLow;
    std::vector<double> bandHigh;
    // Iterations and losses of spike peaks, marked in the curve's colour; equally long.
    std::vector<qint64> spikePeaks;
    std::vector<double> spikeLosses;
    // Text written beside each spike marker when FigureStyle::showCauseLabels is set, such as
    // "Learning rate too high"; empty, or as long as spikePeaks.
    std::vector<QString> spikeLabels;
};

enum class LegendPosition { Top, Bottom, Left, Right, None };

struct FigureStyle
{
    QString title; // empty: no title
    QString xLabel = QStringLiteral("Iteration");
    QString yLabel = QStringLiteral("MSE");
    bool logY = false;
    // A legend at the top or bottom that would not fit in one row moves to the right, because
    // Qt Charts would elide its labels.
    LegendPosition legend = LegendPosition::Bottom;
    // Size of axis labels, tick labels and legend in typographic points (1/72 inch); the title
    // is 20 % larger. Accepted range: minFigureFontPoints to maxFigureFontPoints.
    double fontPoints = 10;
    // White background, no drop shadow, black text and a light grid. Otherwise Qt Charts' light
    // theme as it is.
    bool printTheme = true;
    bool showSpikes = true;
    // Writes each spike's label beside its marker; needs showSpikes.
    bool showCauseLabels = false;
};

inline constexpr double minFigureFontPoints = 4.0;
inline constexpr double maxFigureFontPoints = 72.0;

struct FigureSize
{
    double width = 16;
    double height = 10;
    enum Unit { Pixels, Centimetres, Inches } unit = Centimetres;
    // Dots per inch: converts a physical size to pixels for PNG, and a pixel size to the
    // physical size that SVG and PDF get and that font points are measured against.
    int dpi = 300;
};

inline constexpr int minFigureDpi = 10;
inline constexpr int maxFigureDpi = 4800;
// Per side. Smaller figures are no use, and a size typed without its unit ("16x10") is caught.
inline constexpr double minFigurePixels = 100;
inline constexpr double maxFigurePixels = 20000; // per side
inline constexpr double maxFigureCentimetres = 100; // per side
inline constexpr double maxFigureInches = 40; // per side

// Returns the font family of every figure's text: DejaVu Sans, from Debian's fonts-dejavu-core,
// loaded from its file so that a figure looks the same on a machine without a desktop or a
// fontconfig setup. When the file is missing, the application font's family is returned and a
// warning logged once. Needs a QGuiApplication.
QString figureFontFamily();

// Returns the colour of curve index: the Okabe-Ito palette in the order black, orange, sky blue,
// bluish green, yellow, blue, vermillion, reddish purple, repeated from the start after eight.
QColor figureCurveColor(int index);

// Parses "WIDTHxHEIGHT" followed by an optional unit: none for pixels ("1600x1000"), "cm"
// ("16x10cm", "8.5x6cm") or "in" ("6x4in"). Spaces around the parts and an upper-case "X" or
// unit are accepted. The dpi stays at its default. On failure returns nullopt and, if error is
// not null, sets it to a message that names the text, the accepted forms and the limits.
std::optional<FigureSize> parseFigureSize(const QString &text, QString *error = nullptr);

// Returns the size in pixels: the width and height themselves for Pixels, else the physical size
// at size.dpi, each side rounded to the nearest pixel (8 x 5 cm at 300 dpi: 945 x 591).
QSize pixelSize(const FigureSize &size);

// Draws the curves and writes them to path in the format that its extension names,
// case-insensitive. A ".png" has exactly pixelSize(size) with size.dpi stored in the image. An
// ".svg" keeps text as text, with width and height in millimetres and the viewBox in points. A
// ".pdf" is vector graphics on one page of the figure's physical size, rounded to whole points. The
// file is written beside path under a temporary name and renamed over path only when complete, so a
// failure leaves no partial file.
//
// Must be called on the thread of the QApplication, which Qt Charts needs. Returns false when the
// extension is unknown, the size, dpi or font size is out of range, there is no QApplication, or
// the file cannot be written. error, when not null, then gets a message naming the path or value
// and the reason.
//
// shortened, when not null, gets the texts that did not fit. Those cut short with "..." come
// first: the title, axis titles and curve labels in full, tick labels as shown. Spike labels
// left out for want of space follow. The figure is written all the same; a smaller font or a
// larger size avoids this. describeShortenedTexts() turns the list into words.
bool exportFigure(const std::vector<FigureCurve> &curves, const FigureStyle &style,
    const FigureSize &size, const QString &path, QString *error = nullptr,
    QStringList *shortened = nullptr);

// Returns shortened, from exportFigure(), for a message: each text quoted, and the texts still
// ending in "..." once as "tick labels", such as: "xavier_uniform", "he_normal" and tick labels.
QString describeShortenedTexts(const QStringList &shortened);

// Draws the figure as the PNG export does, into an image of pixelSize(size) with size.dpi stored
// in it, for the clipboard or a preview. On the checks of exportFigure() failing, returns a null
// image and sets error.
QImage renderFigure(const std::vector<FigureCurve> &curves, const FigureStyle &style,
    const FigureSize &size, QString *error = nullptr);

// Writes every plotted series as CSV: a column "iteration", then per curve a column named by its
// label and, for a curve with a band, "<label> low" and "<label> high". Numbers are written in
// the shortest form that reads back to the same double ("nan" and "inf" for the others), and a
// cell past the end of its curve is empty. Returns false when the device reports a write error.
bool writeCurvesCsv(const std::vector<FigureCurve> &curves, QIODevice &device);

} // namespace initlab
