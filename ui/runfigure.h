#pragma once

// The curves of one run's figure, taken from the live chart.

#include "figure.h"
#include "losschart.h"

#include <vector>

namespace initlab {

// Returns "Training MSE" with a marker and cause label per spike (a divergence is not a spike),
// then "Smoothed (EMA 0.9)" when data has a smoothed column, then "Test MSE" when it has a test
// column. Empty when data has no training column.
std::vector<FigureCurve> runCurves(const LossChartData &data);

} // namespace initlab
