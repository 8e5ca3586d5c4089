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

// Pre-activations z and activations a = f(z) of one layer, (units x samples). For the linear
// output layer a equals z.
struct LayerSignals
{
    Eigen::MatrixXd z;
    Eigen::MatrixXd a;
};

// A change made to a run while it trains, between two updates. The trainer keeps a log of them,
// so that a rewound run replays them at the same iterations.
struct Intervention
{
    enum class Kind {
        TrainingParameters, // setTrainingParameters()
        LearningRateBoost,  // the learning rate times factor for the next updates updates
        OutlierBatch,       // the next update's targets are shifted; see injectOutlierBatch()
        ScaleLayer,         // the weights of layer multiplied by factor
    };

    Kind kind = Kind::TrainingParameters;
    qint64 iteration = 0; // updates done when it was applied; it acts from update iteration + 1
    TrainingConfig training;
    double factor = 1.0;
    int updates = 0;
    int layer = 0; // from 1; the last layer is the output layer
};

// "learning rate x10 for 50 updates", "outlier batch: targets shifted by 10 std",
// "layer 1 weights x3"; "training parameters changed" for Kind::TrainingParameters, whose
// changes a front end describes itself.
QString describe(const Intervention &intervention);

class TrainerEngine;

class Trainer
{
public:
    using IterationHook = std::function<void(const IterationRecord &)>;
    // Called when a spike event starts (its end is -1 and its measurements and diagnosis are
    // complete), when it reaches a new peak, when it ends, and when the run diverges.
    using SpikeHook = std::function<void(const SpikeReport &, SpikeDetector::Change)>;
    // Called when a rewound run applies an intervention from the log again, before the update
    // it acts on, with the training parameters as they were before it.
    using InterventionHook = std::function<void(const Intervention &, const TrainingConfig &)>;

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
    void setInterventionHook(InterventionHook hook);

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

    // Demonstrations that disturb a run on purpose, for teaching. Each acts from the next update
    // on, is logged like setTrainingParameters() and throws ConfigError naming the value when it
    // is out of range, changing nothing. Call them between updates, as setTrainingParameters().
    //
    // Multiplies the scheduled learning rate by factor (> 0) for the next updates updates (>= 1).
    void boostLearningRate(double factor, int updates);
    // Makes the next update learn from targets shifted by offset (finite, non-zero) standard
    // deviations of the training targets (1 when they do not vary): every target of a mini-batch,
    // or every tenth sample of a full batch. The spike diagnosis then measures with those targets.
    void injectOutlierBatch(double offset);
    // Multiplies the weights of layer (1 to layerCount()) by factor (finite).
    void scaleLayerWeights(int layer, double factor);
    // Every change since the run started, in the order applied; replays keep their entries.
    const std::vector<Intervention> &interventions() const;
    int layerCount() const;

    // Keeps a copy of the whole training state after every updates-th update (and now), so that
    // rewind() can go back to it: parameters, optimizer state, batch order and random stream,
    // spike detector, training parameters and pending interventions. 0 turns snapshots off and
    // drops them. When maxSnapshots copies are kept, every second one is dropped and the
    // interval doubles, so memory stays bounded on long runs.
    void setSnapshotInterval(qint64 updates, int maxSnapshots = 1000);
    qint64 snapshotInterval() const;
    // Iterations of the snapshots kept, oldest first.
    std::vector<qint64> snapshotIterations() const;
    // Restores the newest snapshot taken at or before iteration, drops the history rows, spike
    // events and snapshots after it, and returns its iteration; -1, changing nothing, when there
    // is none. Training from there performs the same updates on the same batches as before, with
    // the logged interventions applied again at their iterations, so the losses repeat bit for
    // bit. A diverged run can be rewound.
    qint64 rewind(qint64 iteration);

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
    // The signals of every layer for inputs (inputs x samples), with the current or the initial
    // parameters.
    std::vector<LayerSignals> layerSignals(const Eigen::MatrixXd &inputs, bool initial) const;

private:
    std::unique_ptr<TrainerEngine> m_engine;
};

} // namespace initlab
