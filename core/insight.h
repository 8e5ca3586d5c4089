#pragma once

// What happens inside the network of a run: distributions of pre-activations, activations and
// weights per layer, and the function the network computes. The training thread measures them on
// a probe set of training samples and hands them over as an InsightSnapshot, a value type that a
// queued signal can copy.

#include "enums.h"

#include <QMetaType>
#include <QtGlobal>

#include <cmath>
#include <limits>
#include <span>
#include <vector>

namespace initlab {

class Trainer;

// Counts of values in equal bins over [low, high]. Values outside the range are counted in the
// first or last bin; NaN and infinite values are only counted in nonFinite.
struct Histogram
{
    double low = 0.0;
    double high = 0.0;
    std::vector<qint64> counts;
    qint64 total = 0;     // finite values, the sum of counts
    qint64 nonFinite = 0; // NaN or infinite values, not in counts
    double mean = std::numeric_limits<double>::quiet_NaN(); // of the finite values
    double std = std::numeric_limits<double>::quiet_NaN();  // population standard deviation

    double binWidth() const { return counts.empty() ? 0.0 : (high - low) / double(counts.size()); }
};

// One layer, numbered from 1; the last one is the linear output layer.
struct LayerInsight
{
    int layer = 0;
    int units = 0;
    int inputs = 0;
    bool output = false;

    // z_l = W_l a_(l-1) + b_l over the probe samples: now and for the initial parameters, both
    // over the same bins.
    Histogram preActivation;
    Histogram preActivationInitial;
    // The spread the initializer aims for: sqrt(fan_in E[w^2] E[a_(l-1)^2] + E[b^2]), with the
    // second moments E[w^2] and E[b^2] that the run's initializers draw with on average and
    // E[a_(l-1)^2] of the current inputs to the layer. A network that keeps its pre-activations
    // at this spread propagates its signal as Glorot and He intended.
    double referenceStd = std::numeric_limits<double>::quiet_NaN();

    // a_l = f(z_l), hidden layers only (empty histograms for the output layer).
    Histogram activation;
    Histogram activationInitial;
    // Sigmoid and tanh: the share of values whose slope f'(z) is under 1% of its largest value.
    // ReLU: the share of units that are 0 for every probe sample (dead units). NaN when the
    // activation has neither.
    double saturatedShare = std::numeric_limits<double>::quiet_NaN();
    double saturatedShareInitial = std::numeric_limits<double>::quiet_NaN();
    double deadShare = std::numeric_limits<double>::quiet_NaN();
    double deadShareInitial = std::numeric_limits<double>::quiet_NaN();

    // Weights of the layer now and at initialization, over the same bins.
    Histogram weights;
    Histogram weightsInitial;
    // Pairs (initial, current) of up to maxWeightPairs weights, the same ones at every snapshot.
    std::vector<float> initialWeightSample;
    std::vector<float> currentWeightSample;
};

// The function the network computes, for data with one or two inputs; first output only.
struct FunctionView
{
    int inputs = 0; // 1 or 2; 0 when the data has more inputs and nothing is drawn
    int dataInputs = 0; // inputs of the run's data
    int outputs = 0;
    // 1 input: columns grid points over [xMin, xMax], rows is 1. 2 inputs: a rows x columns grid
    // over [xMin, xMax] x [yMin, yMax], row 0 at yMin, row-major.
    double xMin = 0.0;
    double xMax = 0.0;
    double yMin = 0.0;
    double yMax = 0.0;
    int columns = 0;
    int rows = 0;
    std::vector<double> values; // the network's first output at each grid point
    // Training samples, up to maxFunctionPoints of them: input x (and y for two inputs), target.
    std::vector<double> pointX;
    std::vector<double> pointY;
    std::vector<double> pointTarget;
    double targetMin = 0.0;
    double targetMax = 0.0;
};

struct InsightSnapshot
{
    qint64 iteration = 0;
    Activation activation = Activation::Tanh;
    int probeSamples = 0;
    std::vector<LayerInsight> layers;
    FunctionView function;
};

inline constexpr int insightBins = 40;
inline constexpr int maxProbeSamples = 1000;
inline constexpr int maxWeightPairs = 2000;
inline constexpr int maxFunctionPoints = 2000;
inline constexpr int functionCurvePoints = 200;
inline constexpr int functionGridSize = 64;

// Counts the finite entries of values in bins equal bins over [low, high], as Histogram describes.
// bins must be at least 1; low == high puts every finite value in one bin.
Histogram makeHistogram(std::span<const double> values, double low, double high, int bins);

// Measures the current and the initial network of trainer on up to maxProbeSamples training
// samples, evenly spaced through the training set. Costs two forward passes of the probe set and
// one of the function view's grid; allocates.
InsightSnapshot measureInsight(const Trainer &trainer);

} // namespace initlab

Q_DECLARE_METATYPE(initlab::InsightSnapshot)
