#include "autoscale.h"

#include <algorithm>
#include <cmath>

namespace initlab {

namespace {

// Values are clamped to +-linearLimit (log axis: 10^+-logRangeLimit) so that spans and margins stay
// finite.
constexpr double linearLimit = 1e300;
constexpr double decadeEpsilon = 1e-6;

// Keeps the values the axis can show, converted to axis units.
void toAxisUnits(std::vector<double> &values, bool logScale)
{
    std::size_t shown = 0;
    for (const double value : values) {
        if (!std::isfinite(value) || (logScale && value <= 0.0))
            continue;
        values[shown++] =
            logScale ? std::log10(value) : std::clamp(value, -linearLimit, linearLimit);
    }
    values.resize(shown);
}

double quantile(std::vector<double> &values, double share)
{
    const auto rank = std::size_t(std::ceil(share * double(values.size())));
    const auto nth =
        values.begin() + std::ptrdiff_t(std::clamp<std::size_t>(rank, 1, values.size()) - 1);
    std::nth_element(values.begin(), nth, values.end());
    return *nth;
}

bool isFlat(double bottom, double top)
{
    return !(top - bottom > 1e-9 * std::max(std::abs(bottom), std::abs(top)));
}

} // namespace

double logSpan(const AxisRange &range)
{
    return std::log10(range.max) - std::log10(range.min);
}

AxisRange autoscaleRange(std::vector<double> values, bool logScale)
{
    toAxisUnits(values, logScale);
    if (values.empty())
        return logScale ? AxisRange {0.1, 1.0} : AxisRange {0.0, 1.0};

    const auto [minIt, maxIt] = std::minmax_element(values.begin(), values.end());
    const double lo = *minIt;
    const double hi = *maxIt;
    const double q = quantile(values, autoscaleQuantile);

    double bottom = lo;
    double top = std::min(hi, q + outlierAllowance * (q - lo));
    if (isFlat(bottom, top)) {
        const double half = logScale ? 0.5 : (lo != 0.0 ? 0.05 * std::abs(lo) : 1.0);
        bottom = lo - half;
        top = lo + half;
    } else {
        const double margin = autoscalePadding * (top - bottom);
        bottom -= margin;
        top += margin;
    }

    if (!logScale) {
        if (lo >= 0.0)
            bottom = std::max(bottom, 0.0);
        return {bottom, top};
    }

    if (bottom - std::floor(bottom) < 0.5 * (top - bottom))
        bottom = std::floor(bottom);
    if (std::floor(top) - std::ceil(bottom) < 1.0) {
        bottom = std::floor(bottom);
        top = std::ceil(top);
    }
    // A range that ends exactly on a power of 10 may lose its label there to rounding inside
    // QLogValueAxis, so such ends move out by a negligible decadeEpsilon.
    if (bottom == std::floor(bottom))
        bottom -= decadeEpsilon;
    if (top == std::ceil(top))
        top += decadeEpsilon;
    bottom = std::clamp(bottom, -logRangeLimit, logRangeLimit - 1.0);
    top = std::clamp(top, bottom + 1.0, logRangeLimit);
    return {std::pow(10.0, bottom), std::pow(10.0, top)};
}

} // namespace initlab
