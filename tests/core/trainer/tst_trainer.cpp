// The training loop: agreement with an independent implementation, determinism, independent
// random streams, mini-batching, divergence, stopping, and no heap allocation per update.

#include "datasetloader.h"
#include "schedule.h"
#include "trainer.h"

#include <QTest>

#include <atomic>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <thread>

using namespace initlab;

// Counts heap allocations of this process while counting is on, by interposing glibc's malloc
// family; AddressSanitizer replaces these functions itself, so the count is off there.
#if defined(__SANITIZE_ADDRESS__)
#define INITLAB_COUNT_ALLOCATIONS 0
#else
#define INITLAB_COUNT_ALLOCATIONS 1
#endif

namespace {
std::atomic<bool> countingAllocations{false};
std::atomic<long> allocationCount{0};

[[maybe_unused]] void noteAllocation()
{
    if (countingAllocations.load(std::memory_order_relaxed))
        allocationCount.fetch_add(1, std::memory_order_relaxed);
}
} // namespace

#if INITLAB_COUNT_ALLOCATIONS
extern "C" {
void *__libc_malloc(std::size_t size);
void *__libc_calloc(std::size_t count, std::size_t size);
void *__libc_realloc(void *pointer, std::size_t size);

void *malloc(std::size_t size)
{
    noteAllocation();
    return __libc_malloc(size);
}

void *calloc(std::size_t count, std::size_t size)
{
    noteAllocation();
    return __libc_calloc(count, size);
}

void *realloc(void *pointer, std::size_t size)
{
    noteAllocation();
    return __libc_realloc(pointer, size);
}
}
#endif

Q_DECLARE_METATYPE(Optimizer)
Q_DECLARE_METATYPE(Precision)

namespace {

// A small regression problem: 2 inputs, 2 outputs, 30 samples on a fixed smooth pattern.
Dataset smallDataset(int samples = 30)
{
    Dataset data;
    data.trainInputs.resize(2, samples);
    data.trainTargets.resize(2, samples);
    for (int j = 0; j < samples; ++j) {
        const double t = -1.0 + 2.0 * j / (samples - 1);
        data.trainInputs(0, j) = t;
        data.trainInputs(1, j) = std::cos(3.0 * t);
        data.trainTargets(0, j) = std::sin(2.0 * t);
        data.trainTargets(1, j) = 0.5 * t * t - 0.2;
    }
    return data;
}

RunConfig smallConfig()
{
    RunConfig config;
    config.seed = 7;
    config.network.hidden = {5, 3};
    config.network.activation = Activation::Tanh;
    config.init.weights = WeightInit::XavierNormal;
    config.init.bias = BiasInit::PytorchDefault;
    config.training.optimizer = Optimizer::Sgd;
    config.training.learningRate = 0.05;
    config.training.iterations = 200;
    return config;
}

// Full-batch gradient descent on a tanh MLP written out with plain loops, independent of the
// Network class: w[l][i][k] is the weight from input k to unit i of layer l.
struct ReferenceMlp
{
    std::vector<std::vector<std::vector<double>>> w;
    std::vector<std::vector<double>> b;

    double step(const Dataset &data, double learningRate, bool update)
    {
        const auto layers = w.size();
        const auto samples = data.trainInputs.cols();
        const auto outputs = data.trainTargets.rows();
        auto gw = w;
        auto gb = b;
        for (auto &layer : gw)
            for (auto &row : layer)
                std::fill(row.begin(), row.end(), 0.0);
        for (auto &layer : gb)
            std::fill(layer.begin(), layer.end(), 0.0);

        double loss = 0.0;
        const double scale = 1.0 / double(samples * outputs);
        for (Eigen::Index s = 0; s < samples; ++s) {
            std::vector<std::vector<double>> a(layers + 1);
            a[0] = {data.trainInputs(0, s), data.trainInputs(1, s)};
            for (std::size_t l = 0; l < layers; ++l) {
                a[l + 1].resize(w[l].size());
                for (std::size_t i = 0; i < w[l].size(); ++i) {
                    double z = b[l][i];
                    for (std::size_t k = 0; k < a[l].size(); ++k)
                        z += w[l][i][k] * a[l][k];
                    a[l + 1][i] = l + 1 < layers ? std::tanh(z) : z;
                }
            }
            std::vector<double> delta(static_cast<std::size_t>(outputs));
            for (Eigen::Index o = 0; o < outputs; ++o) {
                const double error = a[layers][std::size_t(o)] - data.trainTargets(o, s);
                loss += error * error * scale;
                delta[std::size_t(o)] = 2.0 * error * scale;
            }
            for (std::size_t l = layers; l-- > 0;) {
                for (std::size_t i = 0; i < w[l].size(); ++i) {
                    gb[l][i] += delta[i];
                    for (std::size_t k = 0; k < a[l].size(); ++k)
                        gw[l][i][k] += delta[i] * a[l][k];
                }
                if (l == 0)
                    break;
                std::vector<double> previous(a[l].size(), 0.0);
                for (std::size_t k = 0; k < a[l].size(); ++k) {
                    for (std::size_t i = 0; i < w[l].size(); ++i)
                        previous[k] += w[l][i][k] * delta[i];
                    previous[k] *= 1.0 - a[l][k] * a[l][k];
                }
                delta = previous;
            }
        }
        if (update) {
            for (std::size_t l = 0; l < layers; ++l) {
                for (std::size_t i = 0; i < w[l].size(); ++i) {
                    b[l][i] -= learningRate * gb[l][i];
                    for (std::size_t k = 0; k < w[l][i].size(); ++k)
                        w[l][i][k] -= learningRate * gw[l][i][k];
                }
            }
        }
        return loss;
    }
};

ReferenceMlp referenceFrom(const NetworkParameters &parameters)
{
    ReferenceMlp mlp;
    for (const LayerParameters &layer : parameters) {
        std::vector<std::vector<double>> rows;
        for (Eigen::Index i = 0; i < layer.weights.rows(); ++i) {
            std::vector<double> row;
            for (Eigen::Index k = 0; k < layer.weights.cols(); ++k)
                row.push_back(layer.weights(i, k));
            rows.push_back(row);
        }
        mlp.w.push_back(rows);
        mlp.b.emplace_back(layer.biases.data(), layer.biases.data() + layer.biases.size());
    }
    return mlp;
}

double relativeDifference(double a, double b)
{
    return std::abs(a - b) / std::max(std::abs(a), std::abs(b));
}

// All parameters in one vector: each layer's weights (column-major), then its biases.
Eigen::VectorXd flatten(const NetworkParameters &parameters)
{
    std::vector<double> values;
    for (const LayerParameters &layer : parameters) {
        values.insert(values.end(), layer.weights.data(), layer.weights.data() + layer.weights.size());
        values.insert(values.end(), layer.biases.data(), layer.biases.data() + layer.biases.size());
    }
    return Eigen::Map<const Eigen::VectorXd>(values.data(), Eigen::Index(values.size()));
}

bool sameBits(const History &a, const History &b)
{
    if (a.size() != b.size())
        return false;
    for (qint64 row = 0; row < a.size(); ++row) {
        const double ma = a.mse(row);
        const double mb = b.mse(row);
        const float values[] = {a.batchMse(row), a.gradNorm(row), a.updateRatio(row), a.testMse(row)};
        const float others[] = {b.batchMse(row), b.gradNorm(row), b.updateRatio(row), b.testMse(row)};
        if (std::memcmp(&ma, &mb, sizeof ma) != 0 || std::memcmp(values, others, sizeof values) != 0)
            return false;
    }
    return true;
}

std::vector<std::vector<Eigen::Index>> recordBatches(Trainer &trainer)
{
    std::vector<std::vector<Eigen::Index>> batches;
    trainer.setIterationHook([&](const IterationRecord &record) {
        batches.emplace_back(record.batchSamples.begin(), record.batchSamples.end());
    });
    trainer.run();
    return batches;
}

} // namespace

class tst_Trainer : public QObject
{
    Q_OBJECT

private slots:
    void sgdMatchesReference();
    void fullBatchReusesForwardPass();
    void historyRows();
    void sameSeedIsBitIdentical_data();
    void sameSeedIsBitIdentical();
    void runInPiecesEqualsOneRun();
    void initializerLeavesDataAndBatchesAlone();
    void seedChangesDataInitAndBatches();
    void epochVisitsEverySampleOnce();
    void noHeapAllocationPerUpdate_data();
    void noHeapAllocationPerUpdate();
    void divergenceStopsRun_data();
    void divergenceStopsRun();
    void stopFromAnotherThread();
    void clippingLimitsTheStep();
    void testSetIsEvaluated();
    void predictMatchesRecordedMse();
    void emptyDatasetIsRejected();
    void liveLearningRateAppliesNextUpdate();
    void liveChangeKeepsMomentumBuffer();
    void liveChangeWithSameValuesChangesNothing();
    void liveChangeKeepsRunFields();
    void liveChangeOutOfRange_data();
    void liveChangeOutOfRange();
};

void tst_Trainer::sgdMatchesReference()
{
    const Dataset data = smallDataset();
    const RunConfig config = smallConfig();
    Trainer trainer(config, data);
    ReferenceMlp reference = referenceFrom(trainer.initialParameters());

    QVERIFY(relativeDifference(trainer.history().mse(0), reference.step(data, 0.0, false)) < 1e-12);
    trainer.run();
    QCOMPARE(trainer.iteration(), 200);

    for (int t = 1; t <= 200; ++t) {
        reference.step(data, config.training.learningRate, true);
        const double expected = reference.step(data, 0.0, false);
        const double difference = relativeDifference(trainer.history().mse(t), expected);
        QVERIFY2(difference < 1e-12,
                 qPrintable(QStringLiteral("iteration %1: MSE %2, reference %3")
                                .arg(t).arg(trainer.history().mse(t), 0, 'g', 17)
                                .arg(expected, 0, 'g', 17)));
    }
    // The loss must have moved for the comparison to mean anything.
    QVERIFY(trainer.history().mse(200) < 0.8 * trainer.history().mse(0));

    const NetworkParameters final = trainer.currentParameters();
    for (std::size_t l = 0; l < final.size(); ++l) {
        for (Eigen::Index i = 0; i < final[l].weights.rows(); ++i) {
            QVERIFY(relativeDifference(final[l].biases(i), reference.b[l][std::size_t(i)]) < 1e-12);
            for (Eigen::Index k = 0; k < final[l].weights.cols(); ++k) {
                const double expected = reference.w[l][std::size_t(i)][std::size_t(k)];
                QVERIFY(relativeDifference(final[l].weights(i, k), expected) < 1e-12);
            }
        }
    }
}

void tst_Trainer::fullBatchReusesForwardPass()
{
    Trainer trainer(smallConfig(), smallDataset());
    trainer.run();
    const History &history = trainer.history();
    for (qint64 t = 1; t < history.size(); ++t)
        QCOMPARE(history.batchMse(t), float(history.mse(t - 1)));
}

void tst_Trainer::historyRows()
{
    RunConfig config = smallConfig();
    config.training.schedule = Schedule::Cosine;
    config.training.warmupIterations = 20;
    config.training.minLearningRate = 0.001;
    Trainer trainer(config, smallDataset());
    QCOMPARE(trainer.history().size(), 1);
    trainer.run();

    const History &history = trainer.history();
    QCOMPARE(history.size(), config.training.iterations + 1);
    QVERIFY(std::isnan(history.batchMse(0)));
    QVERIFY(std::isnan(history.gradNorm(0)));
    QVERIFY(std::isnan(history.learningRate(0)));
    QVERIFY(std::isnan(history.testMse(0)));
    QVERIFY(!history.isNonFinite(0));
    for (qint64 t = 1; t < history.size(); ++t) {
        QCOMPARE(history.learningRate(t), float(learningRateAt(config.training, t - 1)));
        QVERIFY(history.gradNorm(t) > 0.0f);
        QVERIFY(history.updateRatio(t) > 0.0f);
        QVERIFY(history.hasLayerDetails(t));
        const float layerSquares = history.layerGradNorm(t, 0) * history.layerGradNorm(t, 0)
            + history.layerGradNorm(t, 1) * history.layerGradNorm(t, 1)
            + history.layerGradNorm(t, 2) * history.layerGradNorm(t, 2);
        QVERIFY(std::abs(std::sqrt(layerSquares) - history.gradNorm(t)) <= 1e-5f * history.gradNorm(t));
    }
    QVERIFY(History::bytesPerRow <= 32);
    QCOMPARE(History::layerStrideFor(10'000), 1);
    QCOMPARE(History::layerStrideFor(1'000'000), 10);
}

void tst_Trainer::sameSeedIsBitIdentical_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<Optimizer>("optimizer");
    QTest::addColumn<int>("batchSize");
    QTest::newRow("float64 sgd full batch") << Precision::Float64 << Optimizer::Sgd << 0;
    QTest::newRow("float64 adam batch 8") << Precision::Float64 << Optimizer::Adam << 8;
    QTest::newRow("float32 momentum batch 1") << Precision::Float32 << Optimizer::Momentum << 1;
    QTest::newRow("float32 rmsprop full batch") << Precision::Float32 << Optimizer::RmsProp << 0;
}

void tst_Trainer::sameSeedIsBitIdentical()
{
    QFETCH(Precision, precision);
    QFETCH(Optimizer, optimizer);
    QFETCH(int, batchSize);

    RunConfig config = smallConfig();
    config.training.precision = precision;
    config.training.optimizer = optimizer;
    config.training.batchSize = batchSize;
    config.training.learningRate = 0.01;
    config.dataset.noise = 0.1;
    config.dataset.testFraction = 0.2;

    Trainer first(config, loadDataset(config));
    Trainer second(config, loadDataset(config));
    first.run();
    second.run();
    QVERIFY(sameBits(first.history(), second.history()));

    const NetworkParameters a = first.currentParameters();
    const NetworkParameters b = second.currentParameters();
    for (std::size_t l = 0; l < a.size(); ++l) {
        QVERIFY(a[l].weights == b[l].weights);
        QVERIFY(a[l].biases == b[l].biases);
    }

    // A different seed must give a different history, or the check above proves nothing.
    config.seed += 1;
    Trainer third(config, loadDataset(config));
    third.run();
    QVERIFY(!sameBits(first.history(), third.history()));
}

void tst_Trainer::runInPiecesEqualsOneRun()
{
    RunConfig config = smallConfig();
    config.training.batchSize = 4;
    Trainer whole(config, smallDataset());
    Trainer pieces(config, smallDataset());
    whole.run();
    while (!pieces.isFinished())
        QVERIFY(pieces.run(13) > 0);
    QVERIFY(sameBits(whole.history(), pieces.history()));
    QCOMPARE(pieces.run(), 0);
}

void tst_Trainer::initializerLeavesDataAndBatchesAlone()
{
    RunConfig xavier = smallConfig();
    xavier.dataset.noise = 0.2;
    xavier.dataset.outlierFraction = 0.1;
    xavier.dataset.testFraction = 0.25;
    xavier.training.batchSize = 16;
    RunConfig he = xavier;
    he.init.weights = WeightInit::HeUniform;
    he.init.bias = BiasInit::Zeros;

    const Dataset xavierData = loadDataset(xavier);
    const Dataset heData = loadDataset(he);
    QVERIFY(xavierData.trainInputs == heData.trainInputs);
    QVERIFY(xavierData.trainTargets == heData.trainTargets);
    QVERIFY(xavierData.testInputs == heData.testInputs);
    QVERIFY(xavierData.outlierSamples == heData.outlierSamples);

    Trainer xavierTrainer(xavier, xavierData);
    Trainer heTrainer(he, heData);
    QVERIFY(xavierTrainer.initialParameters()[0].weights != heTrainer.initialParameters()[0].weights);
    const auto xavierBatches = recordBatches(xavierTrainer);
    const auto heBatches = recordBatches(heTrainer);
    QCOMPARE(xavierBatches.size(), std::size_t(xavier.training.iterations));
    QVERIFY(xavierBatches == heBatches);

    // And the other way round: changing the data leaves the initial weights alone.
    RunConfig noisier = xavier;
    noisier.dataset.noise = 0.5;
    Trainer noisierTrainer(noisier, loadDataset(noisier));
    QVERIFY(loadDataset(noisier).trainTargets != xavierData.trainTargets);
    QVERIFY(noisierTrainer.initialParameters()[1].weights
            == Trainer(xavier, xavierData).initialParameters()[1].weights);
}

void tst_Trainer::seedChangesDataInitAndBatches()
{
    RunConfig a = smallConfig();
    a.dataset.noise = 0.2;
    a.training.batchSize = 5;
    RunConfig b = a;
    b.seed = a.seed + 1;

    QVERIFY(loadDataset(a).trainTargets != loadDataset(b).trainTargets);
    Trainer first(a, loadDataset(a));
    Trainer second(b, loadDataset(b));
    QVERIFY(first.initialParameters()[0].weights != second.initialParameters()[0].weights);
    QVERIFY(recordBatches(first) != recordBatches(second));
}

void tst_Trainer::epochVisitsEverySampleOnce()
{
    RunConfig config = smallConfig();
    config.training.batchSize = 7;
    config.training.iterations = 15; // three epochs of 30 samples: 7, 7, 7, 7, 2
    Trainer trainer(config, smallDataset(30));
    const auto batches = recordBatches(trainer);
    QCOMPARE(batches.size(), std::size_t(15));

    for (int epoch = 0; epoch < 3; ++epoch) {
        std::multiset<Eigen::Index> seen;
        for (int k = 0; k < 5; ++k) {
            const auto &batch = batches[std::size_t(epoch * 5 + k)];
            QCOMPARE(batch.size(), std::size_t(k < 4 ? 7 : 2));
            seen.insert(batch.begin(), batch.end());
        }
        QCOMPARE(seen.size(), std::size_t(30));
        QCOMPARE(std::set<Eigen::Index>(seen.begin(), seen.end()).size(), std::size_t(30));
    }
    // Epochs are reshuffled.
    QVERIFY(batches[0] != batches[5]);
}

void tst_Trainer::noHeapAllocationPerUpdate_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<Optimizer>("optimizer");
    QTest::addColumn<int>("batchSize");
    QTest::addColumn<double>("testFraction");
    QTest::addColumn<double>("clipNorm");
    QTest::newRow("full batch sgd") << Precision::Float64 << Optimizer::Sgd << 0 << 0.0 << 0.0;
    QTest::newRow("mini-batch adam") << Precision::Float64 << Optimizer::Adam << 7 << 0.0 << 0.0;
    QTest::newRow("test split nesterov") << Precision::Float64 << Optimizer::Nesterov << 0 << 0.3
                                         << 0.0;
    QTest::newRow("float32 rmsprop clipped") << Precision::Float32 << Optimizer::RmsProp << 4
                                             << 0.2 << 0.5;
}

void tst_Trainer::noHeapAllocationPerUpdate()
{
#if !INITLAB_COUNT_ALLOCATIONS
    QSKIP("allocation counting is off under AddressSanitizer");
#else
    QFETCH(Precision, precision);
    QFETCH(Optimizer, optimizer);
    QFETCH(int, batchSize);
    QFETCH(double, testFraction);
    QFETCH(double, clipNorm);

    RunConfig config = smallConfig();
    config.training.precision = precision;
    config.training.optimizer = optimizer;
    config.training.batchSize = batchSize;
    config.training.clipNorm = clipNorm;
    config.training.weightDecay = 1e-4;
    config.dataset.testFraction = testFraction;
    config.training.iterations = 500;
    // Measuring a spike allocates, which happens only at a spike's start; this run must have none.
    config.spikes.minRatio = 1e6;
    qint64 hookCalls = 0;
    Trainer trainer(config, loadDataset(config));
    trainer.setIterationHook([&](const IterationRecord &) { ++hookCalls; });
    trainer.run(10);

    // The allocation counter is not a tautology: it counts allocations in this process.
    allocationCount = 0;
    countingAllocations = true;
    void *probe = std::malloc(16);
    countingAllocations = false;
    std::free(probe);
    QCOMPARE(allocationCount.load(), 1L);

    allocationCount = 0;
    countingAllocations = true;
    const qint64 done = trainer.run(400);
    countingAllocations = false;
    QCOMPARE(done, 400);
    QCOMPARE(hookCalls, 410);
    QVERIFY(trainer.spikes().empty());
    QCOMPARE(allocationCount.load(), 0L);
#endif
}

void tst_Trainer::divergenceStopsRun_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::newRow("float64") << Precision::Float64;
    QTest::newRow("float32") << Precision::Float32;
}

void tst_Trainer::divergenceStopsRun()
{
    QFETCH(Precision, precision);
    RunConfig config = smallConfig();
    config.network.activation = Activation::Relu;
    config.training.precision = precision;
    config.training.learningRate = 50.0;
    config.training.iterations = 5000;
    Trainer trainer(config, smallDataset());
    trainer.run();

    QVERIFY(trainer.hasDiverged());
    QVERIFY(trainer.isFinished());
    QVERIFY(trainer.iteration() < config.training.iterations);
    const qint64 last = trainer.history().size() - 1;
    QCOMPARE(last, trainer.iteration());
    QVERIFY(trainer.history().isNonFinite(last));
    QVERIFY(!std::isfinite(trainer.history().mse(last)));
    QVERIFY(std::isfinite(trainer.history().mse(0)));
    QCOMPARE(trainer.run(), 0);
}

void tst_Trainer::stopFromAnotherThread()
{
    RunConfig config = smallConfig();
    config.training.iterations = 10'000'000;
    Trainer trainer(config, smallDataset());
    std::atomic<bool> started{false};
    trainer.setIterationHook([&](const IterationRecord &) { started = true; });
    qint64 done = 0;
    std::thread worker([&] { done = trainer.run(); });
    while (!started)
        std::this_thread::yield();
    trainer.requestStop();
    worker.join();

    QVERIFY(done > 0);
    QVERIFY(done < config.training.iterations);
    QCOMPARE(trainer.iteration(), done);
    // The stop request is spent: the next run continues.
    QCOMPARE(trainer.run(5), 5);
}

void tst_Trainer::clippingLimitsTheStep()
{
    RunConfig config = smallConfig();
    config.training.learningRate = 0.5;
    config.training.clipNorm = 0.01;
    config.training.iterations = 1;
    Trainer trainer(config, smallDataset());
    const NetworkParameters before = trainer.initialParameters();
    trainer.run();
    const NetworkParameters after = trainer.currentParameters();

    double squared = 0.0;
    for (std::size_t l = 0; l < before.size(); ++l) {
        squared += (after[l].weights - before[l].weights).squaredNorm();
        squared += (after[l].biases - before[l].biases).squaredNorm();
    }
    const double gradNorm = trainer.history().gradNorm(1);
    QVERIFY(gradNorm > 0.01);
    const double expected = 0.5 * 0.01 * gradNorm / (gradNorm + 1e-6);
    QVERIFY(std::abs(std::sqrt(squared) - expected) < 1e-9);
}

void tst_Trainer::testSetIsEvaluated()
{
    RunConfig config = smallConfig();
    config.dataset.testFraction = 0.3;
    const Dataset data = loadDataset(config);
    QCOMPARE(data.testCount(), 60);
    QCOMPARE(data.trainCount(), 140);
    Trainer trainer(config, data);
    trainer.run(20);
    for (qint64 t = 0; t <= 20; ++t) {
        QVERIFY(std::isfinite(trainer.history().testMse(t)));
        QVERIFY(trainer.history().testMse(t) > 0.0f);
    }
    const Eigen::MatrixXd predicted = trainer.predict(data.testInputs);
    const double mse = (predicted - data.testTargets).squaredNorm() / double(data.testCount());
    QVERIFY(std::abs(mse - trainer.history().testMse(20)) <= 1e-6 * mse);
}

void tst_Trainer::predictMatchesRecordedMse()
{
    const Dataset data = smallDataset();
    Trainer trainer(smallConfig(), data);
    trainer.run(50);
    const Eigen::MatrixXd predicted = trainer.predict(data.trainInputs);
    const double mse = (predicted - data.trainTargets).squaredNorm() / double(predicted.size());
    QVERIFY(relativeDifference(mse, trainer.currentMse()) < 1e-14);
}

void tst_Trainer::emptyDatasetIsRejected()
{
    Dataset empty;
    empty.trainInputs.resize(1, 0);
    empty.trainTargets.resize(1, 0);
    try {
        Trainer trainer(smallConfig(), empty);
        QFAIL("a dataset without samples was accepted");
    } catch (const ConfigError &error) {
        QVERIFY(QString::fromStdString(error.what()).contains(QStringLiteral("no training samples")));
    }
}

void tst_Trainer::liveLearningRateAppliesNextUpdate()
{
    RunConfig config = smallConfig();
    config.training.schedule = Schedule::Step;
    config.training.stepSize = 1000;
    Trainer trainer(config, smallDataset());
    trainer.run(10);

    TrainingConfig changed = config.training;
    changed.learningRate = 0.2;
    changed.stepSize = 15;
    changed.stepGamma = 0.1;
    trainer.setTrainingParameters(changed);
    QCOMPARE(trainer.config().training.learningRate, 0.2);
    trainer.run(10);

    const History &history = trainer.history();
    for (qint64 t = 1; t <= 10; ++t)
        QCOMPARE(history.learningRate(t), 0.05f);
    // Update t uses the step schedule at step t - 1: 0.2 before step 15, 0.02 from it on.
    for (qint64 t = 11; t <= 15; ++t)
        QCOMPARE(history.learningRate(t), 0.2f);
    for (qint64 t = 16; t <= 20; ++t)
        QCOMPARE(history.learningRate(t), float(0.2 * 0.1));
}

void tst_Trainer::liveChangeKeepsMomentumBuffer()
{
    RunConfig config = smallConfig();
    config.training.optimizer = Optimizer::Momentum;
    config.training.momentum = 0.9;
    const double learningRate = config.training.learningRate;
    Trainer changed(config, smallDataset());
    Trainer unchanged(config, smallDataset());
    changed.run(19);
    unchanged.run(20);
    const Eigen::VectorXd p19 = flatten(changed.currentParameters());
    changed.run(1);
    const Eigen::VectorXd p20 = flatten(changed.currentParameters());
    QVERIFY(p20 == flatten(unchanged.currentParameters()));
    unchanged.run(1);
    const Eigen::VectorXd p21 = flatten(unchanged.currentParameters());

    TrainingConfig training = config.training;
    training.momentum = 0.5;
    training.learningRate = 0.08;
    changed.setTrainingParameters(training);
    changed.run(1);
    const Eigen::VectorXd actual = flatten(changed.currentParameters());

    // The momentum rule p <- p - lr (mu v + g), with the buffer v and gradient g recovered from
    // the parameters: v20 = (p19 - p20) / lr and g20 = (p20 - p21) / lr - 0.9 v20. p21 comes from
    // the run that kept its settings.
    const Eigen::VectorXd v20 = (p19 - p20) / learningRate;
    const Eigen::VectorXd g20 = (p20 - p21) / learningRate - 0.9 * v20;
    const Eigen::VectorXd expected = p20 - 0.08 * (0.5 * v20 + g20);
    const Eigen::VectorXd ifReset = p20 - 0.08 * g20;
    const double updateNorm = (actual - p20).norm();
    QVERIFY(updateNorm > 0.0);
    QVERIFY2((actual - expected).norm() < 1e-8 * updateNorm,
             qPrintable(QStringLiteral("distance %1 for an update of %2")
                            .arg((actual - expected).norm()).arg(updateNorm)));
    // A reset buffer would give a clearly different step, or the check above proves nothing.
    QVERIFY((ifReset - expected).norm() > 1e-3 * updateNorm);
    QCOMPARE(changed.history().learningRate(21), 0.08f);
}

void tst_Trainer::liveChangeWithSameValuesChangesNothing()
{
    RunConfig config = smallConfig();
    config.training.optimizer = Optimizer::Adam;
    config.training.learningRate = 0.01;
    config.training.batchSize = 8;
    Trainer whole(config, smallDataset());
    Trainer pieces(config, smallDataset());
    whole.run();
    while (!pieces.isFinished()) {
        pieces.run(17);
        pieces.setTrainingParameters(config.training);
    }
    QVERIFY(sameBits(whole.history(), pieces.history()));
}

void tst_Trainer::liveChangeKeepsRunFields()
{
    const RunConfig config = smallConfig();
    Trainer trainer(config, smallDataset());
    TrainingConfig training = config.training;
    training.optimizer = Optimizer::Adam;
    training.batchSize = 4;
    training.iterations = 5;
    training.precision = Precision::Float32;
    training.weightDecay = 0.01;
    trainer.setTrainingParameters(training);

    const TrainingConfig &current = trainer.config().training;
    QVERIFY(current.optimizer == Optimizer::Sgd);
    QCOMPARE(current.batchSize, 0);
    QCOMPARE(current.iterations, 200);
    QVERIFY(current.precision == Precision::Float64);
    QCOMPARE(current.weightDecay, 0.01);
    QCOMPARE(trainer.totalIterations(), 200);
    QCOMPARE(trainer.run(), 200);
}

void tst_Trainer::liveChangeOutOfRange_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("value");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("shownValue");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("zero learning rate") << "learningRate" << 0.0 << "training.learningRate" << "0";
    QTest::newRow("momentum of 1") << "momentum" << 1.0 << "training.momentum" << "1";
    QTest::newRow("negative clip norm") << "clipNorm" << -0.5 << "training.clipNorm" << "-0.5";
    QTest::newRow("NaN epsilon") << "epsilon" << nan << "training.epsilon" << "nan";
    QTest::newRow("warm-up past iterations") << "warmupIterations" << 201.0
                                             << "training.warmupIterations" << "201";
    QTest::newRow("minimum above learning rate") << "minLearningRate" << 0.5
                                                 << "training.minLearningRate" << "0.5";
}

void tst_Trainer::liveChangeOutOfRange()
{
    QFETCH(QString, field);
    QFETCH(double, value);
    QFETCH(QString, key);
    QFETCH(QString, shownValue);

    const RunConfig config = smallConfig();
    Trainer trainer(config, smallDataset());
    trainer.run(3);
    TrainingConfig training = config.training;
    // Valid changes next to the bad one must not be applied either.
    training.weightDecay = 0.5;
    if (field == QLatin1StringView("learningRate"))
        training.learningRate = value;
    else if (field == QLatin1StringView("momentum"))
        training.momentum = value;
    else if (field == QLatin1StringView("clipNorm"))
        training.clipNorm = value;
    else if (field == QLatin1StringView("epsilon"))
        training.epsilon = value;
    else if (field == QLatin1StringView("warmupIterations"))
        training.warmupIterations = int(value);
    else if (field == QLatin1StringView("minLearningRate"))
        training.minLearningRate = value;
    else
        QFAIL("unknown field in the test table");

    try {
        trainer.setTrainingParameters(training);
        QFAIL("an out-of-range value was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.contains(key + QStringLiteral(": ")), qPrintable(message));
        QVERIFY2(message.contains(shownValue, Qt::CaseInsensitive), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("expected")), qPrintable(message));
    }

    QCOMPARE(trainer.config().training.weightDecay, 0.0);
    QCOMPARE(trainer.config().training.learningRate, config.training.learningRate);
    trainer.run(1);
    QCOMPARE(trainer.history().learningRate(4), float(config.training.learningRate));
}

QTEST_GUILESS_MAIN(tst_Trainer)
#include "tst_trainer.moc"
