#include "trainingworker.h"

#include "datasetloader.h"
#include "errors.h"
#include "logging.h"
#include "trainer.h"

#include <QMetaObject>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <limits>
#include <new>

namespace initlab {

namespace {

// Maximum duration of a chunk of updates before its points are handed over, so that batches come
// at most batchesPerSecond times a second and requests wait at most this long.
constexpr qint64 chunkNanoseconds = 1'000'000'000 / TrainingController::batchesPerSecond;
// Minimum tick interval of a slow pace: 1000 / batchesPerSecond ms, rounded up.
constexpr int minTickMilliseconds = (1000 + TrainingController::batchesPerSecond - 1)
    / TrainingController::batchesPerSecond;
// Maximum tick interval, so that a very slow pace still checks often for its next due update.
constexpr int maxTickMilliseconds = 1000;

TrainingPoint pointFrom(const IterationRecord &record)
{
    TrainingPoint point;
    point.iteration = record.iteration;
    point.mse = record.mse;
    point.testMse = record.testMse;
    point.gradNorm = record.gradNorm;
    point.learningRate = record.learningRate;
    point.nonFinite = record.nonFinite;
    return point;
}

// Row 0 as the history stores it, because the iteration hook is never called for row 0. The
// history keeps testMse, gradNorm and learningRate as floats.
TrainingPoint initialPoint(const History &history)
{
    TrainingPoint point;
    point.iteration = 0;
    point.mse = history.mse(0);
    point.testMse = double(history.testMse(0));
    point.gradNorm = double(history.gradNorm(0));
    point.learningRate = double(history.learningRate(0));
    point.nonFinite = history.isNonFinite(0);
    return point;
}

QString formatValue(double value)
{
    return QString::number(value, 'g', 6);
}

QString formatClipping(double clipNorm)
{
    return clipNorm > 0.0 ? formatValue(clipNorm) : QStringLiteral("off");
}

// Texts of the hyperparameters that differ between before and after and matter to a run with
// after's optimizer and schedule: "learning rate 0.1 -> 0.5".
QStringList describeChanges(const TrainingConfig &before, const TrainingConfig &after)
{
    QStringList texts;
    const auto compare = [&texts](const QString &name, double from, double to) {
        if (from != to)
            texts.append(QStringLiteral("%1 %2 -> %3").arg(name, formatValue(from), formatValue(to)));
    };
    const Optimizer optimizer = after.optimizer;

    compare(QStringLiteral("learning rate"), before.learningRate, after.learningRate);
    if (before.schedule != after.schedule) {
        texts.append(QStringLiteral("schedule %1 -> %2")
                         .arg(toString(before.schedule), toString(after.schedule)));
    }
    compare(QStringLiteral("warm-up iterations"), before.warmupIterations, after.warmupIterations);
    if (after.schedule == Schedule::Step) {
        compare(QStringLiteral("step size"), before.stepSize, after.stepSize);
        compare(QStringLiteral("step gamma"), before.stepGamma, after.stepGamma);
    }
    if (after.schedule == Schedule::Cosine) {
        compare(QStringLiteral("minimum learning rate"), before.minLearningRate,
                after.minLearningRate);
    }
    if (optimizer == Optimizer::Momentum || optimizer == Optimizer::Nesterov)
        compare(QStringLiteral("momentum"), before.momentum, after.momentum);
    if (optimizer == Optimizer::Adam) {
        compare(QStringLiteral("beta1"), before.beta1, after.beta1);
        compare(QStringLiteral("beta2"), before.beta2, after.beta2);
    }
    if (optimizer == Optimizer::Adam || optimizer == Optimizer::RmsProp)
        compare(QStringLiteral("epsilon"), before.epsilon, after.epsilon);
    if (optimizer == Optimizer::RmsProp)
        compare(QStringLiteral("RMSprop alpha"), before.rmsAlpha, after.rmsAlpha);
    compare(QStringLiteral("weight decay"), before.weightDecay, after.weightDecay);
    if (before.clipNorm != after.clipNorm) {
        texts.append(QStringLiteral("clipping %1 -> %2")
                         .arg(formatClipping(before.clipNorm), formatClipping(after.clipNorm)));
    }
    return texts;
}

} // namespace

TrainingWorker::TrainingWorker(QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &TrainingWorker::runTick);
}

TrainingWorker::~TrainingWorker() = default;

// ---------------------------------------------------------------------------------------------
// Requests, from any thread

void TrainingWorker::post(std::function<void()> request)
{
    QMetaObject::invokeMethod(this, std::move(request), Qt::QueuedConnection);
}

void TrainingWorker::postInterrupting(std::function<void()> request)
{
    m_interruptions.fetch_add(1);
    post([this, request = std::move(request)] {
        m_interruptions.fetch_sub(1);
        request();
    });
}

void TrainingWorker::requestLoad(const RunConfig &config, const QString &baseDir)
{
    postInterrupting([this, config, baseDir] { load(config, baseDir); });
}

void TrainingWorker::requestReset()
{
    postInterrupting([this] {
        if (!m_trainer) {
            qCWarning(lcTrainer) << "TrainingController::reset: no run is set up";
            return;
        }
        const RunConfig config = m_trainer->config();
        load(config, m_baseDir);
    });
}

void TrainingWorker::requestStart()
{
    post([this] { start(); });
}

void TrainingWorker::requestPause()
{
    postInterrupting([this] { pause(); });
}

void TrainingWorker::requestStep(qint64 updates)
{
    postInterrupting([this, updates] { step(updates); });
}

void TrainingWorker::requestStepEpoch()
{
    postInterrupting([this] { stepEpoch(); });
}

void TrainingWorker::requestStop()
{
    postInterrupting([this] { stop(); });
}

void TrainingWorker::requestSpeed(double updatesPerSecond)
{
    post([this, updatesPerSecond] { setSpeed(updatesPerSecond); });
}

void TrainingWorker::requestTrainingParameters(const TrainingConfig &training)
{
    post([this, training] { setTrainingParameters(training); });
}

void TrainingWorker::requestBoostLearningRate(double factor, int updates)
{
    post([this, factor, updates] {
        intervene([factor, updates](Trainer &trainer) {
            trainer.boostLearningRate(factor, updates);
        });
    });
}

void TrainingWorker::requestOutlierBatch(double offset)
{
    post([this, offset] {
        intervene([offset](Trainer &trainer) { trainer.injectOutlierBatch(offset); });
    });
}

void TrainingWorker::requestScaleLayer(int layer, double factor)
{
    post([this, layer, factor] {
        intervene([layer, factor](Trainer &trainer) { trainer.scaleLayerWeights(layer, factor); });
    });
}

void TrainingWorker::requestSnapshotInterval(qint64 updates)
{
    post([this, updates] {
        m_snapshotInterval = std::max<qint64>(updates, 0);
        if (m_trainer)
            m_trainer->setSnapshotInterval(m_snapshotInterval);
    });
}

void TrainingWorker::requestRewind(qint64 iteration)
{
    postInterrupting([this, iteration] { rewind(iteration); });
}

void TrainingWorker::requestInsights(bool on)
{
    post([this, on] {
        m_insights = on;
        m_insightClock.invalidate();
        publishInsight(true);
    });
}

void TrainingWorker::interruptForShutdown()
{
    m_interruptions.fetch_add(1);
}

// ---------------------------------------------------------------------------------------------
// Requests, on the worker thread

void TrainingWorker::load(const RunConfig &config, const QString &baseDir)
{
    // On failure the previous run goes on as it was, running or not.
    if (setUp(config, baseDir))
        setState(TrainingState::Ready);
    scheduleNext();
}

void TrainingWorker::start()
{
    switch (m_state) {
    case TrainingState::Empty:
        qCWarning(lcTrainer) << "TrainingController::start: no run is set up";
        return;
    case TrainingState::Diverged:
        qCInfo(lcTrainer) << "start ignored: the run diverged at iteration"
                          << m_trainer->iteration() << "and cannot continue";
        return;
    case TrainingState::Running:
        return;
    case TrainingState::Finished: {
        // The same run again, from its initial weights.
        const RunConfig config = m_trainer->config();
        if (!setUp(config, m_baseDir))
            return;
        setState(TrainingState::Ready);
        break;
    }
    case TrainingState::Ready:
    case TrainingState::Paused:
        break;
    }

    m_mode = Mode::Running;
    m_stepsLeft = 0;
    restartPace();
    setState(TrainingState::Running);
    scheduleNext();
}

void TrainingWorker::pause()
{
    if (m_mode == Mode::Idle)
        return;
    m_mode = Mode::Idle;
    m_stepsLeft = 0;
    m_timer->stop();
    flush();
    setState(TrainingState::Paused);
}

void TrainingWorker::step(qint64 updates)
{
    if (updates < 1 || !canTakeUpdates()) {
        qCWarning(lcTrainer) << "TrainingController::step: ignored" << updates << "updates in state"
                             << toString(m_state);
        scheduleNext();
        return;
    }
    // Steps requested before the previous ones are done add up, as a key pressed twice should.
    const qint64 pending = m_mode == Mode::Stepping ? m_stepsLeft : 0;
    m_mode = Mode::Stepping;
    m_stepsLeft = std::min(pending + updates,
                           m_trainer->totalIterations() - m_trainer->iteration());
    m_timer->stop();
    scheduleNext();
}

void TrainingWorker::stepEpoch()
{
    if (!canTakeUpdates()) {
        qCWarning(lcTrainer) << "TrainingController::stepEpoch: ignored in state"
                             << toString(m_state);
        scheduleNext();
        return;
    }
    step(runInfo().updatesPerEpoch);
}

void TrainingWorker::stop()
{
    if (!canTakeUpdates())
        return;
    m_mode = Mode::Idle;
    m_stepsLeft = 0;
    m_timer->stop();
    m_trainer->finishSpikes();
    addEvent(m_trainer->iteration(), QStringLiteral("stopped"));
    qCInfo(lcTrainer) << "run stopped at iteration" << m_trainer->iteration();
    flush();
    setState(TrainingState::Finished);
}

void TrainingWorker::setSpeed(double updatesPerSecond)
{
    if (!std::isfinite(updatesPerSecond) || updatesPerSecond < 0.0) {
        qCWarning(lcTrainer) << "TrainingController::setSpeed: ignored invalid speed"
                             << updatesPerSecond << "(expected 0 for full speed or a positive "
                                                    "number of updates per second)";
        return;
    }
    m_speed = updatesPerSecond;
    m_timer->stop();
    restartPace();
    scheduleNext();
}

void TrainingWorker::setTrainingParameters(const TrainingConfig &training)
{
    if (!m_trainer) {
        qCWarning(lcTrainer) << "TrainingController::setTrainingParameters: no run is set up";
        return;
    }

    const TrainingConfig before = m_trainer->config().training;
    try {
        m_trainer->setTrainingParameters(training);
    } catch (const std::exception &error) {
        fail(QString::fromUtf8(error.what()));
        return;
    }

    // A finished run takes no more updates: its config changes for the next start() only.
    if (!canTakeUpdates())
        return;
    const qint64 takesEffect = m_trainer->iteration() + 1;
    for (const QString &text : describeChanges(before, m_trainer->config().training)) {
        qCInfo(lcTrainer) << text << "from iteration" << takesEffect;
        addEvent(takesEffect, text);
    }
    flush();
}

void TrainingWorker::intervene(const std::function<void(Trainer &)> &change)
{
    if (!m_trainer || !canTakeUpdates()) {
        qCWarning(lcTrainer) << "TrainingController: a demonstration needs a run that can take "
                                "updates; ignored in state"
                             << toString(m_state);
        return;
    }
    try {
        change(*m_trainer);
    } catch (const std::exception &error) {
        fail(QString::fromUtf8(error.what()));
        return;
    }
    const Intervention &applied = m_trainer->interventions().back();
    addEvent(m_trainer->iteration() + 1, describe(applied));
    flush();
    publishInsight(true);
}

void TrainingWorker::rewind(qint64 iteration)
{
    if (!m_trainer) {
        qCWarning(lcTrainer) << "TrainingController::rewind: no run is set up";
        return;
    }
    const qint64 restored = m_trainer->rewind(iteration);
    if (restored < 0) {
        const qint64 interval = m_trainer->snapshotInterval();
        fail(interval > 0
                 ? QStringLiteral("No snapshot exists at or before iteration %1; the run keeps "
                                  "one every %2 updates from when snapshots were turned on.")
                       .arg(iteration)
                       .arg(interval)
                 : QStringLiteral("Rewinding needs snapshots, which are turned off; turn them "
                                  "on and train again."));
        scheduleNext();
        return;
    }
    m_mode = Mode::Idle;
    m_stepsLeft = 0;
    m_timer->stop();
    m_pending.points.clear();
    m_pending.layerGradNorms.clear();
    m_pending.spikes.clear();
    m_pending.events.clear();
    std::erase_if(m_events, [restored](const TrainingEvent &event) {
        return event.iteration > restored;
    });
    m_openSpike = -1;
    const std::vector<SpikeReport> &spikes = m_trainer->spikes();
    if (!spikes.empty() && spikes.back().event.end < 0)
        m_openSpike = int(spikes.size()) - 1;

    emit rewound(restored, historyBatch());
    setState(TrainingState::Paused);
}

TrainingBatch TrainingWorker::historyBatch() const
{
    const History &history = m_trainer->history();
    TrainingBatch batch;
    batch.layerCount = history.layerCount();
    batch.points.reserve(std::size_t(history.size()));
    batch.layerGradNorms.reserve(std::size_t(history.size() * history.layerCount()));
    for (qint64 row = 0; row < history.size(); ++row) {
        TrainingPoint point;
        point.iteration = row;
        point.mse = history.mse(row);
        point.testMse = double(history.testMse(row));
        point.gradNorm = double(history.gradNorm(row));
        point.learningRate = double(history.learningRate(row));
        point.nonFinite = history.isNonFinite(row);
        batch.points.push_back(point);
        const bool detailed = row > 0 && history.hasLayerDetails(row);
        for (int layer = 0; layer < history.layerCount(); ++layer) {
            batch.layerGradNorms.push_back(detailed ? history.layerGradNorm(row, layer)
                                                    : std::numeric_limits<float>::quiet_NaN());
        }
    }
    const std::vector<SpikeReport> &spikes = m_trainer->spikes();
    for (std::size_t i = 0; i < spikes.size(); ++i) {
        const SpikeReport &report = spikes[i];
        using Change = SpikeDetector::Change;
        const Change change = report.event.divergence ? Change::Diverged
            : report.event.end < 0                    ? Change::Started
                                                      : Change::Ended;
        batch.spikes.push_back({int(i), report, change});
    }
    batch.events = m_events;
    return batch;
}

// ---------------------------------------------------------------------------------------------
// Setting up a run

bool TrainingWorker::setUp(const RunConfig &config, const QString &baseDir)
{
    // The new trainer is built aside and replaces the current one only when it is complete.
    std::unique_ptr<Trainer> trainer;
    try {
        trainer = std::make_unique<Trainer>(config, loadDataset(config, baseDir));
    } catch (const std::bad_alloc &) {
        fail(QStringLiteral("Not enough memory to set up the run \"%1\" with %2 iterations; use "
                            "fewer iterations, fewer samples or a smaller network.")
                 .arg(config.name)
                 .arg(config.training.iterations));
        return false;
    } catch (const std::exception &error) {
        fail(QString::fromUtf8(error.what()));
        return false;
    } catch (...) {
        fail(QStringLiteral("Setting up the run \"%1\" failed with an unknown error.")
                 .arg(config.name));
        return false;
    }

    flush();
    m_mode = Mode::Idle;
    m_stepsLeft = 0;
    m_timer->stop();
    m_openSpike = -1;
    m_events.clear();
    m_trainer = std::move(trainer);
    m_baseDir = baseDir;
    installHooks(*m_trainer);
    m_trainer->setSnapshotInterval(m_snapshotInterval);
    m_pending.layerCount = m_trainer->layerCount();

    const RunInfo info = runInfo();
    qCInfo(lcTrainer) << "run" << config.name << "set up:" << info.trainSamples << "training and"
                      << info.testSamples << "test samples," << info.parameterCount
                      << "parameters," << info.totalIterations << "iterations";
    emit runLoaded(info);

    // Row 0 is evaluated before the hooks exist, and an initial model whose MSE is not finite
    // has already diverged there.
    const std::vector<SpikeReport> &initialSpikes = m_trainer->spikes();
    for (std::size_t i = 0; i < initialSpikes.size(); ++i)
        addSpikeUpdate(int(i), initialSpikes[i], SpikeDetector::Change::Diverged);
    flush();
    m_insightClock.invalidate();
    publishInsight(true);
    return true;
}

void TrainingWorker::installHooks(Trainer &trainer)
{
    Trainer *const target = &trainer;
    trainer.setIterationHook([this, target](const IterationRecord &record) {
        m_pending.points.push_back(pointFrom(record));
        for (const double norm : record.layerGradNorms)
            m_pending.layerGradNorms.push_back(float(norm));
        if (m_interruptions.load(std::memory_order_relaxed) > 0
            || m_chunkClock.nsecsElapsed() >= chunkNanoseconds)
            target->requestStop();
    });
    trainer.setSpikeHook([this, target](const SpikeReport &report, SpikeDetector::Change change) {
        using Change = SpikeDetector::Change;
        // The trainer reports its newest event. A divergence also closes the event open before
        // it, without a call of its own.
        const int index = int(target->spikes().size()) - 1;
        if (change == Change::Diverged && m_openSpike >= 0 && m_openSpike != index)
            addSpikeUpdate(m_openSpike, target->spikes()[std::size_t(m_openSpike)], Change::Ended);
        addSpikeUpdate(index, report, change);
        m_openSpike = change == Change::Started || change == Change::Grew ? index : -1;
    });
    trainer.setInterventionHook([this, target](const Intervention &intervention,
                                               const TrainingConfig &before) {
        // A rewound run applies its logged changes again: show them again.
        const qint64 iteration = intervention.iteration + 1;
        if (intervention.kind != Intervention::Kind::TrainingParameters) {
            addEvent(iteration, describe(intervention));
            return;
        }
        for (const QString &text : describeChanges(before, target->config().training))
            addEvent(iteration, text);
    });
}

RunInfo TrainingWorker::runInfo() const
{
    const Dataset &dataset = m_trainer->dataset();
    RunInfo info;
    info.config = m_trainer->config();
    info.totalIterations = m_trainer->totalIterations();
    info.trainSamples = dataset.trainCount();
    info.testSamples = dataset.testCount();
    info.inputs = int(dataset.inputCount());
    info.outputs = int(dataset.outputCount());
    for (const LayerParameters &layer : m_trainer->initialParameters())
        info.parameterCount += layer.weights.size() + layer.biases.size();

    const qint64 batchSize = info.config.training.batchSize;
    if (batchSize > 0 && batchSize < info.trainSamples)
        info.updatesPerEpoch = (info.trainSamples + batchSize - 1) / batchSize;
    info.initial = initialPoint(m_trainer->history());
    return info;
}

void TrainingWorker::addSpikeUpdate(int index, const SpikeReport &report,
                                    SpikeDetector::Change change)
{
    // One update per event and batch, with its latest report. An event that started in this
    // batch stays Started, since the front end has not seen it yet.
    for (SpikeUpdate &update : m_pending.spikes) {
        if (update.index != index)
            continue;
        update.report = report;
        if (!(update.change == SpikeDetector::Change::Started
              && change == SpikeDetector::Change::Grew))
            update.change = change;
        return;
    }
    m_pending.spikes.push_back({index, report, change});
}

// ---------------------------------------------------------------------------------------------
// Performing updates

bool TrainingWorker::canTakeUpdates() const
{
    return m_state == TrainingState::Ready || m_state == TrainingState::Paused
        || m_state == TrainingState::Running;
}

void TrainingWorker::scheduleNext()
{
    const bool slow = m_mode == Mode::Running && m_speed > 0.0;
    if (slow) {
        const double tick = std::clamp(1000.0 / m_speed, double(minTickMilliseconds),
                                       double(maxTickMilliseconds));
        if (!m_timer->isActive())
            m_timer->start(int(std::ceil(tick)));
        return;
    }
    if (m_mode == Mode::Idle || m_chunkPosted)
        return;
    m_chunkPosted = true;
    QMetaObject::invokeMethod(this, &TrainingWorker::runChunk, Qt::QueuedConnection);
}

void TrainingWorker::runChunk()
{
    m_chunkPosted = false;
    const bool fullSpeed = m_mode == Mode::Stepping
        || (m_mode == Mode::Running && m_speed == 0.0);
    // A request that stops chunks schedules the next one itself once it is handled.
    if (!fullSpeed || m_interruptions.load() > 0)
        return;
    performUpdates(m_mode == Mode::Stepping ? m_stepsLeft : -1);
    finishChunk();
}

void TrainingWorker::runTick()
{
    if (m_mode != Mode::Running || m_speed <= 0.0) {
        m_timer->stop();
        return;
    }
    if (m_interruptions.load() > 0)
        return;

    // Updates are due at even times since the pace started; rounding to the nearest count
    // absorbs the jitter of the timer. After a delay longer than two ticks (slow updates, a busy
    // thread) the pace starts over instead of catching up in a burst.
    const double perTick = m_speed * m_timer->interval() / 1000.0;
    const double dueSinceStart = m_paceClock.nsecsElapsed() * 1e-9 * m_speed;
    qint64 due = std::llround(dueSinceStart) - m_paceDone;
    if (due > 2.0 * std::max(perTick, 1.0)) {
        due = std::max<qint64>(1, std::llround(perTick));
        restartPace();
    }
    if (due <= 0)
        return;
    m_paceDone += performUpdates(due);
    finishChunk();
}

qint64 TrainingWorker::performUpdates(qint64 maxUpdates)
{
    m_chunkClock.start();
    const qint64 done = m_trainer->run(maxUpdates);
    if (m_mode == Mode::Stepping)
        m_stepsLeft -= done;
    return done;
}

void TrainingWorker::finishChunk()
{
    if (m_trainer->hasDiverged()) {
        m_mode = Mode::Idle;
        m_timer->stop();
        qCInfo(lcTrainer) << "run diverged at iteration" << m_trainer->iteration();
        flush();
        setState(TrainingState::Diverged);
        return;
    }
    if (m_trainer->isFinished()) {
        m_mode = Mode::Idle;
        m_timer->stop();
        m_trainer->finishSpikes();
        qCInfo(lcTrainer) << "run finished after" << m_trainer->iteration() << "iterations";
        flush();
        setState(TrainingState::Finished);
        return;
    }
    if (m_mode == Mode::Stepping && m_stepsLeft <= 0) {
        m_mode = Mode::Idle;
        flush();
        setState(TrainingState::Paused);
        return;
    }
    flush();
    publishInsight(false);
    scheduleNext();
}

void TrainingWorker::restartPace()
{
    m_paceClock.start();
    m_paceDone = 0;
}

// ---------------------------------------------------------------------------------------------
// Signals

void TrainingWorker::flush()
{
    if (m_pending.points.empty() && m_pending.spikes.empty() && m_pending.events.empty())
        return;
    emit batchReady(m_pending);
    const int layerCount = m_pending.layerCount;
    m_pending = TrainingBatch();
    m_pending.layerCount = layerCount;
}

void TrainingWorker::addEvent(qint64 iteration, const QString &text)
{
    m_pending.events.push_back({iteration, text});
    m_events.push_back({iteration, text});
}

void TrainingWorker::publishInsight(bool force)
{
    if (!m_insights || !m_trainer)
        return;
    const qint64 interval = 1000 / TrainingController::insightsPerSecond;
    if (!force && m_insightClock.isValid() && m_insightClock.elapsed() < interval)
        return;
    m_insightClock.start();
    try {
        emit insightReady(measureInsight(*m_trainer));
    } catch (const std::bad_alloc &) {
        m_insights = false;
        fail(QStringLiteral("Not enough memory to measure the network's layers; the insight "
                            "panels stop updating for this run."));
    }
}

void TrainingWorker::setState(TrainingState state)
{
    m_state = state;
    const qint64 iteration = m_trainer ? m_trainer->iteration() : 0;
    qCDebug(lcTrainer) << "state" << toString(state) << "at iteration" << iteration;
    emit stateChanged(state, iteration);
    if (state != TrainingState::Running && state != TrainingState::Ready)
        publishInsight(true);
}

void TrainingWorker::fail(const QString &message)
{
    qCWarning(lcTrainer).noquote() << "request failed:" << message;
    emit failed(message);
}

} // namespace initlab
