#include "scatterplot.h"

#include "insightstyle.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initlab {

namespace {

constexpr double padding = 4.0;
constexpr double tickLength = 4.0;
// Space around the values, as a share of their range, so that the outermost dots are whole.
constexpr double rangeMargin = 0.05;
constexpr double dotRadius = 1.75;
// Dots overlap by the hundreds in a dense sample; partial opacity shows where they pile up.
constexpr int dotAlpha = 150;

QString skippedText(int count)
{
    return count == 1 ? QStringLiteral("1 pair with NaN or infinite values not drawn")
                      : QStringLiteral("%1 pairs with NaN or infinite values not drawn").arg(count);
}

} // namespace

ScatterPlot::ScatterPlot(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ScatterPlot::setTitle(const QString &title)
{
    m_title = title;
    // A narrow plot elides its title, so the tooltip keeps the whole of it.
    setToolTip(title);
    update();
}

QString ScatterPlot::title() const
{
    return m_title;
}

void ScatterPlot::setAxisLabels(const QString &xLabel, const QString &yLabel)
{
    m_xLabel = xLabel;
    m_yLabel = yLabel;
    update();
}

void ScatterPlot::setPoints(const std::vector<float> &x, const std::vector<float> &y)
{
    const std::size_t count = std::min(x.size(), y.size());
    m_points.clear();
    m_points.reserve(count);
    m_skipped = 0;
    for (std::size_t i = 0; i < count; ++i) {
        if (std::isfinite(x[i]) && std::isfinite(y[i]))
            m_points.emplace_back(double(x[i]), double(y[i]));
        else
            ++m_skipped;
    }
    updateRange();
    update();
}

void ScatterPlot::setPresentationMode(bool on)
{
    m_presentationMode = on;
    update();
}

bool ScatterPlot::isPresentationMode() const
{
    return m_presentationMode;
}

int ScatterPlot::pointCount() const
{
    return int(m_points.size());
}

int ScatterPlot::skippedPointCount() const
{
    return m_skipped;
}

QString ScatterPlot::noticeText() const
{
    QStringList lines;
    if (m_points.empty())
        lines << QStringLiteral("no points");
    if (m_skipped > 0)
        lines << skippedText(m_skipped);
    return lines.join(QLatin1Char('\n'));
}

QRectF ScatterPlot::plotRect() const
{
    const QFontMetricsF metrics(font());
    double top = padding;
    if (!m_title.isEmpty())
        top += metrics.height() + 2.0;
    if (m_skipped > 0)
        top += metrics.height();
    top += 2.0;

    const double left = leftMargin();
    const double right = width() - padding;
    double bottom = height() - padding - tickLength - metrics.height();
    if (!m_xLabel.isEmpty())
        bottom -= metrics.height();

    const double side = std::max(1.0, std::min(right - left, bottom - top));
    return QRectF(left, top, side, side);
}

double ScatterPlot::rangeLow() const
{
    return m_rangeLow;
}

double ScatterPlot::rangeHigh() const
{
    return m_rangeHigh;
}

QPointF ScatterPlot::pointPosition(double x, double y) const
{
    const QRectF plot = plotRect();
    const double span = m_rangeHigh - m_rangeLow;
    return QPointF(plot.left() + (x - m_rangeLow) / span * plot.width(),
        plot.bottom() - (y - m_rangeLow) / span * plot.height());
}

QSize ScatterPlot::sizeHint() const
{
    const int line = fontMetrics().height();
    return QSize(14 * line, 13 * line);
}

QSize ScatterPlot::minimumSizeHint() const
{
    const int line = fontMetrics().height();
    return QSize(10 * line, 10 * line);
}

void ScatterPlot::updateRange()
{
    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    for (const QPointF &point : m_points) {
        low = std::min({low, point.x(), point.y()});
        high = std::max({high, point.x(), point.y()});
    }

    if (m_points.empty()) {
        m_rangeLow = -1.0;
        m_rangeHigh = 1.0;
    } else if (high > low) {
        const double margin = rangeMargin * (high - low);
        m_rangeLow = low - margin;
        m_rangeHigh = high + margin;
    } else {
        const double halfSpan = low != 0.0 ? 0.5 * std::abs(low) : 0.5;
        m_rangeLow = low - halfSpan;
        m_rangeHigh = high + halfSpan;
    }
}

double ScatterPlot::leftMargin() const
{
    const QFontMetricsF metrics(font());
    double labelWidth = 0.0;
    for (const double value : insightstyle::tickValues(m_rangeLow, m_rangeHigh))
        labelWidth =
            std::max(labelWidth, metrics.horizontalAdvance(insightstyle::formatTick(value)));
    double margin = padding + labelWidth + tickLength + 2.0;
    if (!m_yLabel.isEmpty())
        margin += metrics.height() + 2.0;
    return margin;
}

void ScatterPlot::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(plotRect(), palette().color(QPalette::Base));
    painter.setRenderHint(QPainter::Antialiasing);
    paintPoints(painter);
    paintAxes(painter);
    paintTexts(painter);
}

void ScatterPlot::paintPoints(QPainter &painter) const
{
    const QRectF plot = plotRect();
    painter.save();
    painter.setClipRect(plot);

    painter.setPen(QPen(insightstyle::referenceColor(),
        insightstyle::lineWidth(1.25, m_presentationMode), Qt::DashLine));
    painter.drawLine(
        pointPosition(m_rangeLow, m_rangeLow), pointPosition(m_rangeHigh, m_rangeHigh));

    QColor dotColor = insightstyle::currentColor();
    dotColor.setAlpha(dotAlpha);
    painter.setPen(Qt::NoPen);
    painter.setBrush(dotColor);
    const double radius = m_presentationMode ? 1.5 * dotRadius : dotRadius;
    for (const QPointF &point : m_points)
        painter.drawEllipse(pointPosition(point.x(), point.y()), radius, radius);
    painter.restore();
}

void ScatterPlot::paintAxes(QPainter &painter) const
{
    const QRectF plot = plotRect();
    const QFontMetricsF metrics(font());
    painter.setPen(QPen(
        palette().color(QPalette::WindowText), insightstyle::lineWidth(1.0, m_presentationMode)));
    painter.setBrush(Qt::NoBrush);
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
    painter.drawLine(plot.bottomLeft(), plot.topLeft());

    // The 0 label is left out where it would touch a label at an end of the axis.
    std::vector<QRectF> xLabels;
    std::vector<QRectF> yLabels;
    const auto clearOf = [](const std::vector<QRectF> &others, const QRectF &rect) {
        return std::none_of(others.begin(), others.end(),
            [&](const QRectF &other) { return other.adjusted(-4, -1, 4, 1).intersects(rect); });
    };
    for (const double value : insightstyle::tickValues(m_rangeLow, m_rangeHigh)) {
        const QString label = insightstyle::formatTick(value);
        const double labelWidth = metrics.horizontalAdvance(label);
        const QPointF position = pointPosition(value, value);

        painter.drawLine(QPointF(position.x(), plot.bottom()),
            QPointF(position.x(), plot.bottom() + tickLength));
        // Labels at the ends of an axis lie along the plot, so the two labels of the corner at
        // rangeLow() do not meet.
        double xLeft = position.x() - labelWidth / 2.0;
        double yTop = position.y() - metrics.height() / 2.0;
        if (value == m_rangeLow) {
            xLeft = plot.left();
            yTop = plot.bottom() - metrics.height();
        } else if (value == m_rangeHigh) {
            xLeft = plot.right() - labelWidth;
            yTop = plot.top();
        }
        const QRectF xRect(xLeft, plot.bottom() + tickLength, labelWidth, metrics.height());
        if (clearOf(xLabels, xRect)) {
            painter.drawText(xRect, Qt::AlignCenter, label);
            xLabels.push_back(xRect);
        }

        painter.drawLine(
            QPointF(plot.left() - tickLength, position.y()), QPointF(plot.left(), position.y()));
        const QRectF yRect(
            plot.left() - tickLength - 2.0 - labelWidth, yTop, labelWidth, metrics.height());
        if (clearOf(yLabels, yRect)) {
            painter.drawText(yRect, Qt::AlignRight | Qt::AlignVCenter, label);
            yLabels.push_back(yRect);
        }
    }

    if (!m_xLabel.isEmpty()) {
        const QRectF labelRect(plot.left(), plot.bottom() + tickLength + metrics.height(),
            plot.width(), metrics.height());
        painter.drawText(labelRect, Qt::AlignCenter, m_xLabel);
    }
    if (!m_yLabel.isEmpty()) {
        // Written bottom to top along the y axis.
        painter.save();
        painter.translate(padding, plot.center().y());
        painter.rotate(-90.0);
        painter.drawText(QRectF(-plot.height() / 2.0, 0.0, plot.height(), metrics.height()),
            Qt::AlignCenter, m_yLabel);
        painter.restore();
    }
}

void ScatterPlot::paintTexts(QPainter &painter) const
{
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

    if (m_skipped > 0)
        painter.drawText(QRectF(padding, y, width() - 2.0 * padding, metrics.height()),
            Qt::AlignLeft | Qt::AlignVCenter, skippedText(m_skipped));

    if (m_points.empty())
        painter.drawText(plotRect(), Qt::AlignCenter, QStringLiteral("no points"));
}

} // namespace initlab
