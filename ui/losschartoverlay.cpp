#include "losschartoverlay.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace initlab {

namespace {

const QColor eventColor(0x44, 0x44, 0x44);
const QColor divergenceColor(0xA5, 0x0F, 0x15);
const QColor crosshairColor(0x66, 0x66, 0x66);

// Places labels in rows so that none overlaps another; see paintMarks().
class LabelLayout
{
public:
    LabelLayout(const ChartOverlay &overlay, const QFontMetricsF &metrics)
        : m_plot(overlay.plot)
        , m_top(overlay.labelTop)
        , m_gap(3.0 * overlay.scale)
        , m_padding(2.0 * overlay.scale)
        , m_metrics(metrics)
    {
        const double rowHeight = m_metrics.height() + 2.0 * m_padding + m_gap;
        const double room = m_plot.bottom() - m_top - m_plot.height() * 0.4;
        m_rows.resize(std::size_t(std::max(1.0, std::floor(room / rowHeight))));
    }

    // The label's box and the text in it, or nothing when it fits in no row.
    std::optional<std::pair<QRectF, QString>> place(const OverlayLine &line)
    {
        const QString text = m_metrics.elidedText(line.label, Qt::ElideRight, m_plot.width() * 0.6);
        const QSizeF size(m_metrics.horizontalAdvance(text) + 2.0 * m_padding,
            m_metrics.height() + 2.0 * m_padding);
        double left = line.x + m_gap;
        if (left + size.width() > m_plot.right())
            left = line.x - m_gap - size.width();
        left =
            std::clamp(left, m_plot.left(), std::max(m_plot.left(), m_plot.right() - size.width()));

        for (std::size_t row = 0; row < m_rows.size(); ++row) {
            const QRectF box(QPointF(left, m_top + double(row) * (size.height() + m_gap)), size);
            std::vector<QRectF> &rowBoxes = m_rows[row];
            const bool free =
                std::none_of(rowBoxes.begin(), rowBoxes.end(), [&](const QRectF &other) {
                    return other.adjusted(-m_gap, 0, m_gap, 0).intersects(box);
                });
            if (free) {
                rowBoxes.push_back(box);
                return std::make_pair(box, text);
            }
        }
        return std::nullopt;
    }

private:
    QRectF m_plot;
    double m_top;
    double m_gap;
    double m_padding;
    const QFontMetricsF &m_metrics;
    std::vector<std::vector<QRectF>> m_rows;
};

void paintLabel(QPainter &painter, const QRectF &box, const QString &text, const QColor &color)
{
    painter.setPen(QPen(color, 1.0));
    painter.setBrush(QColor(255, 255, 255, 225));
    painter.drawRect(box);
    painter.drawText(box, Qt::AlignCenter, text);
}

void paintVerticalLine(QPainter &painter, const QRectF &plot, double x, const QPen &pen)
{
    painter.setPen(pen);
    painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
}

} // namespace

void paintBands(QPainter &painter, const ChartOverlay &overlay)
{
    painter.setClipRect(overlay.plot);
    painter.setPen(Qt::NoPen);
    const double minWidth = minBandWidth * overlay.scale;
    for (const OverlayBand &band : overlay.bands) {
        double left = band.left;
        double right = band.right;
        if (right - left < minWidth) {
            const double centre = (left + right) / 2.0;
            left = centre - minWidth / 2.0;
            right = centre + minWidth / 2.0;
        }
        if (right < overlay.plot.left() || left > overlay.plot.right())
            continue;
        painter.setBrush(band.color);
        painter.drawRect(
            QRectF(QPointF(left, overlay.plot.top()), QPointF(right, overlay.plot.bottom())));
    }
}

void paintMarks(QPainter &painter, const ChartOverlay &overlay)
{
    const QRectF &plot = overlay.plot;
    painter.setClipRect(plot);
    painter.setFont(overlay.font);
    const QFontMetricsF metrics(overlay.font, painter.device());

    QPen eventPen(eventColor, overlay.scale, Qt::DashLine);
    for (const OverlayLine &event : overlay.events)
        paintVerticalLine(painter, plot, event.x, eventPen);
    if (overlay.divergence)
        paintVerticalLine(
            painter, plot, overlay.divergence->x, QPen(divergenceColor, 2.0 * overlay.scale));

    LabelLayout layout(overlay, metrics);
    const auto inPlot = [&plot](const OverlayLine &line) {
        return line.x >= plot.left() && line.x <= plot.right();
    };
    if (overlay.divergence && inPlot(*overlay.divergence)) {
        if (const auto placed = layout.place(*overlay.divergence))
            paintLabel(painter, placed->first, placed->second, divergenceColor);
    }
    for (const OverlayLine &event : overlay.events) {
        if (!inPlot(event))
            continue;
        if (const auto placed = layout.place(event))
            paintLabel(painter, placed->first, placed->second, eventColor);
    }

    if (!overlay.hoverPoint)
        return;
    const QPointF point = *overlay.hoverPoint;
    paintVerticalLine(painter, plot, point.x(), QPen(crosshairColor, overlay.scale, Qt::DotLine));
    if (plot.contains(point)) {
        painter.setPen(QPen(Qt::white, overlay.scale));
        painter.setBrush(Qt::black);
        painter.drawEllipse(point, 3.5 * overlay.scale, 3.5 * overlay.scale);
    }
}

} // namespace initlab
