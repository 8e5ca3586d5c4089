#pragma once

// What LossChart paints itself around the chart's series: spike bands beneath them; event lines,
// the divergence marker, their labels and the hover crosshair above them. Every coordinate is in
// scene pixels.

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>
#include <vector>

class QPainter;

namespace initlab {

// A spike band from left to right.
struct OverlayBand
{
    double left = 0.0;
    double right = 0.0;
    QColor color;
};

// A vertical line across the plot with a label beside it.
struct OverlayLine
{
    double x = 0.0;
    QString label;
};

struct ChartOverlay
{
    QRectF plot;
    QFont font;
    double scale = 1.0; // multiplies pen widths and gaps; grows with the font
    double labelTop = 0.0; // label rows start here, below the markers pinned at the top edge
    std::vector<OverlayBand> bands;
    std::vector<OverlayLine> events;
    std::optional<OverlayLine> divergence;
    // Crosshair at hoverPoint's x, and a dot at the point when it lies in the plot.
    std::optional<QPointF> hoverPoint;
};

// Bands narrower than this many pixels (times scale) are widened about their centre, so that a
// one-iteration spike in a long run stays visible.
inline constexpr double minBandWidth = 3.0;

void paintBands(QPainter &painter, const ChartOverlay &overlay);
// Lines and labels. Labels are laid out in rows from labelTop, the divergence label first, each
// beside its line (to the left when it does not fit on the right) and in the first row where it
// overlaps no other label. A label that fits in no row is left out; its line stays.
void paintMarks(QPainter &painter, const ChartOverlay &overlay);

} // namespace initlab
