// Demonstrations that disturb a run (Trainer::boostLearningRate and friends), snapshots and
// rewinding: a rewound run must repeat its losses bit for bit.

#include "datasetloader.h"
#include "errors.h"
#include "presets.h"
#include "trainer.h"

#include <QTest>

#include <cstring>

using namespace initlab;

Q_DECLARE_METATYPE(RunConfig)
Q_DECLARE_METATYPE(SpikeCause)

namespace {

std::unique_ptr<Trainer> makeTrainer(const RunConfig &config)
{
    return std::make_unique<Trainer>(config, loadDataset(config));
}

RunConfig miniBatchConfig()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.optimizer = Optimizer::Momentum;
    config.training.learningRate = 0.05;
    config.training.batchSize = 16;
    config.training.iterations = 1500;
    return config;
}

// Every stored value of every row, bit for bit.
bool sameHistory(const History &a, const History &b, QString *where)
{
    if (a.size() != b.size()) {
        *where = QStringLiteral("%1 rows against %2").arg(a.size()).arg(b.size());
        return false;
    }
    for (qint64 row = 0; row < a.size(); ++row) {
        const double ma = a.mse(row);
        const double mb = b.mse(row);
        const float va[] = {a.batchMse(row), a.gradNorm(row), a.learningRate(row),
                            a.updateRatio(row), a.testMse(row)};
        const float vb[] = {b.batchMse(row), b.gradNorm(row), b.learningRate(row),
                            b.updateRatio(row), b.testMse(row)};
        if (std::memcmp(&ma, &mb, sizeof ma) != 0 || std::memcmp(va, vb, sizeof va) != 0
            || a.flags(row) != b.flags(row)) {
            *where = QStringLiteral("row %1: MSE %2 against %3").arg(row).arg(ma).arg(mb);
            return false;
        }
    }
    return true;
}

struct SpikeSummary
{
    qint64 start;
    qint64 end;
    SpikeCause cause;
    bool operator==(const SpikeSummary &) const = default;
};

std::vector<SpikeSummary> summarize(const std::vector<SpikeReport> &spikes)
{
    std::vector<SpikeSummary> result;
    for (const SpikeReport &report : spikes)
        result.push_back({report.event.start, report.event.end, report.diagnosis.cause});
    return result;
}

// Trains to the end, applying the scripted demonstrations at their iterations.
enum class Script { None, Boost, Outliers, Scale, Everything };

void train(Trainer &trainer, Script script)
{
    const auto runTo = [&trainer](qint64 iteration) {
        trainer.run(iteration - trainer.iteration());
    };
    if (script == Script::Boost || script == Script::Everything) {
        runTo(300);
        trainer.boostLearningRate(10.0, 50);
    }
    if (script == Script::Outliers || script == Script::Everything) {
        runTo(500);
        trainer.injectOutlierBatch(10.0);
    }
    if (script == Script::Scale || script == Script::Everything) {
        runTo(700);
        trainer.scaleLayerWeights(1, 3.0);
    }
    if (script == Script::Everything) {
        runTo(900);
        TrainingConfig training = trainer.config().training;
        training.learningRate *= 0.5;
        trainer.setTrainingParameters(training);
    }
    trainer.run();
}

} // namespace

class TestRewind : public QObject
{
    Q_OBJECT

private slots:
    void rewindRepeatsLossesBitForBit_data();
    void rewindRepeatsLossesBitForBit();
    void replayedInterventionsAreReported();
    void rewindWithoutSnapshot();
    void snapshotsThinOutWhenFull();
    void rewindDivergedRun();
    void demonstrationsAreDiagnosed_data();
    void demonstrationsAreDiagnosed();
    void boostRaisesOnlyItsUpdates();
    void invalidDemonstrations_data();
    void invalidDemonstrations();
    void layerSignalsFollowTheNetwork();
};

void TestRewind::rewindRepeatsLossesBitForBit_data()
{
    QTest::addColumn<RunConfig>("config");
    QTest::addColumn<int>("script");
    QTest::addColumn<qint64>("rewindTo");
    QTest::addColumn<qint64>("expectedSnapshot");

    RunConfig fullBatch = loadPreset(QStringLiteral("default"));
    fullBatch.training.iterations = 1500;
    RunConfig float32 = miniBatchConfig();
    float32.training.precision = Precision::Float32;
    RunConfig adam = loadPreset(QStringLiteral("four-neuron-spikes"));
    adam.training.iterations = 5000;

    QTest::newRow("full batch, no demonstration") << fullBatch << int(Script::None) << qint64(650)
                                                  << qint64(600);
    QTest::newRow("full batch, every demonstration")
        << fullBatch << int(Script::Everything) << qint64(250) << qint64(200);
    QTest::newRow("mini-batch momentum, every demonstration")
        << miniBatchConfig() << int(Script::Everything) << qint64(499) << qint64(400);
    QTest::newRow("float32 mini-batch, outliers") << float32 << int(Script::Outliers)
                                                  << qint64(500) << qint64(500);
    QTest::newRow("adam past a natural spike") << adam << int(Script::None) << qint64(4000)
                                               << qint64(4000);
}

void TestRewind::rewindRepeatsLossesBitForBit()
{
    QFETCH(RunConfig, config);
    QFETCH(int, script);
    QFETCH(qint64, rewindTo);
    QFETCH(qint64, expectedSnapshot);

    // A run without snapshots is the reference.
    auto reference = makeTrainer(config);
    train(*reference, Script(script));

    auto trainer = makeTrainer(config);
    trainer->setSnapshotInterval(100);
    train(*trainer, Script(script));
    QString where;
    QVERIFY2(sameHistory(trainer->history(), reference->history(), &where), qPrintable(where));
    const std::vector<SpikeSummary> spikes = summarize(trainer->spikes());

    QCOMPARE(trainer->rewind(rewindTo), expectedSnapshot);
    QCOMPARE(trainer->iteration(), expectedSnapshot);
    QCOMPARE(trainer->history().size(), expectedSnapshot + 1);
    QVERIFY(!trainer->isFinished());
    QCOMPARE(trainer->snapshotIterations().back(), expectedSnapshot);
    for (const SpikeReport &report : trainer->spikes())
        QVERIFY(report.event.start <= expectedSnapshot);

    // Replayed step by step, as a teacher would.
    for (int i = 0; i < 20; ++i)
        QCOMPARE(trainer->run(1), qint64(1));
    trainer->run();
    QVERIFY2(sameHistory(trainer->history(), reference->history(), &where), qPrintable(where));
    QVERIFY(summarize(trainer->spikes()) == spikes);
    QVERIFY(trainer->currentParameters().back().weights
            == reference->currentParameters().back().weights);
}

void TestRewind::replayedInterventionsAreReported()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 1000;
    auto trainer = makeTrainer(config);
    trainer->setSnapshotInterval(100);
    std::vector<std::pair<Intervention::Kind, qint64>> replayed;
    trainer->setInterventionHook([&](const Intervention &intervention, const TrainingConfig &) {
        replayed.emplace_back(intervention.kind, intervention.iteration);
    });
    train(*trainer, Script::Everything);
    QVERIFY(replayed.empty()); // applied on request, not replayed
    QCOMPARE(trainer->interventions().size(), std::size_t(4));

    QCOMPARE(trainer->rewind(450), qint64(400));
    trainer->run();
    const std::vector<std::pair<Intervention::Kind, qint64>> expected{
        {Intervention::Kind::OutlierBatch, 500},
        {Intervention::Kind::ScaleLayer, 700},
        {Intervention::Kind::TrainingParameters, 900},
    };
    QVERIFY(replayed == expected);
    QCOMPARE(trainer->interventions().size(), std::size_t(4));
    QCOMPARE(trainer->config().training.learningRate, config.training.learningRate * 0.5);
}

void TestRewind::rewindWithoutSnapshot()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 300;
    auto trainer = makeTrainer(config);
    trainer->run(50);
    QCOMPARE(trainer->rewind(10), qint64(-1)); // snapshots are off
    QCOMPARE(trainer->iteration(), qint64(50));

    trainer->setSnapshotInterval(100); // the first snapshot is taken now, at 50
    trainer->run(100);
    QCOMPARE(trainer->snapshotIterations(), (std::vector<qint64>{50, 100}));
    QCOMPARE(trainer->rewind(49), qint64(-1));
    QCOMPARE(trainer->iteration(), qint64(150));
    QCOMPARE(trainer->history().size(), qint64(151));

    trainer->setSnapshotInterval(0);
    QVERIFY(trainer->snapshotIterations().empty());
    QCOMPARE(trainer->rewind(120), qint64(-1));
}

void TestRewind::snapshotsThinOutWhenFull()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 1000;
    auto trainer = makeTrainer(config);
    trainer->setSnapshotInterval(10, 8);
    trainer->run(400);
    const std::vector<qint64> kept = trainer->snapshotIterations();
    QVERIFY(kept.size() <= 8);
    QVERIFY(kept.size() >= 4);
    QCOMPARE(kept.front(), qint64(0));
    QVERIFY(trainer->snapshotInterval() > 10);
    for (std::size_t i = 1; i < kept.size(); ++i)
        QVERIFY(kept[i] > kept[i - 1]);
    // The newest is at most one interval old.
    QVERIFY(400 - kept.back() < trainer->snapshotInterval());
}

void TestRewind::rewindDivergedRun()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.learningRate = 1000.0;
    config.training.iterations = 500;
    auto trainer = makeTrainer(config);
    trainer->setSnapshotInterval(1);
    trainer->run();
    QVERIFY(trainer->hasDiverged());
    const qint64 divergedAt = trainer->iteration();
    const std::vector<SpikeSummary> spikes = summarize(trainer->spikes());
    QVERIFY(divergedAt > 1);

    QCOMPARE(trainer->rewind(divergedAt - 1), divergedAt - 1);
    QVERIFY(!trainer->hasDiverged());
    QVERIFY(std::isfinite(trainer->currentMse()));
    trainer->run();
    QVERIFY(trainer->hasDiverged());
    QCOMPARE(trainer->iteration(), divergedAt);
    QVERIFY(summarize(trainer->spikes()) == spikes);
}

void TestRewind::demonstrationsAreDiagnosed_data()
{
    QTest::addColumn<QString>("preset");
    QTest::addColumn<int>("script");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<SpikeCause>("cause");
    QTest::addColumn<QString>("note");

    QTest::newRow("learning rate x10, full batch")
        << QStringLiteral("default") << int(Script::Boost) << qint64(300)
        << SpikeCause::LearningRateTooHigh << QStringLiteral("learning rate x10 for 50 updates");
    QTest::newRow("outliers, full batch")
        << QStringLiteral("default") << int(Script::Outliers) << qint64(500)
        << SpikeCause::OutlierBatch << QStringLiteral("outlier batch: targets shifted by 10 std");
    QTest::newRow("layer 1 x3, full batch")
        << QStringLiteral("default") << int(Script::Scale) << qint64(700)
        << SpikeCause::ExplodingGradient << QStringLiteral("layer 1 weights x3");
}

void TestRewind::demonstrationsAreDiagnosed()
{
    QFETCH(QString, preset);
    QFETCH(int, script);
    QFETCH(qint64, at);
    QFETCH(SpikeCause, cause);
    QFETCH(QString, note);

    RunConfig config = loadPreset(preset);
    config.training.iterations = int(at) + 200;
    auto trainer = makeTrainer(config);
    train(*trainer, Script(script));

    const SpikeReport *found = nullptr;
    for (const SpikeReport &report : trainer->spikes()) {
        if (report.event.start > at && report.event.start <= at + 60) {
            found = &report;
            break;
        }
    }
    QVERIFY2(found, "no spike follows the demonstration");
    QCOMPARE(toString(found->diagnosis.cause), toString(cause));
    QVERIFY2(found->diagnosis.explanation.contains(
                 QStringLiteral("at iteration %1, the run was changed on request: %2.")
                     .arg(at)
                     .arg(note)),
             qPrintable(found->diagnosis.explanation));
    QCOMPARE(describe(trainer->interventions().front()), note);
}

void TestRewind::boostRaisesOnlyItsUpdates()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.learningRate = 0.01;
    config.training.iterations = 200;
    auto trainer = makeTrainer(config);
    trainer->run(100);
    trainer->boostLearningRate(4.0, 5);
    trainer->run();
    const History &history = trainer->history();
    QCOMPARE(history.learningRate(100), 0.01f);
    for (qint64 row = 101; row <= 105; ++row)
        QCOMPARE(history.learningRate(row), 0.04f);
    QCOMPARE(history.learningRate(106), 0.01f);
}

void TestRewind::invalidDemonstrations_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<double>("value");
    QTest::addColumn<int>("count");
    QTest::addColumn<QString>("message");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double inf = std::numeric_limits<double>::infinity();
    QTest::newRow("boost factor 0") << 0 << 0.0 << 50
                                    << QStringLiteral("Invalid learning-rate factor 0");
    QTest::newRow("boost factor NaN") << 0 << nan << 50
                                      << QStringLiteral("Invalid learning-rate factor nan");
    QTest::newRow("boost for 0 updates") << 0 << 10.0 << 0
                                         << QStringLiteral("Invalid number of updates 0");
    QTest::newRow("outlier offset 0") << 1 << 0.0 << 0
                                      << QStringLiteral("Invalid outlier offset 0");
    QTest::newRow("outlier offset inf") << 1 << inf << 0
                                        << QStringLiteral("Invalid outlier offset inf");
    QTest::newRow("layer 0") << 2 << 3.0 << 0
                             << QStringLiteral("Invalid layer 0: this network has layers 1 to 2");
    QTest::newRow("layer 3 of 2") << 2 << 3.0 << 3 << QStringLiteral("Invalid layer 3");
    QTest::newRow("weight factor inf") << 2 << inf << 1 << QStringLiteral("Invalid weight factor inf");
}

void TestRewind::invalidDemonstrations()
{
    QFETCH(int, kind);
    QFETCH(double, value);
    QFETCH(int, count);
    QFETCH(QString, message);

    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 100;
    auto trainer = makeTrainer(config);
    trainer->run(10);
    const auto weights = trainer->currentParameters();
    try {
        if (kind == 0)
            trainer->boostLearningRate(value, count);
        else if (kind == 1)
            trainer->injectOutlierBatch(value);
        else
            trainer->scaleLayerWeights(count, value);
        QFAIL("no error");
    } catch (const ConfigError &error) {
        QVERIFY2(QString::fromUtf8(error.what()).contains(message), error.what());
    }
    QVERIFY(trainer->interventions().empty());
    QVERIFY(trainer->currentParameters().front().weights == weights.front().weights);
    trainer->run();
    QCOMPARE(trainer->history().learningRate(11), float(config.training.learningRate));
}

void TestRewind::layerSignalsFollowTheNetwork()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 50;
    auto trainer = makeTrainer(config);
    trainer->run();
    Eigen::MatrixXd inputs(1, 3);
    inputs << -1.0, 0.25, 2.0;

    for (const bool initial : {false, true}) {
        const NetworkParameters parameters = initial ? trainer->initialParameters()
                                                     : trainer->currentParameters();
        const std::vector<LayerSignals> signalsOf = trainer->layerSignals(inputs, initial);
        QCOMPARE(signalsOf.size(), std::size_t(2));
        Eigen::MatrixXd a = inputs;
        for (std::size_t l = 0; l < 2; ++l) {
            const Eigen::MatrixXd z = (parameters[l].weights * a).colwise()
                + parameters[l].biases;
            QVERIFY((signalsOf[l].z - z).cwiseAbs().maxCoeff() < 1e-12);
            a = l == 0 ? Eigen::MatrixXd(z.array().tanh()) : z;
            QVERIFY((signalsOf[l].a - a).cwiseAbs().maxCoeff() < 1e-6);
        }
        QVERIFY((signalsOf[1].z - (initial ? signalsOf[1].z : trainer->predict(inputs)))
                    .cwiseAbs()
                    .maxCoeff()
                < 1e-12);
    }
}

QTEST_GUILESS_MAIN(TestRewind)
#include "tst_rewind.moc"
