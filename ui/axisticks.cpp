#include "axisticks.h"

#include <algorithm>
#include <cmath>

namespace initlab {

double niceStep(double rough)
{
    if (!(rough > 0.0) || !std::isfinite(rough))
        return 1.0;
    const double power = std::pow(10.0, std::floor(std::log10(rough)));
    for (const double mantissa : {1.0, 2.0, 5.0}) {
        if (mantissa * power >= rough * (1.0 - 1e-12))
            return mantissa * power;
    }
    return 10.0 * power;
}

QString labelFormatFor(double min, double max, double step)
{
    const double largest = std::max(std::abs(min), std::abs(max));
    // Whole numbers of up to 7 digits read best without an exponent.
    if (step >= 1.0 && largest < 1e7)
        return QStringLiteral("%.0f");
    const double ratio = step > 0.0 ? largest / step : 1.0;
    const int digits = std::clamp(int(std::ceil(std::log10(std::max(ratio, 1.0)))) + 1, 1, 15);
    return QStringLiteral("%.%1g").arg(digits);
}

} // namespace initlab
