#pragma once

// How spike causes look wherever the window shows them: chart bands and markers, legend, table.

#include "diagnosis.h"

#include <QColor>
#include <QString>

namespace initlab {

// "Exploding gradient", "Learning rate too high", "Outlier batch", "Numerical instability",
// "Unknown".
QString causeLabel(SpikeCause cause);

// Colours from the Okabe-Ito palette, which stays distinguishable with the common forms of
// colour blindness: vermillion, orange, blue, reddish purple and grey.
QColor causeColor(SpikeCause cause);

} // namespace initlab
