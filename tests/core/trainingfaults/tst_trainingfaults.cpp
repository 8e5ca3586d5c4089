// Training runs pushed to their limits: divergence to NaN and infinity, overflowing activations,
// the extreme learning rates, the widest network and a dataset of one sample. Each must end as a
// result (a history, a divergence event with its diagnosis) or be rejected with a message.

#include "csvimport.h"
#include "datasetloader.h"
#include "diagnosis.h"
#include "errors.h"
#include "runconfig.h"
#include "trainer.h"

#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <limits>

using namespace initlab;

namespace {

// Eight points of a parabola, two inputs and one target, one sample per column.
Dataset parabola()
{
    Dataset data;
    data.trainInputs.resize(2, 8);
    data.trainTargets.resize(1, 8);
    for (int j = 0; j < 8; ++j) {
        const double t = -1.0 + 2.0 * j / 7.0;
        data.trainInputs(0, j) = t;
        data.trainInputs(1, j) = 1.0 - t;
        data.trainTargets(0, j) = t * t;
    }
    return data;
}

RunConfig baseConfig()
{
    RunConfig config;
    config.seed = 3;
    config.network.hidden = {8, 8};
    config.init.weights = WeightInit::XavierNormal;
    config.training.iterations = 2000;
    return config;
}

enum class Ending { NaN, Infinity };

// Checks what every diverged run must show: the last row is the divergence, flagged non-finite,
// every row before it is finite, and the last spike event is a divergence diagnosed as
// numerical instability.
void checkDiverged(const Trainer &trainer)
{
    QVERIFY(trainer.hasDiverged());
    QVERIFY(trainer.isFinished());
    const History &history = trainer.history();
    const qint64 last = history.size() - 1;
    QCOMPARE(last, trainer.iteration());
    QVERIFY(history.isNonFinite(last));
    QVERIFY(history.flags(last) & History::Spike);
    for (qint64 row = 0; row < last; ++row)
        QVERIFY2(std::isfinite(history.mse(row)), qPrintable(QString::number(row)));

    QVERIFY(!trainer.spikes().empty());
    const SpikeReport &report = trainer.spikes().back();
    QVERIFY(report.event.divergence);
    QCOMPARE(report.event.start, last);
    QCOMPARE(report.event.end, last);
    QCOMPARE(toString(report.diagnosis.cause), QStringLiteral("numerical_instability"));
    QVERIFY2(report.diagnosis.explanation.contains(QStringLiteral("NaN or infinite")),
             qPrintable(report.diagnosis.explanation));
}

QString writeTextFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return QString();
    return path;
}

} // namespace

class tst_TrainingFaults : public QObject
{
    Q_OBJECT

private slots:
    void divergence_data();
    void divergence();
    void divergedRunStaysFinished();
    void activationOverflow_data();
    void activationOverflow();
    void zeroLearningRateRejected();
    void largestLearningRate_data();
    void largestLearningRate();
    void widestNetwork_data();
    void widestNetwork();
    void oneSampleFromConfigRejected();
    void oneSampleFromCsv_data();
    void oneSampleFromCsv();
};

void tst_TrainingFaults::divergence_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<Activation>("activation");
    QTest::addColumn<double>("learningRate");
    QTest::addColumn<Ending>("ending");

    QTest::newRow("float64 to infinity") << Precision::Float64 << Activation::Relu << 1000.0
                                         << Ending::Infinity;
    QTest::newRow("float32 to infinity") << Precision::Float32 << Activation::Relu << 1000.0
                                         << Ending::Infinity;
    // Without an activation to bound them, weights of both signs grow until a sum of +inf and
    // -inf gives NaN.
    QTest::newRow("float64 to NaN") << Precision::Float64 << Activation::Linear << 10.0
                                    << Ending::NaN;
    QTest::newRow("float32 to NaN") << Precision::Float32 << Activation::Linear << 10.0
                                    << Ending::NaN;
}

void tst_TrainingFaults::divergence()
{
    QFETCH(Precision, precision);
    QFETCH(Activation, activation);
    QFETCH(double, learningRate);
    QFETCH(Ending, ending);

    RunConfig config = baseConfig();
    config.training.precision = precision;
    config.network.activation = activation;
    config.training.learningRate = learningRate;
    Trainer trainer(config, parabola());
    trainer.run();

    checkDiverged(trainer);
    const double last = trainer.history().mse(trainer.iteration());
    QVERIFY(trainer.iteration() > 0);
    if (ending == Ending::NaN)
        QVERIFY2(std::isnan(last), qPrintable(QString::number(last)));
    else
        QVERIFY2(std::isinf(last), qPrintable(QString::number(last)));
}

// A diverged run performs no further update, however often it is asked to.
void tst_TrainingFaults::divergedRunStaysFinished()
{
    RunConfig config = baseConfig();
    config.network.activation = Activation::Relu;
    config.training.learningRate = 1000.0;
    Trainer trainer(config, parabola());
    trainer.run();
    QVERIFY(trainer.hasDiverged());
    const qint64 rows = trainer.history().size();
    const std::size_t events = trainer.spikes().size();

    QCOMPARE(trainer.run(), 0);
    QCOMPARE(trainer.run(10), 0);
    trainer.finishSpikes();
    QCOMPARE(trainer.history().size(), rows);
    QCOMPARE(trainer.spikes().size(), events);
}

void tst_TrainingFaults::activationOverflow_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::addColumn<Activation>("activation");
    QTest::addColumn<double>("gain");
    QTest::addColumn<bool>("diverges");

    QTest::newRow("sigmoid float64 saturates") << Precision::Float64 << Activation::Sigmoid << 1e150
                                               << false;
    QTest::newRow("sigmoid float32 saturates") << Precision::Float32 << Activation::Sigmoid << 1e15
                                               << false;
    QTest::newRow("tanh float32 saturates") << Precision::Float32 << Activation::Tanh << 1e15
                                            << false;
    // Saturated units of value 1 times output weights of 1e30 give outputs whose square
    // overflows float32 in the initial model.
    QTest::newRow("tanh float32 output overflows") << Precision::Float32 << Activation::Tanh
                                                   << 1e30 << true;
    QTest::newRow("relu float64 overflows") << Precision::Float64 << Activation::Relu << 1e150
                                            << true;
    QTest::newRow("relu float32 overflows") << Precision::Float32 << Activation::Relu << 1e30
                                            << true;
}

// A huge normal gain drives every pre-activation far beyond the range of the activation. A
// bounded activation saturates and the run trains on. An unbounded one overflows in the initial
// model, so the run ends as diverged at iteration 0.
void tst_TrainingFaults::activationOverflow()
{
    QFETCH(Precision, precision);
    QFETCH(Activation, activation);
    QFETCH(double, gain);
    QFETCH(bool, diverges);

    RunConfig config = baseConfig();
    config.training.precision = precision;
    config.network.activation = activation;
    config.init.gain = gain;
    config.training.iterations = 50;
    Trainer trainer(config, parabola());
    trainer.run();

    QCOMPARE(trainer.hasDiverged(), diverges);
    QVERIFY(trainer.isFinished());
    if (diverges) {
        checkDiverged(trainer);
        return;
    }
    QCOMPARE(trainer.iteration(), qint64(config.training.iterations));
    for (qint64 row = 0; row < trainer.history().size(); ++row)
        QVERIFY(std::isfinite(trainer.history().mse(row)));
}

// The configuration rejects a learning rate of zero, which would train nothing, and so does a
// change during the run.
void tst_TrainingFaults::zeroLearningRateRejected()
{
    RunConfig config = baseConfig();
    Trainer trainer(config, parabola());
    TrainingConfig training = config.training;
    training.learningRate = 0.0;
    try {
        trainer.setTrainingParameters(training);
        QFAIL("a learning rate of zero was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), QStringLiteral("training.learningRate"));
        QVERIFY2(message.contains(QStringLiteral("greater than 0")), qPrintable(message));
    }
    QCOMPARE(trainer.run(5), 5);
    QCOMPARE(trainer.history().learningRate(5), float(config.training.learningRate));
}

void tst_TrainingFaults::largestLearningRate_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::newRow("float64") << Precision::Float64;
    QTest::newRow("float32") << Precision::Float32;
}

// 1000 is the largest learning rate accepted. SGD and momentum diverge with it on this problem.
// Adam does not, because its step is at most about the learning rate per parameter, so the
// weights grow by at most 1000 per update and the run ends with a finite MSE.
void tst_TrainingFaults::largestLearningRate()
{
    QFETCH(Precision, precision);
    RunConfig config = baseConfig();
    config.training.precision = precision;
    config.training.learningRate = 1000.0;
    for (const Optimizer optimizer : {Optimizer::Sgd, Optimizer::Momentum}) {
        config.training.optimizer = optimizer;
        Trainer trainer(config, parabola());
        trainer.run();
        checkDiverged(trainer);
    }

    config.training.optimizer = Optimizer::Adam;
    Trainer adam(config, parabola());
    adam.run();
    QVERIFY(!adam.hasDiverged());
    QCOMPARE(adam.iteration(), qint64(config.training.iterations));
    for (qint64 row = 0; row < adam.history().size(); ++row)
        QVERIFY(std::isfinite(adam.history().mse(row)));

    config.training.learningRate = 1001.0;
    try {
        parseRunConfig(QJsonDocument(toJson(config)).toJson(), QStringLiteral("run.json"));
        QFAIL("a learning rate above 1000 was accepted");
    } catch (const ConfigError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(QStringLiteral("1001")), error.what());
    }
}

void tst_TrainingFaults::widestNetwork_data()
{
    QTest::addColumn<Precision>("precision");
    QTest::newRow("float64") << Precision::Float64;
    QTest::newRow("float32") << Precision::Float32;
}

// Two hidden layers of 1024 units, the largest width accepted, on 200 samples: 1 050 625
// parameters.
void tst_TrainingFaults::widestNetwork()
{
    QFETCH(Precision, precision);
    RunConfig config = baseConfig();
    config.network.hidden = {1024, 1024};
    config.training.precision = precision;
    config.training.learningRate = 0.01;
    config.training.iterations = 3;
    Trainer trainer(config, loadDataset(config));

    const NetworkParameters initial = trainer.initialParameters();
    QCOMPARE(initial.size(), std::size_t(3));
    qint64 parameters = 0;
    for (const LayerParameters &layer : initial)
        parameters += layer.weights.size() + layer.biases.size();
    QCOMPARE(parameters, qint64(1024 + 1024 + 1024 * 1024 + 1024 + 1024 + 1));

    QCOMPARE(trainer.run(), qint64(3));
    QVERIFY(!trainer.hasDiverged());
    const History &history = trainer.history();
    QCOMPARE(history.size(), qint64(4));
    for (qint64 row = 0; row < history.size(); ++row)
        QVERIFY(std::isfinite(history.mse(row)));
    QVERIFY2(history.mse(3) < history.mse(0),
             qPrintable(QStringLiteral("%1 -> %2").arg(history.mse(0)).arg(history.mse(3))));
    QVERIFY(history.gradNorm(1) > 0.0f);
}

void tst_TrainingFaults::oneSampleFromConfigRejected()
{
    const QByteArray json = R"({"dataset": {"kind": "sine", "samples": 1}})";
    try {
        parseRunConfig(json, QStringLiteral("one.json"));
        QFAIL("a generated dataset of one sample was accepted");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), QStringLiteral("dataset.samples"));
        QVERIFY2(message.startsWith(QStringLiteral("one.json: dataset.samples")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("from 4 to")), qPrintable(message));
    }
}

void tst_TrainingFaults::oneSampleFromCsv_data()
{
    QTest::addColumn<QByteArray>("csv");
    QTest::addColumn<double>("testFraction");
    QTest::addColumn<bool>("standardize");
    QTest::addColumn<int>("trainCount");
    QTest::addColumn<int>("testCount");

    const QByteArray one("x,y\n0.5,2\n");
    const QByteArray two("x,y\n0.5,2\n1.5,3\n");
    QTest::newRow("one sample") << one << 0.0 << false << 1 << 0;
    QTest::newRow("one sample with a test split") << one << 0.5 << false << 1 << 0;
    QTest::newRow("two samples, one held out") << two << 0.5 << false << 1 << 1;
    QTest::newRow("one sample standardized") << one << 0.0 << true << 1 << 0;
}

// One training sample is enough to train, and a test split keeps it for training. Standardized,
// the sample becomes all zeros (centred, with scale 1 since it has no spread), which the
// zero-bias network fits from the start.
void tst_TrainingFaults::oneSampleFromCsv()
{
    QFETCH(QByteArray, csv);
    QFETCH(double, testFraction);
    QFETCH(bool, standardize);
    QFETCH(int, trainCount);
    QFETCH(int, testCount);

    QTemporaryDir dir;
    const QString path = writeTextFile(dir, QStringLiteral("one.csv"), csv);
    QVERIFY(!path.isEmpty());
    RunConfig config = baseConfig();
    config.dataset.kind = DatasetKind::Csv;
    config.dataset.path = path;
    config.dataset.testFraction = testFraction;
    config.dataset.standardize = standardize;
    config.training.iterations = 100;
    config.training.batchSize = 4;

    const Dataset dataset = loadDataset(config);
    QCOMPARE(int(dataset.trainCount()), trainCount);
    QCOMPARE(int(dataset.testCount()), testCount);
    Trainer trainer(config, dataset);
    trainer.run();

    QVERIFY(!trainer.hasDiverged());
    QCOMPARE(trainer.iteration(), qint64(100));
    const History &history = trainer.history();
    if (standardize) {
        QCOMPARE(dataset.trainInputs(0, 0), 0.0);
        QCOMPARE(dataset.trainTargets(0, 0), 0.0);
        QCOMPARE(history.mse(0), 0.0);
        QCOMPARE(history.mse(100), 0.0);
        return;
    }
    QVERIFY(history.mse(100) < history.mse(0));
    QVERIFY2(history.mse(100) < 1e-3, qPrintable(QString::number(history.mse(100))));
    QCOMPARE(std::isfinite(history.testMse(100)), testCount > 0);
}

QTEST_GUILESS_MAIN(tst_TrainingFaults)
#include "tst_trainingfaults.moc"
