#pragma once

// Comparison of runs that differ in one config key, each repeated over several seeds, with the
// MSE aggregated per iteration over the seeds for mean curves with bands.

#include "runconfig.h"
#include "spikereport.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <limits>
#include <vector>

class QIODevice;

namespace initlab {

struct ComparisonSpec
{
    RunConfig base;
    // Dotted config key that differs between the runs, such as "init.weights",
    // "training.learningRate", "network.activation" or "training.optimizer".
    QString key = QStringLiteral("init.weights");
    // Values of key, as applyOverride() reads them: "he_uniform", "0.05", "8,8".
    QStringList values;
    // Runs per value. Run s (0-based) of every value uses seed base.seed + s (or, when key is
    // "seed", the value's seed + s).
    int seeds = 1;
    // Directory that a relative dataset.path is taken relative to.
    QString baseDir;
    // MSE that counts as reached; NaN: none.
    double targetMse = std::numeric_limits<double>::quiet_NaN();
};

inline constexpr int maxComparisonValues = 16;
inline constexpr int maxComparisonSeeds = 100;
// Largest estimate of comparisonBytes() that comparisonConfigs() accepts: 4 GB.
inline constexpr double maxComparisonBytes = 4e9;

struct ComparisonProgress
{
    int finishedRuns = 0;
    int totalRuns = 0;
    qint64 updatesDone = 0; // over all runs; a diverged run counts its planned updates
    qint64 totalUpdates = 0; // sum of training.iterations over all runs
};

struct ComparisonOptions
{
    // Set to true from any thread to stop: runs in progress return after their current update
    // and runs not started are skipped. runComparison() then returns a result with cancelled set,
    // unless every run had already finished.
    std::atomic<bool> *cancel = nullptr;
    // Called from worker threads after every 1000 updates of a run and when a run ends. Calls
    // are serialized by a mutex, so the callback never runs twice at once, but it must be safe to
    // call from a thread other than the caller's and should return quickly, since the worker
    // waits for it.
    std::function<void(const ComparisonProgress &)> progress;
    // Worker threads; 0: std::thread::hardware_concurrency(). Never more than the number of runs.
    int threads = 0;
};

// One run: a value of the key with one seed.
struct ComparisonRun
{
    std::uint64_t seed = 0;
    // Training MSE per row (row 0: initial model, row t: after update t). A diverged run stops
    // at its first non-finite MSE, which is the last entry, so the column is shorter.
    std::vector<double> mse;
    // Test MSE per row, in the single precision that History stores; empty without a test split.
    std::vector<double> testMse;
    // Spike events and, for a diverged run, its divergence event last; every event is closed.
    std::vector<SpikeReport> spikes;
    bool diverged = false;
    bool completed = false; // false only when the comparison was cancelled before the run ended
    double finalMse = std::numeric_limits<double>::quiet_NaN(); // last entry of mse
    qint64 iterationsToTarget = -1; // first row with mse <= targetMse; -1: never or no target
};

// MSE over the seeds of one value, per row. Each row uses the finite MSE values of the seeds
// that recorded that row: a diverged run contributes nothing at and after its divergence. A row
// without any such value has NaN everywhere and count 0.
struct ComparisonAggregate
{
    std::vector<double> mean;
    std::vector<double> median; // mean of the two middle values for an even count
    std::vector<double> min;
    std::vector<double> max;
    // Sample standard deviation (divisor count - 1); NaN when count < 2.
    std::vector<double> stddev;
    std::vector<int> count; // seeds contributing to the row
};

struct ComparisonSummary
{
    // Median and mean of the final MSE over the runs that did not diverge; NaN when all did.
    double medianFinalMse = std::numeric_limits<double>::quiet_NaN();
    double meanFinalMse = std::numeric_limits<double>::quiet_NaN();
    // Median over all seeds of iterationsToTarget, a run that never reached the target counting
    // as infinitely late; -1 when that median is not reached or no target is set.
    double iterationsToTarget = -1;
    int reachedTargetCount = 0;
    int spikeCount = 0; // spike events over all seeds, divergence events excluded
    int divergenceCount = 0;
};

struct ComparisonValueResult
{
    QString value; // as given in the spec, trimmed
    RunConfig config; // the base config with the value applied, seed base.seed
    std::vector<ComparisonRun> runs; // by seed index
    ComparisonAggregate aggregate;
    ComparisonSummary summary;
};

// NOTE: every run's columns stay in memory, values x seeds x (iterations + 1) doubles, twice that
// with a test split: 16 values over 100 seeds of 10000 iterations take about 128 MB.
struct ComparisonResult
{
    QString key;
    int seeds = 1;
    double targetMse = std::numeric_limits<double>::quiet_NaN();
    bool cancelled = false; // a run was cancelled; aggregate and summary are then left empty
    std::vector<ComparisonValueResult> values; // in the order of spec.values
};

// Applies every value of spec to the base config and validates the spec: 1 to 16 values, 1 to
// 100 seeds, no two values giving the same config, and at most maxComparisonBytes of curves. Returns one config per value, in order, with
// seed base.seed. Throws ConfigError naming the key and the value.
std::vector<RunConfig> comparisonConfigs(const ComparisonSpec &spec);

// Returns an estimate of the memory in bytes that the curves of a comparison keep, for configs
// as comparisonConfigs() returns them. It counts every run's MSE column, its test MSE column with
// a test split, and the aggregate columns of every value.
double comparisonBytes(const ComparisonSpec &spec, const std::vector<RunConfig> &configs);

// Trains every (value, seed) run with its own Trainer, on worker threads, and aggregates the
// results. It validates the spec as comparisonConfigs() does and loads each dataset once per seed
// before any training, so errors of those steps (ConfigError, DataError) come first. An error of
// a run is rethrown after all workers stop, that of the lowest-numbered failed run if several
// fail. The result does not depend on the number of threads or on their scheduling.
ComparisonResult runComparison(
    const ComparisonSpec &spec, const ComparisonOptions &options = ComparisonOptions());

// Computes the aggregate of runs' MSE columns over rows 0..rows-1, as documented above.
ComparisonAggregate aggregateRuns(const std::vector<ComparisonRun> &runs, qint64 rows);

// Computes the summary of one value's runs from their finalMse, diverged, spikes and
// iterationsToTarget, as documented at ComparisonSummary. targetMse NaN means no target.
ComparisonSummary summarizeRuns(const std::vector<ComparisonRun> &runs, double targetMse);

// Writes one row per iteration: "iteration", then for each value "<value>_mean",
// "<value>_median", "<value>_min", "<value>_max", "<value>_std", or just "<value>" (the run's
// MSE) when the comparison has one seed. docs/figures.md describes the format. Returns false when
// the device reports a write error.
bool writeComparisonCsv(const ComparisonResult &result, QIODevice &device);

} // namespace initlab
