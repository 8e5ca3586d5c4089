#pragma once

// Colours and axis ranges shared by the insight views (gradient norms per layer, variance
// propagation) and the figures: lines on a logarithmic y-axis.

#include <QColor>

class QLogValueAxis;

namespace initlab {

// Returns the colour of line index (from 0) in the Okabe-Ito palette, which stays
// distinguishable with the common forms of colour blindness. The palette's order is kept, but
// yellow comes last because it is hard to see on a white background: orange, sky blue, bluish
// green, blue, vermillion, reddish purple, black, yellow, then again from orange.
QColor okabeItoColor(int index);

// Sets axis to show [min, max] (positive, finite, min <= max) with 5 % of the logarithmic span
// added at each end, and at least a factor of 10 in all. Labels sit at powers of the axis base,
// 10^k with k the decades between labels, so that at most about maxLabels labels are drawn even
// when the data covers 30 decades.
void fitLogAxis(QLogValueAxis *axis, double min, double max, int maxLabels);

// Padding that fitLogAxis() adds to a range, in decades: margin times the range's span (at
// least smallestMarginSpan) at each end, then widened to smallestSpan around its centre.
struct LogAxisFit
{
    int maxLabels = 5;
    double margin = 0.05;
    double smallestMarginSpan = 0.0;
    double smallestSpan = 1.0;
};
void fitLogAxis(QLogValueAxis *axis, double min, double max, const LogAxisFit &fit);

} // namespace initlab
