#pragma once

// Internal to TrainingController: owns the Trainer of the current run and performs its updates on
// the worker thread.
//
// The request functions may be called from any thread. Each one queues its work on the worker's
// event loop, so requests are handled in the order they were made, between two chunks of updates.
// Requests that end a run's progress (load, reset, pause, step, stop) also make a chunk in
// progress return after its current update, and keep further chunks from starting until they
// are handled.

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

    // Makes a chunk in progress return after its current update and keeps further chunks from
    // starting, permanently. The owner calls it before it quits the thread.
    void interruptForShutdown();

signals:
    void runLoaded(const initlab::RunInfo &info);
    void batchReady(const initlab::TrainingBatch &batch);
    void stateChanged(initlab::TrainingState state, qint64 iteration);
    void failed(const QString &message);

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
};

} // namespace initlab
