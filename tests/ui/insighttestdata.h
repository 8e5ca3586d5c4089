#pragma once

// Insight values for the tests of the histogram, activations and weights views: histograms binned
// from known values, and a snapshot of a three-layer tanh network after some training, drawn from
// normal distributions with a fixed seed.

#include "insight.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace insighttestdata {

using initlab::Histogram;

// A histogram with the given counts over [low, high], with mean and std left NaN.
inline Histogram histogramOfCounts(
    double low, double high, const std::vector<qint64> &counts, qint64 nonFinite = 0)
{
    Histogram histogram;
    histogram.low = low;
    histogram.high = high;
    histogram.counts = counts;
    for (const qint64 count : counts)
        histogram.total += count;
    histogram.nonFinite = nonFinite;
    return histogram;
}

// Bins values over [low, high] the way the contract in insight.h describes.
inline Histogram histogramOf(
    const std::vector<double> &values, double low, double high, int bins = initlab::insightBins)
{
    Histogram histogram;
    histogram.low = low;
    histogram.high = high;
    histogram.counts.assign(std::size_t(bins), 0);
    double sum = 0.0;
    double squares = 0.0;
    for (const double value : values) {
        if (!std::isfinite(value)) {
            ++histogram.nonFinite;
            continue;
        }
        int bin = high > low ? int((value - low) / (high - low) * bins) : 0;
        bin = std::clamp(bin, 0, bins - 1);
        ++histogram.counts[std::size_t(bin)];
        ++histogram.total;
        sum += value;
        squares += value * value;
    }
    if (histogram.total > 0) {
        histogram.mean = sum / double(histogram.total);
        histogram.std = std::sqrt(
            std::max(0.0, squares / double(histogram.total) - histogram.mean * histogram.mean));
    }
    return histogram;
}

inline std::vector<double> normalValues(std::mt19937 &engine, int count, double std)
{
    std::normal_distribution<double> normal(0.0, std);
    std::vector<double> values(std::size_t(count), 0.0);
    for (double &value : values)
        value = normal(engine);
    return values;
}

// Bins now and initial over the range that covers both, as the trainer does.
inline void binPair(const std::vector<double> &now, const std::vector<double> &initial,
    Histogram &nowHistogram, Histogram &initialHistogram)
{
    const auto [nowLow, nowHigh] = std::minmax_element(now.begin(), now.end());
    const auto [initialLow, initialHigh] = std::minmax_element(initial.begin(), initial.end());
    const double low = std::min(*nowLow, *initialLow);
    const double high = std::max(*nowHigh, *initialHigh);
    nowHistogram = histogramOf(now, low, high);
    initialHistogram = histogramOf(initial, low, high);
}

// Share of tanh activations whose slope 1 - tanh(z)^2 is under 1% of its maximum 1.
inline double saturatedTanhShare(const std::vector<double> &preActivations)
{
    const auto saturated = std::count_if(preActivations.begin(), preActivations.end(),
        [](double z) { return 1.0 - std::tanh(z) * std::tanh(z) < 0.01; });
    return double(saturated) / double(preActivations.size());
}

// A 2-32-32-1 tanh network at iteration 1200 with 1000 probe samples: the pre-activations of
// layer 2 have grown wider than the initializer aimed for, so some of its units saturate.
inline initlab::InsightSnapshot realisticTanhSnapshot()
{
    std::mt19937 engine(20240601u);
    initlab::InsightSnapshot snapshot;
    snapshot.iteration = 1200;
    snapshot.activation = initlab::Activation::Tanh;
    snapshot.probeSamples = initlab::maxProbeSamples;

    const int widths[] = {2, 32, 32, 1};
    const double stdNow[] = {0.9, 1.6, 0.7};
    const double stdInitial[] = {0.8, 0.75, 0.6};
    for (int layer = 1; layer <= 3; ++layer) {
        initlab::LayerInsight insight;
        insight.layer = layer;
        insight.inputs = widths[layer - 1];
        insight.units = widths[layer];
        insight.output = layer == 3;
        const int values = snapshot.probeSamples * insight.units;

        const std::vector<double> zNow = normalValues(engine, values, stdNow[layer - 1]);
        const std::vector<double> zInitial = normalValues(engine, values, stdInitial[layer - 1]);
        binPair(zNow, zInitial, insight.preActivation, insight.preActivationInitial);
        insight.referenceStd = stdInitial[layer - 1] * 1.05;

        if (!insight.output) {
            std::vector<double> aNow(zNow.size());
            std::vector<double> aInitial(zInitial.size());
            std::transform(
                zNow.begin(), zNow.end(), aNow.begin(), [](double z) { return std::tanh(z); });
            std::transform(zInitial.begin(), zInitial.end(), aInitial.begin(),
                [](double z) { return std::tanh(z); });
            binPair(aNow, aInitial, insight.activation, insight.activationInitial);
            insight.saturatedShare = saturatedTanhShare(zNow);
            insight.saturatedShareInitial = saturatedTanhShare(zInitial);
        }

        // Glorot normal weights that drifted during training, by more in the first layer.
        const int weightCount = insight.units * insight.inputs;
        const double glorotStd = std::sqrt(2.0 / double(insight.units + insight.inputs));
        const std::vector<double> initial = normalValues(engine, weightCount, glorotStd);
        const std::vector<double> drift = normalValues(engine, weightCount, 0.15 / layer);
        std::vector<double> now(initial.size());
        for (std::size_t i = 0; i < initial.size(); ++i)
            now[i] = initial[i] * (1.0 + 0.1 * layer) + drift[i];
        binPair(now, initial, insight.weights, insight.weightsInitial);
        const std::size_t sampled = std::min<std::size_t>(initial.size(), initlab::maxWeightPairs);
        for (std::size_t i = 0; i < sampled; ++i) {
            insight.initialWeightSample.push_back(float(initial[i]));
            insight.currentWeightSample.push_back(float(now[i]));
        }
        snapshot.layers.push_back(insight);
    }
    return snapshot;
}

} // namespace insighttestdata
