#include "histogramplot.h"

#include "insightstyle.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace initlab {

namespace {

constexpr double padding = 4.0;
constexpr double tickLength = 4.0;
// Headroom above the tallest bar, as a share of its count.
constexpr double headroom = 0.05;
// The reference curve may reach this many times the tallest bar before it is cut off at the top,
// so that a reference much narrower than the values does not flatten the bars.
constexpr double maxReferenceRatio = 2.0;
// Width of the single bar of a zero-width histogram, as a share of the plot width.
constexpr double zeroWidthBarShare = 1.0 / 20.0;

bool hasCounts(const Histogram &histogram)
{
    return histogram.total > 0 && !histogram.counts.empty() && std::isfinite(histogram.low)
        && std::isfinite(histogram.high);
}

bool isZeroWidth(const Histogram &histogram)
{
    return !(histogram.high > histogram.low);
}

// Returns the tallest bar's count; a zero-width histogram has one bar with every value.
double maxBarCount(const Histogram &histogram)
{
    if (!hasCounts(histogram))
        return 0.0;
    if (isZeroWidth(histogram))
        return double(histogram.total);
    return double(*std::max_element(histogram.counts.begin(), histogram.counts.end()));
}

QString nonFiniteText(qint64 count)
{
    return count == 1 ? QStringLiteral("1 value is NaN or infinite")
                      : QStringLiteral("%1 values are NaN or infinite").arg(count);
}

} // namespace

HistogramPlot::HistogramPlot(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void HistogramPlot::setTitle(const QString &title)
{
    m_title = title;
    // A narrow plot elides its title, so the tooltip keeps the whole of it.
    setToolTip(title);
    update();
}

QString HistogramPlot::title() const
{
    return m_title;
}

void HistogramPlot::setHistogram(const Histogram &histogram)
{
    m_histogram = histogram;
    updateScale();
    update();
}

const Histogram &HistogramPlot::histogram() const
{
    return m_histogram;
}

void HistogramPlot::setInitialHistogram(const Histogram &histogram)
{
    m_initial = histogram;
    updateScale();
    update();
}

const Histogram &HistogramPlot::initialHistogram() const
{
    return m_initial;
}

void HistogramPlot::setReferenceStd(double std)
{
    m_referenceStd = std;
    updateScale();
    update();
}

double HistogramPlot::referenceStd() const
{
    return m_referenceStd;
}

void HistogramPlot::setPresentationMode(bool on)
{
    m_presentationMode = on;
    update();
}

bool HistogramPlot::isPresentationMode() const
{
    return m_presentationMode;
}

QString HistogramPlot::noticeText() const
{
    QStringList lines;
    if (!hasCounts(m_histogram))
        lines << QStringLiteral("no values");
    if (m_histogram.nonFinite > 0)
        lines << nonFiniteText(m_histogram.nonFinite);
    return lines.join(QLatin1Char('\n'));
}

QRectF HistogramPlot::plotRect() const
{
    const QFontMetricsF metrics(font());
    double top = padding;
    if (!m_title.isEmpty())
        top += metrics.height() + 2.0;
    if (m_histogram.nonFinite > 0)
        top += metrics.height();
    top += 2.0;
    const double bottom = height() - padding - tickLength - metrics.height();

    // Labels at the ends of the axis are centred on them, so half of each must fit beside the plot.
    const std::vector<double> ticks = insightstyle::tickValues(m_viewLow, m_viewHigh);
    double left = padding;
    double right = width() - padding;
    if (ticks.size() > 1) {
        left += metrics.horizontalAdvance(insightstyle::formatTick(ticks.front())) / 2.0;
        right -= metrics.horizontalAdvance(insightstyle::formatTick(ticks.back())) / 2.0;
    }
    return QRectF(
        QPointF(left, top), QPointF(std::max(left + 1.0, right), std::max(top + 1.0, bottom)));
}

QRectF HistogramPlot::barRect(int bin) const
{
    if (!hasCounts(m_histogram) || bin < 0 || std::size_t(bin) >= m_histogram.counts.size())
        return {};
    const QRectF plot = plotRect();

    if (isZeroWidth(m_histogram)) {
        if (bin != 0)
            return {};
        const double centre = xPosition(m_histogram.low);
        const double halfWidth = zeroWidthBarWidth() / 2.0;
        return QRectF(QPointF(centre - halfWidth, yPosition(double(m_histogram.total))),
            QPointF(centre + halfWidth, plot.bottom()));
    }

    const qint64 count = m_histogram.counts[std::size_t(bin)];
    if (count <= 0)
        return {};
    const double binWidth = m_histogram.binWidth();
    const double left = xPosition(m_histogram.low + bin * binWidth);
    const bool last = std::size_t(bin) + 1 == m_histogram.counts.size();
    const double right =
        xPosition(last ? m_histogram.high : m_histogram.low + (bin + 1) * binWidth);
    return QRectF(QPointF(left, yPosition(double(count))), QPointF(right, plot.bottom()));
}

double HistogramPlot::xPosition(double value) const
{
    const QRectF plot = plotRect();
    return plot.left() + (value - m_viewLow) / (m_viewHigh - m_viewLow) * plot.width();
}

double HistogramPlot::yPosition(double count) const
{
    const QRectF plot = plotRect();
    return plot.bottom() - count / m_countRange * plot.height();
}

double HistogramPlot::referenceCount(double value) const
{
    if (!drawsReference())
        return 0.0;
    const double z = value / m_referenceStd;
    const double density =
        std::exp(-0.5 * z * z) / (m_referenceStd * std::sqrt(2.0 * std::numbers::pi));
    return double(m_histogram.total) * m_histogram.binWidth() * density;
}

double HistogramPlot::referenceY(double value) const
{
    return yPosition(referenceCount(value));
}

double HistogramPlot::countRange() const
{
    return m_countRange;
}

bool HistogramPlot::drawsReference() const
{
    return hasCounts(m_histogram) && !isZeroWidth(m_histogram) && std::isfinite(m_referenceStd)
        && m_referenceStd > 0.0;
}

QSize HistogramPlot::sizeHint() const
{
    const int line = fontMetrics().height();
    return QSize(22 * line, 13 * line);
}

QSize HistogramPlot::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return QSize(12 * line, 10 * line);
}

void HistogramPlot::updateScale()
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const Histogram *histogram : {&m_histogram, &m_initial}) {
        if (!hasCounts(*histogram))
            continue;
        low = std::min(low, histogram->low);
        high = std::max(high, histogram->high);
    }
    if (!(high >= low)) {
        m_viewLow = -1.0;
        m_viewHigh = 1.0;
        m_countRange = 1.0;
        return;
    }

    if (high > low) {
        m_viewLow = low;
        m_viewHigh = high;
    } else {
        const double halfSpan = low != 0.0 ? 0.5 * std::abs(low) : 0.5;
        m_viewLow = low - halfSpan;
        m_viewHigh = high + halfSpan;
    }

    const double tallest = std::max(maxBarCount(m_histogram), maxBarCount(m_initial));
    double top = tallest;
    if (drawsReference()) {
        const double peak = referenceCount(std::clamp(0.0, m_viewLow, m_viewHigh));
        top = std::max(top, std::min(peak, maxReferenceRatio * tallest));
    }
    m_countRange = top > 0.0 ? top * (1.0 + headroom) : 1.0;
}

double HistogramPlot::zeroWidthBarWidth() const
{
    return plotRect().width() * zeroWidthBarShare;
}

void HistogramPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(plotRect(), palette().color(QPalette::Base));
    paintBars(painter);
    painter.setRenderHint(QPainter::Antialiasing);
    paintInitialOutline(painter);
    paintReference(painter);
    paintAxis(painter);
    paintTexts(painter);
}

void HistogramPlot::paintBars(QPainter &painter) const
{
    for (int bin = 0; bin < int(m_histogram.counts.size()); ++bin) {
        const QRectF bar = barRect(bin);
        if (!bar.isEmpty())
            painter.fillRect(bar, insightstyle::currentColor());
    }
}

void HistogramPlot::paintInitialOutline(QPainter &painter) const
{
    if (!hasCounts(m_initial))
        return;
    const QRectF plot = plotRect();
    QPainterPath outline;

    if (isZeroWidth(m_initial)) {
        const double centre = xPosition(m_initial.low);
        const double halfWidth = zeroWidthBarWidth() / 2.0;
        outline.addRect(QRectF(QPointF(centre - halfWidth, yPosition(double(m_initial.total))),
            QPointF(centre + halfWidth, plot.bottom())));
    } else {
        // A staircase along the tops of the bins, from the axis up and back down to it.
        const double binWidth = m_initial.binWidth();
        outline.moveTo(xPosition(m_initial.low), plot.bottom());
        for (std::size_t bin = 0; bin < m_initial.counts.size(); ++bin) {
            const double y = yPosition(double(m_initial.counts[bin]));
            outline.lineTo(xPosition(m_initial.low + double(bin) * binWidth), y);
            outline.lineTo(xPosition(m_initial.low + double(bin + 1) * binWidth), y);
        }
        outline.lineTo(xPosition(m_initial.high), plot.bottom());
    }

    painter.setPen(
        QPen(insightstyle::initialColor(), insightstyle::lineWidth(1.25, m_presentationMode)));
    painter.setBrush(Qt::NoBrush);
    painter.drawPath(outline);
}

void HistogramPlot::paintReference(QPainter &painter) const
{
    if (!drawsReference())
        return;
    const QRectF plot = plotRect();
    const int steps = std::max(2, int(plot.width() / 2.0));
    QPolygonF curve;
    curve.reserve(steps + 1);
    for (int step = 0; step <= steps; ++step) {
        const double value = m_viewLow + (m_viewHigh - m_viewLow) * double(step) / double(steps);
        curve << QPointF(xPosition(value), referenceY(value));
    }

    painter.save();
    painter.setClipRect(plot);
    painter.setPen(QPen(insightstyle::referenceColor(),
        insightstyle::lineWidth(1.5, m_presentationMode), Qt::DashLine));
    painter.drawPolyline(curve);
    painter.restore();
}

void HistogramPlot::paintAxis(QPainter &painter) const
{
    const QRectF plot = plotRect();
    const QFontMetricsF metrics(font());
    const QColor textColor = palette().color(QPalette::WindowText);
    painter.setPen(QPen(textColor, insightstyle::lineWidth(1.0, m_presentationMode)));
    painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()));

    // A zero-width histogram is labelled at its single value, in the middle of the widened axis.
    std::vector<double> ticks;
    if (hasCounts(m_histogram) && isZeroWidth(m_histogram) && !hasCounts(m_initial))
        ticks = {m_histogram.low};
    else
        ticks = insightstyle::tickValues(m_viewLow, m_viewHigh);

    std::vector<QRectF> labelRects;
    for (const double value : ticks) {
        const QString label = insightstyle::formatTick(value);
        const double x = xPosition(value);
        const double labelWidth = metrics.horizontalAdvance(label);
        const QRectF labelRect(
            x - labelWidth / 2.0, plot.bottom() + tickLength, labelWidth, metrics.height());
        // The 0 label is dropped when the plot is too narrow to keep it clear of the ends.
        const bool overlaps = std::any_of(labelRects.begin(), labelRects.end(),
            [&](const QRectF &other) { return other.adjusted(-4, 0, 4, 0).intersects(labelRect); });
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + tickLength));
        if (overlaps)
            continue;
        painter.drawText(labelRect, Qt::AlignCenter, label);
        labelRects.push_back(labelRect);
    }
}

void HistogramPlot::paintTexts(QPainter &painter) const
{
    const QRectF plot = plotRect();
    const QFontMetricsF metrics(font());
    painter.setPen(palette().color(QPalette::WindowText));
    double y = padding;

    if (!m_title.isEmpty()) {
        QFont titleFont = font();
        titleFont.setBold(true);
        painter.setFont(titleFont);
        const QFontMetricsF titleMetrics(titleFont);
        const double available = width() - 2.0 * padding;
        painter.drawText(QRectF(padding, y, available, titleMetrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter,
            titleMetrics.elidedText(m_title, Qt::ElideRight, available));
        painter.setFont(font());
        y += metrics.height() + 2.0;
    }

    if (m_histogram.nonFinite > 0) {
        painter.drawText(QRectF(padding, y, width() - 2.0 * padding, metrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, nonFiniteText(m_histogram.nonFinite));
    }

    if (!hasCounts(m_histogram))
        painter.drawText(plot, Qt::AlignCenter, QStringLiteral("no values"));
}

} // namespace initlab
