// Comparison of runs over one config key and several seeds: values applied, shared data and
// batch order, agreement with direct training, determinism across threads, aggregates, summary,
// validation, divergence, cancelling, progress and the CSV output.

#include "comparison.h"
#include "datasetloader.h"
#include "errors.h"
#include "trainer.h"

#include <QBuffer>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>

using namespace initlab;

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

RunConfig smallConfig()
{
    RunConfig config;
    config.seed = 5;
    config.dataset.samples = 80;
    config.network.hidden = {4};
    config.training.iterations = 150;
    config.training.learningRate = 0.1;
    return config;
}

ComparisonSpec initializerSpec(int seeds)
{
    ComparisonSpec spec;
    spec.base = smallConfig();
    spec.key = QStringLiteral("init.weights");
    spec.values = {QStringLiteral("xavier_uniform"), QStringLiteral("he_normal"),
        QStringLiteral("orthogonal")};
    spec.seeds = seeds;
    return spec;
}

// Bitwise equality, so that NaN equals NaN and -0 differs from 0.
bool sameBits(const std::vector<double> &a, const std::vector<double> &b)
{
    return a.size() == b.size()
        && (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0);
}

bool sameMatrix(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b)
{
    return a.rows() == b.rows() && a.cols() == b.cols()
        && (a.size() == 0
            || std::memcmp(a.data(), b.data(), std::size_t(a.size()) * sizeof(double)) == 0);
}

bool sameAggregate(const ComparisonAggregate &a, const ComparisonAggregate &b)
{
    return sameBits(a.mean, b.mean) && sameBits(a.median, b.median) && sameBits(a.min, b.min)
        && sameBits(a.max, b.max) && sameBits(a.stddev, b.stddev) && a.count == b.count;
}

ComparisonRun runWithMse(std::vector<double> mse)
{
    ComparisonRun run;
    run.diverged = !mse.empty() && !std::isfinite(mse.back());
    run.finalMse = mse.empty() ? notANumber : mse.back();
    run.mse = std::move(mse);
    run.completed = true;
    return run;
}

QByteArray csvBytes(const ComparisonResult &result)
{
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    if (!writeComparisonCsv(result, buffer))
        return QByteArray("write failed");
    return bytes;
}

// Returns the first row with mse <= target, or -1.
qint64 firstReach(const std::vector<double> &mse, double target)
{
    for (std::size_t row = 0; row < mse.size(); ++row) {
        if (mse[row] <= target)
            return qint64(row);
    }
    return -1;
}

} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

private slots:
    void valuesApplied();
    void valuesOfOtherKeys_data();
    void valuesOfOtherKeys();
    void initializersShareDataAndBatches();
    void matchesDirectTraining();
    void deterministicAcrossThreadCounts();
    void aggregateHandComputed();
    void aggregateSingleRun();
    void seedsShiftBaseSeed();
    void seedKeyShiftsValueSeed();
    void invalidSpec_data();
    void invalidSpec();
    void memoryLimit();
    void divergingValueIsolated();
    void csvHeaderAndRow();
    void csvSingleSeed();
    void csvBytesRepeat();
    void targetReached();
    void targetNotReached();
    void summaryOfRealRuns();
    void summaryHandComputed_data();
    void summaryHandComputed();
    void summaryLeavesOutDivergedRuns();
    void cancelBeforeStart();
    void cancelFromProgress();
    void progressReachesTotal();
};

void TestComparison::valuesApplied()
{
    const ComparisonResult result = runComparison(initializerSpec(2));

    QCOMPARE(result.key, QStringLiteral("init.weights"));
    QCOMPARE(result.values.size(), std::size_t(3));
    QCOMPARE(result.values[0].value, QStringLiteral("xavier_uniform"));
    QVERIFY(result.values[0].config.init.weights == WeightInit::XavierUniform);
    QCOMPARE(result.values[1].value, QStringLiteral("he_normal"));
    QVERIFY(result.values[1].config.init.weights == WeightInit::HeNormal);
    QCOMPARE(result.values[2].value, QStringLiteral("orthogonal"));
    QVERIFY(result.values[2].config.init.weights == WeightInit::Orthogonal);
    for (const ComparisonValueResult &value : result.values) {
        QCOMPARE(value.runs.size(), std::size_t(2));
        QCOMPARE(value.config.training.learningRate, 0.1);
        QCOMPARE(value.runs[0].mse.size(), std::size_t(151));
        QVERIFY(value.runs[0].completed);
    }
    // Different initializers start from different models.
    QVERIFY(result.values[0].runs[0].mse[0] != result.values[1].runs[0].mse[0]);
}

void TestComparison::valuesOfOtherKeys_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("values");

    QTest::newRow("learning rates") << QStringLiteral(
        "training.learningRate") << QStringList {QStringLiteral("0.05"), QStringLiteral(" 0.2 ")};
    QTest::newRow("activations") << QStringLiteral("network.activation")
                                 << QStringList {QStringLiteral("tanh"), QStringLiteral("relu")};
    QTest::newRow("optimizers") << QStringLiteral("training.optimizer")
                                << QStringList {QStringLiteral("sgd"), QStringLiteral("adam")};
    QTest::newRow("hidden layers") << QStringLiteral("network.hidden")
                                   << QStringList {QStringLiteral("4"), QStringLiteral("8,8")};
    QTest::newRow("dataset noise") << QStringLiteral("dataset.noise")
                                   << QStringList {QStringLiteral("0"), QStringLiteral("0.2")};
}

void TestComparison::valuesOfOtherKeys()
{
    QFETCH(QString, key);
    QFETCH(QStringList, values);

    ComparisonSpec spec;
    spec.base = smallConfig();
    spec.base.training.iterations = 20;
    spec.key = key;
    spec.values = values;
    const ComparisonResult result = runComparison(spec);

    QCOMPARE(result.values.size(), std::size_t(2));
    for (std::size_t v = 0; v < 2; ++v) {
        const QString value = values[int(v)].trimmed();
        QCOMPARE(result.values[v].value, value);
        QJsonObject expected = toJson(spec.base);
        applyOverride(expected, key, value);
        QCOMPARE(toJson(result.values[v].config), expected);
    }
    QCOMPARE(result.values[0].runs[0].mse.size(), std::size_t(21));

    // A dataset key gives each value its own data, so compare with training each config directly.
    for (const ComparisonValueResult &value : result.values) {
        Trainer trainer(value.config, loadDataset(value.config));
        trainer.run();
        QVERIFY(sameBits(value.runs[0].mse, trainer.history().mseColumn()));
    }
    QVERIFY(result.values[0].runs[0].finalMse != result.values[1].runs[0].finalMse);
}

void TestComparison::initializersShareDataAndBatches()
{
    ComparisonSpec spec = initializerSpec(1);
    spec.base.training.batchSize = 16;
    spec.base.training.iterations = 30;
    spec.base.dataset.testFraction = 0.25;
    const std::vector<RunConfig> configs = comparisonConfigs(spec);
    QCOMPARE(configs.size(), std::size_t(3));

    const Dataset reference = loadDataset(configs[0]);
    const Dataset again = loadDataset(configs[0]);
    QVERIFY(sameMatrix(reference.trainInputs, again.trainInputs));
    QVERIFY(sameMatrix(reference.testTargets, again.testTargets));

    std::vector<std::vector<Eigen::Index>> referenceBatches;
    for (std::size_t v = 0; v < configs.size(); ++v) {
        const Dataset dataset = loadDataset(configs[v]);
        QVERIFY(sameMatrix(dataset.trainInputs, reference.trainInputs));
        QVERIFY(sameMatrix(dataset.trainTargets, reference.trainTargets));
        QVERIFY(sameMatrix(dataset.testInputs, reference.testInputs));
        QVERIFY(sameMatrix(dataset.testTargets, reference.testTargets));

        std::vector<std::vector<Eigen::Index>> batches;
        Trainer trainer(configs[v], dataset);
        trainer.setIterationHook([&batches](const IterationRecord &record) {
            batches.emplace_back(record.batchSamples.begin(), record.batchSamples.end());
        });
        trainer.run();
        QCOMPARE(batches.size(), std::size_t(30));
        QCOMPARE(batches.front().size(), std::size_t(16));
        if (v == 0)
            referenceBatches = batches;
        else
            QCOMPARE(batches, referenceBatches);
    }
}

void TestComparison::matchesDirectTraining()
{
    ComparisonSpec spec = initializerSpec(2);
    spec.base.dataset.testFraction = 0.2;
    spec.base.training.batchSize = 20;
    const ComparisonResult result = runComparison(spec);

    for (const ComparisonValueResult &value : result.values) {
        for (int s = 0; s < spec.seeds; ++s) {
            RunConfig config = value.config;
            config.seed += std::uint64_t(s);
            Trainer trainer(config, loadDataset(config));
            trainer.run();
            trainer.finishSpikes();

            const ComparisonRun &run = value.runs[std::size_t(s)];
            QCOMPARE(run.seed, config.seed);
            QVERIFY(sameBits(run.mse, trainer.history().mseColumn()));
            QCOMPARE(run.testMse.size(), run.mse.size());
            QCOMPARE(run.testMse[100], double(trainer.history().testMse(100)));
            QCOMPARE(run.finalMse, trainer.currentMse());
            QCOMPARE(run.spikes.size(), trainer.spikes().size());
            QCOMPARE(run.diverged, false);
        }
    }
}

void TestComparison::deterministicAcrossThreadCounts()
{
    const ComparisonSpec spec = initializerSpec(3);
    ComparisonOptions oneThread;
    oneThread.threads = 1;
    ComparisonOptions manyThreads;
    manyThreads.threads = 4;

    const ComparisonResult first = runComparison(spec, manyThreads);
    const ComparisonResult second = runComparison(spec, oneThread);
    const ComparisonResult third = runComparison(spec);

    for (std::size_t v = 0; v < first.values.size(); ++v) {
        for (std::size_t s = 0; s < 3; ++s) {
            QVERIFY(sameBits(first.values[v].runs[s].mse, second.values[v].runs[s].mse));
            QVERIFY(sameBits(first.values[v].runs[s].mse, third.values[v].runs[s].mse));
        }
        QVERIFY(sameAggregate(first.values[v].aggregate, second.values[v].aggregate));
        QVERIFY(sameAggregate(first.values[v].aggregate, third.values[v].aggregate));
    }
    QCOMPARE(csvBytes(first), csvBytes(second));
}

void TestComparison::aggregateHandComputed()
{
    // The second run diverges at row 2, so rows 2 and 3 aggregate only the other three.
    std::vector<ComparisonRun> runs;
    runs.push_back(runWithMse({1, 2, 4, 1}));
    runs.push_back(runWithMse({3, 6, infinity}));
    runs.push_back(runWithMse({2, 4, 8, 3}));
    runs.push_back(runWithMse({6, 1, 0.5, 2}));
    const ComparisonAggregate aggregate = aggregateRuns(runs, 5);

    QCOMPARE(aggregate.mean.size(), std::size_t(5));
    // Row 0: 1, 2, 3, 6.
    QCOMPARE(aggregate.count[0], 4);
    QCOMPARE(aggregate.mean[0], 3.0);
    QCOMPARE(aggregate.median[0], 2.5);
    QCOMPARE(aggregate.min[0], 1.0);
    QCOMPARE(aggregate.max[0], 6.0);
    QVERIFY(qFuzzyCompare(aggregate.stddev[0], std::sqrt(14.0 / 3.0)));
    // Row 1: 1, 2, 4, 6.
    QCOMPARE(aggregate.mean[1], 3.25);
    QCOMPARE(aggregate.median[1], 3.0);
    // Row 2: 0.5, 4, 8, without the infinite MSE of the second run.
    QCOMPARE(aggregate.count[2], 3);
    QVERIFY(qFuzzyCompare(aggregate.mean[2], 12.5 / 3.0));
    QCOMPARE(aggregate.median[2], 4.0);
    QCOMPARE(aggregate.min[2], 0.5);
    QCOMPARE(aggregate.max[2], 8.0);
    QVERIFY(qFuzzyCompare(aggregate.stddev[2], std::sqrt(84.5 / 6.0)));
    // Row 3: 1, 2, 3.
    QCOMPARE(aggregate.count[3], 3);
    QCOMPARE(aggregate.mean[3], 2.0);
    QCOMPARE(aggregate.median[3], 2.0);
    QCOMPARE(aggregate.stddev[3], 1.0);
    // Row 4 exists in no run.
    QCOMPARE(aggregate.count[4], 0);
    QVERIFY(std::isnan(aggregate.mean[4]));
    QVERIFY(std::isnan(aggregate.median[4]));
    QVERIFY(std::isnan(aggregate.min[4]));
    QVERIFY(std::isnan(aggregate.stddev[4]));
}

void TestComparison::aggregateSingleRun()
{
    const ComparisonAggregate aggregate = aggregateRuns({runWithMse({0.5, 0.25})}, 2);

    QCOMPARE(aggregate.mean[1], 0.25);
    QCOMPARE(aggregate.median[1], 0.25);
    QCOMPARE(aggregate.count[1], 1);
    QVERIFY(std::isnan(aggregate.stddev[1]));
}

void TestComparison::seedsShiftBaseSeed()
{
    ComparisonSpec spec = initializerSpec(3);
    spec.base.seed = 7;
    spec.values = {QStringLiteral("he_uniform")};
    const ComparisonResult result = runComparison(spec);

    const ComparisonValueResult &value = result.values[0];
    QCOMPARE(value.config.seed, std::uint64_t(7));
    QCOMPARE(value.runs[0].seed, std::uint64_t(7));
    QCOMPARE(value.runs[1].seed, std::uint64_t(8));
    QCOMPARE(value.runs[2].seed, std::uint64_t(9));
    QVERIFY(value.runs[0].mse[0] != value.runs[1].mse[0]);

    RunConfig config = value.config;
    config.seed = 9;
    Trainer trainer(config, loadDataset(config));
    trainer.run();
    QVERIFY(sameBits(value.runs[2].mse, trainer.history().mseColumn()));
}

void TestComparison::seedKeyShiftsValueSeed()
{
    ComparisonSpec spec = initializerSpec(2);
    spec.base.training.iterations = 10;
    spec.key = QStringLiteral("seed");
    spec.values = {QStringLiteral("10"), QStringLiteral("20")};
    const ComparisonResult result = runComparison(spec);

    QCOMPARE(result.values[0].runs[0].seed, std::uint64_t(10));
    QCOMPARE(result.values[0].runs[1].seed, std::uint64_t(11));
    QCOMPARE(result.values[1].runs[0].seed, std::uint64_t(20));
    QCOMPARE(result.values[1].runs[1].seed, std::uint64_t(21));
}

void TestComparison::invalidSpec_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<int>("seeds");
    QTest::addColumn<QString>("errorKey");
    QTest::addColumn<QStringList>("fragments");

    const QStringList twoInits {QStringLiteral("he_uniform"), QStringLiteral("orthogonal")};
    QStringList seventeen;
    for (int i = 1; i <= 17; ++i)
        seventeen << QString::number(0.01 * i);

    QTest::newRow("unknown key") << QStringLiteral("init.wieghts") << twoInits << 1
                                 << QStringLiteral("init.wieghts")
                                 << QStringList {QStringLiteral("init.wieghts"),
                                        QStringLiteral("init.weights")};
    QTest::newRow("unknown initializer")
        << QStringLiteral("init.weights")
        << QStringList {QStringLiteral("he_uniform"), QStringLiteral("kaiming")} << 1
        << QStringLiteral("init.weights")
        << QStringList {QStringLiteral("init.weights"), QStringLiteral("\"kaiming\"")};
    QTest::newRow("learning rate not a number")
        << QStringLiteral("training.learningRate") << QStringList {QStringLiteral("fast")} << 1
        << QStringLiteral("training.learningRate")
        << QStringList {QStringLiteral("training.learningRate"), QStringLiteral("\"fast\""),
               QStringLiteral("not a number")};
    QTest::newRow("negative learning rate")
        << QStringLiteral("training.learningRate") << QStringList {QStringLiteral("-1")} << 1
        << QStringLiteral("training.learningRate")
        << QStringList {QStringLiteral("training.learningRate"), QStringLiteral("-1")};
    QTest::newRow("duplicate values")
        << QStringLiteral("init.weights")
        << QStringList {QStringLiteral("he_uniform"), QStringLiteral("orthogonal"),
               QStringLiteral("he_uniform")}
        << 1 << QStringLiteral("init.weights")
        << QStringList {QStringLiteral("init.weights"), QStringLiteral("\"he_uniform\""),
               QStringLiteral("list each value once")};
    QTest::newRow("values giving one config")
        << QStringLiteral("training.learningRate")
        << QStringList {QStringLiteral("0.1"), QStringLiteral("0.10")} << 1
        << QStringLiteral("training.learningRate")
        << QStringList {QStringLiteral("\"0.1\""), QStringLiteral("\"0.10\""),
               QStringLiteral("same configuration")};
    QTest::newRow("no seeds") << QStringLiteral("init.weights") << twoInits << 0
                              << QStringLiteral("init.weights")
                              << QStringList {QStringLiteral("init.weights"),
                                     QStringLiteral("0 seeds"), QStringLiteral("1 to 100")};
    QTest::newRow("101 seeds") << QStringLiteral("init.weights") << twoInits << 101
                               << QStringLiteral("init.weights")
                               << QStringList {
                                      QStringLiteral("101 seeds"), QStringLiteral("1 to 100")};
    QTest::newRow("17 values") << QStringLiteral("training.learningRate") << seventeen << 1
                               << QStringLiteral("training.learningRate")
                               << QStringList {QStringLiteral("training.learningRate"),
                                      QStringLiteral("17 values"), QStringLiteral("at most 16")};
    QTest::newRow("no values") << QStringLiteral("init.weights") << QStringList() << 1
                               << QStringLiteral("init.weights")
                               << QStringList {
                                      QStringLiteral("init.weights"), QStringLiteral("no values")};
    QTest::newRow("seed past the maximum")
        << QStringLiteral("seed") << QStringList {QString::number(maxSeed)} << 2
        << QStringLiteral("seed")
        << QStringList {
               QString::number(maxSeed), QStringLiteral("2 seeds"), QStringLiteral("fewer seeds")};
}

void TestComparison::invalidSpec()
{
    QFETCH(QString, key);
    QFETCH(QStringList, values);
    QFETCH(int, seeds);
    QFETCH(QString, errorKey);
    QFETCH(QStringList, fragments);

    ComparisonSpec spec;
    spec.base = smallConfig();
    spec.key = key;
    spec.values = values;
    spec.seeds = seeds;

    bool progressed = false;
    ComparisonOptions options;
    options.progress = [&progressed](const ComparisonProgress &) {
        progressed = true;
    };
    try {
        runComparison(spec, options);
        QFAIL("runComparison() accepted an invalid spec");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), errorKey);
        for (const QString &fragment : fragments)
            QVERIFY2(message.contains(fragment), qPrintable(message));
    }
    QVERIFY(!progressed);
}

void TestComparison::memoryLimit()
{
    ComparisonSpec spec;
    spec.base = smallConfig();
    spec.key = QStringLiteral("init.weights");
    spec.values = {QStringLiteral("zeros"), QStringLiteral("normal"),
        QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")};
    spec.seeds = 100;

    // 4 x (1,000,001 rows x (100 x 8 + 44) bytes) = 3.4 GB: accepted.
    spec.base.training.iterations = 1'000'000;
    std::vector<RunConfig> configs = comparisonConfigs(spec);
    QCOMPARE(comparisonBytes(spec, configs), 4.0 * 1'000'001 * 844);

    // With a test split every run keeps a second column: 6.6 GB, too much.
    for (RunConfig &config : configs)
        config.dataset.testFraction = 0.2;
    QCOMPARE(comparisonBytes(spec, configs), 4.0 * 1'000'001 * 1644);
    spec.base.dataset.testFraction = 0.2;
    QVERIFY_THROWS_EXCEPTION(ConfigError, comparisonConfigs(spec));
    spec.base.dataset.testFraction = 0.0;

    spec.base.training.iterations = 10'000'000;
    try {
        comparisonConfigs(spec);
        QFAIL("comparisonConfigs() accepted 33.8 GB of curves");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), QStringLiteral("init.weights"));
        for (const QString &fragment : {QStringLiteral("4 values x 100 seeds"),
                 QStringLiteral("10,000,000 iterations"), QStringLiteral("about 33.8 GB"),
                 QStringLiteral("limit of 4.0 GB"), QStringLiteral("fewer values, seeds")})
            QVERIFY2(message.contains(fragment), qPrintable(message));
    }
}

void TestComparison::divergingValueIsolated()
{
    ComparisonSpec spec;
    spec.base = smallConfig();
    spec.base.network.activation = Activation::Relu;
    spec.base.training.precision = Precision::Float32;
    spec.key = QStringLiteral("training.learningRate");
    spec.values = {QStringLiteral("0.01"), QStringLiteral("1")};
    spec.seeds = 2;
    const ComparisonResult result = runComparison(spec);

    const ComparisonValueResult &stable = result.values[0];
    const ComparisonValueResult &unstable = result.values[1];
    QCOMPARE(unstable.summary.divergenceCount, 2);
    QVERIFY(unstable.runs[0].diverged);
    QVERIFY(unstable.runs[0].mse.size() < std::size_t(151));
    QVERIFY(!std::isfinite(unstable.runs[0].finalMse));
    QVERIFY(!unstable.runs[0].spikes.empty());
    QVERIFY(unstable.runs[0].spikes.back().event.divergence);
    QVERIFY(std::isnan(unstable.summary.medianFinalMse));
    QVERIFY(std::isnan(unstable.summary.meanFinalMse));
    QCOMPARE(unstable.aggregate.count[150], 0);
    QVERIFY(std::isnan(unstable.aggregate.mean[150]));
    QCOMPARE(unstable.aggregate.count[0], 2);
    QVERIFY(std::isfinite(unstable.aggregate.mean[0]));

    QCOMPARE(stable.summary.divergenceCount, 0);
    for (std::size_t row = 0; row < stable.aggregate.mean.size(); ++row) {
        QCOMPARE(stable.aggregate.count[row], 2);
        QVERIFY(std::isfinite(stable.aggregate.mean[row]));
        QVERIFY(std::isfinite(stable.aggregate.stddev[row]));
    }

    ComparisonSpec alone = spec;
    alone.values = {QStringLiteral("0.01")};
    const ComparisonResult aloneResult = runComparison(alone);
    QVERIFY(sameAggregate(stable.aggregate, aloneResult.values[0].aggregate));
    QCOMPARE(stable.summary.medianFinalMse, aloneResult.values[0].summary.medianFinalMse);
}

void TestComparison::csvHeaderAndRow()
{
    ComparisonResult result;
    result.key = QStringLiteral("network.hidden");
    result.seeds = 2;
    ComparisonValueResult first;
    first.value = QStringLiteral("8,8");
    first.config.training.iterations = 1;
    first.aggregate.mean = {0.5, 0.375};
    first.aggregate.median = {0.25, 0.375};
    first.aggregate.min = {0.125, 0.25};
    first.aggregate.max = {1, 0.5};
    first.aggregate.stddev = {0.1, notANumber};
    first.aggregate.count = {2, 1};
    ComparisonValueResult second;
    second.value = QStringLiteral("4");
    second.config.training.iterations = 0;
    second.aggregate.mean = {3e-7};
    second.aggregate.median = {2};
    second.aggregate.min = {1};
    second.aggregate.max = {1e20};
    second.aggregate.stddev = {0.30000000000000004};
    second.aggregate.count = {2};
    result.values = {first, second};

    const QList<QByteArray> lines = csvBytes(result).split('\n');
    QCOMPARE(lines.size(), 4);
    QCOMPARE(lines[0],
        QByteArray("iteration,\"8,8_mean\",\"8,8_median\",\"8,8_min\",\"8,8_max\","
                   "\"8,8_std\",4_mean,4_median,4_min,4_max,4_std"));
    QCOMPARE(lines[1], QByteArray("0,0.5,0.25,0.125,1,0.1,3e-07,2,1,1e+20,0.30000000000000004"));
    QCOMPARE(lines[2], QByteArray("1,0.375,0.375,0.25,0.5,,,,,,"));
    QCOMPARE(lines[3], QByteArray());
}

void TestComparison::csvSingleSeed()
{
    ComparisonResult result;
    result.seeds = 1;
    ComparisonValueResult low;
    low.value = QStringLiteral("0.01");
    low.config.training.iterations = 2;
    low.runs = {runWithMse({0.5, 0.25, 0.125})};
    ComparisonValueResult high;
    high.value = QStringLiteral("1");
    high.config.training.iterations = 2;
    high.runs = {runWithMse({0.5, infinity})};
    result.values = {low, high};

    QCOMPARE(csvBytes(result), QByteArray("iteration,0.01,1\n0,0.5,0.5\n1,0.25,inf\n2,0.125,\n"));
}

void TestComparison::csvBytesRepeat()
{
    ComparisonSpec spec = initializerSpec(2);
    spec.base.training.iterations = 40;
    const ComparisonResult result = runComparison(spec);

    const QByteArray first = csvBytes(result);
    QCOMPARE(first, csvBytes(result));
    QCOMPARE(first.count('\n'), 42);
    QVERIFY(first.startsWith("iteration,xavier_uniform_mean,xavier_uniform_median,"
                             "xavier_uniform_min,xavier_uniform_max,xavier_uniform_std,"
                             "he_normal_mean,"));
    const QByteArray row0 = first.split('\n')[1];
    QVERIFY(row0.startsWith("0,"
        + QByteArray::number(
            result.values[0].aggregate.mean[0], 'g', QLocale::FloatingPointShortest)
        + ','));
    QCOMPARE(row0.split(',')[1].toDouble(), result.values[0].aggregate.mean[0]);
}

void TestComparison::targetReached()
{
    ComparisonSpec spec = initializerSpec(3);
    // Seed 0 of the first value reaches this MSE at row 60 at the latest.
    const ComparisonResult probe = runComparison(spec);
    const double target = probe.values[0].runs[0].mse[60];
    spec.targetMse = target;
    const ComparisonResult result = runComparison(spec);

    for (const ComparisonValueResult &value : result.values) {
        for (const ComparisonRun &run : value.runs)
            QCOMPARE(run.iterationsToTarget, firstReach(run.mse, target));
    }
    const std::vector<ComparisonRun> &runs = result.values[0].runs;
    QVERIFY(runs[0].iterationsToTarget >= 0);
    QVERIFY(runs[0].iterationsToTarget <= 60);
    QCOMPARE(runs[0].mse[std::size_t(runs[0].iterationsToTarget)] <= target, true);
    if (runs[0].iterationsToTarget > 0)
        QVERIFY(runs[0].mse[std::size_t(runs[0].iterationsToTarget - 1)] > target);
}

void TestComparison::targetNotReached()
{
    ComparisonSpec spec = initializerSpec(2);
    spec.targetMse = 0.0;
    const ComparisonResult result = runComparison(spec);

    for (const ComparisonValueResult &value : result.values) {
        QCOMPARE(value.summary.iterationsToTarget, -1.0);
        QCOMPARE(value.summary.reachedTargetCount, 0);
        QCOMPARE(value.runs[0].iterationsToTarget, qint64(-1));
    }

    ComparisonSpec noTarget = initializerSpec(1);
    const ComparisonResult untargeted = runComparison(noTarget);
    QCOMPARE(untargeted.values[0].summary.iterationsToTarget, -1.0);
    QCOMPARE(untargeted.values[0].runs[0].iterationsToTarget, qint64(-1));
}

void TestComparison::summaryOfRealRuns()
{
    // The initial MSE of every seed is below this target, so each seed reaches it at row 0.
    ComparisonSpec spec = initializerSpec(3);
    spec.values = {QStringLiteral("he_uniform")};
    spec.targetMse = 1e9;
    const ComparisonResult result = runComparison(spec);
    const ComparisonSummary &summary = result.values[0].summary;
    QCOMPARE(summary.iterationsToTarget, 0.0);
    QCOMPARE(summary.reachedTargetCount, 3);

    std::vector<double> finals;
    int spikes = 0;
    for (const ComparisonRun &run : result.values[0].runs) {
        finals.push_back(run.finalMse);
        spikes += int(run.spikes.size());
    }
    std::sort(finals.begin(), finals.end());
    QCOMPARE(summary.medianFinalMse, finals[1]);
    QVERIFY(qFuzzyCompare(summary.meanFinalMse, (finals[0] + finals[1] + finals[2]) / 3.0));
    QCOMPARE(summary.spikeCount, spikes);
    QCOMPARE(summary.divergenceCount, 0);
}

void TestComparison::summaryHandComputed_data()
{
    QTest::addColumn<QList<qint64>>("reachRows");
    QTest::addColumn<double>("iterationsToTarget");
    QTest::addColumn<int>("reached");

    QTest::newRow("odd count, all reached") << QList<qint64> {9, 5, 7} << 7.0 << 3;
    QTest::newRow("odd count, median reached") << QList<qint64> {5, -1, 9} << 9.0 << 2;
    QTest::newRow("odd count, median not reached") << QList<qint64> {5, -1, -1} << -1.0 << 1;
    QTest::newRow("even count, middle pair reached") << QList<qint64> {2, 4, -1, 6} << 5.0 << 3;
    QTest::newRow("even count, middle pair half reached")
        << QList<qint64> {2, -1, -1, 6} << -1.0 << 2;
    QTest::newRow("none reached") << QList<qint64> {-1, -1} << -1.0 << 0;
}

void TestComparison::summaryHandComputed()
{
    QFETCH(QList<qint64>, reachRows);
    QFETCH(double, iterationsToTarget);
    QFETCH(int, reached);

    std::vector<ComparisonRun> runs;
    for (const qint64 row : reachRows) {
        ComparisonRun run = runWithMse({1.0, 0.5});
        run.iterationsToTarget = row;
        runs.push_back(run);
    }
    const ComparisonSummary summary = summarizeRuns(runs, 0.75);
    QCOMPARE(summary.iterationsToTarget, iterationsToTarget);
    QCOMPARE(summary.reachedTargetCount, reached);

    const ComparisonSummary untargeted = summarizeRuns(runs, notANumber);
    QCOMPARE(untargeted.iterationsToTarget, -1.0);
}

void TestComparison::summaryLeavesOutDivergedRuns()
{
    std::vector<ComparisonRun> runs;
    runs.push_back(runWithMse({1.0, 0.5}));
    runs.push_back(runWithMse({1.0, infinity}));
    runs.push_back(runWithMse({1.0, 0.1}));
    runs.push_back(runWithMse({1.0, 0.3}));
    SpikeReport spike;
    runs[0].spikes = {spike, spike};
    SpikeReport divergence;
    divergence.event.divergence = true;
    runs[1].spikes = {spike, divergence};
    const ComparisonSummary summary = summarizeRuns(runs, notANumber);

    QCOMPARE(summary.divergenceCount, 1);
    QCOMPARE(summary.spikeCount, 3);
    QCOMPARE(summary.medianFinalMse, 0.3);
    QVERIFY(qFuzzyCompare(summary.meanFinalMse, 0.3));

    const ComparisonSummary allDiverged = summarizeRuns({runs[1]}, notANumber);
    QCOMPARE(allDiverged.divergenceCount, 1);
    QVERIFY(std::isnan(allDiverged.medianFinalMse));
    QVERIFY(std::isnan(allDiverged.meanFinalMse));
}

void TestComparison::cancelBeforeStart()
{
    std::atomic<bool> cancel {true};
    ComparisonOptions options;
    options.cancel = &cancel;
    const ComparisonResult result = runComparison(initializerSpec(2), options);

    QVERIFY(result.cancelled);
    QCOMPARE(result.values.size(), std::size_t(3));
    QVERIFY(!result.values[0].runs[0].completed);
    QVERIFY(result.values[0].aggregate.mean.empty());
}

void TestComparison::cancelFromProgress()
{
    ComparisonSpec spec = initializerSpec(2);
    spec.base.training.iterations = 3000;
    std::atomic<bool> cancel {false};
    ComparisonOptions options;
    options.cancel = &cancel;
    options.threads = 1;
    options.progress = [&cancel](const ComparisonProgress &) {
        cancel.store(true);
    };
    const ComparisonResult result = runComparison(spec, options);

    QVERIFY(result.cancelled);
    const ComparisonRun &first = result.values[0].runs[0];
    QVERIFY(!first.completed);
    QVERIFY(first.mse.size() > std::size_t(1000));
    QVERIFY(first.mse.size() < std::size_t(3001));
    QVERIFY(!result.values[2].runs[1].completed);
    QVERIFY(result.values[2].runs[1].mse.empty());
}

void TestComparison::progressReachesTotal()
{
    ComparisonSpec spec = initializerSpec(2);
    spec.base.training.iterations = 1200;
    int calls = 0;
    ComparisonProgress last;
    ComparisonOptions options;
    options.threads = 2;
    options.progress = [&](const ComparisonProgress &progress) {
        ++calls;
        QVERIFY(progress.updatesDone <= progress.totalUpdates);
        last = progress;
    };
    runComparison(spec, options);

    // Per run one report after 1000 updates and one at its end.
    QCOMPARE(calls, 12);
    QCOMPARE(last.totalRuns, 6);
    QCOMPARE(last.finishedRuns, 6);
    QCOMPARE(last.totalUpdates, qint64(6 * 1200));
    QCOMPARE(last.updatesDone, qint64(6 * 1200));
}

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
