#include "trainingcontroller.h"

#include "trainingworker.h"

#include <QThread>

namespace initlab {

QString toString(TrainingState state)
{
    switch (state) {
    case TrainingState::Empty:
        return QStringLiteral("empty");
    case TrainingState::Ready:
        return QStringLiteral("ready");
    case TrainingState::Running:
        return QStringLiteral("running");
    case TrainingState::Paused:
        return QStringLiteral("paused");
    case TrainingState::Finished:
        return QStringLiteral("finished");
    case TrainingState::Diverged:
        return QStringLiteral("diverged");
    }
    return QString();
}

TrainingController::TrainingController(QObject *parent)
    : QObject(parent)
    , m_thread(new QThread(this))
    , m_worker(new TrainingWorker)
{
    qRegisterMetaType<TrainingBatch>();
    qRegisterMetaType<RunInfo>();
    qRegisterMetaType<TrainingState>();
    qRegisterMetaType<InsightSnapshot>();

    m_thread->setObjectName(QStringLiteral("initlab training"));
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);

    connect(m_worker, &TrainingWorker::runLoaded, this, &TrainingController::runLoaded);
    connect(m_worker, &TrainingWorker::batchReady, this, &TrainingController::batchReady);
    connect(m_worker, &TrainingWorker::failed, this, &TrainingController::failed);
    connect(m_worker, &TrainingWorker::insightReady, this, &TrainingController::insightReady);
    connect(m_worker, &TrainingWorker::rewound, this, &TrainingController::rewound);
    connect(m_worker, &TrainingWorker::stateChanged, this,
            [this](TrainingState state, qint64 iteration) {
                m_state = state;
                emit stateChanged(state, iteration);
            });

    m_thread->start();
}

TrainingController::~TrainingController()
{
    // NOTE: a load() in progress is not interrupted: reading a large CSV file or allocating a
    // long history delays the return until it is done.
    m_worker->interruptForShutdown();
    m_thread->quit();
    m_thread->wait();
    m_worker = nullptr; // deleted by the thread's finished() signal
}

void TrainingController::load(const RunConfig &config, const QString &baseDir)
{
    m_worker->requestLoad(config, baseDir);
}

void TrainingController::reset()
{
    m_worker->requestReset();
}

void TrainingController::start()
{
    m_worker->requestStart();
}

void TrainingController::pause()
{
    m_worker->requestPause();
}

void TrainingController::step(qint64 updates)
{
    m_worker->requestStep(updates);
}

void TrainingController::stepEpoch()
{
    m_worker->requestStepEpoch();
}

void TrainingController::stop()
{
    m_worker->requestStop();
}

void TrainingController::setSpeed(double updatesPerSecond)
{
    m_worker->requestSpeed(updatesPerSecond);
}

void TrainingController::setTrainingParameters(const TrainingConfig &training)
{
    m_worker->requestTrainingParameters(training);
}

void TrainingController::boostLearningRate(double factor, int updates)
{
    m_worker->requestBoostLearningRate(factor, updates);
}

void TrainingController::injectOutlierBatch(double offset)
{
    m_worker->requestOutlierBatch(offset);
}

void TrainingController::scaleLayerWeights(int layer, double factor)
{
    m_worker->requestScaleLayer(layer, factor);
}

void TrainingController::setSnapshotInterval(qint64 updates)
{
    m_worker->requestSnapshotInterval(updates);
}

void TrainingController::rewind(qint64 iteration)
{
    m_worker->requestRewind(iteration);
}

void TrainingController::setInsightsEnabled(bool on)
{
    m_worker->requestInsights(on);
}

} // namespace initlab
