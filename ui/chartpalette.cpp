#include "chartpalette.h"

#include <QLogValueAxis>

#include <algorithm>
#include <array>
#include <cmath>

namespace initlab {

QColor okabeItoColor(int index)
{
    static const std::array<QColor, 8> colors = {QColor(0xE6, 0x9F, 0x00), QColor(0x56, 0xB4, 0xE9),
        QColor(0x00, 0x9E, 0x73), QColor(0x00, 0x72, 0xB2), QColor(0xD5, 0x5E, 0x00),
        QColor(0xCC, 0x79, 0xA7), QColor(0x00, 0x00, 0x00), QColor(0xF0, 0xE4, 0x42)};
    const int size = int(colors.size());
    return colors[std::size_t(((index % size) + size) % size)];
}

void fitLogAxis(QLogValueAxis *axis, double min, double max, int maxLabels)
{
    fitLogAxis(axis, min, max, {maxLabels, 0.05, 0.0, 1.0});
}

void fitLogAxis(QLogValueAxis *axis, double min, double max, const LogAxisFit &fit)
{
    if (!(min > 0.0) || !std::isfinite(min) || !(max >= min) || !std::isfinite(max)) {
        min = 0.1;
        max = 1.0;
    }
    double low = std::log10(min);
    double high = std::log10(max);
    const double margin = fit.margin * std::max(high - low, fit.smallestMarginSpan);
    low -= margin;
    high += margin;
    if (high - low < fit.smallestSpan) {
        const double centre = (low + high) / 2.0;
        low = centre - fit.smallestSpan / 2.0;
        high = centre + fit.smallestSpan / 2.0;
    }

    const double decadesPerLabel =
        std::max(1.0, std::ceil((high - low) / double(std::max(fit.maxLabels, 2))));
    // Shows at least two labels, widening the range to the neighbouring powers of the base.
    const double firstLabel = std::ceil(low / decadesPerLabel - 1e-9);
    const double lastLabel = std::floor(high / decadesPerLabel + 1e-9);
    if (lastLabel - firstLabel < 1.0) {
        low = std::min(low, std::floor(low / decadesPerLabel) * decadesPerLabel);
        high = std::max(high, std::ceil(high / decadesPerLabel) * decadesPerLabel);
        if (high - low < decadesPerLabel)
            high = low + decadesPerLabel;
    }
    // Ends beyond about 1e308 would be infinite, and Qt Charts 6.4 then recurses between the log
    // axis and its domain without end.
    constexpr double maxLogDecade = 307.0;
    low = std::max(low, -maxLogDecade);
    high = std::min(high, maxLogDecade);

    axis->setBase(std::pow(10.0, decadesPerLabel));
    // Widened by a relative 1e-9, so that rounding in pow() cannot drop a label at either end.
    axis->setRange(std::pow(10.0, low) * (1.0 - 1e-9), std::pow(10.0, high) * (1.0 + 1e-9));
    axis->setLabelFormat(QStringLiteral("%g"));
    axis->setMinorTickCount(decadesPerLabel == 1.0 ? 8 : 0);
    axis->setMinorGridLineVisible(decadesPerLabel == 1.0);
}

} // namespace initlab
