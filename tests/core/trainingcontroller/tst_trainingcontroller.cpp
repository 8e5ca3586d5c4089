// The training controller. Runs on its thread must give the same values as a Trainer run directly,
// in batches of bounded rate. Also tested: pause, step, stop and restart, live hyperparameter
// changes, rejected data, divergence, spike updates, slow speeds and shutdown while running.

#include "datasetloader.h"
#include "presets.h"
#include "trainer.h"
#include "trainingcontroller.h"

#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>

using namespace initlab;

Q_DECLARE_METATYPE(Optimizer)

namespace {

// Generous limit for a wait, so that a busy machine does not fail a test that would pass.
constexpr int waitMilliseconds = 60000;

RunConfig defaultRun(int iterations)
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = iterations;
    return config;
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

bool samePoint(const TrainingPoint &a, const TrainingPoint &b)
{
    return a.iteration == b.iteration && sameBits(a.mse, b.mse) && sameBits(a.testMse, b.testMse)
        && sameBits(a.gradNorm, b.gradNorm) && sameBits(a.learningRate, b.learningRate)
        && a.nonFinite == b.nonFinite;
}

QString describe(const TrainingPoint &point)
{
    return QStringLiteral("iteration %1: mse %2, test %3, gradient norm %4, learning rate %5")
        .arg(point.iteration)
        .arg(point.mse, 0, 'g', 17)
        .arg(point.testMse, 0, 'g', 17)
        .arg(point.gradNorm, 0, 'g', 17)
        .arg(point.learningRate, 0, 'g', 17);
}

// The points (row 0 at index 0) and final spike reports of a Trainer run directly on config.
struct DirectRun
{
    std::vector<TrainingPoint> points;
    std::vector<SpikeReport> spikes;
};

DirectRun runDirectly(const RunConfig &config)
{
    DirectRun result;
    Trainer trainer(config, loadDataset(config));
    TrainingPoint initial;
    initial.mse = trainer.history().mse(0);
    result.points.push_back(initial);
    trainer.setIterationHook([&result](const IterationRecord &record) {
        result.points.push_back({record.iteration, record.mse, record.testMse, record.gradNorm,
                                 record.learningRate, record.nonFinite});
    });
    trainer.run();
    trainer.finishSpikes();
    result.spikes = trainer.spikes();
    return result;
}

// Records every signal of a controller, and the current run as a front end would rebuild it.
class Recorder
{
public:
    explicit Recorder(TrainingController &controller)
    {
        QObject::connect(&controller, &TrainingController::runLoaded, &m_context,
                         [this](const RunInfo &info) {
                             loads.push_back(info);
                             points.clear();
                             spikes.clear();
                             spikeUpdates.clear();
                             events.clear();
                             order.append(QStringLiteral("loaded"));
                         });
        QObject::connect(&controller, &TrainingController::batchReady, &m_context,
                         [this](const TrainingBatch &batch) { addBatch(batch); });
        QObject::connect(&controller, &TrainingController::stateChanged, &m_context,
                         [this](TrainingState state, qint64 iteration) {
                             states.emplace_back(state, iteration);
                             order.append(QStringLiteral("state ") + toString(state));
                         });
        QObject::connect(&controller, &TrainingController::failed, &m_context,
                         [this](const QString &message) {
                             failures.append(message);
                             order.append(QStringLiteral("failed"));
                         });
        QObject::connect(&controller, &TrainingController::rewound, &m_context,
                         [this](qint64 iteration, const TrainingBatch &history) {
                             rewinds.push_back(iteration);
                             order.append(QStringLiteral("rewound"));
                             points.clear();
                             spikes.clear();
                             events.clear();
                             // Row 0 comes with the history, as it does with RunInfo.
                             TrainingBatch rest = history;
                             if (!rest.points.empty() && rest.points.front().iteration == 0)
                                 rest.points.erase(rest.points.begin());
                             addBatch(rest);
                             batches.pop_back();
                         });
        QObject::connect(&controller, &TrainingController::insightReady, &m_context,
                         [this](const InsightSnapshot &snapshot) {
                             insights.push_back(snapshot);
                         });
    }

    int countState(TrainingState state) const
    {
        return int(std::count_if(states.begin(), states.end(),
                                 [state](const auto &entry) { return entry.first == state; }));
    }
    bool lastStateIs(TrainingState state, qint64 iteration) const
    {
        return !states.empty() && states.back().first == state
            && states.back().second == iteration;
    }
    qint64 lastIteration() const { return points.empty() ? 0 : points.back().iteration; }

    std::vector<RunInfo> loads;
    std::vector<TrainingBatch> batches;
    std::vector<std::pair<TrainingState, qint64>> states;
    std::vector<qint64> rewinds;
    std::vector<InsightSnapshot> insights;
    QStringList failures;
    QStringList order;
    // Broken promises: a gap or repeat in the points, a spike index past the end.
    QStringList errors;

    // The current run, since the last runLoaded().
    std::vector<TrainingPoint> points;
    std::vector<SpikeReport> spikes;
    std::vector<SpikeUpdate> spikeUpdates;
    std::vector<TrainingEvent> events;

private:
    void addBatch(const TrainingBatch &batch)
    {
        batches.push_back(batch);
        order.append(QStringLiteral("batch"));
        for (const TrainingPoint &point : batch.points) {
            if (point.iteration != lastIteration() + 1) {
                errors.append(QStringLiteral("point %1 follows point %2")
                                  .arg(point.iteration)
                                  .arg(lastIteration()));
            }
            points.push_back(point);
        }
        for (const SpikeUpdate &update : batch.spikes) {
            spikeUpdates.push_back(update);
            if (update.index < 0 || std::size_t(update.index) > spikes.size())
                errors.append(QStringLiteral("spike index %1 with %2 known").arg(update.index)
                                  .arg(spikes.size()));
            else if (std::size_t(update.index) == spikes.size())
                spikes.push_back(update.report);
            else
                spikes[std::size_t(update.index)] = update.report;
        }
        events.insert(events.end(), batch.events.begin(), batch.events.end());
    }

    QObject m_context;
};

// Expects the worker's log line for a failure whose message contains part.
void ignoreFailure(const QString &part)
{
    const QString pattern = QStringLiteral("request failed: .*") + QRegularExpression::escape(part);
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(pattern));
}

void setField(TrainingConfig &training, const QString &field, double value)
{
    if (field == QLatin1StringView("learningRate"))
        training.learningRate = value;
    else if (field == QLatin1StringView("momentum"))
        training.momentum = value;
    else if (field == QLatin1StringView("beta1"))
        training.beta1 = value;
    else if (field == QLatin1StringView("epsilon"))
        training.epsilon = value;
    else if (field == QLatin1StringView("weightDecay"))
        training.weightDecay = value;
    else if (field == QLatin1StringView("clipNorm"))
        training.clipNorm = value;
    else if (field == QLatin1StringView("schedule"))
        training.schedule = Schedule(int(value));
    else
        qFatal("setField: unknown field %s", qPrintable(field));
}

} // namespace

class tst_TrainingController : public QObject
{
    Q_OBJECT

private slots:
    void stateNames_data();
    void stateNames();
    void loadReportsRunInfo();
    void fullRunMatchesTrainer();
    void batchRateIsBounded();
    void pauseHaltsProgress();
    void stepAddsRequestedUpdates();
    void stepEpochAddsOneEpoch();
    void stopThenStartRestarts();
    void liveChangeWhilePaused();
    void liveChangeWhileRunning();
    void liveChangeEventText_data();
    void liveChangeEventText();
    void invalidLiveValueFails();
    void badDataKeepsPreviousRun_data();
    void badDataKeepsPreviousRun();
    void failedLoadKeepsRunRunning();
    void divergenceEndsRun();
    void divergedInitialModel();
    void spikesMatchTrainer_data();
    void spikesMatchTrainer();
    void startStopRepeatedly();
    void destroyWhileRunning();
    void slowSpeedSpreadsUpdates_data();
    void slowSpeedSpreadsUpdates();
    void speedChangeAppliesLive();
    void layerGradientNormsInBatches();
    void insightsFollowTheRun();
    void demonstrationGivesEventAndDiagnosedSpike_data();
    void demonstrationGivesEventAndDiagnosedSpike();
    void invalidDemonstrationFails();
    void rewindReplaysSameLosses();
    void rewindWithoutSnapshotsFails();
};

void tst_TrainingController::stateNames_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<QString>("name");
    QTest::newRow("empty") << int(TrainingState::Empty) << "empty";
    QTest::newRow("ready") << int(TrainingState::Ready) << "ready";
    QTest::newRow("running") << int(TrainingState::Running) << "running";
    QTest::newRow("paused") << int(TrainingState::Paused) << "paused";
    QTest::newRow("finished") << int(TrainingState::Finished) << "finished";
    QTest::newRow("diverged") << int(TrainingState::Diverged) << "diverged";
}

void tst_TrainingController::stateNames()
{
    QFETCH(int, state);
    QFETCH(QString, name);
    QCOMPARE(toString(TrainingState(state)), name);
}

void tst_TrainingController::loadReportsRunInfo()
{
    TrainingController controller;
    Recorder recorder(controller);
    QCOMPARE(toString(controller.state()), QStringLiteral("empty"));
    QVERIFY(controller.workerThread()->isRunning());
    QVERIFY(controller.workerThread() != QThread::currentThread());

    RunConfig config = defaultRun(300);
    config.dataset.testFraction = 0.25;
    controller.load(config);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.states.size(), std::size_t(1), waitMilliseconds);

    QCOMPARE(recorder.order, QStringList({"loaded", "state ready"}));
    QCOMPARE(recorder.states[0].second, 0);
    QCOMPARE(toString(controller.state()), QStringLiteral("ready"));
    const RunInfo &info = recorder.loads.at(0);
    QCOMPARE(info.config.name, QStringLiteral("default"));
    QCOMPARE(info.config.training.iterations, 300);
    QCOMPARE(info.totalIterations, 300);
    QCOMPARE(info.trainSamples, 150);
    QCOMPARE(info.testSamples, 50);
    QCOMPARE(info.inputs, 1);
    QCOMPARE(info.outputs, 1);
    QCOMPARE(info.parameterCount, 13); // 4 x 1 weights + 4 biases, then 1 x 4 weights + 1 bias
    QCOMPARE(info.updatesPerEpoch, 1);

    Trainer direct(config, loadDataset(config));
    QCOMPARE(info.initial.iteration, 0);
    QVERIFY(sameBits(info.initial.mse, direct.history().mse(0)));
    QCOMPARE(info.initial.testMse, double(direct.history().testMse(0)));
    QVERIFY(std::isnan(info.initial.gradNorm));
    QVERIFY(std::isnan(info.initial.learningRate));
    QVERIFY(!info.initial.nonFinite);
    QVERIFY(recorder.batches.empty());
}

void tst_TrainingController::fullRunMatchesTrainer()
{
    TrainingController controller;
    Recorder recorder(controller);
    RunConfig config = defaultRun(3000);
    config.dataset.testFraction = 0.2;
    controller.load(config);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);

    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    QCOMPARE(recorder.order.first(), QStringLiteral("loaded"));
    QCOMPARE(recorder.order.last(), QStringLiteral("state finished"));
    QCOMPARE(recorder.states.size(), std::size_t(3));
    QCOMPARE(toString(recorder.states[1].first), QStringLiteral("running"));
    QVERIFY(recorder.lastStateIs(TrainingState::Finished, 3000));
    QCOMPARE(toString(controller.state()), QStringLiteral("finished"));
    QCOMPARE(recorder.points.size(), std::size_t(3000));

    const DirectRun direct = runDirectly(config);
    for (std::size_t t = 1; t <= 3000; ++t) {
        const TrainingPoint &point = recorder.points[t - 1];
        QVERIFY2(samePoint(point, direct.points[t]),
                 qPrintable(describe(point) + QStringLiteral(" but directly ")
                            + describe(direct.points[t])));
    }
    QVERIFY(recorder.points.back().mse < 0.5 * recorder.loads[0].initial.mse);
}

void tst_TrainingController::batchRateIsBounded()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(200'000));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Ready) == 1, waitMilliseconds);

    QElapsedTimer clock;
    clock.start();
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, 4 * waitMilliseconds);
    const qint64 elapsed = clock.elapsed();

    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    QCOMPARE(recorder.points.size(), std::size_t(200'000));
    const qint64 limit = elapsed * TrainingController::batchesPerSecond / 1000 + 3;
    QVERIFY2(qint64(recorder.batches.size()) <= limit,
             qPrintable(QStringLiteral("%1 batches in %2 ms").arg(recorder.batches.size())
                            .arg(elapsed)));
}

void tst_TrainingController::pauseHaltsProgress()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(1'000'000));
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.points.empty(), waitMilliseconds);

    controller.pause();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);
    QCOMPARE(recorder.order.last(), QStringLiteral("state paused"));
    const qint64 pausedAt = recorder.states.back().second;
    QVERIFY(pausedAt < 1'000'000);
    QCOMPARE(recorder.lastIteration(), pausedAt);
    QCOMPARE(toString(controller.state()), QStringLiteral("paused"));

    // Had updates gone on after the pause, the step's point would not be the next one.
    const std::size_t batchesAtPause = recorder.batches.size();
    controller.step(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);
    QCOMPARE(recorder.batches.size(), batchesAtPause + 1);
    QCOMPARE(recorder.batches.back().points.size(), std::size_t(1));
    QCOMPARE(recorder.batches.back().points[0].iteration, pausedAt + 1);
    QVERIFY(recorder.lastStateIs(TrainingState::Paused, pausedAt + 1));
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
}

void tst_TrainingController::stepAddsRequestedUpdates()
{
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = defaultRun(100);
    controller.load(config);

    controller.step(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);
    QCOMPARE(recorder.points.size(), std::size_t(1));
    QCOMPARE(recorder.points[0].iteration, 1);
    QVERIFY(recorder.lastStateIs(TrainingState::Paused, 1));
    QCOMPARE(recorder.order,
             QStringList({"loaded", "state ready", "batch", "state paused"}));

    controller.step(3);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);
    QCOMPARE(recorder.batches.back().points.size(), std::size_t(3));
    QCOMPARE(recorder.lastIteration(), 4);
    QVERIFY(recorder.lastStateIs(TrainingState::Paused, 4));

    // A step past the end performs the updates left and finishes the run.
    controller.step(1000);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);
    QVERIFY(recorder.lastStateIs(TrainingState::Finished, 100));
    QCOMPARE(recorder.points.size(), std::size_t(100));
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));

    const DirectRun direct = runDirectly(config);
    for (std::size_t t = 1; t <= 100; ++t)
        QVERIFY2(samePoint(recorder.points[t - 1], direct.points[t]), qPrintable(describe(recorder.points[t - 1])));
}

void tst_TrainingController::stepEpochAddsOneEpoch()
{
    TrainingController controller;
    Recorder recorder(controller);
    RunConfig config = defaultRun(100);
    config.training.batchSize = 64;
    controller.load(config);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Ready) == 1, waitMilliseconds);
    QCOMPARE(recorder.loads[0].updatesPerEpoch, 4); // 200 samples: 64 + 64 + 64 + 8

    controller.stepEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);
    QVERIFY(recorder.lastStateIs(TrainingState::Paused, 4));
    QCOMPARE(recorder.points.size(), std::size_t(4));

    controller.stepEpoch();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);
    QVERIFY(recorder.lastStateIs(TrainingState::Paused, 8));
    QCOMPARE(recorder.points.size(), std::size_t(8));
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));

    const DirectRun direct = runDirectly(config);
    for (std::size_t t = 1; t <= 8; ++t)
        QVERIFY2(samePoint(recorder.points[t - 1], direct.points[t]), qPrintable(describe(recorder.points[t - 1])));
}

void tst_TrainingController::stopThenStartRestarts()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(1'000'000));
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.points.empty(), waitMilliseconds);
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);

    const qint64 stoppedAt = recorder.states.back().second;
    QVERIFY(stoppedAt > 0);
    QVERIFY(stoppedAt < 1'000'000);
    QCOMPARE(recorder.lastIteration(), stoppedAt);
    QCOMPARE(recorder.events.size(), std::size_t(1));
    QCOMPARE(recorder.events[0].iteration, stoppedAt);
    QCOMPARE(recorder.events[0].text, QStringLiteral("stopped"));
    QCOMPARE(toString(controller.state()), QStringLiteral("finished"));
    const std::vector<TrainingPoint> firstRun = recorder.points;

    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.loads.size() == 2 && !recorder.points.empty(),
                             waitMilliseconds);
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 2, waitMilliseconds);

    const QStringList afterStop = recorder.order.mid(recorder.order.indexOf("state finished") + 1);
    QCOMPARE(afterStop.mid(0, 3), QStringList({"loaded", "state ready", "state running"}));
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    QCOMPARE(recorder.points.front().iteration, 1);
    const std::size_t common = std::min(firstRun.size(), recorder.points.size());
    for (std::size_t i = 0; i < common; ++i)
        QVERIFY2(samePoint(recorder.points[i], firstRun[i]), qPrintable(describe(firstRun[i])));
}

void tst_TrainingController::liveChangeWhilePaused()
{
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = defaultRun(100);
    controller.load(config);
    controller.step(10);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);

    TrainingConfig training = config.training;
    training.learningRate = 0.5;
    controller.setTrainingParameters(training);
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.events.empty(), waitMilliseconds);
    QCOMPARE(recorder.events.size(), std::size_t(1));
    QCOMPARE(recorder.events[0].text, QStringLiteral("learning rate 0.1 -> 0.5"));
    QCOMPARE(recorder.events[0].iteration, 11);

    controller.step(5);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);
    QCOMPARE(recorder.points.size(), std::size_t(15));
    for (const TrainingPoint &point : recorder.points)
        QCOMPARE(point.learningRate, point.iteration < 11 ? 0.1 : 0.5);

    // The change is part of the run's config: a reset keeps it.
    controller.reset();
    QTRY_COMPARE_WITH_TIMEOUT(recorder.loads.size(), std::size_t(2), waitMilliseconds);
    QCOMPARE(recorder.loads[1].config.training.learningRate, 0.5);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Ready, 0), waitMilliseconds);
}

void tst_TrainingController::liveChangeWhileRunning()
{
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = defaultRun(1'000'000);
    controller.load(config);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.points.empty(), waitMilliseconds);

    TrainingConfig training = config.training;
    training.learningRate = 0.05;
    controller.setTrainingParameters(training);
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.events.empty(), waitMilliseconds);
    const qint64 changedAt = recorder.events[0].iteration;
    QCOMPARE(recorder.events[0].text, QStringLiteral("learning rate 0.1 -> 0.05"));
    QVERIFY(changedAt > 1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastIteration() > changedAt + 10, waitMilliseconds);
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);

    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    for (const TrainingPoint &point : recorder.points)
        QCOMPARE(point.learningRate, point.iteration < changedAt ? 0.1 : 0.05);
}

void tst_TrainingController::liveChangeEventText_data()
{
    QTest::addColumn<Optimizer>("optimizer");
    QTest::addColumn<QString>("field");
    QTest::addColumn<double>("from");
    QTest::addColumn<double>("to");
    QTest::addColumn<QString>("text"); // empty: no event

    QTest::newRow("learning rate") << Optimizer::Sgd << "learningRate" << 0.1 << 0.5
                                   << "learning rate 0.1 -> 0.5";
    QTest::newRow("momentum") << Optimizer::Momentum << "momentum" << 0.9 << 0.5
                              << "momentum 0.9 -> 0.5";
    QTest::newRow("clipping on") << Optimizer::Sgd << "clipNorm" << 0.0 << 1.0
                                 << "clipping off -> 1";
    QTest::newRow("clipping off") << Optimizer::Sgd << "clipNorm" << 2.5 << 0.0
                                  << "clipping 2.5 -> off";
    QTest::newRow("adam epsilon") << Optimizer::Adam << "epsilon" << 1e-8 << 1e-6
                                  << "epsilon 1e-08 -> 1e-06";
    QTest::newRow("weight decay") << Optimizer::Sgd << "weightDecay" << 0.0 << 0.001
                                  << "weight decay 0 -> 0.001";
    QTest::newRow("schedule") << Optimizer::Sgd << "schedule" << double(Schedule::Constant)
                              << double(Schedule::Cosine) << "schedule constant -> cosine";
    QTest::newRow("beta1 of sgd") << Optimizer::Sgd << "beta1" << 0.9 << 0.5 << "";
}

void tst_TrainingController::liveChangeEventText()
{
    QFETCH(Optimizer, optimizer);
    QFETCH(QString, field);
    QFETCH(double, from);
    QFETCH(double, to);
    QFETCH(QString, text);

    TrainingController controller;
    Recorder recorder(controller);
    RunConfig config = defaultRun(100);
    config.training.optimizer = optimizer;
    config.training.learningRate = 0.1;
    setField(config.training, field, from);
    controller.load(config);
    controller.step(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);

    TrainingConfig training = config.training;
    setField(training, field, to);
    controller.setTrainingParameters(training);
    // Requests are handled in order, so an event would arrive before the step's Paused.
    controller.step(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);

    QVERIFY(recorder.failures.isEmpty());
    if (text.isEmpty()) {
        QCOMPARE(recorder.events.size(), std::size_t(0));
        return;
    }
    QCOMPARE(recorder.events.size(), std::size_t(1));
    QCOMPARE(recorder.events[0].text, text);
    QCOMPARE(recorder.events[0].iteration, 3);
}

void tst_TrainingController::invalidLiveValueFails()
{
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = defaultRun(100);
    controller.load(config);
    controller.step(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);

    TrainingConfig training = config.training;
    training.learningRate = -1.0;
    training.weightDecay = 0.1;
    ignoreFailure(QStringLiteral("training.learningRate"));
    controller.setTrainingParameters(training);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    const QString message = recorder.failures[0];
    QVERIFY2(message.contains(QStringLiteral("training.learningRate")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("-1")), qPrintable(message));

    controller.step(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);
    QCOMPARE(recorder.lastIteration(), 3);
    QCOMPARE(recorder.points.back().learningRate, 0.1);
    QVERIFY(recorder.events.empty());
    QCOMPARE(toString(controller.state()), QStringLiteral("paused"));
}

void tst_TrainingController::badDataKeepsPreviousRun_data()
{
    QTest::addColumn<QString>("fileName"); // empty: no path
    QTest::addColumn<QByteArray>("content"); // written to fileName unless empty
    QTest::addColumn<QStringList>("expected"); // parts of the message

    QTest::newRow("missing file") << "missing.csv" << QByteArray()
                                  << QStringList({"missing.csv"});
    QTest::newRow("text in a number column")
        << "bad.csv" << QByteArray("x,y\n1,2\n3,abc\n4,5\n") << QStringList({"bad.csv", "3"});
    QTest::newRow("csv without path") << "" << QByteArray() << QStringList({"dataset.path"});
}

void tst_TrainingController::badDataKeepsPreviousRun()
{
    QFETCH(QString, fileName);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, expected);

    QTemporaryDir directory;
    QVERIFY(directory.isValid());
    if (!content.isEmpty()) {
        QFile file(directory.filePath(fileName));
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    }

    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(100));
    controller.step(2);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 1, waitMilliseconds);

    RunConfig bad = defaultRun(100);
    bad.dataset.kind = DatasetKind::Csv;
    bad.dataset.path = fileName;
    ignoreFailure(expected.first());
    controller.load(bad, directory.path());
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    for (const QString &part : expected)
        QVERIFY2(recorder.failures[0].contains(part), qPrintable(recorder.failures[0]));
    QCOMPARE(recorder.loads.size(), std::size_t(1));
    QCOMPARE(toString(controller.state()), QStringLiteral("paused"));

    controller.step(1);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Paused) == 2, waitMilliseconds);
    QCOMPARE(recorder.lastIteration(), 3);
    QCOMPARE(recorder.points.size(), std::size_t(3));
}

void tst_TrainingController::failedLoadKeepsRunRunning()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(1'000'000));
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.points.empty(), waitMilliseconds);

    RunConfig bad = defaultRun(100);
    bad.dataset.kind = DatasetKind::Csv;
    bad.dataset.path = QStringLiteral("/nonexistent/initlab/data.csv");
    ignoreFailure(QStringLiteral("data.csv"));
    controller.load(bad);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    const qint64 atFailure = recorder.lastIteration();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastIteration() > atFailure, waitMilliseconds);
    QCOMPARE(toString(controller.state()), QStringLiteral("running"));
    QCOMPARE(recorder.loads.size(), std::size_t(1));
    controller.stop();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
}

void tst_TrainingController::divergenceEndsRun()
{
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = loadPreset(QStringLiteral("numerical-instability"));
    controller.load(config);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Diverged) == 1, waitMilliseconds);

    const qint64 divergedAt = recorder.states.back().second;
    QVERIFY(divergedAt > 0);
    QVERIFY(divergedAt < config.training.iterations);
    QCOMPARE(recorder.lastIteration(), divergedAt);
    QVERIFY(recorder.points.back().nonFinite);
    QVERIFY(!std::isfinite(recorder.points.back().mse));
    QCOMPARE(toString(controller.state()), QStringLiteral("diverged"));

    QVERIFY(!recorder.spikeUpdates.empty());
    const SpikeUpdate &last = recorder.spikeUpdates.back();
    QVERIFY(last.change == SpikeDetector::Change::Diverged);
    QVERIFY(last.report.event.divergence);
    QCOMPARE(last.report.event.start, divergedAt);
    QCOMPARE(recorder.spikes.size(), runDirectly(config).spikes.size());

    // A diverged run does not start again. The rejected change after start() marks the point at
    // which the worker has handled it.
    const std::size_t batches = recorder.batches.size();
    controller.start();
    TrainingConfig training = config.training;
    training.learningRate = 0.0;
    ignoreFailure(QStringLiteral("training.learningRate"));
    controller.setTrainingParameters(training);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    QCOMPARE(recorder.countState(TrainingState::Running), 1);
    QVERIFY(recorder.lastStateIs(TrainingState::Diverged, divergedAt));
    QCOMPARE(recorder.batches.size(), batches);
    QCOMPARE(recorder.loads.size(), std::size_t(1));
}

void tst_TrainingController::divergedInitialModel()
{
    // Three linear layers of 64 units with every weight 1e6 give outputs near 1e30, whose square
    // overflows float32.
    RunConfig config = defaultRun(100);
    config.network.hidden = {64, 64, 64};
    config.network.activation = Activation::Linear;
    config.init.weights = WeightInit::Constant;
    config.init.value = 1e6;
    config.training.precision = Precision::Float32;

    TrainingController controller;
    Recorder recorder(controller);
    controller.load(config);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Ready) == 1, waitMilliseconds);
    QVERIFY(!std::isfinite(recorder.loads[0].initial.mse));
    QVERIFY(recorder.loads[0].initial.nonFinite);
    QCOMPARE(recorder.order, QStringList({"loaded", "batch", "state ready"}));
    QCOMPARE(recorder.spikeUpdates.size(), std::size_t(1));
    QVERIFY(recorder.spikeUpdates[0].change == SpikeDetector::Change::Diverged);
    QCOMPARE(recorder.spikeUpdates[0].report.event.start, 0);

    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Diverged) == 1, waitMilliseconds);
    QVERIFY(recorder.lastStateIs(TrainingState::Diverged, 0));
    QVERIFY(recorder.points.empty());
}

void tst_TrainingController::spikesMatchTrainer_data()
{
    QTest::addColumn<QString>("preset");
    QTest::newRow("four-neuron-spikes") << "four-neuron-spikes";
    QTest::newRow("lr-too-high") << "lr-too-high";
}

void tst_TrainingController::spikesMatchTrainer()
{
    QFETCH(QString, preset);
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = loadPreset(preset);
    controller.load(config);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));

    const DirectRun direct = runDirectly(config);
    QVERIFY(!direct.spikes.empty());
    QCOMPARE(recorder.spikes.size(), direct.spikes.size());
    for (std::size_t i = 0; i < direct.spikes.size(); ++i) {
        const SpikeEvent &actual = recorder.spikes[i].event;
        const SpikeEvent &expected = direct.spikes[i].event;
        QCOMPARE(actual.start, expected.start);
        QCOMPARE(actual.peak, expected.peak);
        QCOMPARE(actual.end, expected.end);
        QVERIFY(sameBits(actual.baseline, expected.baseline));
        QVERIFY(sameBits(actual.peakLoss, expected.peakLoss));
        QVERIFY(sameBits(actual.ratio, expected.ratio));
        QCOMPARE(actual.levelShift, expected.levelShift);
        QCOMPARE(actual.divergence, expected.divergence);
        QCOMPARE(toString(recorder.spikes[i].diagnosis.cause),
                 toString(direct.spikes[i].diagnosis.cause));
        QCOMPARE(recorder.spikes[i].diagnosis.explanation, direct.spikes[i].diagnosis.explanation);
    }
    // Every event is closed at the end of the run.
    for (const SpikeReport &report : recorder.spikes)
        QVERIFY(report.event.end >= report.event.start);

    // An event's first update starts it, or ends it when it began and ended within one batch.
    // Its last update ends it.
    std::vector<SpikeDetector::Change> first(recorder.spikes.size(), SpikeDetector::Change::None);
    std::vector<SpikeDetector::Change> latest(recorder.spikes.size(), SpikeDetector::Change::None);
    for (const SpikeUpdate &update : recorder.spikeUpdates) {
        const auto index = std::size_t(update.index);
        if (first[index] == SpikeDetector::Change::None)
            first[index] = update.change;
        latest[index] = update.change;
    }
    for (std::size_t i = 0; i < recorder.spikes.size(); ++i) {
        QVERIFY(first[i] == SpikeDetector::Change::Started
                || first[i] == SpikeDetector::Change::Ended);
        QVERIFY(latest[i] == SpikeDetector::Change::Ended);
    }
}

void tst_TrainingController::startStopRepeatedly()
{
    TrainingController controller;
    Recorder recorder(controller);
    QThread *const thread = controller.workerThread();
    const RunConfig config = defaultRun(500);
    controller.load(config);
    for (int i = 0; i < 50; ++i) {
        controller.start();
        controller.stop();
    }
    controller.start();
    // The rejected change is handled after the final start(), so once it is reported the final
    // run has been set up, and it is the last one.
    TrainingConfig training = config.training;
    training.learningRate = 0.0;
    ignoreFailure(QStringLiteral("training.learningRate"));
    controller.setTrainingParameters(training);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.order.lastIndexOf("loaded")
                                 < recorder.order.lastIndexOf("state finished"),
                             waitMilliseconds);
    QVERIFY(recorder.lastStateIs(TrainingState::Finished, 500));

    // One run set up by load(), then one by each start() after a stop().
    QCOMPARE(recorder.loads.size(), std::size_t(51));
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    QCOMPARE(recorder.points.size(), std::size_t(500));
    const DirectRun direct = runDirectly(config);
    for (std::size_t t = 1; t <= 500; ++t)
        QVERIFY2(samePoint(recorder.points[t - 1], direct.points[t]), qPrintable(describe(recorder.points[t - 1])));
    QCOMPARE(controller.workerThread(), thread);
    QVERIFY(thread->isRunning());
}

void tst_TrainingController::destroyWhileRunning()
{
    QTest::failOnWarning(QRegularExpression(QStringLiteral("QThread: Destroyed while")));
    auto controller = std::make_unique<TrainingController>();
    Recorder recorder(*controller);
    controller->load(defaultRun(1'000'000));
    controller->start();
    QTRY_VERIFY_WITH_TIMEOUT(!recorder.points.empty(), waitMilliseconds);

    QPointer<QThread> thread = controller->workerThread();
    std::atomic<bool> finished{false};
    QObject::connect(thread, &QThread::finished, thread, [&finished] { finished = true; },
                     Qt::DirectConnection);
    controller.reset();
    QVERIFY(finished);
    QVERIFY(thread.isNull());
    QVERIFY(recorder.countState(TrainingState::Finished) == 0);
}

void tst_TrainingController::slowSpeedSpreadsUpdates_data()
{
    QTest::addColumn<double>("speed");
    QTest::addColumn<int>("iterations");
    QTest::addColumn<int>("maxPerBatch");
    QTest::addColumn<int>("minBatches");

    // 20 per second: a tick every 50 ms with one update each.
    QTest::newRow("20 per second") << 20.0 << 10 << 2 << 5;
    // 300 per second: ticks every 34 ms, the shortest, with about 10 updates each.
    QTest::newRow("300 per second") << 300.0 << 150 << 20 << 8;
}

void tst_TrainingController::slowSpeedSpreadsUpdates()
{
    QFETCH(double, speed);
    QFETCH(int, iterations);
    QFETCH(int, maxPerBatch);
    QFETCH(int, minBatches);

    TrainingController controller;
    Recorder recorder(controller);
    controller.setSpeed(speed);
    controller.load(defaultRun(iterations));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Ready) == 1, waitMilliseconds);

    QElapsedTimer clock;
    clock.start();
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);
    const qint64 elapsed = clock.elapsed();

    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
    QCOMPARE(recorder.points.size(), std::size_t(iterations));
    // The last update is due after (iterations - 0.5) / speed seconds.
    const double minSeconds = (iterations - 0.5) / speed - 0.01;
    QVERIFY2(elapsed >= minSeconds * 1000.0, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    QVERIFY2(int(recorder.batches.size()) >= minBatches,
             qPrintable(QStringLiteral("%1 batches").arg(recorder.batches.size())));
    for (const TrainingBatch &batch : recorder.batches)
        QVERIFY2(int(batch.points.size()) <= maxPerBatch,
                 qPrintable(QStringLiteral("%1 points in a batch").arg(batch.points.size())));
    const qint64 limit = elapsed * TrainingController::batchesPerSecond / 1000 + 3;
    QVERIFY(qint64(recorder.batches.size()) <= limit);
}

void tst_TrainingController::speedChangeAppliesLive()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.setSpeed(20.0);
    controller.load(defaultRun(100'000));
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.batches.size() >= 3, waitMilliseconds);
    QVERIFY(recorder.lastIteration() < 100);

    // At 20 updates per second the run would take over an hour; at full speed it takes seconds.
    controller.setSpeed(0.0);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.countState(TrainingState::Finished) == 1, waitMilliseconds);
    QVERIFY(recorder.lastStateIs(TrainingState::Finished, 100'000));
    QVERIFY2(recorder.errors.isEmpty(), qPrintable(recorder.errors.join(QLatin1Char('\n'))));
}

void tst_TrainingController::layerGradientNormsInBatches()
{
    TrainingController controller;
    Recorder recorder(controller);
    const RunConfig config = defaultRun(300);
    controller.load(config);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Finished, 300), waitMilliseconds);

    Trainer trainer(config, loadDataset(config));
    std::vector<double> expected;
    trainer.setIterationHook([&expected](const IterationRecord &record) {
        expected.insert(expected.end(), record.layerGradNorms.begin(), record.layerGradNorms.end());
    });
    trainer.run();

    std::vector<float> received;
    for (const TrainingBatch &batch : recorder.batches) {
        if (batch.points.empty())
            continue;
        QCOMPARE(batch.layerCount, 2);
        QCOMPARE(batch.layerGradNorms.size(), 2 * batch.points.size());
        received.insert(received.end(), batch.layerGradNorms.begin(), batch.layerGradNorms.end());
    }
    QCOMPARE(received.size(), expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i)
        QCOMPARE(received[i], float(expected[i]));
}

void tst_TrainingController::insightsFollowTheRun()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(2000));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Ready, 0), waitMilliseconds);
    QVERIFY(recorder.insights.empty()); // off by default

    controller.setInsightsEnabled(true);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.insights.size(), std::size_t(1), waitMilliseconds);
    QCOMPARE(recorder.insights[0].iteration, qint64(0));
    QCOMPARE(recorder.insights[0].layers.size(), std::size_t(2));
    QCOMPARE(recorder.insights[0].function.inputs, 1);

    controller.step(7);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 7), waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.insights.back().iteration, qint64(7), waitMilliseconds);

    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Finished, 2000),
                             waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.insights.back().iteration, qint64(2000), waitMilliseconds);
    for (std::size_t i = 1; i < recorder.insights.size(); ++i)
        QVERIFY(recorder.insights[i].iteration >= recorder.insights[i - 1].iteration);

    const std::size_t count = recorder.insights.size();
    controller.setInsightsEnabled(false);
    controller.load(defaultRun(100));
    QTRY_COMPARE_WITH_TIMEOUT(recorder.loads.size(), std::size_t(2), waitMilliseconds);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Finished, 100), waitMilliseconds);
    QCOMPARE(recorder.insights.size(), count);
}

void tst_TrainingController::demonstrationGivesEventAndDiagnosedSpike_data()
{
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("event");
    QTest::addColumn<QString>("cause");

    QTest::newRow("learning rate x10") << 0 << QStringLiteral("learning rate x10 for 50 updates")
                                       << QStringLiteral("learning_rate_too_high");
    QTest::newRow("outlier batch") << 1 << QStringLiteral("outlier batch: targets shifted by 10 std")
                                   << QStringLiteral("outlier_batch");
    QTest::newRow("layer 1 x3") << 2 << QStringLiteral("layer 1 weights x3")
                                << QStringLiteral("exploding_gradient");
}

void tst_TrainingController::demonstrationGivesEventAndDiagnosedSpike()
{
    QFETCH(int, kind);
    QFETCH(QString, event);
    QFETCH(QString, cause);

    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(800));
    controller.step(500);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 500), waitMilliseconds);
    QVERIFY(recorder.spikes.empty());

    if (kind == 0)
        controller.boostLearningRate();
    else if (kind == 1)
        controller.injectOutlierBatch();
    else
        controller.scaleLayerWeights(1, 3.0);
    // The event is shown at once, at the update it acts on.
    QTRY_COMPARE_WITH_TIMEOUT(recorder.events.size(), std::size_t(1), waitMilliseconds);
    QCOMPARE(recorder.events[0].text, event);
    QCOMPARE(recorder.events[0].iteration, qint64(501));

    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Finished, 800), waitMilliseconds);
    QVERIFY(!recorder.spikes.empty());
    const SpikeReport &spike = recorder.spikes.front();
    QVERIFY2(spike.event.start > 500 && spike.event.start <= 560,
             qPrintable(QString::number(spike.event.start)));
    QCOMPARE(toString(spike.diagnosis.cause), cause);
    QVERIFY2(spike.diagnosis.explanation.contains(event), qPrintable(spike.diagnosis.explanation));
}

void tst_TrainingController::invalidDemonstrationFails()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.load(defaultRun(100));
    controller.step(5);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 5), waitMilliseconds);
    ignoreFailure(QStringLiteral("Invalid layer 7"));
    controller.scaleLayerWeights(7, 2.0);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    QVERIFY2(recorder.failures[0].contains(QStringLiteral("layers 1 to 2")),
             qPrintable(recorder.failures[0]));
    QVERIFY(recorder.events.empty());
}

void tst_TrainingController::rewindReplaysSameLosses()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.setSnapshotInterval(100);
    controller.load(defaultRun(1500));
    controller.step(1300);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 1300), waitMilliseconds);
    controller.boostLearningRate(5.0, 20);
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Finished, 1500),
                             waitMilliseconds);
    const std::vector<TrainingPoint> original = recorder.points;
    const std::vector<SpikeReport> originalSpikes = recorder.spikes;
    QVERIFY(!originalSpikes.empty()); // the default preset spikes near 1900 and the boost too
    QCOMPARE(recorder.events.size(), std::size_t(1));
    QCOMPARE(recorder.events.front().text, QStringLiteral("learning rate x5 for 20 updates"));

    controller.rewind(1250);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.rewinds.size(), std::size_t(1), waitMilliseconds);
    QCOMPARE(recorder.rewinds[0], qint64(1200));
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 1200), waitMilliseconds);
    QCOMPARE(recorder.points.size(), std::size_t(1200));
    for (std::size_t i = 0; i < recorder.points.size(); ++i) {
        QCOMPARE(recorder.points[i].iteration, original[i].iteration);
        QVERIFY(sameBits(recorder.points[i].mse, original[i].mse));
    }
    QVERIFY(recorder.events.empty());

    // Step by step over the first replayed updates, then to the end.
    for (int step = 1; step <= 3; ++step) {
        controller.step(1);
        QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 1200 + step),
                                 waitMilliseconds);
    }
    controller.start();
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Finished, 1500),
                             waitMilliseconds);
    QCOMPARE(recorder.points.size(), original.size());
    for (std::size_t i = 1200; i < original.size(); ++i)
        QVERIFY2(samePoint(recorder.points[i], original[i]), qPrintable(describe(original[i])));
    QCOMPARE(recorder.spikes.size(), originalSpikes.size());
    for (std::size_t i = 0; i < originalSpikes.size(); ++i) {
        QCOMPARE(recorder.spikes[i].event.start, originalSpikes[i].event.start);
        QCOMPARE(recorder.spikes[i].event.end, originalSpikes[i].event.end);
        QCOMPARE(toString(recorder.spikes[i].diagnosis.cause),
                 toString(originalSpikes[i].diagnosis.cause));
    }
    // The replayed boost is shown again, once.
    QCOMPARE(recorder.events.front().text, QStringLiteral("learning rate x5 for 20 updates"));
    QCOMPARE(recorder.events.front().iteration, qint64(1301));
    QVERIFY(recorder.errors.isEmpty());
}

void tst_TrainingController::rewindWithoutSnapshotsFails()
{
    TrainingController controller;
    Recorder recorder(controller);
    controller.setSnapshotInterval(0);
    controller.load(defaultRun(100));
    controller.step(10);
    QTRY_VERIFY_WITH_TIMEOUT(recorder.lastStateIs(TrainingState::Paused, 10), waitMilliseconds);
    ignoreFailure(QStringLiteral("snapshots"));
    controller.rewind(5);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.failures.size(), 1, waitMilliseconds);
    QVERIFY2(recorder.failures[0].contains(QStringLiteral("turned off")),
             qPrintable(recorder.failures[0]));
    QCOMPARE(recorder.points.size(), std::size_t(10));
    QVERIFY(recorder.rewinds.empty());
}

QTEST_GUILESS_MAIN(tst_TrainingController)
#include "tst_trainingcontroller.moc"
