#include "losschart_p.h"

#include "axisticks.h"
#include "losschartview.h"
#include "spikestyle.h"

#include <QChart>
#include <QFontMetricsF>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QValueAxis>

#include <cmath>
#include <limits>

namespace initlab {

namespace {

// Opacity of spike bands.
constexpr int bandAlpha = 56;
// Points far outside the y range are moved to this many ranges beyond it before drawing, so that
// the painter never receives coordinates near the limits of double. Their lines leave the plot at
// the same place to within 1 / drawLimit of a segment.
constexpr double drawLimit = 1000.0;
// On a log axis, points also stay within 10^+-drawLimitDecades, which double can represent.
constexpr double drawLimitDecades = 300.0;

void replaceIfChanged(QXYSeries *series, const QList<QPointF> &points)
{
    if (series->points() != points)
        series->replace(points);
}

} // namespace

QRectF LossChart::Private::plotRect() const
{
    return m_chart->mapRectToScene(m_chart->plotArea());
}

double LossChart::Private::fullMin() const
{
    return m_iterations.empty() ? 0.0 : double(m_iterations.front());
}

double LossChart::Private::fullMax() const
{
    double end = std::max(double(m_totalIterations), double(lastIteration()));
    if (m_divergence) {
        // No point follows a divergence, so the run's range ends a little after it, and a run
        // that diverges early is not squeezed against the left edge.
        const double at = double(m_divergence->iteration);
        end = at + std::max(0.1 * at, 2.0);
    }
    return std::max(end, fullMin() + minXWidth);
}

qint64 LossChart::Private::lastIteration() const
{
    return m_iterations.empty() ? 0 : m_iterations.back();
}

// Fractional index of iteration: exact when iterations are contiguous, otherwise interpolated
// between the two neighbouring points.
double LossChart::Private::indexAt(double iteration) const
{
    if (m_iterations.empty())
        return 0.0;
    if (m_contiguous)
        return iteration - double(m_iterations.front());
    const auto after = std::lower_bound(m_iterations.begin(), m_iterations.end(), iteration,
        [](qint64 value, double x) { return double(value) < x; });
    if (after == m_iterations.begin())
        return iteration - double(m_iterations.front());
    if (after == m_iterations.end())
        return double(m_iterations.size() - 1) + (iteration - double(m_iterations.back()));
    const auto index = double(after - m_iterations.begin());
    const double left = double(*(after - 1));
    return index - 1.0 + (iteration - left) / (double(*after) - left);
}

qint64 LossChart::Private::nearestIndex(double iteration) const
{
    if (m_iterations.empty())
        return -1;
    const double index = std::round(indexAt(iteration));
    return qint64(std::clamp(index, 0.0, double(m_iterations.size() - 1)));
}

double LossChart::Private::xToScene(double iteration) const
{
    const QRectF plot = plotRect();
    return plot.left() + (iteration - m_xMin) / (m_xMax - m_xMin) * plot.width();
}

double LossChart::Private::sceneToX(double x) const
{
    const QRectF plot = plotRect();
    return m_xMin + (x - plot.left()) / plot.width() * (m_xMax - m_xMin);
}

double LossChart::Private::yToScene(double value) const
{
    const QRectF plot = plotRect();
    double share = 0.0;
    if (m_log)
        share = (std::log10(value) - std::log10(m_yRange.min)) / logSpan(m_yRange);
    else
        share = (value - m_yRange.min) / (m_yRange.max - m_yRange.min);
    return plot.bottom() - share * plot.height();
}

double LossChart::Private::sceneToY(double y) const
{
    const QRectF plot = plotRect();
    const double share = (plot.bottom() - y) / plot.height();
    if (m_log)
        return std::pow(10.0, std::log10(m_yRange.min) + share * logSpan(m_yRange));
    return m_yRange.min + share * (m_yRange.max - m_yRange.min);
}

bool LossChart::Private::isDrawable(double value) const
{
    return MinMaxDecimator::passes(
        value, m_log ? MinMaxDecimator::Filter::Positive : MinMaxDecimator::Filter::Finite);
}

double LossChart::Private::clampForDrawing(double value) const
{
    if (m_log) {
        const double low = std::log10(m_yRange.min);
        const double high = std::log10(m_yRange.max);
        const double span = high - low;
        const double lowest = std::max(low - drawLimit * span, -drawLimitDecades);
        const double highest = std::min(high + drawLimit * span, drawLimitDecades);
        const double decades = std::log10(value);
        if (decades < lowest)
            return std::pow(10.0, lowest);
        return decades > highest ? std::pow(10.0, highest) : value;
    }
    const double span = m_yRange.max - m_yRange.min;
    return std::clamp(value, m_yRange.min - drawLimit * span, m_yRange.max + drawLimit * span);
}

// Applies follow-latest, or the full run when not zoomed.
void LossChart::Private::resolveXRange()
{
    if (!m_zoomed) {
        m_xMin = fullMin();
        m_xMax = fullMax();
        return;
    }
    if (m_follow && !m_iterations.empty()) {
        const double width = m_xMax - m_xMin;
        m_xMax = std::max(double(lastIteration()), fullMin() + width);
        m_xMin = m_xMax - width;
    }
}

// The decimated curve between the visible indices, with the nearest drawable sample outside on
// either side so that the line runs on to the plot's edges. The values inside the range are also
// appended to scaleValues when given.
std::vector<MinMaxDecimator::Sample> LossChart::Private::visibleSamples(const MinMaxDecimator &data,
    MinMaxDecimator::Decimation &decimation, double firstIndex, double lastIndex, int columns,
    std::vector<double> *scaleValues)
{
    const auto filter = m_log ? MinMaxDecimator::Filter::Positive : MinMaxDecimator::Filter::Finite;
    std::vector<MinMaxDecimator::Sample> samples;
    samples.reserve(decimation.samples.size() + 2);
    const double count = double(data.size());
    const auto begin = qint64(std::clamp(std::ceil(firstIndex), 0.0, count));
    const auto end = qint64(std::clamp(std::floor(lastIndex) + 1.0, 0.0, count));
    if (const qint64 before = data.lastValid(0, begin, filter); before >= 0)
        samples.push_back({before, data.value(before)});

    data.decimate(firstIndex, lastIndex, columns, filter, decimation);
    samples.insert(samples.end(), decimation.samples.begin(), decimation.samples.end());
    if (scaleValues) {
        for (const MinMaxDecimator::Sample &sample : decimation.samples)
            scaleValues->push_back(sample.value);
    }

    if (const qint64 after = data.firstValid(end, data.size(), filter); after >= 0)
        samples.push_back({after, data.value(after)});
    return samples;
}

// The samples as chart points. A sample is left out when it falls in the same pixel column as the
// previous point and less than half a pixel above or below it, which changes the drawn line by
// less than half a pixel. Smooth curves so shrink to about one point per column, and fewer points
// make QLineSeries' geometry update and the painting cheaper.
QList<QPointF> LossChart::Private::toPoints(
    const std::vector<MinMaxDecimator::Sample> &samples, int columns) const
{
    const double height = plotRect().height();
    const double xScale = double(columns) / (m_xMax - m_xMin);
    const bool log = m_log;
    const double yMin = log ? std::log10(m_yRange.min) : m_yRange.min;
    const double yScale = height / ((log ? std::log10(m_yRange.max) : m_yRange.max) - yMin);
    const bool thin = height >= 1.0 && std::isfinite(yScale);

    QList<QPointF> points;
    points.reserve(qsizetype(samples.size()));
    double lastColumn = std::numeric_limits<double>::quiet_NaN();
    double lastPixel = 0.0;
    for (const MinMaxDecimator::Sample &sample : samples) {
        const double x = double(m_iterations[std::size_t(sample.index)]);
        const double y = clampForDrawing(sample.value);
        if (thin) {
            const double column = std::floor((x - m_xMin) * xScale);
            const double pixel = ((log ? std::log10(y) : y) - yMin) * yScale;
            if (column == lastColumn && std::abs(pixel - lastPixel) < 0.5)
                continue;
            lastColumn = column;
            lastPixel = pixel;
        }
        points.append(QPointF(x, y));
    }
    return points;
}

// Decimates every curve for the visible x range and the plot width, chooses the y range and
// hands the new points to the series. The y range is the one of a rectangle zoom when there is
// one. Otherwise autoscaleRange() (autoscale.h) chooses it from the drawn values, showSpike()
// raises its top to the spike's peak, and stabilizeYRange() rounds it and keeps it still.
void LossChart::Private::updateView()
{
    resolveXRange();
    m_columns = int(std::lround(plotRect().width()));
    const int columns = m_columns >= 1 ? m_columns : std::max(1, m_view->viewport()->width());
    const double firstIndex = indexAt(m_xMin);
    const double lastIndex = indexAt(m_xMax);

    std::vector<double> scaleValues;
    const auto raw =
        visibleSamples(m_train, m_trainDecimation, firstIndex, lastIndex, columns, &scaleValues);
    std::vector<MinMaxDecimator::Sample> test;
    if (m_hasTest)
        test = visibleSamples(
            m_testData, m_testDecimation, firstIndex, lastIndex, columns, &scaleValues);
    std::vector<MinMaxDecimator::Sample> smoothed;
    if (m_weight > 0.0)
        smoothed = visibleSamples(
            m_smoothedData, m_smoothedDecimation, firstIndex, lastIndex, columns, nullptr);

    if (m_manualY && m_log && !(m_manualY->min > 0.0))
        m_manualY.reset();
    m_yRange = m_manualY ? *m_manualY : autoscaleRange(std::move(scaleValues), m_log);
    if (!m_manualY && m_revealedPeak && isDrawable(*m_revealedPeak))
        revealValue(*m_revealedPeak);

    if (m_manualY)
        m_shownAutoY.reset();
    else
        stabilizeYRange();

    updateAxes();
    const QList<QPointF> rawPoints = toPoints(raw, columns);
    m_drawnPoints = int(rawPoints.size());
    m_raw->replace(rawPoints);
    m_test->replace(toPoints(test, columns));
    m_smoothed->replace(toPoints(smoothed, columns));
    updateMarkers();
    updateNotice();
    m_view->viewport()->update();
}

// Target number of y tick labels for the plot height and font.
double LossChart::Private::yTickTarget() const
{
    const double height = plotRect().height();
    const double lineHeight = QFontMetricsF(q->font()).height();
    return height >= 1.0 ? std::clamp(height / (3.0 * lineHeight), 2.0, 10.0) : 5.0;
}

// Rounds an autoscaled y range outward to a quarter of a tick step (1/20 decade on a log axis),
// and keeps the range shown before while it still contains the new one and is less than
// shrinkLimit times as wide. Every change of the axis lays out its labels anew, and without this
// margin a range on the edge between two roundings flipped between them from frame to frame.
void LossChart::Private::stabilizeYRange()
{
    const auto span = [this](const AxisRange &range) {
        return m_log ? logSpan(range) : range.max - range.min;
    };

    AxisRange rounded = m_yRange;
    if (m_log) {
        constexpr double grid = 0.05;
        rounded.min = std::pow(10.0, std::floor(std::log10(m_yRange.min) / grid) * grid);
        rounded.max = std::pow(10.0, std::ceil(std::log10(m_yRange.max) / grid) * grid);
    } else {
        const double quarter = niceStep(span(m_yRange) / yTickTarget()) / 4.0;
        rounded.min = std::floor(m_yRange.min / quarter) * quarter;
        rounded.max = std::ceil(m_yRange.max / quarter) * quarter;
    }
    if (!(std::isfinite(rounded.min) && std::isfinite(rounded.max) && rounded.min < rounded.max))
        rounded = m_yRange;

    constexpr double shrinkLimit = 1.5;
    const bool keep = m_shownAutoY && m_shownAutoY->min <= m_yRange.min
        && m_shownAutoY->max >= m_yRange.max && span(*m_shownAutoY) < shrinkLimit * span(m_yRange);
    m_yRange = keep ? *m_shownAutoY : rounded;
    m_shownAutoY = m_yRange;
}

// Sets range, tick interval and label format, each only when it changed.
void LossChart::Private::applyValueAxis(QValueAxis *axis, double min, double max, double step)
{
    // Growing the interval before the range, and the range before a shrinking interval, keeps
    // the axis from ever laying out a huge number of ticks in between.
    const bool rangeChanged = axis->min() != min || axis->max() != max;
    if (step > axis->tickInterval())
        axis->setTickInterval(step);
    if (rangeChanged)
        axis->setRange(min, max);
    if (step < axis->tickInterval())
        axis->setTickInterval(step);
    const QString format = labelFormatFor(min, max, step);
    if (axis->labelFormat() != format)
        axis->setLabelFormat(format);
}

void LossChart::Private::updateAxes()
{
    const QRectF plot = plotRect();
    const QFontMetricsF metrics(q->font());
    const bool laidOut = plot.width() >= 1.0 && plot.height() >= 1.0;

    const double labelWidth =
        metrics.horizontalAdvance(QString::number(qint64(m_xMax))) + 3.0 * metrics.height();
    const double xTicks = laidOut ? std::clamp(plot.width() / labelWidth, 2.0, 12.0) : 6.0;
    applyValueAxis(m_xAxis, m_xMin, m_xMax, std::max(1.0, niceStep((m_xMax - m_xMin) / xTicks)));

    if (!m_log) {
        const double step = niceStep((m_yRange.max - m_yRange.min) / yTickTarget());
        applyValueAxis(m_yLinear, m_yRange.min, m_yRange.max, step);
        return;
    }
    const double decades = logSpan(m_yRange);
    const double labels =
        laidOut ? std::clamp(plot.height() / (2.0 * metrics.height()), 2.0, 12.0) : 8.0;
    const double power = std::max(1.0, std::ceil(decades / labels));
    const double base = std::pow(10.0, power);
    if (m_yLog->base() != base)
        m_yLog->setBase(base);
    // Automatic minor ticks (-1) are base - 2 of them: 2, 3, ... 9 times each power of 10.
    const int minorTicks = power == 1.0 ? -1 : 0;
    if (m_yLog->minorTickCount() != minorTicks)
        m_yLog->setMinorTickCount(minorTicks);
    if (m_yLog->min() != m_yRange.min || m_yLog->max() != m_yRange.max)
        m_yLog->setRange(m_yRange.min, m_yRange.max);
}

// Raises the top of the y range so that value lies below it by the autoscale margin.
void LossChart::Private::revealValue(double value)
{
    if (m_log) {
        const double low = std::log10(m_yRange.min);
        const double high = std::log10(value);
        if (high > std::log10(m_yRange.max)) {
            const double top = std::min(high + autoscalePadding * (high - low), logRangeLimit);
            m_yRange.max = std::max(m_yRange.max, std::pow(10.0, top));
        }
        return;
    }
    if (value > m_yRange.max)
        m_yRange.max = value + autoscalePadding * (value - m_yRange.min);
}

// The value at which a pinned marker is drawn: just below the top edge, so that the whole
// triangle shows.
double LossChart::Private::pinnedValue() const
{
    const QRectF plot = plotRect();
    if (plot.height() < 1.0)
        return m_yRange.max;
    return sceneToY(plot.top() + 0.6 * pinnedMarkerSize * markerScale());
}

bool LossChart::Private::isPinned(const SpikeReport &report) const
{
    const double peak = report.event.peakLoss;
    return !isDrawable(peak) || peak > m_yRange.max;
}

qint64 LossChart::Private::spikeEnd(const SpikeReport &report) const
{
    return report.event.end >= 0 ? report.event.end : std::max(report.event.start, lastIteration());
}

void LossChart::Private::updateMarkers()
{
    std::array<QList<QPointF>, allCauses.size()> peaks;
    std::array<QList<QPointF>, allCauses.size()> pinned;
    const double top = pinnedValue();
    for (const SpikeReport &report : m_spikes) {
        const std::size_t cause = causeIndex(report.diagnosis.cause);
        const double x = double(report.event.peak);
        if (isPinned(report))
            pinned[cause].append(QPointF(x, top));
        else
            peaks[cause].append(QPointF(x, report.event.peakLoss));
    }
    for (std::size_t cause = 0; cause < allCauses.size(); ++cause) {
        replaceIfChanged(m_peaks[cause], peaks[cause]);
        replaceIfChanged(m_pinned[cause], pinned[cause]);
    }
    updateLegend();
}

void LossChart::Private::updateNotice()
{
    const qint64 hidden = m_train.nonPositiveCount() + m_testData.nonPositiveCount();
    if (!m_log || hidden == 0) {
        m_notice->hide();
        return;
    }
    m_notice->setText(hidden == 1
            ? LossChart::tr("Log scale: 1 value \u2264 0 of the run left out")
            : LossChart::tr("Log scale: %1 values \u2264 0 of the run left out").arg(hidden));
    m_notice->adjustSize();
    const QRectF plot = plotRect();
    const QPoint corner = m_view->mapFromScene(plot.bottomLeft());
    const int gap = int(std::lround(4.0 * m_scale));
    m_notice->move(corner.x() + gap, corner.y() - m_notice->height() - gap);
    m_notice->show();
}

ChartOverlay LossChart::Private::overlay() const
{
    ChartOverlay result;
    result.plot = plotRect();
    result.font = q->font();
    result.scale = m_scale;
    result.labelTop = result.plot.top() + pinnedMarkerSize * markerScale() + 2.0 * m_scale;
    if (result.plot.width() < 1.0 || result.plot.height() < 1.0)
        return result;

    for (const SpikeReport &report : m_spikes) {
        QColor color = causeColor(report.diagnosis.cause);
        color.setAlpha(bandAlpha);
        result.bands.push_back(
            {xToScene(double(report.event.start)), xToScene(double(spikeEnd(report))), color});
    }
    for (const TrainingEvent &event : m_events)
        result.events.push_back({xToScene(double(event.iteration)), event.text});
    if (m_divergence) {
        const QString label = m_divergence->text.isEmpty()
            ? LossChart::tr("Diverged at iteration %1").arg(m_divergence->iteration)
            : m_divergence->text;
        result.divergence = OverlayLine {xToScene(double(m_divergence->iteration)), label};
    }

    if (m_hoverIndex >= 0 && m_hoverIndex < qint64(m_iterations.size())) {
        const qint64 iteration = m_iterations[std::size_t(m_hoverIndex)];
        const double mse = m_train.value(m_hoverIndex);
        const double y =
            isDrawable(mse) ? yToScene(clampForDrawing(mse)) : result.plot.bottom() + 1.0;
        result.hoverPoint = QPointF(xToScene(double(iteration)), y);
    }
    return result;
}

} // namespace initlab
