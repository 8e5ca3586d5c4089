#pragma once

// The training loop. It uses no threads or signals of its own. A front end calls run() on the
// thread of its choice, observes each iteration through a hook, and may stop a run from any thread
// with requestStop().

#include "dataset.h"
#include "errors.h"
#include "history.h"
#include "runconfig.h"
#include "spikereport.h"

#include <Eigen/Core>

#include <functional>
#include <memory>
#include <vector>

namespace initlab {

// One layer's parameters in double precision: weights (units x inputs) and biases (units).
struct LayerParameters
{
    Eigen::MatrixXd weights;
    Eigen::VectorXd biases;
};
using NetworkParameters = std::vector<LayerParameters>;

class TrainerEngine;

class Trainer
{
public:
    using IterationHook = std::function<void(const IterationRecord &)>;
    // Called when a spike event starts (its end is -1 and its measurements and diagnosis are
    // complete), when it reaches a new peak, when it ends, and when the run diverges.
    using SpikeHook = std::function<void(const SpikeReport &, SpikeDetector::Change)>;

    // Builds the network for config on dataset, initializes it from the run's seed and evaluates
    // the initial model (history row 0). Throws ConfigError when the dataset does not fit the
    // config (for example a batch size larger than the training set is not an error, but a
    // dataset without samples is).
    Trainer(const RunConfig &config, Dataset dataset);
    ~Trainer();
    Trainer(const Trainer &) = delete;
    Trainer &operator=(const Trainer &) = delete;

    // Called after every update with that iteration's record, on the thread that calls run().
    // Row 0 is recorded by the constructor, before any hook can be set.
    void setIterationHook(IterationHook hook);
    void setSpikeHook(SpikeHook hook);

    // Performs up to maxUpdates updates (all remaining ones when negative) and returns how many it
    // performed. Stops early when the run is finished, diverges, or requestStop() was called.
    // Allocates nothing per update once the run has started.
    qint64 run(qint64 maxUpdates = -1);

    // Changes the hyperparameters that apply from the next update on: learningRate, schedule,
    // warmupIterations, stepSize, stepGamma, minLearningRate, momentum, beta1, beta2, epsilon,
    // rmsAlpha, weightDecay and clipNorm. The optimizer keeps its state (momentum buffer, moments,
    // step count). optimizer, batchSize, iterations and precision need a new run, so their values
    // in training are ignored and the run keeps its own. Throws ConfigError naming the key when a
    // value is outside the range parseRunConfig() accepts, and then changes nothing. Call it
    // between updates: from the thread that calls run(), while no run() is in progress or from an
    // iteration hook.
    void setTrainingParameters(const TrainingConfig &training);

    // Asks a run() in progress on another thread to return after its current update. The request
    // is cleared when run() returns, so a later run() continues the same training.
    void requestStop();

    // Updates performed so far; also the index of the newest history row.
    qint64 iteration() const;
    qint64 totalIterations() const;
    // True when every configured update is done or the run has diverged.
    bool isFinished() const;
    // True when the training MSE became NaN or infinite; the run stops at that iteration.
    bool hasDiverged() const;

    double currentMse() const;
    // Every spike event so far, oldest first; the last one may still be open (end -1).
    const std::vector<SpikeReport> &spikes() const;
    // Closes an event still open, at the last iteration, as at the end of a run.
    void finishSpikes();
    const History &history() const;
    const RunConfig &config() const;
    const Dataset &dataset() const;

    NetworkParameters initialParameters() const;
    NetworkParameters currentParameters() const;

    // Predicts outputs (outputs x samples) of the current model for inputs (inputs x samples).
    Eigen::MatrixXd predict(const Eigen::MatrixXd &inputs) const;

private:
    std::unique_ptr<TrainerEngine> m_engine;
};

} // namespace initlab
