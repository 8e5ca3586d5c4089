#include "figurechart_p.h"

#include "axisticks.h"
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
    const double max = std::ceil(range.max / step) * step;

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
    const double span = std::max(std::log10(range.max) - std::log10(range.min), 0.1);
    double low = std::log10(range.min) - 0.04 * span;
    double high = std::log10(range.max) + 0.04 * span;
    const int count = std::max(2, int(plotHeight / (2.0 * metrics.height())));
    const double decadesPerLabel = std::max(1.0, std::ceil((high - low) / count));
    const double firstLabel = std::ceil(low / decadesPerLabel - 1e-9);
    const double lastLabel = std::floor(high / decadesPerLabel + 1e-9);
    if (lastLabel - firstLabel < 1.0) {
        low = std::min(low, std::floor(low / decadesPerLabel) * decadesPerLabel);
        high = std::max(high, std::ceil(high / decadesPerLabel) * decadesPerLabel);
        if (high - low < decadesPerLabel)
            high = low + decadesPerLabel;
    }

    auto *axis = new QLogValueAxis;
    axis->setBase(std::pow(10.0, decadesPerLabel));
    // Widened by a relative 1e-9, so that rounding in pow() cannot drop a label at either end.
    axis->setRange(std::pow(10.0, low) * (1.0 - 1e-9), std::pow(10.0, high) * (1.0 + 1e-9));
    axis->setLabelFormat(QStringLiteral("%g"));
    if (decadesPerLabel == 1.0) {
        axis->setMinorTickCount(8);
        axis->setMinorGridLineVisible(true);
    }
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
void addSpikeLabels(QChart *chart, const std::vector<FigureCurve> &curves,
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

    // Every shown marker by its label, in the order of x.
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
    const auto isFree = [&placed, &linePoints, &plot](const QRectF &box) {
        return plot.contains(box)
            && std::none_of(placed.begin(), placed.end(),
                [&box](const QRectF &other) { return other.intersects(box); })
            && std::none_of(linePoints.begin(), linePoints.end(),
                [&box](const QPointF &point) { return box.contains(point); });
    };

    int omitted = 0;
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
        for (int raise = 0; !free && raise < steps; ++raise) {
            const double step = raise * (size.height() + 1.0);
            for (const double y : {highest - gap - size.height() - step, lowest + gap + step}) {
                const QRectF box(QPointF(x, y), size);
                if (isFree(box)) {
                    free = box;
                    break;
                }
            }
        }
        if (!free) {
            ++omitted;
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
    if (omitted > 0) {
        qCInfo(lcChart) << "exportFigure: left out" << omitted << "of" << groups.size()
                        << "spike labels for want of space";
    }
}

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(false);
}

// NOTE: Qt Charts 6.4 elides a legend label or title that does not fit, so a figure too small for
// its font shows them shortened. Only the move of a long legend row to the side avoids this.
Qt::Alignment legendAlignment(const std::vector<FigureCurve> &curves, LegendPosition position,
    const QFontMetricsF &metrics, double chartWidth)
{
    switch (position) {
    case LegendPosition::Left:
        return Qt::AlignLeft;
    case LegendPosition::Right:
        return Qt::AlignRight;
    case LegendPosition::Top:
    case LegendPosition::Bottom:
    case LegendPosition::None:
        break;
    }
    double rowWidth = 0.0;
    for (const FigureCurve &curve : curves)
        rowWidth += metrics.horizontalAdvance(curve.label) + 3.0 * metrics.height();
    if (rowWidth > 0.9 * chartWidth) {
        qCInfo(lcChart) << "exportFigure: the legend needs" << rowWidth << "of" << chartWidth
                        << "layout units in one row; placing it at the right";
        return Qt::AlignRight;
    }
    return position == LegendPosition::Top ? Qt::AlignTop : Qt::AlignBottom;
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

    // Estimates of the plot area, for the number of ticks.
    const Qt::Alignment legendSide =
        legendAlignment(curves, style.legend, metrics, m_layoutSize.width());
    double plotWidth = m_layoutSize.width() - 8.0 * metrics.height();
    if (style.legend != LegendPosition::None && (legendSide & (Qt::AlignLeft | Qt::AlignRight))) {
        double labelWidth = 0.0;
        for (const FigureCurve &curve : curves)
            labelWidth = std::max(labelWidth, metrics.horizontalAdvance(curve.label));
        plotWidth -= std::min(labelWidth + 3.0 * metrics.height(), m_layoutSize.width() / 2.0);
    }
    const double plotHeight = m_layoutSize.height() - 6.0 * metrics.height();
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

    if (style.legend == LegendPosition::None)
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

    if (style.showSpikes && style.showCauseLabels) {
        QFont labelFont = font;
        labelFont.setPixelSize(std::max(1, int(std::lround(fontPixels * 0.85))));
        addSpikeLabels(m_chart, curves, peakSeries, style, labelFont, scale);
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
        const QString shown = text->toPlainText();
        if (!shown.endsWith(ellipsis) || m_fullTexts.contains(shown))
            continue;
        const QString start = shown.chopped(ellipsis.size());
        QString full = shown;
        for (const QString &candidate : m_fullTexts) {
            if (candidate.startsWith(start)) {
                full = candidate;
                break;
            }
        }
        if (!shortened.contains(full))
            shortened.append(full);
    }
    return shortened;
}

void FigureScene::render(QPainter &painter, const QRectF &target)
{
    m_scene.render(
        &painter, target, QRectF(QPointF(0.0, 0.0), m_layoutSize), Qt::IgnoreAspectRatio);
}

} // namespace initlab
