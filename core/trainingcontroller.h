#pragma once

// Runs a Trainer on a thread of its own and reports its progress through queued signals.
//
// TrainingController lives on the thread of the front end (the GUI thread). It owns a QThread and
// a TrainingWorker moved onto it, and forwards every request to the worker as a queued call, so
// none of its functions blocks on training. The worker hands over new history rows, spike updates
// and events in TrainingBatch values, at most about batchesPerSecond times a second, never once
// per iteration.

#include "insight.h"
#include "trainingbatch.h"

#include <QObject>

#include <memory>

class QThread;

namespace initlab {

class TrainingWorker;

enum class TrainingState {
    Empty,    // no run set up, or setting it up failed before any run existed
    Ready,    // set up, no update done yet
    Running,
    Paused,   // between updates; start() continues, step() adds updates
    Finished, // every configured update done, or stopped
    Diverged, // the training MSE became NaN or infinite; the run cannot continue
};

QString toString(TrainingState state);

class TrainingController : public QObject
{
    Q_OBJECT

public:
    // Starts the worker thread.
    explicit TrainingController(QObject *parent = nullptr);
    // Stops a run in progress, then quits and joins the thread: returns within about one update.
    ~TrainingController() override;

    static constexpr int batchesPerSecond = 30;

    // Sets up a new run for config, replacing the current one, which is stopped first. Relative
    // CSV paths are resolved against baseDir. Emits runLoaded() and stateChanged(Ready) or, when
    // the data or config is rejected, failed() with the core's message. After a failure the
    // previous run stays as it was, and goes on running if it was running.
    void load(const RunConfig &config, const QString &baseDir = {});
    // Sets the current run up again from its config, live changes included: the same seed gives
    // the same initial weights. Emits runLoaded() and stateChanged(Ready).
    void reset();

    // Runs until finished, paused or stopped, at the current speed. After Finished it first sets
    // the run up again as reset() does. A Diverged run cannot continue, so start() leaves it
    // Diverged and emits nothing.
    void start();
    void pause();
    // Performs updates more updates (at most those left) at full speed, whatever the speed, then
    // pauses. The state stays Ready or Paused while stepping; only the final Paused is emitted.
    // Steps requested before earlier ones are done add to them.
    void step(qint64 updates = 1);
    // Performs one epoch: RunInfo::updatesPerEpoch updates.
    void stepEpoch();
    // Ends the run: closes an open spike event, adds the TrainingEvent "stopped" and enters
    // Finished. start() after stop() begins the same run again from its initial weights.
    void stop();

    // Updates per second; 0 runs at full speed. A slow speed spreads updates evenly in time, so
    // that single iterations can be watched.
    void setSpeed(double updatesPerSecond);

    // Changes hyperparameters of the current run between two updates: learning rate, schedule
    // settings, momentum, betas, epsilon, RMSprop's alpha, weight decay and clipping. Each value
    // that differs is reported as a TrainingEvent ("learning rate 0.1 -> 0.5") at the iteration
    // where it takes effect, if it matters to the run's optimizer and schedule (no event for
    // beta1 of an SGD run). Fields that need a new run (optimizer, batch size, iterations,
    // precision) are ignored; use load() for them. The changes become part of the run's config,
    // so reset() and a start() after Finished keep them. A Finished or Diverged run records them
    // without events. A value out of range emits failed() naming its key and changes nothing.
    void setTrainingParameters(const TrainingConfig &training);

    // Demonstrations for teaching, applied between two updates as Trainer describes them. They
    // raise the learning rate by factor for updates updates, shift one batch's targets by offset
    // standard deviations, or multiply a layer's weights by factor (layer 1 is the first hidden
    // layer, the last is the output layer).
    // Each is reported as a TrainingEvent at the iteration it acts on, and a value out of range
    // emits failed() naming it. Ignored without a run that can take updates.
    void boostLearningRate(double factor = 10.0, int updates = 50);
    void injectOutlierBatch(double offset = 10.0);
    void scaleLayerWeights(int layer, double factor);

    // Keeps the training state every updates updates (0: never) from the next run set up on,
    // and in the current run from now on. Default defaultSnapshotInterval.
    void setSnapshotInterval(qint64 updates);
    static constexpr qint64 defaultSnapshotInterval = 100;
    // Pauses the run and goes back to the newest snapshot at or before iteration, as
    // Trainer::rewind() does. Emits rewound() with the history up to there and
    // stateChanged(Paused), or failed() when no snapshot is that old.
    void rewind(qint64 iteration);

    // While on, the worker measures the network (measureInsight()) when a run is set up, at most
    // insightsPerSecond times a second while it trains, and whenever it stops, pauses, steps or
    // rewinds, and emits insightReady(). Off by default, since it costs forward passes.
    void setInsightsEnabled(bool on);
    static constexpr int insightsPerSecond = 5;

    // The state as of the last stateChanged() signal.
    TrainingState state() const { return m_state; }
    // The thread the worker runs on; for tests and diagnostics.
    QThread *workerThread() const { return m_thread; }

signals:
    void runLoaded(const initlab::RunInfo &info);
    void batchReady(const initlab::TrainingBatch &batch);
    // iteration is the number of updates done when the state changed.
    void stateChanged(initlab::TrainingState state, qint64 iteration);
    // The core's message: bad data, a rejected config, memory exhausted.
    void failed(const QString &message);
    void insightReady(const initlab::InsightSnapshot &snapshot);
    // The run went back to iteration. history contains every point, spike event and event from
    // row 0 up to there, and replaces what a front end has shown.
    void rewound(qint64 iteration, const initlab::TrainingBatch &history);

private:
    QThread *m_thread = nullptr;
    TrainingWorker *m_worker = nullptr; // lives on m_thread, deleted when it finishes
    TrainingState m_state = TrainingState::Empty;
};

} // namespace initlab

Q_DECLARE_METATYPE(initlab::TrainingState)
