#pragma once

// The y range of the loss chart, chosen from the values on screen so that one spike does not
// flatten the rest of the curve.

#include <vector>

namespace initlab {

struct AxisRange
{
    double min = 0.0;
    double max = 1.0;
};

// Returns a finite y range with min < max for values, the values drawn in the visible x range
// (after min/max decimation). Values that are not finite, and on a log axis values <= 0, are
// ignored.
//
// The rule works in the axis's own units: the value, or log10 of it on a log axis. With lo the
// minimum, q the 99th percentile (nearest rank) and hi the maximum of the values, the top is
// min(hi, q + outlierAllowance * (q - lo)). A curve without outliers is thus shown whole. A spike
// far above the other 99% of values is cut off at the top, and when it is a detected spike event
// the chart pins its peak marker to the top edge. Then a margin of autoscalePadding * (top - lo)
// is added below and above. On a linear axis the
// bottom stays at 0 when no value is negative. A flat curve gets a range of 10% of its value
// around it (1 decade on a log axis), and no values give [0, 1] (log: [0.1, 1]).
//
// QLogValueAxis labels only powers of 10. On a log axis the bottom therefore moves down to the
// next power of 10 when that adds less than half the range. A range that still contains fewer
// than two powers of 10 is then widened to whole decades.
AxisRange autoscaleRange(std::vector<double> values, bool logScale);

// The percentile the top is based on, the allowance above it and the margin, as fractions (see
// autoscaleRange).
inline constexpr double autoscaleQuantile = 0.99;
inline constexpr double outlierAllowance = 0.25;
inline constexpr double autoscalePadding = 0.05;

// A log-axis range always lies within 10^-logRangeLimit .. 10^logRangeLimit, so that its span in
// decades stays finite and leaves room for margins: the ratio 1e305 / 1e-5 would overflow.
inline constexpr double logRangeLimit = 300.0;

// Decades from range.min to range.max, computed without their ratio.
double logSpan(const AxisRange &range);

} // namespace initlab
