#pragma once

// Colours, number formats and axis ticks shared by the insight plots (histograms and the weight
// scatter plot).

#include <QColor>
#include <QString>

#include <vector>

namespace initlab::insightstyle {

// Okabe-Ito colours, which stay distinguishable with the common forms of colour blindness.
QColor currentColor(); // blue #0072B2: values now
QColor initialColor(); // black: values at initialization
QColor referenceColor(); // vermillion #D55E00: what the values would be if nothing went wrong

// Formats a statistic such as a standard deviation: two significant digits below 1, three from 1
// up ("0.84", "1.02", "12.3").
QString formatStatistic(double value);

// Formats an axis label with up to three significant digits.
QString formatTick(double value);

// Returns the values to label on an axis over [low, high]: both ends, and 0 when strictly inside.
// Returns low alone when low == high.
std::vector<double> tickValues(double low, double high);

// Returns the pen width of a plot line: width, doubled in presentation mode.
double lineWidth(double width, bool presentationMode);

} // namespace initlab::insightstyle
