#pragma once

// Measuring the update that started a loss spike, for the cause rules in diagnosis.h.

#include "diagnosis.h"
#include "history.h"
#include "network.h"
#include "runconfig.h"

#include <span>

namespace initlab {

// The state of a run at the iteration t where a spike starts. Parameters are the ones before
// update t, in double precision. The optimizer state is the one after update t.
struct SpikeContext
{
    const Network<double> *network = nullptr;  // shape and activation; parameters are replaced
    Eigen::VectorXd parametersBefore;          // before update t
    Eigen::VectorXd parametersAfter;           // after update t
    const Eigen::MatrixXd *trainInputs = nullptr;
    const Eigen::MatrixXd *trainTargets = nullptr;
    std::span<const Eigen::Index> batchSamples; // empty for a full-batch update
    const TrainingConfig *training = nullptr;
    Optimizer optimizer = Optimizer::Sgd;
    Eigen::VectorXd optimizerFirst;             // see OptimizerState::firstState()
    Eigen::VectorXd optimizerSecond;
    long long optimizerSteps = 0;
    const History *history = nullptr;           // rows 0 to t
    qint64 iteration = 0;                       // t
    int window = 100;                           // rows before t for the medians
    double largestFinite = 0.0;                 // of the run's precision
    std::uint64_t seed = 0;                     // for the power iteration's start vector
};

// Computes every measurement of SpikeMeasurements. Costs about 120 full-batch gradient
// evaluations (two power iterations) and allocates, which is acceptable at a spike but not per
// iteration.
SpikeMeasurements measureSpike(const SpikeContext &context);

// Step size of each parameter for the stability measure, and the limit of lr x sharpness below
// which the optimizer is stable on a quadratic: 2 for sgd and rmsprop, 2 (1 + momentum) for
// momentum and nesterov (heavy ball), and 2 (1 + beta1) / (1 - beta1) for adam (38 for
// beta1 = 0.9, as in Cohen et al., "Adaptive Gradient Methods at the Edge of Stability", 2022).
double stabilityLimit(const TrainingConfig &training);

} // namespace initlab
