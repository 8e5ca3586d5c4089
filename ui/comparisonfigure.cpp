#include "comparisonfigure.h"

#include "spikestyle.h"

#include <cmath>
#include <map>

namespace initlab {

QString centerName(CurveCenter center)
{
    return center == CurveCenter::Median ? QStringLiteral("median") : QStringLiteral("mean");
}

QString bandName(CurveBand band)
{
    switch (band) {
    case CurveBand::MinMax:
        return QStringLiteral("minmax");
    case CurveBand::StdDev:
        return QStringLiteral("std");
    case CurveBand::None:
        break;
    }
    return QStringLiteral("none");
}

std::optional<CurveCenter> centerFromName(const QString &name)
{
    for (const CurveCenter center : {CurveCenter::Mean, CurveCenter::Median}) {
        if (name == centerName(center))
            return center;
    }
    return std::nullopt;
}

std::optional<CurveBand> bandFromName(const QString &name)
{
    for (const CurveBand band : {CurveBand::MinMax, CurveBand::StdDev, CurveBand::None}) {
        if (name == bandName(band))
            return band;
    }
    return std::nullopt;
}

namespace {

void setBand(FigureCurve &curve, const ComparisonAggregate &aggregate, CurveBand band)
{
    switch (band) {
    case CurveBand::MinMax:
        curve.bandLow = aggregate.min;
        curve.bandHigh = aggregate.max;
        break;
    case CurveBand::StdDev:
        curve.bandLow.resize(aggregate.mean.size());
        curve.bandHigh.resize(aggregate.mean.size());
        for (std::size_t row = 0; row < aggregate.mean.size(); ++row) {
            // A row with one contributing seed has no deviation: its band is the point itself.
            const double spread =
                std::isfinite(aggregate.stddev[row]) ? aggregate.stddev[row] : 0.0;
            curve.bandLow[row] = aggregate.mean[row] - spread;
            curve.bandHigh[row] = aggregate.mean[row] + spread;
        }
        break;
    case CurveBand::None:
        break;
    }
}

struct Marker
{
    double loss = 0.0;
    QString label;
};

} // namespace

std::vector<FigureCurve> comparisonCurves(
    const ComparisonResult &result, const ComparisonFigureOptions &options)
{
    std::vector<FigureCurve> curves;
    curves.reserve(result.values.size());
    const bool multiSeed = result.seeds > 1 && !result.cancelled;
    const bool labelled = std::size_t(options.labels.size()) == result.values.size();
    for (std::size_t index = 0; index < result.values.size(); ++index) {
        const ComparisonValueResult &value = result.values[index];
        FigureCurve curve;
        if (labelled)
            curve.label = options.labels[qsizetype(index)];
        else if (result.values.size() == 1 && !options.singleLabel.isEmpty())
            curve.label = options.singleLabel;
        else
            curve.label = value.value;
        if (value.runs.empty()) {
            curves.push_back(std::move(curve));
            continue;
        }
        if (multiSeed) {
            curve.values = options.center == CurveCenter::Median ? value.aggregate.median
                                                                 : value.aggregate.mean;
            setBand(curve, value.aggregate, options.band);
        } else {
            curve.values = value.runs.front().mse;
        }

        // By peak iteration, so that the markers come out in order and merge across seeds.
        std::map<qint64, Marker> markers;
        const std::size_t seedCount = multiSeed ? value.runs.size() : 1;
        for (std::size_t seed = 0; seed < seedCount; ++seed) {
            for (const SpikeReport &report : value.runs[seed].spikes) {
                const SpikeEvent &event = report.event;
                if (event.divergence || event.peak < 0)
                    continue;
                double loss = event.peakLoss;
                if (std::size_t(event.peak) < curve.values.size()
                    && std::isfinite(curve.values[std::size_t(event.peak)]))
                    loss = curve.values[std::size_t(event.peak)];
                if (!std::isfinite(loss))
                    continue;
                const QString label = causeLabel(report.diagnosis.cause);
                auto [it, inserted] = markers.try_emplace(event.peak, Marker {loss, label});
                if (!inserted && !it->second.label.split(QStringLiteral(" / ")).contains(label))
                    it->second.label += QStringLiteral(" / ") + label;
            }
        }
        for (const auto &[peak, marker] : markers) {
            curve.spikePeaks.push_back(peak);
            curve.spikeLosses.push_back(marker.loss);
            curve.spikeLabels.push_back(marker.label);
        }
        curves.push_back(std::move(curve));
    }
    return curves;
}

} // namespace initlab
