#pragma once

// Tick spacing and label formats for the loss chart's value axes.

#include <QString>

namespace initlab {

// Returns the smallest of 1, 2 and 5 times a power of 10 that is >= rough; 1 when rough is not a
// positive finite number.
double niceStep(double rough);

// Returns a printf format (QValueAxis::setLabelFormat) for labels at multiples of step between min
// and max, with enough significant digits to tell neighbouring labels apart.
QString labelFormatFor(double min, double max, double step);

} // namespace initlab
