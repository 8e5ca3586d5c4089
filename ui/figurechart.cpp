#include "figurechart_p.h"

#include "axisticks.h"
#include "chartpalette.h"
#include "minmaxdecimator.h"
#include "uilogging.h"

#include <QAreaSeries>
#include <QChart>
#include <QCoreApplication>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QGraphicsLineItem>
#include <QGraphicsRectItem>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QGuiApplication>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

namespace initlab {

namespace {

// Pixel size of the loss chart's reference font, at which pens and markers have their base size.
constexpr double referenceFontPixels = 13.0;
// Alpha of a band's fill (0..255).
constexpr int bandAlpha = 56;
const QColor printGridColor(0xDD, 0xDD, 0xDD);
const QColor printMinorGridColor(0xEE, 0xEE, 0xEE);

struct ValueRange
{
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();

    void include(double value, bool logY)
    {
        if (!std::isfinite(value) || (logY && value <= 0.0))
            return;
        min = std::min(min, value);
        max = std::max(max, value);
    }
    bool isEmpty() const { return min > max; }
};

bool isShown(double value, bool logY)
{
    return std::isfinite(value) && (!logY || value > 0.0);
}

// The range of the lines, the spike markers and the upper band edges. A lower band edge widens
// it by at most one decade below the lowest line value on a logarithmic axis. On a linear axis
// it stops at 0 when no line goes below 0. The band is cut at the axis instead, so a band of the
// mean minus a standard deviation near 0 cannot squeeze the curves into a corner.
ValueRange dataRange(const std::vector<FigureCurve> &curves, const FigureStyle &style)
{
    ValueRange range;
    for (const FigureCurve &curve : curves) {
        for (const double value : curve.values)
            range.include(value, style.logY);
        for (const double value : curve.bandHigh)
            range.include(value, style.logY);
        if (style.showSpikes) {
            for (const double value : curve.spikeLosses)
                range.include(value, style.logY);
        }
    }
    ValueRange lows;
    for (const FigureCurve &curve : curves) {
        for (const double value : curve.bandLow)
            lows.include(value, style.logY);
    }
    if (lows.isEmpty())
        return range;
    if (range.isEmpty())
        return lows;
    const double floor = style.logY ? range.min / 10.0 : std::min(range.min, 0.0);
    range.include(std::max(lows.min, floor), style.logY);
    return range;
}

qint64 lastIteration(const std::vector<FigureCurve> &curves)
{
    qint64 last = 0;
    for (const FigureCurve &curve : curves)
        last = std::max(last, qint64(curve.values.size()) - 1);
    return last;
}

void styleAxis(QAbstractAxis *axis, const QFont &font, double scale, bool printTheme)
{
    axis->setLabelsFont(font);
    axis->setTitleFont(font);
    if (!printTheme)
        return;
    axis->setLabelsColor(Qt::black);
    axis->setTitleBrush(Qt::black);
    axis->setLinePen(QPen(Qt::black, 0.8 * scale));
    axis->setGridLinePen(QPen(printGridColor, 0.8 * scale));
    axis->setMinorGridLinePen(QPen(printMinorGridColor, 0.6 * scale));
    axis->setShadesVisible(false);
}

QValueAxis *makeXAxis(qint64 last, double plotWidth, const QFontMetricsF &metrics)
{
    auto *axis = new QValueAxis;
    const double max = double(std::max<qint64>(last, 1));
    // Room for a label of the widest number and as much space again.
    const double labelWidth = metrics.horizontalAdvance(QString::number(qint64(max))) * 2.0;
    const int count = std::max(2, int(plotWidth / std::max(labelWidth, 1.0)));
    double step = niceStep(max / count);
    // niceStep() rounds up, which can leave 0 as the only label. The next smaller step of the
    // 1-2-5 series is then taken until a second label fits.
    while (step > max)
        step = niceStep(step / 2.5 * (1.0 - 1e-9));
    // Iterations are whole numbers: a run of one update gets the labels 0 and 1.
    step = std::max(step, 1.0);
    axis->setRange(0.0, max);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setLabelFormat(labelFormatFor(0.0, max, step));
    return axis;
}

QValueAxis *makeLinearYAxis(ValueRange range, double plotHeight, const QFontMetricsF &metrics)
{
    if (range.isEmpty()) {
        range.min = 0.0;
        range.max = 1.0;
    }
    if (range.max - range.min <= 0.0) {
        const double pad = range.min == 0.0 ? 1.0 : std::abs(range.min) * 0.1;
        range.min -= pad;
        range.max += pad;
    }
    const int count = std::max(2, int(plotHeight / (3.0 * metrics.height())));
    const double step = niceStep((range.max - range.min) / count);
    const double min = std::floor(range.min / step) * step;
    double max = std::ceil(range.max / step) * step;
    // A line just under a tick at the top would look like the frame of the plot.
    if (max - range.max < 0.02 * (max - min))
        max += step;

    auto *axis = new QValueAxis;
    axis->setRange(min, max);
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(step);
    axis->setLabelFormat(labelFormatFor(min, max, step));
    return axis;
}

// Labels sit at powers of the axis base, so the base is 10^k with k decades between labels. The
// range is the data's with 4 % of its logarithmic span added at each end, widened to the
// neighbouring labels when it would show fewer than two.
QLogValueAxis *makeLogYAxis(ValueRange range, double plotHeight, const QFontMetricsF &metrics)
{
    if (range.isEmpty()) {
        range.min = 0.1;
        range.max = 1.0;
    }
    const int count = std::max(2, int(plotHeight / (2.0 * metrics.height())));
    auto *axis = new QLogValueAxis;
    fitLogAxis(axis, range.min, range.max, {count, 0.04, 0.1, 0.0});
    return axis;
}

// A curve longer than this many values per column is decimated, keeping each column's first,
// minimum, maximum and last value, so that a long run neither hides a spike nor writes an SVG or
// PDF of millions of points.
constexpr int valuesPerColumn = 4;

struct BandPoint
{
    double x = 0.0;
    double low = 0.0;
    double high = 0.0;
};

// Rows of a band as runs of rows where both edges are shown. On a logarithmic axis a lower edge
// <= 0 is drawn at axisMin. A band of more than valuesPerColumn x columns rows becomes its
// envelope per column: the minimum low and maximum high at the column's first and last shown
// row.
std::vector<std::vector<BandPoint>> bandRuns(
    const FigureCurve &curve, const FigureStyle &style, double axisMin, int columns)
{
    const qint64 rows = qint64(std::min(curve.bandLow.size(), curve.bandHigh.size()));
    const bool decimated = rows > qint64(valuesPerColumn) * columns;
    const double width = decimated ? double(rows - 1) / columns : 1.0;

    std::vector<std::vector<BandPoint>> runs;
    std::vector<BandPoint> run;
    qint64 row = 0;
    for (int column = 0; row < rows; ++column) {
        const qint64 end = decimated && column + 1 < columns
            ? std::min<qint64>(rows, qint64(std::ceil((column + 1) * width)))
            : (decimated ? rows : row + 1);
        BandPoint first {
            0.0, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()};
        qint64 firstRow = -1;
        qint64 lastRow = -1;
        const qint64 columnEnd = std::max(end, row + 1);
        for (; row < columnEnd; ++row) {
            double low = curve.bandLow[std::size_t(row)];
            const double high = curve.bandHigh[std::size_t(row)];
            if (style.logY && std::isfinite(low) && low <= 0.0)
                low = axisMin;
            if (!isShown(low, style.logY) || !isShown(high, style.logY))
                continue;
            if (firstRow < 0)
                firstRow = row;
            lastRow = row;
            first.low = std::min(first.low, low);
            first.high = std::max(first.high, high);
        }
        if (firstRow < 0) {
            if (!run.empty())
                runs.push_back(std::move(run));
            run.clear();
            continue;
        }
        first.x = double(firstRow);
        run.push_back(first);
        if (lastRow != firstRow)
            run.push_back(BandPoint {double(lastRow), first.low, first.high});
    }
    if (!run.empty())
        runs.push_back(std::move(run));
    return runs;
}

// Adds the band of one curve as one area series per run of shown rows.
std::vector<QAreaSeries *> addBand(
    QChart *chart, const FigureCurve &curve, const FigureStyle &style, double axisMin, int columns)
{
    std::vector<QAreaSeries *> areas;
    for (const std::vector<BandPoint> &run : bandRuns(curve, style, axisMin, columns)) {
        QList<QPointF> upperPoints;
        QList<QPointF> lowerPoints;
        for (const BandPoint &point : run) {
            upperPoints.append(QPointF(point.x, point.high));
            lowerPoints.append(QPointF(point.x, point.low));
        }
        // Parented to the chart, which deletes them unless QAreaSeries already has.
        auto *upper = new QLineSeries(chart);
        auto *lower = new QLineSeries(chart);
        upper->replace(upperPoints);
        lower->replace(lowerPoints);
        auto *area = new QAreaSeries(upper, lower);
        chart->addSeries(area);
        areas.push_back(area);
    }
    return areas;
}

QLineSeries *addCurve(
    QChart *chart, const FigureCurve &curve, const FigureStyle &style, int columns)
{
    auto *series = new QLineSeries;
    series->setName(curve.label);
    QList<QPointF> points;
    const qint64 rows = qint64(curve.values.size());
    if (rows > qint64(valuesPerColumn) * columns) {
        MinMaxDecimator decimator;
        decimator.assign(curve.values);
        const auto filter =
            style.logY ? MinMaxDecimator::Filter::Positive : MinMaxDecimator::Filter::Finite;
        for (const MinMaxDecimator::Sample &sample :
            decimator.decimate(0.0, double(rows - 1), columns, filter))
            points.append(QPointF(double(sample.index), sample.value));
    } else {
        for (qint64 row = 0; row < rows; ++row) {
            const double value = curve.values[std::size_t(row)];
            if (isShown(value, style.logY))
                points.append(QPointF(double(row), value));
        }
    }
    series->replace(points);
    chart->addSeries(series);
    return series;
}

QScatterSeries *addSpikes(QChart *chart, const FigureCurve &curve, const FigureStyle &style)
{
    auto *series = new QScatterSeries;
    const std::size_t count = std::min(curve.spikePeaks.size(), curve.spikeLosses.size());
    for (std::size_t i = 0; i < count; ++i) {
        if (curve.spikePeaks[i] >= 0 && isShown(curve.spikeLosses[i], style.logY))
            series->append(double(curve.spikePeaks[i]), curve.spikeLosses[i]);
    }
    chart->addSeries(series);
    return series;
}

// Writes the spike labels of every curve. Markers with the same label, each closer than the
// label's width to the next, share one label such as "Learning rate too high (6 spikes)", with a
// thin line to each of them, whichever curve they belong to. A label goes above its markers,
// centred on them. Where it would overlap a marker, a line, the upper edge of a band or a label
// placed before it, it moves up, or below the markers, by whole label heights. A label that finds
// no free place inside the plot area is left out. Each label has a translucent backing in the
// background colour, so that it stays legible over the curves. Labels are items of the chart, so
// SVG keeps them as text.
QStringList addSpikeLabels(QChart *chart, const std::vector<FigureCurve> &curves,
    const std::vector<QScatterSeries *> &series, const FigureStyle &style, const QFont &font,
    double scale)
{
    struct Group
    {
        QString text;
        std::vector<QPointF> markers;
    };
    const QRectF plot = chart->plotArea();
    const QFontMetricsF metrics(font);
    const double gap = 0.4 * metrics.height();
    constexpr double labelZ = 1000.0;

    // Every drawn marker by its label, in the order of x.
    std::map<QString, std::vector<QPointF>> byLabel;
    for (std::size_t c = 0; c < curves.size() && c < series.size(); ++c) {
        const FigureCurve &curve = curves[c];
        const std::size_t count =
            std::min({curve.spikePeaks.size(), curve.spikeLosses.size(), curve.spikeLabels.size()});
        for (std::size_t i = 0; i < count; ++i) {
            if (curve.spikePeaks[i] < 0 || curve.spikeLabels[i].isEmpty()
                || !isShown(curve.spikeLosses[i], style.logY))
                continue;
            const QPointF marker = chart->mapToPosition(
                QPointF(double(curve.spikePeaks[i]), curve.spikeLosses[i]), series[c]);
            if (plot.adjusted(-1.0, -1.0, 1.0, 1.0).contains(marker))
                byLabel[curve.spikeLabels[i]].push_back(marker);
        }
    }
    std::vector<Group> groups;
    for (auto &[text, markers] : byLabel) {
        std::sort(markers.begin(), markers.end(),
            [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
        const double reach = metrics.horizontalAdvance(text) + 2.0 * gap;
        for (const QPointF &marker : markers) {
            if (!groups.empty() && groups.back().text == text
                && marker.x() - groups.back().markers.back().x() < reach)
                groups.back().markers.push_back(marker);
            else
                groups.push_back(Group {text, {marker}});
        }
    }
    // Left to right, so that the placement does not depend on the order of the labels' texts.
    std::stable_sort(groups.begin(), groups.end(), [](const Group &a, const Group &b) {
        return a.markers.front().x() < b.markers.front().x();
    });

    QColor backing = style.printTheme ? QColor(Qt::white) : chart->backgroundBrush().color();
    backing.setAlpha(200);
    const QColor textColor = style.printTheme ? QColor(Qt::black) : QColor(0x20, 0x20, 0x20);
    // Labels keep clear of every marker as well as of each other.
    std::vector<QRectF> placed;
    const double radius = 3.0 * scale + 1.0;
    for (const Group &group : groups) {
        for (const QPointF &marker : group.markers)
            placed.emplace_back(marker - QPointF(radius, radius), QSizeF(2 * radius, 2 * radius));
    }
    // And of the lines and the upper edges of the bands, as sampled points: per curve up to
    // 600 columns, each with its lowest and highest value.
    std::vector<QPointF> linePoints;
    for (std::size_t c = 0; c < curves.size() && c < series.size(); ++c) {
        const FigureCurve &curve = curves[c];
        const std::size_t rows = curve.values.size();
        const std::size_t columns = std::min<std::size_t>(rows, 600);
        for (std::size_t column = 0; column < columns; ++column) {
            const std::size_t begin = column * rows / columns;
            const std::size_t end = std::max(begin + 1, (column + 1) * rows / columns);
            ValueRange range;
            for (std::size_t row = begin; row < end; ++row) {
                range.include(curve.values[row], style.logY);
                if (row < curve.bandHigh.size())
                    range.include(curve.bandHigh[row], style.logY);
            }
            if (range.isEmpty())
                continue;
            for (const double value : {range.min, range.max})
                linePoints.push_back(
                    chart->mapToPosition(QPointF(double(begin), value), series[c]));
        }
    }
    // A crowded plot may leave no place clear of the lines. A label then only keeps clear of
    // markers and other labels, and its translucent backing keeps it legible.
    const auto isFree = [&placed, &linePoints, &plot](const QRectF &box, bool clearOfLines) {
        return plot.contains(box)
            && std::none_of(placed.begin(), placed.end(),
                [&box](const QRectF &other) { return other.intersects(box); })
            && (!clearOfLines
                || std::none_of(linePoints.begin(), linePoints.end(),
                    [&box](const QPointF &point) { return box.contains(point); }));
    };

    QStringList omitted;
    for (const Group &group : groups) {
        const QString text = group.markers.size() == 1
            ? group.text
            : QStringLiteral("%1 (%2 spikes)").arg(group.text).arg(group.markers.size());
        double left = group.markers.front().x();
        double right = left;
        double highest = group.markers.front().y();
        double lowest = highest;
        for (const QPointF &marker : group.markers) {
            left = std::min(left, marker.x());
            right = std::max(right, marker.x());
            highest = std::min(highest, marker.y());
            lowest = std::max(lowest, marker.y());
        }
        const QSizeF size(metrics.horizontalAdvance(text), metrics.height());
        const double x = std::clamp((left + right - size.width()) / 2.0, plot.left(),
            std::max(plot.left(), plot.right() - size.width()));
        std::optional<QRectF> free;
        const int steps = int(plot.height() / (size.height() + 1.0)) + 1;
        for (const bool clearOfLines : {true, false}) {
            for (int raise = 0; !free && raise < steps; ++raise) {
                const double step = raise * (size.height() + 1.0);
                for (const double y : {highest - gap - size.height() - step, lowest + gap + step}) {
                    const QRectF box(QPointF(x, y), size);
                    if (isFree(box, clearOfLines)) {
                        free = box;
                        break;
                    }
                }
            }
        }
        if (!free) {
            omitted.append(text);
            continue;
        }
        placed.push_back(*free);
        const bool above = free->bottom() <= highest;
        for (const QPointF &marker : group.markers) {
            const double edge = above ? free->bottom() : free->top();
            if (group.markers.size() == 1 && std::abs(edge - marker.y()) < 2.0 * gap)
                continue;
            const QPointF end(std::clamp(marker.x(), free->left(), free->right()), edge);
            auto *leader = new QGraphicsLineItem(QLineF(marker, end), chart);
            leader->setPen(QPen(QColor(0x80, 0x80, 0x80), 0.6 * scale));
            leader->setZValue(labelZ - 1.0);
        }
        auto *back = new QGraphicsRectItem(free->adjusted(-0.2 * gap, 0.0, 0.2 * gap, 0.0), chart);
        back->setPen(Qt::NoPen);
        back->setBrush(backing);
        // Above the series, whose items Qt Charts stacks over the chart's other children.
        back->setZValue(labelZ);
        auto *label = new QGraphicsSimpleTextItem(text, chart);
        label->setFont(font);
        label->setBrush(textColor);
        label->setPos(free->topLeft());
        label->setZValue(labelZ + 1.0);
    }
    if (!omitted.isEmpty()) {
        qCInfo(lcChart) << "exportFigure: left out" << omitted.size() << "of" << groups.size()
                        << "spike labels for want of space";
    }
    return omitted;
}

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(false);
}

// A legend above or below the plot is drawn by the figure itself, in as many rows as its entries
// need, because Qt Charts 6.4 keeps its legend in one row and cuts the labels short that do not
// fit. Left and right legends are Qt Charts' own, one entry per row.
struct RowLegend
{
    struct Entry
    {
        QString text;
        QColor color;
        double width = 0.0; // line sample, gap and text
    };
    std::vector<std::vector<Entry>> rows;
    double rowHeight = 0.0;
    double sample = 0.0; // length of the line sample
    double gap = 0.0; // between sample and text
    double spacing = 0.0; // between entries
    QStringList shortened; // labels cut to fit the width

    double height() const { return rows.empty() ? 0.0 : rows.size() * rowHeight; }
};

RowLegend layOutRowLegend(
    const std::vector<FigureCurve> &curves, const QFontMetricsF &metrics, double width)
{
    RowLegend legend;
    legend.rowHeight = 1.3 * metrics.height();
    legend.sample = 1.6 * metrics.height();
    legend.gap = 0.35 * metrics.height();
    legend.spacing = 1.1 * metrics.height();
    double rowWidth = 0.0;
    for (std::size_t i = 0; i < curves.size(); ++i) {
        RowLegend::Entry entry {curves[i].label, figureCurveColor(int(i)), 0.0};
        const double room = std::max(1.0, width - legend.sample - legend.gap);
        if (metrics.horizontalAdvance(entry.text) > room) {
            legend.shortened.append(entry.text);
            entry.text = metrics.elidedText(entry.text, Qt::ElideRight, room);
        }
        entry.width = legend.sample + legend.gap + metrics.horizontalAdvance(entry.text);
        if (legend.rows.empty() || rowWidth + legend.spacing + entry.width > width) {
            legend.rows.emplace_back();
            rowWidth = entry.width;
        } else {
            rowWidth += legend.spacing + entry.width;
        }
        legend.rows.back().push_back(entry);
    }
    return legend;
}

// Draws the rows centred in the chart's width, the first row's top at top.
void drawRowLegend(QChart *chart, const RowLegend &legend, double top, double chartWidth,
    const QFont &font, const FigureStyle &style, double scale)
{
    const QColor textColor = style.printTheme ? QColor(Qt::black) : QColor(0x20, 0x20, 0x20);
    const QFontMetricsF metrics(font);
    for (std::size_t r = 0; r < legend.rows.size(); ++r) {
        const std::vector<RowLegend::Entry> &row = legend.rows[r];
        double rowWidth = 0.0;
        for (const RowLegend::Entry &entry : row)
            rowWidth += entry.width;
        rowWidth += legend.spacing * double(row.size() - 1);
        double x = (chartWidth - rowWidth) / 2.0;
        const double y = top + r * legend.rowHeight + (legend.rowHeight - metrics.height()) / 2.0;
        for (const RowLegend::Entry &entry : row) {
            const double middle = y + metrics.ascent() - metrics.xHeight() / 2.0;
            auto *sample =
                new QGraphicsLineItem(QLineF(x, middle, x + legend.sample, middle), chart);
            QPen pen(entry.color, 1.5 * scale);
            pen.setCapStyle(Qt::RoundCap);
            sample->setPen(pen);
            auto *label = new QGraphicsSimpleTextItem(entry.text, chart);
            label->setFont(font);
            label->setBrush(textColor);
            label->setPos(x + legend.sample + legend.gap, y);
            x += entry.width + legend.spacing;
        }
    }
}

void applyChartTheme(
    QChart *chart, const FigureStyle &style, const QFont &font, const QFont &titleFont)
{
    chart->setTheme(QChart::ChartThemeLight);
    chart->setTitleFont(titleFont);
    chart->legend()->setFont(font);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    const int margin = int(std::lround(0.5 * font.pixelSize()));
    chart->setMargins(QMargins(margin, margin, margin, margin));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    if (!style.printTheme)
        return;
    chart->setBackgroundBrush(Qt::white);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setBackgroundRoundness(0.0);
    chart->setDropShadowEnabled(false);
    chart->setTitleBrush(Qt::black);
    chart->legend()->setLabelColor(Qt::black);
    chart->legend()->setBackgroundVisible(false);
    chart->legend()->setBorderColor(Qt::transparent);
}

} // namespace

FigureScene::FigureScene(const std::vector<FigureCurve> &curves, const FigureStyle &style,
    QSizeF physicalInches, int columns)
{
    // A font of whole pixels at close to 96 units per inch, so that the paddings and tick lengths
    // that Qt Charts fixes in pixels keep the proportions they have on a 96 dpi screen.
    const int fontPixels = std::max(1, int(std::lround(style.fontPoints * 96.0 / 72.0)));
    m_unitsPerInch = 72.0 * fontPixels / style.fontPoints;
    m_layoutSize = physicalInches * m_unitsPerInch;
    const double scale = fontPixels / referenceFontPixels;

    QFont font(figureFontFamily());
    font.setPixelSize(fontPixels);
    font.setHintingPreference(QFont::PreferNoHinting);
    QFont titleFont = font;
    titleFont.setPixelSize(std::max(1, int(std::lround(fontPixels * 1.2))));
    titleFont.setBold(true);
    const QFontMetricsF metrics(font);

    m_chart = new QChart;
    m_scene.addItem(m_chart);
    m_scene.setSceneRect(QRectF(QPointF(0.0, 0.0), m_layoutSize));
    m_chart->setAnimationOptions(QChart::NoAnimation);
    applyChartTheme(m_chart, style, font, titleFont);
    m_chart->setTitle(style.title);
    m_fullTexts = {style.title, style.xLabel, style.yLabel};
    for (const FigureCurve &curve : curves)
        m_fullTexts.append(curve.label);

    // A legend above or below: its rows, and the room they take from the plot.
    const bool rowLegend =
        style.legend == LegendPosition::Top || style.legend == LegendPosition::Bottom;
    const int margin = int(std::lround(0.5 * fontPixels));
    RowLegend legend;
    double titleHeight = 0.0; // of a title drawn above a legend at the top
    if (rowLegend) {
        legend = layOutRowLegend(curves, metrics, m_layoutSize.width() - 2.0 * margin);
        m_shortenedLegend = legend.shortened;
        int room = int(std::ceil(legend.height() + 0.4 * fontPixels));
        QMargins margins(margin, margin, margin, margin);
        if (style.legend == LegendPosition::Top) {
            // The title is drawn here too, so that the legend comes between it and the plot.
            if (!style.title.isEmpty()) {
                const QFontMetricsF titleMetrics(titleFont);
                titleHeight = 1.4 * titleMetrics.height();
                const double width = m_layoutSize.width() - 2.0 * margin;
                QString title = style.title;
                if (titleMetrics.horizontalAdvance(title) > width) {
                    m_shortenedLegend.prepend(title);
                    title = titleMetrics.elidedText(title, Qt::ElideRight, width);
                }
                m_chart->setTitle(QString());
                auto *item = new QGraphicsSimpleTextItem(title, m_chart);
                item->setFont(titleFont);
                item->setBrush(style.printTheme ? QBrush(Qt::black) : m_chart->titleBrush());
                item->setPos((m_layoutSize.width() - titleMetrics.horizontalAdvance(title)) / 2.0,
                    margin + 0.2 * titleMetrics.height());
            }
            room += int(std::ceil(titleHeight));
            margins.setTop(margin + room);
        } else {
            margins.setBottom(margin + room);
        }
        m_chart->setMargins(margins);
    }
    const Qt::Alignment legendSide =
        style.legend == LegendPosition::Left ? Qt::AlignLeft : Qt::AlignRight;

    // Estimates of the plot area, for the number of ticks.
    double plotWidth = m_layoutSize.width() - 8.0 * metrics.height();
    if (style.legend == LegendPosition::Left || style.legend == LegendPosition::Right) {
        double labelWidth = 0.0;
        for (const FigureCurve &curve : curves)
            labelWidth = std::max(labelWidth, metrics.horizontalAdvance(curve.label));
        plotWidth -= std::min(labelWidth + 3.0 * metrics.height(), m_layoutSize.width() / 2.0);
    }
    const double plotHeight = m_layoutSize.height() - 6.0 * metrics.height() - legend.height();
    QAbstractAxis *xAxis = makeXAxis(lastIteration(curves), plotWidth, metrics);
    const ValueRange range = dataRange(curves, style);
    QAbstractAxis *yAxis = nullptr;
    double yMin = 0.0;
    if (style.logY) {
        auto *logAxis = makeLogYAxis(range, plotHeight, metrics);
        yMin = logAxis->min();
        yAxis = logAxis;
    } else {
        auto *linearAxis = makeLinearYAxis(range, plotHeight, metrics);
        yMin = linearAxis->min();
        yAxis = linearAxis;
    }
    xAxis->setTitleText(style.xLabel);
    yAxis->setTitleText(style.yLabel);
    m_chart->addAxis(xAxis, Qt::AlignBottom);
    m_chart->addAxis(yAxis, Qt::AlignLeft);
    styleAxis(xAxis, font, scale, style.printTheme);
    styleAxis(yAxis, font, scale, style.printTheme);

    // Bands first, so that every line is drawn over every band, and spike markers last.
    for (std::size_t i = 0; i < curves.size(); ++i) {
        QColor fill = figureCurveColor(int(i));
        fill.setAlpha(bandAlpha);
        for (QAreaSeries *area : addBand(m_chart, curves[i], style, yMin, columns)) {
            area->setPen(Qt::NoPen);
            area->setBrush(fill);
            area->attachAxis(xAxis);
            area->attachAxis(yAxis);
            hideFromLegend(m_chart, area);
        }
    }
    for (std::size_t i = 0; i < curves.size(); ++i) {
        QLineSeries *line = addCurve(m_chart, curves[i], style, columns);
        QPen pen(figureCurveColor(int(i)), 1.5 * scale);
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        line->setPen(pen);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
    }
    std::vector<QScatterSeries *> peakSeries;
    if (style.showSpikes) {
        for (std::size_t i = 0; i < curves.size(); ++i) {
            QScatterSeries *peaks = addSpikes(m_chart, curves[i], style);
            peakSeries.push_back(peaks);
            // Hollow rings in the curve's colour, which stay visible on a line of that colour.
            peaks->setColor(Qt::white);
            peaks->setPen(QPen(figureCurveColor(int(i)), 1.3 * scale));
            peaks->setMarkerSize(6.0 * scale);
            peaks->attachAxis(xAxis);
            peaks->attachAxis(yAxis);
            hideFromLegend(m_chart, peaks);
        }
    }

    if (style.legend == LegendPosition::None || rowLegend)
        m_chart->legend()->hide();
    else
        m_chart->legend()->setAlignment(legendSide);

    m_chart->setGeometry(QRectF(QPointF(0.0, 0.0), m_layoutSize));
    // The chart lays itself out on a posted LayoutRequest. Without a window and event loop, the
    // request is delivered here, so that render() draws the final layout.
    if (QGraphicsLayout *layout = m_chart->layout())
        layout->invalidate();
    QCoreApplication::sendPostedEvents(m_chart, QEvent::LayoutRequest);
    QCoreApplication::sendPostedEvents(m_chart->legend(), QEvent::LayoutRequest);

    if (rowLegend && !legend.rows.empty()) {
        // Above the plot, under the title drawn above; below the plot, in the bottom margin.
        double top = m_layoutSize.height() - margin - legend.height() - 0.2 * fontPixels;
        if (style.legend == LegendPosition::Top)
            top = margin + titleHeight + 0.2 * fontPixels;
        drawRowLegend(m_chart, legend, top, m_layoutSize.width(), font, style, scale);
    }

    if (style.showSpikes && style.showCauseLabels) {
        QFont labelFont = font;
        labelFont.setPixelSize(std::max(1, int(std::lround(fontPixels * 0.85))));
        m_omittedLabels = addSpikeLabels(m_chart, curves, peakSeries, style, labelFont, scale);
    }
}

QStringList FigureScene::shortenedTexts() const
{
    static const QString ellipsis = QStringLiteral("...");
    QStringList shortened;
    for (const QGraphicsItem *item : m_scene.items(Qt::AscendingOrder)) {
        const auto *text = dynamic_cast<const QGraphicsTextItem *>(item);
        if (!text || !text->isVisible())
            continue;
        const QString drawn = text->toPlainText();
        if (!drawn.endsWith(ellipsis) || m_fullTexts.contains(drawn))
            continue;
        // Named by the longest known text that it starts, else left as drawn: a tick label.
        const QString start = drawn.chopped(ellipsis.size());
        QString full = drawn;
        if (!start.isEmpty()) {
            for (const QString &candidate : m_fullTexts) {
                if (candidate.size() > start.size() && candidate.startsWith(start)
                    && (full == drawn || candidate.size() > full.size()))
                    full = candidate;
            }
        }
        if (!shortened.contains(full))
            shortened.append(full);
    }
    for (const QString &label : m_shortenedLegend + m_omittedLabels) {
        if (!shortened.contains(label))
            shortened.append(label);
    }
    return shortened;
}

void FigureScene::render(QPainter &painter, const QRectF &target)
{
    m_scene.render(
        &painter, target, QRectF(QPointF(0.0, 0.0), m_layoutSize), Qt::IgnoreAspectRatio);
}

} // namespace initlab
