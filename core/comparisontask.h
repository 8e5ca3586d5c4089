#pragma once

// Runs a comparison (runComparison()) on a thread of its own and reports through signals.
//
// ComparisonTask lives on the thread of the front end (the GUI thread), and emits every signal
// there, so receivers never run on a worker thread. Only the destructor waits for training: it
// cancels the runs and waits for them to stop.

#include "comparison.h"

#include <QObject>

#include <atomic>
#include <memory>
#include <thread>

namespace initlab {

class ComparisonTask : public QObject
{
    Q_OBJECT

public:
    explicit ComparisonTask(QObject *parent = nullptr);
    // Cancels a comparison in progress and waits for its thread, which takes about one update of
    // each run. finished() is not emitted.
    // NOTE: loading the datasets, which runComparison() does before any training, is not
    // interrupted, so a large CSV file delays the return until it is read.
    ~ComparisonTask() override;

    static constexpr int progressReportsPerSecond = 20;

    // Validates spec with comparisonConfigs() on the calling thread, then starts the comparison
    // on a thread of its own and returns true. An invalid spec throws that ConfigError, naming
    // the key and the value, and starts nothing, so that a bad value is reported before any
    // thread exists. Errors found later, such as a CSV file that cannot be read, arrive as
    // failed(). Returns false and starts nothing while a comparison is running.
    bool start(const ComparisonSpec &spec);
    // Asks the runs to stop after their current update. finished() then follows with a result
    // whose cancelled flag is set, unless every run had already ended. Does nothing when idle.
    void cancel();
    // True from start() until finished() or failed() has been emitted.
    bool isRunning() const { return m_running; }

signals:
    // At most progressReportsPerSecond times a second, and once more with the last counts
    // before finished().
    void progress(const initlab::ComparisonProgress &progress);
    void finished(std::shared_ptr<const initlab::ComparisonResult> result);
    // The core's message: unreadable data, a rejected config, memory exhausted.
    void failed(const QString &message);

private:
    void run(ComparisonSpec spec);
    void joinThread();

    std::thread m_thread;
    std::atomic<bool> m_cancel {false};
    bool m_running = false;
};

} // namespace initlab

Q_DECLARE_METATYPE(initlab::ComparisonProgress)
Q_DECLARE_METATYPE(std::shared_ptr<const initlab::ComparisonResult>)
