#include "runfigure.h"

#include "spikestyle.h"

#include <QLocale>

#include <cmath>

namespace initlab {

std::vector<FigureCurve> runCurves(const LossChartData &data)
{
    std::vector<FigureCurve> curves;
    if (data.train.empty())
        return curves;

    FigureCurve train;
    train.label = QStringLiteral("Training MSE");
    train.values = data.train;
    for (const SpikeReport &report : data.spikes) {
        const SpikeEvent &event = report.event;
        if (event.divergence || event.peak < 0 || !std::isfinite(event.peakLoss))
            continue;
        train.spikePeaks.push_back(event.peak);
        train.spikeLosses.push_back(event.peakLoss);
        train.spikeLabels.push_back(causeLabel(report.diagnosis.cause));
    }
    curves.push_back(std::move(train));

    if (!data.smoothed.empty()) {
        FigureCurve smoothed;
        smoothed.label =
            QStringLiteral("Smoothed (EMA %1)").arg(QString::number(data.smoothingWeight, 'g', 4));
        smoothed.values = data.smoothed;
        curves.push_back(std::move(smoothed));
    }
    if (!data.test.empty()) {
        FigureCurve test;
        test.label = QStringLiteral("Test MSE");
        test.values = data.test;
        curves.push_back(std::move(test));
    }
    return curves;
}

} // namespace initlab
