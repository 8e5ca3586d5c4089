#include "insightstyle.h"

#include <cmath>

namespace initlab::insightstyle {

QColor currentColor()
{
    return QColor(0x00, 0x72, 0xB2);
}

QColor initialColor()
{
    return QColor(0x00, 0x00, 0x00);
}

QColor referenceColor()
{
    return QColor(0xD5, 0x5E, 0x00);
}

QString formatStatistic(double value)
{
    if (!std::isfinite(value))
        return QStringLiteral("n/a");
    return QString::number(value, 'g', std::abs(value) < 1.0 ? 2 : 3);
}

QString formatTick(double value)
{
    // Rounding can leave -0 or 1e-17 where the axis means 0.
    if (std::abs(value) < 1e-12)
        return QStringLiteral("0");
    return QString::number(value, 'g', 3);
}

std::vector<double> tickValues(double low, double high)
{
    if (!(high > low))
        return {low};
    if (low < 0.0 && high > 0.0)
        return {low, 0.0, high};
    return {low, high};
}

double lineWidth(double width, bool presentationMode)
{
    return presentationMode ? 2.0 * width : width;
}

} // namespace initlab::insightstyle
