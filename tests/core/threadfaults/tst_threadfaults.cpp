// Thread faults: a front end that requests everything at once. A scripted random sequence of a few
// thousand requests (load, reset, start, pause, step, stop, speed, live changes, demonstrations,
// rewind, insights and closing the controller) is sent to TrainingController in every state it
// can be in. After each request the signals received so far must tell one consistent story: no
// point lost or repeated, states that match the points, failures only where a request was bad.
// Built under ThreadSanitizer by the tsan preset, this is where data races would show.

#include "../../faultscript.h"

#include "presets.h"
#include "trainingcontroller.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTest>

#include <array>
#include <memory>
#include <set>

using namespace initlab;

namespace {

constexpr int waitMilliseconds = 60000;

enum class Action {
    Close,
    Reset,
    LoadPreset,
    LoadDiverging,
    LoadBad,
    ChangeSettings,
    ChangeBadSettings,
    Start,
    Pause,
    Step,
    StepEpoch,
    Stop,
    Speed,
    Boost,
    Outlier,
    ScaleLayer,
    Rewind,
    SnapshotInterval,
    Insights,
    Count
};

const char *actionName(Action action)
{
    static constexpr std::array<const char *, int(Action::Count)> names{
        "close", "reset", "load preset", "load diverging", "load bad", "change settings",
        "change bad settings", "start", "pause", "step", "step epoch", "stop", "speed", "boost",
        "outlier", "scale layer", "rewind", "snapshot interval", "insights"};
    return names[std::size_t(action)];
}

RunConfig longDefaultRun()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 2'000'000;
    return config;
}

// Diverges to NaN or infinity within a few hundred updates, in float64 or float32.
RunConfig divergingRun(Precision precision)
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.learningRate = 1000;
    config.training.precision = precision;
    return config;
}

// The run as a front end rebuilds it from the controller's signals alone. Each signal is checked
// against the ones before it.
class Observer
{
public:
    explicit Observer(TrainingController &controller)
    {
        QObject::connect(&controller, &TrainingController::runLoaded, &m_context,
                         [this](const RunInfo &info) {
                             ++loads;
                             lastIteration = info.initial.iteration;
                             diverged = info.initial.nonFinite;
                         });
        QObject::connect(&controller, &TrainingController::batchReady, &m_context,
                         [this](const TrainingBatch &batch) { addBatch(batch); });
        QObject::connect(&controller, &TrainingController::rewound, &m_context,
                         [this](qint64 iteration, const TrainingBatch &history) {
                             ++rewinds;
                             if (history.points.empty() || history.points.back().iteration != iteration)
                                 fail(QStringLiteral("rewound to %1 with a history ending elsewhere")
                                          .arg(iteration));
                             lastIteration = iteration;
                             diverged = false;
                         });
        QObject::connect(&controller, &TrainingController::stateChanged, &m_context,
                         [this](TrainingState state, qint64 iteration) {
                             ++stateChanges;
                             const bool settled = state == TrainingState::Paused
                                 || state == TrainingState::Finished
                                 || state == TrainingState::Diverged;
                             if (settled && iteration != lastIteration) {
                                 fail(QStringLiteral("%1 at iteration %2 after points up to %3")
                                          .arg(toString(state))
                                          .arg(iteration)
                                          .arg(lastIteration));
                             }
                             if (state == TrainingState::Diverged && !diverged)
                                 fail(QStringLiteral("Diverged without a non-finite point"));
                         });
        QObject::connect(&controller, &TrainingController::failed, &m_context,
                         [this](const QString &message) {
                             ++failures;
                             if (message.isEmpty())
                                 fail(QStringLiteral("an empty failure message"));
                         });
    }

    void addBatch(const TrainingBatch &batch)
    {
        ++batches;
        for (const TrainingPoint &point : batch.points) {
            if (diverged) {
                fail(QStringLiteral("point %1 after the run diverged").arg(point.iteration));
            } else if (point.iteration != lastIteration + 1) {
                fail(QStringLiteral("point %1 follows point %2")
                         .arg(point.iteration)
                         .arg(lastIteration));
            }
            lastIteration = point.iteration;
            diverged = point.nonFinite;
        }
        if (batch.layerGradNorms.size() != batch.points.size() * std::size_t(batch.layerCount))
            fail(QStringLiteral("%1 layer norms for %2 points of %3 layers")
                     .arg(batch.layerGradNorms.size())
                     .arg(batch.points.size())
                     .arg(batch.layerCount));
    }

    void fail(const QString &what)
    {
        if (problems.size() < 10)
            problems.append(what);
    }

    qint64 lastIteration = 0;
    bool diverged = false;
    int loads = 0;
    int batches = 0;
    int rewinds = 0;
    int stateChanges = 0;
    int failures = 0;
    QStringList problems;

private:
    QObject m_context;
};

} // namespace

class TestThreadFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void randomRequestsInEveryState();
};

void TestThreadFaults::initTestCase()
{
    // Each ignored or rejected request is logged as a warning: thousands of lines here.
    QLoggingCategory::setFilterRules(QStringLiteral("initlab.core.*.warning=false"));
}

void TestThreadFaults::randomRequestsInEveryState()
{
    constexpr int steps = 3000;

    auto controller = std::make_unique<TrainingController>();
    auto observer = std::make_unique<Observer>(*controller);
    // Requests that must fail, and those that may (a rewind finds no snapshot, a demonstration
    // or live change reaches a run that has just diverged and rejects it with a message).
    int mustFail = 0;
    int mayFail = 0;
    int failuresBefore = 0;
    std::set<std::pair<Action, TrainingState>> covered;
    QElapsedTimer longestClose;
    qint64 longestCloseMs = 0;

    // Weights in the order of Action. Starting and loading come often and closing rarely, so that
    // runs spend time running, not only empty.
    FaultScript script(20261205, {2, 4, 6, 3, 2, 6, 2, 10, 5, 6, 3, 3, 4, 3, 3, 3, 4, 2, 2});
    Q_ASSERT(script.actionCount() == std::size_t(Action::Count));
    const auto pick = [&script](int count) { return script.pick(count); };

    for (int stepIndex = 0; stepIndex < steps; ++stepIndex) {
        const auto action = Action(script.nextAction());
        const TrainingState state = controller->state();
        covered.emplace(action, state);

        switch (action) {
        case Action::Close: {
            longestClose.start();
            failuresBefore += observer->failures;
            observer.reset();
            controller.reset();
            longestCloseMs = std::max(longestCloseMs, longestClose.elapsed());
            controller = std::make_unique<TrainingController>();
            observer = std::make_unique<Observer>(*controller);
            break;
        }
        case Action::Reset:
            controller->reset();
            break;
        case Action::LoadPreset:
            controller->load(longDefaultRun());
            break;
        case Action::LoadDiverging:
            controller->load(divergingRun(pick(2) ? Precision::Float32 : Precision::Float64));
            break;
        case Action::LoadBad: {
            RunConfig config = longDefaultRun();
            config.dataset.kind = DatasetKind::Csv;
            config.dataset.path = QStringLiteral("/nonexistent/initlab/data.csv");
            controller->load(config);
            ++mustFail;
            break;
        }
        case Action::ChangeSettings: {
            TrainingConfig training = longDefaultRun().training;
            training.learningRate = std::array{0.01, 0.1, 0.5, 2.0}[std::size_t(pick(4))];
            training.clipNorm = pick(2) ? 0.0 : 1.0;
            controller->setTrainingParameters(training);
            ++mayFail;
            break;
        }
        case Action::ChangeBadSettings: {
            TrainingConfig training = longDefaultRun().training;
            training.learningRate = -1;
            controller->setTrainingParameters(training);
            ++mayFail; // without a run there is nothing to validate against
            break;
        }
        case Action::Start:
            controller->start();
            break;
        case Action::Pause:
            controller->pause();
            break;
        case Action::Step:
            controller->step(1 + pick(200));
            break;
        case Action::StepEpoch:
            controller->stepEpoch();
            break;
        case Action::Stop:
            controller->stop();
            break;
        case Action::Speed:
            controller->setSpeed(std::array{0.0, 0.0, 50.0, 1000.0, 20000.0}[std::size_t(pick(5))]);
            break;
        case Action::Boost:
            controller->boostLearningRate(10.0, 1 + pick(50));
            ++mayFail;
            break;
        case Action::Outlier:
            controller->injectOutlierBatch(10.0);
            ++mayFail;
            break;
        case Action::ScaleLayer:
            controller->scaleLayerWeights(1 + pick(2), 3.0);
            ++mayFail;
            break;
        case Action::Rewind:
            controller->rewind(observer->lastIteration - pick(500));
            ++mayFail;
            break;
        case Action::SnapshotInterval:
            controller->setSnapshotInterval(std::array{0, 1, 10, 100}[std::size_t(pick(4))]);
            break;
        case Action::Insights:
            controller->setInsightsEnabled(pick(2));
            break;
        case Action::Count:
            break;
        }

        // Let the worker run for a moment, sometimes not at all, so that requests also pile up.
        const int waitMs = script.pauseMilliseconds();
        if (waitMs > 0)
            QTest::qWait(waitMs);
        else
            QCoreApplication::processEvents();

        if (!observer->problems.isEmpty()) {
            QFAIL(qPrintable(QStringLiteral("step %1 (%2 in state %3): %4")
                                 .arg(stepIndex)
                                 .arg(QLatin1StringView(actionName(action)), toString(state),
                                      observer->problems.join(QStringLiteral("; ")))));
        }
    }
    QCoreApplication::processEvents();
    const int failures = failuresBefore + observer->failures;
    QVERIFY2(failures >= mustFail && failures <= mustFail + mayFail,
             qPrintable(QStringLiteral("%1 failures for %2 bad requests and %3 that may fail")
                            .arg(failures)
                            .arg(mustFail)
                            .arg(mayFail)));
    QVERIFY2(longestCloseMs < 10000,
             qPrintable(QStringLiteral("closing took %1 ms").arg(longestCloseMs)));

    // Every request that ends or replaces a run, and every live change, met every state.
    QStringList missing;
    for (Action action : {Action::Close, Action::Reset, Action::LoadPreset, Action::ChangeSettings,
                          Action::Start, Action::Pause, Action::Step, Action::Stop, Action::Rewind,
                          Action::Boost}) {
        for (TrainingState state : {TrainingState::Empty, TrainingState::Ready,
                                    TrainingState::Running, TrainingState::Paused,
                                    TrainingState::Finished, TrainingState::Diverged}) {
            if (!covered.count({action, state}))
                missing.append(QStringLiteral("%1 in %2").arg(QLatin1StringView(actionName(action)),
                                                               toString(state)));
        }
    }
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));

    // After all that, the controller still trains as on the first day: 300 updates on request.
    controller->setSpeed(0);
    controller->load(longDefaultRun());
    controller->step(300);
    QTRY_VERIFY_WITH_TIMEOUT(controller->state() == TrainingState::Paused
                                 && observer->lastIteration == 300,
                             waitMilliseconds);
    QVERIFY2(observer->problems.isEmpty(), qPrintable(observer->problems.join(u';')));
}

QTEST_GUILESS_MAIN(TestThreadFaults)
#include "tst_threadfaults.moc"
