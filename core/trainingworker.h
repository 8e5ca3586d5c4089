#pragma once

// Internal to TrainingController: owns the Trainer of the current run and performs its updates on
// the worker thread.
//
// The request functions may be called from any thread. Each one queues its work on the worker's
// event loop, so requests are handled in the order they were made, between two chunks of updates.
// Requests that end a run's progress (load, reset, pause, step, stop) also make a chunk in
// progress return after its current update, and keep further chunks from starting until they
// are handled.

#include "insight.h"
#include "trainingbatch.h"
#include "trainingcontroller.h"

#include <QElapsedTimer>
#include <QObject>

#include <atomic>
#include <functional>
#include <memory>

class QTimer;

namespace initlab {

class Trainer;

class TrainingWorker : public QObject
{
    Q_OBJECT

public:
    explicit TrainingWorker(QObject *parent = nullptr);
    ~TrainingWorker() override;

    void requestLoad(const RunConfig &config, const QString &baseDir);
    void requestReset();
    void requestStart();
    void requestPause();
    void requestStep(qint64 updates);
    void requestStepEpoch();
    void requestStop();
    void requestSpeed(double updatesPerSecond);
    void requestTrainingParameters(const TrainingConfig &training);
    void requestBoostLearningRate(double factor, int updates);
    void requestOutlierBatch(double offset);
    void requestScaleLayer(int layer, double factor);
    void requestSnapshotInterval(qint64 updates);
    void requestRewind(qint64 iteration);
    void requestInsights(bool on);

    // Makes a chunk in progress return after its current update and keeps further chunks from
    // starting, permanently. The owner calls it before it quits the thread.
    void interruptForShutdown();

signals:
    void runLoaded(const initlab::RunInfo &info);
    void batchReady(const initlab::TrainingBatch &batch);
    void stateChanged(initlab::TrainingState state, qint64 iteration);
    void failed(const QString &message);
    void insightReady(const initlab::InsightSnapshot &snapshot);
    void rewound(qint64 iteration, const initlab::TrainingBatch &history);

private:
    // Activity of the worker: no updates, updates until the run ends (at the current speed), or
    // updates until m_stepsLeft reaches 0 (always at full speed).
    enum class Mode { Idle, Running, Stepping };

    void post(std::function<void()> request);
    void postInterrupting(std::function<void()> request);

    void load(const RunConfig &config, const QString &baseDir);
    void start();
    void pause();
    void step(qint64 updates);
    void stepEpoch();
    void stop();
    void setSpeed(double updatesPerSecond);
    void setTrainingParameters(const TrainingConfig &training);
    // Runs change(), which calls one of the trainer's demonstrations, and reports it as an event.
    void intervene(const std::function<void(Trainer &)> &change);
    void rewind(qint64 iteration);
    TrainingBatch historyBatch() const;

    bool setUp(const RunConfig &config, const QString &baseDir);
    void installHooks(Trainer &trainer);
    RunInfo runInfo() const;
    void addSpikeUpdate(int index, const SpikeReport &report, SpikeDetector::Change change);

    void scheduleNext();
    void runChunk();
    void runTick();
    qint64 performUpdates(qint64 maxUpdates);
    void finishChunk();
    void restartPace();
    bool canTakeUpdates() const;

    void flush();
    // Measures and emits an InsightSnapshot when insights are on and, unless force, the last
    // one is older than 1 / insightsPerSecond.
    void publishInsight(bool force);
    void addEvent(qint64 iteration, const QString &text);
    void setState(TrainingState state);
    void fail(const QString &message);

    std::unique_ptr<Trainer> m_trainer;
    QString m_baseDir;
    TrainingState m_state = TrainingState::Empty;
    Mode m_mode = Mode::Idle;
    qint64 m_stepsLeft = 0;

    // Updates per second, 0 for full speed. A slow speed runs updates on m_timer's ticks.
    double m_speed = 0.0;
    QTimer *m_timer = nullptr;
    QElapsedTimer m_paceClock; // since the slow pace started
    qint64 m_paceDone = 0;     // updates performed since then
    bool m_chunkPosted = false;
    QElapsedTimer m_chunkClock; // since the current chunk started

    // Number of queued requests that interrupt chunks, as the file comment describes.
    std::atomic<int> m_interruptions{0};

    // Everything produced since the last batchReady().
    TrainingBatch m_pending;
    // Index of the spike event still open, or -1.
    int m_openSpike = -1;
    // Every event of the current run, so that a rewind can hand back those before its iteration.
    std::vector<TrainingEvent> m_events;

    qint64 m_snapshotInterval = TrainingController::defaultSnapshotInterval;
    bool m_insights = false;
    QElapsedTimer m_insightClock; // since the last insight; invalid before the first
};

} // namespace initlab
