#include "comparison.h"

#include "csvtext.h"
#include "datasetloader.h"
#include "errors.h"
#include "logging.h"
#include "trainer.h"

#include <QIODevice>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

namespace initlab {

namespace {

constexpr double notAvailable = std::numeric_limits<double>::quiet_NaN();

// Updates between two progress reports of one run.
constexpr qint64 progressInterval = 1000;

QString valueSource(const QString &key, const QString &value)
{
    return QStringLiteral("comparison of %1, value \"%2\"").arg(key, value);
}

void validateCounts(const ComparisonSpec &spec)
{
    if (spec.values.isEmpty()) {
        throw ConfigError(spec.key,
            QStringLiteral("comparison of %1: no values given; list 1 to "
                           "%2 values of %1 to compare")
                .arg(spec.key)
                .arg(maxComparisonValues));
    }
    if (spec.values.size() > maxComparisonValues) {
        throw ConfigError(spec.key,
            QStringLiteral("comparison of %1: %2 values given, but at most "
                           "%3 can be compared at once; split the values "
                           "over several comparisons")
                .arg(spec.key)
                .arg(spec.values.size())
                .arg(maxComparisonValues));
    }
    if (spec.seeds < 1 || spec.seeds > maxComparisonSeeds) {
        throw ConfigError(spec.key,
            QStringLiteral("comparison of %1: %2 seeds is out of range; "
                           "use 1 to %3 seeds per value")
                .arg(spec.key)
                .arg(spec.seeds)
                .arg(maxComparisonSeeds));
    }
}

RunConfig applyValue(const ComparisonSpec &spec, const QJsonObject &base, const QString &value)
{
    const QString source = valueSource(spec.key, value);
    QJsonObject object = base;
    try {
        applyOverride(object, spec.key, value);
    } catch (const ConfigError &error) {
        throw ConfigError(
            error.key(), source + QStringLiteral(": ") + QString::fromUtf8(error.what()));
    }
    RunConfig config = runConfigFromJson(object, source);

    const std::uint64_t lastSeed = config.seed + std::uint64_t(spec.seeds - 1);
    if (lastSeed > maxSeed || lastSeed < config.seed) {
        throw ConfigError(QStringLiteral("seed"),
            QStringLiteral("%1: seed %2 with %3 seeds goes past the largest seed "
                           "%4; use a smaller seed or fewer seeds")
                .arg(source)
                .arg(config.seed)
                .arg(spec.seeds)
                .arg(maxSeed));
    }
    return config;
}

// A dataset shared by every run with the same seed and the same dataset section.
struct DatasetSlot
{
    std::uint64_t seed = 0;
    QJsonObject section;
    Dataset dataset;
};

struct RunTask
{
    int value = 0;
    int seedIndex = 0;
    RunConfig config;
    std::size_t dataset = 0; // index into the loaded datasets
};

std::size_t findOrLoadDataset(
    std::vector<DatasetSlot> &loaded, const RunConfig &config, const QString &baseDir)
{
    const QJsonObject section = toJson(config).value(QStringLiteral("dataset")).toObject();
    for (std::size_t i = 0; i < loaded.size(); ++i) {
        if (loaded[i].seed == config.seed && loaded[i].section == section)
            return i;
    }
    loaded.push_back({config.seed, section, loadDataset(config, baseDir)});
    return loaded.size() - 1;
}

// Shared state of the workers. Each run writes only its own slot of results.
class RunPool
{
public:
    RunPool(const std::vector<RunTask> &tasks, const std::vector<DatasetSlot> &datasets,
        const ComparisonOptions &options, double targetMse)
        : m_tasks(tasks)
        , m_datasets(datasets)
        , m_options(options)
        , m_targetMse(targetMse)
        , m_results(tasks.size())
        , m_errors(tasks.size())
    {
        for (const RunTask &task : tasks)
            m_totalUpdates += task.config.training.iterations;
    }

    void runAll(int threadCount);
    std::vector<ComparisonRun> takeResults() { return std::move(m_results); }
    // Rethrows the error of the lowest-numbered failed run, if any.
    void rethrowFirstError() const;
    bool isCancelled() const { return m_options.cancel && m_options.cancel->load(); }

private:
    void work();
    void trainOne(std::size_t index);
    void addUpdates(qint64 updates, bool runEnded);

    const std::vector<RunTask> &m_tasks;
    const std::vector<DatasetSlot> &m_datasets;
    const ComparisonOptions &m_options;
    const double m_targetMse;
    std::vector<ComparisonRun> m_results;
    std::vector<std::exception_ptr> m_errors;

    std::atomic<std::size_t> m_next {0};
    std::atomic<bool> m_failed {false};
    std::mutex m_progressMutex;
    qint64 m_totalUpdates = 0;
    qint64 m_updatesDone = 0; // guarded by m_progressMutex
    int m_finishedRuns = 0; // guarded by m_progressMutex
};

void RunPool::runAll(int threadCount)
{
    std::vector<std::thread> threads;
    threads.reserve(std::size_t(threadCount));
    for (int i = 0; i < threadCount; ++i) {
        try {
            threads.emplace_back([this] { work(); });
        } catch (const std::system_error &error) {
            qCWarning(lcComparison) << "RunPool::runAll: started" << threads.size() << "of"
                                    << threadCount << "worker threads:" << error.what();
            break;
        }
    }

    // Without any worker thread, the calling thread trains every run itself.
    if (threads.empty())
        work();
    for (std::thread &thread : threads)
        thread.join();
}

void RunPool::work()
{
    for (;;) {
        const std::size_t index = m_next.fetch_add(1);
        if (index >= m_tasks.size() || isCancelled() || m_failed.load())
            return;
        try {
            trainOne(index);
        } catch (...) {
            m_errors[index] = std::current_exception();
            m_failed.store(true);
        }
    }
}

void RunPool::addUpdates(qint64 updates, bool runEnded)
{
    if (!m_options.progress)
        return;
    const std::lock_guard lock(m_progressMutex);
    m_updatesDone += updates;
    if (runEnded)
        ++m_finishedRuns;
    ComparisonProgress progress;
    progress.finishedRuns = m_finishedRuns;
    progress.totalRuns = int(m_tasks.size());
    progress.updatesDone = m_updatesDone;
    progress.totalUpdates = m_totalUpdates;
    m_options.progress(progress);
}

void RunPool::trainOne(std::size_t index)
{
    const RunTask &task = m_tasks[index];
    Trainer trainer(task.config, m_datasets[task.dataset].dataset);

    qint64 reported = 0;
    trainer.setIterationHook([&](const IterationRecord &record) {
        if (isCancelled() || m_failed.load())
            trainer.requestStop();
        if (record.iteration - reported >= progressInterval) {
            addUpdates(record.iteration - reported, false);
            reported = record.iteration;
        }
    });
    trainer.run();
    trainer.finishSpikes();

    ComparisonRun &run = m_results[index];
    run.seed = task.config.seed;
    run.mse = trainer.history().mseColumn();
    if (trainer.dataset().testCount() > 0) {
        const History &history = trainer.history();
        run.testMse.reserve(std::size_t(history.size()));
        for (qint64 row = 0; row < history.size(); ++row)
            run.testMse.push_back(double(history.testMse(row)));
    }
    run.spikes = trainer.spikes();
    run.diverged = trainer.hasDiverged();
    run.completed = trainer.isFinished();
    run.finalMse = run.mse.empty() ? notAvailable : run.mse.back();
    if (!std::isnan(m_targetMse)) {
        const auto reached = std::find_if(
            run.mse.begin(), run.mse.end(), [this](double mse) { return mse <= m_targetMse; });
        if (reached != run.mse.end())
            run.iterationsToTarget = qint64(reached - run.mse.begin());
    }

    // A diverged run ends early; its skipped updates count as done.
    const qint64 skipped = run.completed ? trainer.totalIterations() - trainer.iteration() : 0;
    addUpdates(trainer.iteration() - reported + skipped, run.completed);
}

void RunPool::rethrowFirstError() const
{
    for (const std::exception_ptr &error : m_errors) {
        if (error)
            std::rethrow_exception(error);
    }
}

double medianOfSorted(const std::vector<double> &sorted)
{
    const std::size_t n = sorted.size();
    if (n == 0)
        return notAvailable;
    if (n % 2 == 1)
        return sorted[n / 2];
    return (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
}

} // namespace

namespace {

qint64 maxIterations(const std::vector<RunConfig> &configs)
{
    qint64 largest = 0;
    for (const RunConfig &config : configs)
        largest = std::max<qint64>(largest, config.training.iterations);
    return largest;
}

} // namespace

std::vector<RunConfig> comparisonConfigs(const ComparisonSpec &spec)
{
    validateCounts(spec);

    const QJsonObject base = toJson(spec.base);
    std::vector<RunConfig> configs;
    std::vector<QJsonObject> applied;
    for (const QString &text : spec.values) {
        const QString value = text.trimmed();
        RunConfig config = applyValue(spec, base, value);
        const QJsonObject json = toJson(config);
        const auto same = std::find(applied.begin(), applied.end(), json);
        if (same != applied.end()) {
            const QString first = spec.values[int(same - applied.begin())].trimmed();
            throw ConfigError(spec.key,
                QStringLiteral("comparison of %1: the values \"%2\" and "
                               "\"%3\" give the same configuration; list "
                               "each value once")
                    .arg(spec.key, first, value));
        }
        applied.push_back(json);
        configs.push_back(std::move(config));
    }

    const double bytes = comparisonBytes(spec, configs);
    if (bytes > maxComparisonBytes) {
        const QLocale english(QLocale::English);
        throw ConfigError(spec.key,
            QStringLiteral("comparison of %1: %2 values x %3 seeds of up to %4 iterations would "
                           "keep about %5 GB of curves in memory, more than the limit of %6 GB; "
                           "use fewer values, seeds or iterations")
                .arg(spec.key)
                .arg(spec.values.size())
                .arg(spec.seeds)
                .arg(english.toString(maxIterations(configs)))
                .arg(english.toString(bytes / 1e9, 'f', 1))
                .arg(english.toString(maxComparisonBytes / 1e9, 'f', 1)));
    }
    return configs;
}

double comparisonBytes(const ComparisonSpec &spec, const std::vector<RunConfig> &configs)
{
    double bytes = 0.0;
    for (const RunConfig &config : configs) {
        const double rows = double(config.training.iterations) + 1.0;
        const double perRun = config.dataset.testFraction > 0.0 ? 16.0 : 8.0;
        // Each run's MSE (and test MSE) column, and per value five aggregate columns of doubles
        // and one of counts.
        bytes += rows * (perRun * spec.seeds + 5.0 * 8.0 + 4.0);
    }
    return bytes;
}

ComparisonAggregate aggregateRuns(const std::vector<ComparisonRun> &runs, qint64 rows)
{
    ComparisonAggregate aggregate;
    const std::size_t rowCount = std::size_t(std::max<qint64>(rows, 0));
    aggregate.mean.assign(rowCount, notAvailable);
    aggregate.median.assign(rowCount, notAvailable);
    aggregate.min.assign(rowCount, notAvailable);
    aggregate.max.assign(rowCount, notAvailable);
    aggregate.stddev.assign(rowCount, notAvailable);
    aggregate.count.assign(rowCount, 0);

    std::vector<double> values;
    values.reserve(runs.size());
    for (std::size_t row = 0; row < rowCount; ++row) {
        values.clear();
        for (const ComparisonRun &run : runs) {
            if (row < run.mse.size() && std::isfinite(run.mse[row]))
                values.push_back(run.mse[row]);
        }
        const std::size_t n = values.size();
        aggregate.count[row] = int(n);
        if (n == 0)
            continue;

        // Summing in sorted order makes the mean independent of the order of the runs.
        std::sort(values.begin(), values.end());
        double sum = 0.0;
        for (const double value : values)
            sum += value;
        const double mean = sum / double(n);
        aggregate.mean[row] = mean;
        aggregate.median[row] = medianOfSorted(values);
        aggregate.min[row] = values.front();
        aggregate.max[row] = values.back();
        if (n >= 2) {
            double squares = 0.0;
            for (const double value : values)
                squares += (value - mean) * (value - mean);
            aggregate.stddev[row] = std::sqrt(squares / double(n - 1));
        }
    }
    return aggregate;
}

ComparisonSummary summarizeRuns(const std::vector<ComparisonRun> &runs, double targetMse)
{
    ComparisonSummary summary;
    std::vector<double> finals;
    std::vector<double> reachTimes;
    for (const ComparisonRun &run : runs) {
        if (run.diverged)
            ++summary.divergenceCount;
        else
            finals.push_back(run.finalMse);
        for (const SpikeReport &report : run.spikes) {
            if (!report.event.divergence)
                ++summary.spikeCount;
        }
        if (run.iterationsToTarget >= 0)
            ++summary.reachedTargetCount;
        reachTimes.push_back(run.iterationsToTarget >= 0 ? double(run.iterationsToTarget)
                                                         : std::numeric_limits<double>::infinity());
    }

    std::sort(finals.begin(), finals.end());
    summary.medianFinalMse = medianOfSorted(finals);
    if (!finals.empty()) {
        double sum = 0.0;
        for (const double value : finals)
            sum += value;
        summary.meanFinalMse = sum / double(finals.size());
    }

    std::sort(reachTimes.begin(), reachTimes.end());
    const double medianReach = medianOfSorted(reachTimes);
    if (!std::isnan(targetMse) && std::isfinite(medianReach))
        summary.iterationsToTarget = medianReach;
    return summary;
}

ComparisonResult runComparison(const ComparisonSpec &spec, const ComparisonOptions &options)
{
    const std::vector<RunConfig> configs = comparisonConfigs(spec);

    // Datasets are loaded here, before any training, so that a data error stops the comparison
    // at once. loadDataset() draws only from the seed's Data and Split streams, so runs with the
    // same seed and dataset section would load identical data anyway.
    std::vector<DatasetSlot> datasets;
    std::vector<RunTask> tasks;
    for (int v = 0; v < int(configs.size()); ++v) {
        for (int s = 0; s < spec.seeds; ++s) {
            RunTask task;
            task.value = v;
            task.seedIndex = s;
            task.config = configs[std::size_t(v)];
            task.config.seed += std::uint64_t(s);
            task.dataset = findOrLoadDataset(datasets, task.config, spec.baseDir);
            tasks.push_back(std::move(task));
        }
    }

    int threadCount =
        options.threads > 0 ? options.threads : int(std::thread::hardware_concurrency());
    threadCount = std::clamp(threadCount, 1, int(tasks.size()));
    qCInfo(lcComparison) << "comparing" << configs.size() << "values of" << spec.key << "over"
                         << spec.seeds << "seeds on" << threadCount << "threads";

    RunPool pool(tasks, datasets, options, spec.targetMse);
    pool.runAll(threadCount);
    pool.rethrowFirstError();

    ComparisonResult result;
    result.key = spec.key;
    result.seeds = spec.seeds;
    result.targetMse = spec.targetMse;
    std::vector<ComparisonRun> runs = pool.takeResults();
    // A cancel request that arrives after the last run ended changes nothing.
    result.cancelled = std::any_of(
        runs.begin(), runs.end(), [](const ComparisonRun &run) { return !run.completed; });
    for (std::size_t v = 0; v < configs.size(); ++v) {
        ComparisonValueResult valueResult;
        valueResult.value = spec.values[int(v)].trimmed();
        valueResult.config = configs[v];
        const auto first = runs.begin() + std::ptrdiff_t(v) * spec.seeds;
        valueResult.runs.assign(
            std::make_move_iterator(first), std::make_move_iterator(first + spec.seeds));
        result.values.push_back(std::move(valueResult));
    }
    if (result.cancelled) {
        qCInfo(lcComparison) << "comparison of" << spec.key << "cancelled";
        return result;
    }

    for (ComparisonValueResult &valueResult : result.values) {
        const qint64 rows = qint64(valueResult.config.training.iterations) + 1;
        valueResult.aggregate = aggregateRuns(valueResult.runs, rows);
        valueResult.summary = summarizeRuns(valueResult.runs, spec.targetMse);
    }
    return result;
}

namespace {

// A cell of an aggregate column: empty where the row does not exist or has no value.
QString aggregateCell(const std::vector<double> &column, std::size_t row)
{
    if (row >= column.size() || std::isnan(column[row]))
        return QString();
    return csv::number(column[row]);
}

QString runCell(const std::vector<double> &column, std::size_t row)
{
    if (row >= column.size())
        return QString();
    return csv::number(column[row]);
}

} // namespace

bool writeComparisonCsv(const ComparisonResult &result, QIODevice &device)
{
    static const char *const suffixes[] = {"_mean", "_median", "_min", "_max", "_std"};
    const bool single = result.seeds == 1;

    QStringList header {QStringLiteral("iteration")};
    std::size_t rows = 0;
    for (const ComparisonValueResult &value : result.values) {
        if (single) {
            header << csv::field(value.value);
        } else {
            for (const char *suffix : suffixes)
                header << csv::field(value.value + QLatin1String(suffix));
        }
        rows = std::max(rows, std::size_t(value.config.training.iterations) + 1);
    }
    const QByteArray headerLine = header.join(QLatin1Char(',')).toUtf8() + '\n';
    if (device.write(headerLine) != headerLine.size())
        return false;

    QStringList cells;
    for (std::size_t row = 0; row < rows; ++row) {
        cells.clear();
        cells << QString::number(row);
        for (const ComparisonValueResult &value : result.values) {
            if (single) {
                const std::vector<double> empty;
                cells << runCell(value.runs.empty() ? empty : value.runs.front().mse, row);
                continue;
            }
            const ComparisonAggregate &aggregate = value.aggregate;
            cells << aggregateCell(aggregate.mean, row) << aggregateCell(aggregate.median, row)
                  << aggregateCell(aggregate.min, row) << aggregateCell(aggregate.max, row)
                  << aggregateCell(aggregate.stddev, row);
        }
        const QByteArray line = cells.join(QLatin1Char(',')).toUtf8() + '\n';
        if (device.write(line) != line.size())
            return false;
    }
    return true;
}

} // namespace initlab
