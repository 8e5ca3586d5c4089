#pragma once

// Telling the causes of a loss spike apart from measurements taken at the update that started it.
// docs/spikes.md explains each rule and its threshold.

#include <QString>

#include <limits>

namespace initlab {

enum class SpikeCause { ExplodingGradient, LearningRateTooHigh, OutlierBatch, NumericalInstability, Unknown };

// "exploding_gradient", "learning_rate_too_high", "outlier_batch", "numerical_instability",
// "unknown".
QString toString(SpikeCause cause);

// Measurements of the update that started a spike. NaN marks a value that was not measured.
struct SpikeMeasurements
{
    static constexpr double missing = std::numeric_limits<double>::quiet_NaN();

    bool available = false;           // false for a log imported from elsewhere
    double gradNorm = missing;        // global gradient norm of the update
    double gradNormMedian = missing;  // median gradient norm over the preceding window
    double updateRatio = missing;     // ||update|| / ||parameters||
    double updateRatioMedian = missing;
    // Step size times the dominant Hessian eigenvalue, the step sizes being the learning rate
    // (sgd, momentum, nesterov) or each parameter's effective Adam or RMSprop step.
    double stability = missing;
    double stabilityLimit = 2.0;      // where gradient descent with this optimizer turns unstable
    double sharpness = missing;       // dominant Hessian eigenvalue
    double learningRate = missing;
    // Largest per-sample loss in the batch over the median per-sample loss of the training set;
    // missing in full-batch mode.
    double batchOutlierScore = missing;
    double saturatedShare = missing;  // share of hidden activations in their flat regions
    bool nonFinite = false;           // a NaN or infinite loss, gradient or parameter
    double maxAbsParameter = missing;
    double largestFinite = std::numeric_limits<double>::max(); // of the run's precision
};

struct DiagnosisThresholds
{
    double gradientRatio = 10.0; // gradNorm / gradNormMedian from which a gradient "explodes"
    double outlierScore = 10.0;  // batchOutlierScore from which a batch counts as anomalous
};

struct Diagnosis
{
    SpikeCause cause = SpikeCause::Unknown;
    QString explanation; // one sentence quoting the numbers behind the cause
};

// Applies the rules in order: numerical instability, outlier batch, learning rate too high,
// exploding gradient. The cause is unknown when no rule applies or nothing was measured.
Diagnosis diagnose(const SpikeMeasurements &measurements, const DiagnosisThresholds &thresholds = {});

} // namespace initlab
