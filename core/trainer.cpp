#include "trainer.h"

#include "errors.h"
#include "initializers.h"
#include "logging.h"
#include "network.h"
#include "optimizers.h"
#include "schedule.h"
#include "spikemeasure.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>

namespace initlab {

// Precision-independent interface of the training loop; EngineImpl<Scalar> implements it.
class TrainerEngine
{
public:
    TrainerEngine(const RunConfig &config, Dataset dataset)
        : m_config(config)
        , m_dataset(std::move(dataset))
        , m_detector(config.spikes)
    {}
    virtual ~TrainerEngine() = default;

    virtual qint64 run(qint64 maxUpdates) = 0;
    virtual double currentMse() const = 0;
    virtual NetworkParameters parameters(bool initial) const = 0;
    virtual Eigen::MatrixXd predict(const Eigen::MatrixXd &inputs) const = 0;
    // Passes the hyperparameters of m_config.training to the optimizer, keeping its state.
    virtual void updateOptimizerHyperparameters() = 0;
    virtual void scaleLayer(int layer, double factor) = 0;
    virtual std::vector<LayerSignals> layerSignals(const Eigen::MatrixXd &inputs,
                                                   bool initial) const = 0;
    virtual void takeSnapshot() = 0;
    virtual void dropSnapshots() = 0;
    virtual std::vector<qint64> snapshotIterations() const = 0;
    virtual qint64 rewind(qint64 iteration) = 0;

    // Returns an intervention of kind at the current iteration, with the current training
    // parameters.
    Intervention intervention(Intervention::Kind kind) const
    {
        Intervention result;
        result.kind = kind;
        result.iteration = m_iteration;
        result.training = m_config.training;
        return result;
    }
    // Applies an intervention now and logs it, or, when replaying, applies a logged one again.
    void intervene(const Intervention &intervention);
    void apply(const Intervention &intervention);
    void replayInterventions();

    RunConfig m_config;
    Dataset m_dataset;
    History m_history;
    Trainer::IterationHook m_hook;
    Trainer::SpikeHook m_spikeHook;
    SpikeDetector m_detector;
    std::vector<SpikeReport> m_spikes;

    // Feeds the newest history row to the spike detector and keeps the reports and the history's
    // spike flags in step with its events.
    void detectSpikes(const IterationRecord &record);
    void syncSpikeFlags(const SpikeEvent &event, bool open);
    // Names the newest intervention in the spike detector's window before report's start in its
    // explanation, since a change made on purpose is the likeliest reason for the spike.
    void appendInterventionNote(SpikeReport &report) const;
    virtual SpikeMeasurements measure(const IterationRecord &record) = 0;
    std::atomic<bool> m_stopRequested{false};
    qint64 m_iteration = 0;
    bool m_diverged = false;

    std::vector<Intervention> m_interventions;
    std::size_t m_nextIntervention = 0; // entries before it have been applied
    Trainer::InterventionHook m_interventionHook;
    double m_boostFactor = 1.0;
    qint64 m_boostUntil = 0;     // the boost applies while m_iteration < m_boostUntil
    double m_outlierOffset = 0.0; // non-zero: the next update shifts its targets
    qint64 m_outlierIteration = -1; // the update that used shifted targets

    qint64 m_snapshotEvery = 0;
    int m_maxSnapshots = 1000;
};

namespace {

constexpr double notAvailable = std::numeric_limits<double>::quiet_NaN();

template<typename Scalar>
class EngineImpl final : public TrainerEngine
{
public:
    using Matrix = MatrixX<Scalar>;
    using Vector = VectorX<Scalar>;

    EngineImpl(const RunConfig &config, Dataset dataset);

    qint64 run(qint64 maxUpdates) override;
    double currentMse() const override { return double(m_mse); }
    NetworkParameters parameters(bool initial) const override;
    Eigen::MatrixXd predict(const Eigen::MatrixXd &inputs) const override;
    SpikeMeasurements measure(const IterationRecord &record) override;
    void updateOptimizerHyperparameters() override
    {
        m_optimizer.setHyperparameters(m_config.training);
    }
    void scaleLayer(int layer, double factor) override;
    std::vector<LayerSignals> layerSignals(const Eigen::MatrixXd &inputs,
                                           bool initial) const override;
    void takeSnapshot() override;
    void dropSnapshots() override { m_snapshots.clear(); }
    std::vector<qint64> snapshotIterations() const override;
    qint64 rewind(qint64 iteration) override;

private:
    // The whole state between two updates, as rewind() needs it.
    struct Snapshot
    {
        qint64 iteration = 0;
        Vector parameters;
        Vector update;
        OptimizerState<Scalar> optimizer;
        std::vector<Eigen::Index> order;
        Eigen::Index orderPosition = 0;
        Rng batchRng;
        SpikeDetector detector;
        std::vector<SpikeReport> spikes;
        TrainingConfig training;
        double boostFactor = 1.0;
        qint64 boostUntil = 0;
        double outlierOffset = 0.0;
        qint64 outlierIteration = -1;
        std::size_t nextIntervention = 0;
    };

    void initializeParameters();
    void recordInitialRow();
    void update();
    Eigen::Index nextBatch();
    void reshuffle();
    Eigen::VectorXd outlierShift() const;

    Matrix m_trainInputs;
    Matrix m_trainTargets;
    Matrix m_testInputs;
    Matrix m_testTargets;

    Network<Scalar> m_network;
    Vector m_initialParameters;
    OptimizerState<Scalar> m_optimizer;

    ForwardCache<Scalar> m_trainCache; // after each update: activations of the whole training set
    ForwardCache<Scalar> m_batchCache;
    ForwardCache<Scalar> m_testCache;
    Vector m_gradient;
    Vector m_update;
    std::vector<double> m_layerGradNorms;

    bool m_fullBatch = true;
    Eigen::Index m_batchSize = 0;
    Matrix m_batchInputs;
    Matrix m_batchTargets;
    std::vector<Eigen::Index> m_order; // sample order of the current epoch
    Eigen::Index m_orderPosition = 0;
    Rng m_batchRng;

    Scalar m_mse = 0;

    // Training targets with the outliers of the last update that had some, for the spike
    // diagnosis. A full-batch update with outliers names every sample as its batch.
    Eigen::MatrixXd m_outlierTargets;
    std::vector<Eigen::Index> m_allSamples;

    std::vector<Snapshot> m_snapshots;
};

template<typename Scalar>
EngineImpl<Scalar>::EngineImpl(const RunConfig &config, Dataset dataset)
    : TrainerEngine(config, std::move(dataset))
    , m_trainInputs(m_dataset.trainInputs.cast<Scalar>())
    , m_trainTargets(m_dataset.trainTargets.cast<Scalar>())
    , m_testInputs(m_dataset.testInputs.cast<Scalar>())
    , m_testTargets(m_dataset.testTargets.cast<Scalar>())
    , m_network(m_dataset.inputCount(), config.network.hidden, m_dataset.outputCount(),
                config.network.activation)
    , m_optimizer(config.training, m_network.parameterCount())
    , m_gradient(Vector::Zero(m_network.parameterCount()))
    , m_update(Vector::Zero(m_network.parameterCount()))
    , m_layerGradNorms(m_network.layers().size(), notAvailable)
    , m_batchRng(config.seed, RandomStream::Batches)
{
    const Eigen::Index samples = m_trainInputs.cols();
    m_batchSize = config.training.batchSize;
    m_fullBatch = m_batchSize <= 0 || m_batchSize >= samples;

    m_trainCache = m_network.makeCache(samples);
    if (!m_fullBatch) {
        m_batchCache = m_network.makeCache(m_batchSize);
        m_batchInputs.resize(m_trainInputs.rows(), m_batchSize);
        m_batchTargets.resize(m_trainTargets.rows(), m_batchSize);
        m_order.resize(std::size_t(samples));
        std::iota(m_order.begin(), m_order.end(), Eigen::Index(0));
        m_orderPosition = samples; // the first update shuffles
    }
    if (m_testInputs.cols() > 0)
        m_testCache = m_network.makeCache(m_testInputs.cols());

    initializeParameters();

    const qint64 iterations = config.training.iterations;
    m_history = History(int(m_network.layers().size()), iterations);
    m_history.reserve(iterations + 1);
    recordInitialRow();
}

template<typename Scalar>
void EngineImpl<Scalar>::initializeParameters()
{
    // Every layer, the linear output layer included, draws with the hidden activation's gain, as
    // when torch.nn.init.kaiming_normal_(nonlinearity=...) is applied to every Linear module.
    Rng rng(m_config.seed, RandomStream::Init);
    for (std::size_t l = 0; l < m_network.layers().size(); ++l) {
        const LayerShape &shape = m_network.layers()[l];
        Eigen::MatrixXd weights(shape.units, shape.inputs);
        Eigen::VectorXd biases(shape.units);
        initializeLayer(weights, biases, m_config.init, m_config.network.activation, rng);
        m_network.weights(l) = weights.cast<Scalar>();
        m_network.biases(l) = biases.cast<Scalar>();
    }
    m_initialParameters = m_network.parameters();
}

template<typename Scalar>
void EngineImpl<Scalar>::recordInitialRow()
{
    m_mse = m_network.forward(m_trainInputs, m_trainTargets, m_trainCache);

    IterationRecord record;
    record.iteration = 0;
    record.mse = double(m_mse);
    record.batchMse = notAvailable;
    record.gradNorm = notAvailable;
    record.learningRate = notAvailable;
    record.updateRatio = notAvailable;
    record.testMse = m_testInputs.cols() > 0
        ? double(m_network.forward(m_testInputs, m_testTargets, m_testCache))
        : notAvailable;
    record.nonFinite = !std::isfinite(record.mse) || !m_network.parameters().allFinite();
    m_history.append(record);
    m_diverged = !std::isfinite(record.mse);
    detectSpikes(record);
}

template<typename Scalar>
void EngineImpl<Scalar>::reshuffle()
{
    // Fisher-Yates over the whole training set, from the run's batch stream.
    for (std::size_t i = m_order.size() - 1; i > 0; --i) {
        const auto j = std::size_t(m_batchRng.below(i + 1));
        std::swap(m_order[i], m_order[j]);
    }
    m_orderPosition = 0;
}

template<typename Scalar>
Eigen::Index EngineImpl<Scalar>::nextBatch()
{
    const auto samples = Eigen::Index(m_order.size());
    if (m_orderPosition >= samples)
        reshuffle();
    // The last batch of an epoch takes what is left, as PyTorch's DataLoader with drop_last=False.
    const Eigen::Index size = std::min(m_batchSize, samples - m_orderPosition);
    for (Eigen::Index k = 0; k < size; ++k) {
        const Eigen::Index sample = m_order[std::size_t(m_orderPosition + k)];
        m_batchInputs.col(k) = m_trainInputs.col(sample);
        m_batchTargets.col(k) = m_trainTargets.col(sample);
    }
    m_orderPosition += size;
    return size;
}

template<typename Scalar>
void EngineImpl<Scalar>::update()
{
    const TrainingConfig &training = m_config.training;
    const double boost = m_iteration < m_boostUntil ? m_boostFactor : 1.0;
    const auto learningRate = Scalar(learningRateAt(training, m_iteration) * boost);
    const bool outliers = m_outlierOffset != 0.0;
    Eigen::VectorXd shift;
    if (outliers) {
        shift = outlierShift();
        m_outlierTargets = m_dataset.trainTargets;
        m_outlierIteration = m_iteration + 1;
        m_outlierOffset = 0.0;
    }

    // Gradient of the batch. In full-batch mode the forward pass that measured the previous
    // iteration's MSE already stored the activations, so only the backward pass runs here.
    Scalar batchMse;
    std::span<const Eigen::Index> batchSamples;
    if (m_fullBatch && outliers) {
        // Every tenth sample, a different tenth each time, so that the outliers stand out
        // against the rest of the batch.
        for (Eigen::Index i = m_iteration % 10; i < m_outlierTargets.cols(); i += 10)
            m_outlierTargets.col(i) += shift;
        if (m_allSamples.empty()) {
            m_allSamples.resize(std::size_t(m_trainInputs.cols()));
            std::iota(m_allSamples.begin(), m_allSamples.end(), Eigen::Index(0));
        }
        batchSamples = m_allSamples;
        const Matrix targets = m_outlierTargets.cast<Scalar>();
        batchMse = m_network.forward(m_trainInputs, targets, m_trainCache);
        m_network.backward(m_trainInputs, targets, m_trainCache, m_gradient);
    } else if (m_fullBatch) {
        batchMse = m_mse;
        m_network.backward(m_trainInputs, m_trainTargets, m_trainCache, m_gradient);
    } else {
        const Eigen::Index size = nextBatch();
        batchSamples = std::span<const Eigen::Index>(m_order).subspan(
            std::size_t(m_orderPosition - size), std::size_t(size));
        if (outliers) {
            const VectorX<Scalar> batchShift = shift.cast<Scalar>();
            for (Eigen::Index k = 0; k < size; ++k) {
                m_batchTargets.col(k) += batchShift;
                m_outlierTargets.col(batchSamples[std::size_t(k)]) += shift;
            }
        }
        const auto inputs = m_batchInputs.leftCols(size);
        const auto targets = m_batchTargets.leftCols(size);
        batchMse = m_network.forward(inputs, targets, m_batchCache);
        m_network.backward(inputs, targets, m_batchCache, m_gradient);
    }

    const Scalar gradNorm = m_gradient.norm();
    for (std::size_t l = 0; l < m_network.layers().size(); ++l) {
        const LayerShape &shape = m_network.layers()[l];
        m_layerGradNorms[l] = double(m_gradient.segment(shape.offset, shape.parameterCount()).norm());
    }
    clipGradientNorm(m_gradient, gradNorm, Scalar(training.clipNorm));

    const Scalar parameterNorm = m_network.parameters().norm();
    m_optimizer.step(m_network.parameters(), m_gradient, learningRate, m_update);
    const Scalar updateNorm = m_update.norm();

    m_mse = m_network.forward(m_trainInputs, m_trainTargets, m_trainCache);
    ++m_iteration;

    IterationRecord record;
    record.iteration = m_iteration;
    record.mse = double(m_mse);
    record.batchMse = double(batchMse);
    record.gradNorm = double(gradNorm);
    record.learningRate = double(learningRate);
    record.updateRatio = parameterNorm > Scalar(0) ? double(updateNorm / parameterNorm)
                                                   : notAvailable;
    record.testMse = m_testInputs.cols() > 0
        ? double(m_network.forward(m_testInputs, m_testTargets, m_testCache))
        : notAvailable;
    record.nonFinite = !std::isfinite(record.mse) || !std::isfinite(record.batchMse)
        || !std::isfinite(record.gradNorm) || !std::isfinite(double(updateNorm))
        || !std::isfinite(double(parameterNorm));
    record.layerGradNorms = m_layerGradNorms;
    record.batchSamples = batchSamples;

    m_history.append(record);
    if (!std::isfinite(record.mse)) {
        m_diverged = true;
        qCInfo(lcTrainer) << "run diverged at iteration" << m_iteration << "with MSE" << record.mse;
    }
    detectSpikes(record);
    if (m_snapshotEvery > 0 && m_iteration % m_snapshotEvery == 0 && !m_diverged)
        takeSnapshot();
    if (m_hook)
        m_hook(record);
}

template<typename Scalar>
Eigen::VectorXd EngineImpl<Scalar>::outlierShift() const
{
    // Population standard deviation of each target column over the training set.
    const Eigen::MatrixXd &targets = m_dataset.trainTargets;
    const Eigen::VectorXd mean = targets.rowwise().mean();
    Eigen::VectorXd spread
        = ((targets.colwise() - mean).array().square().rowwise().mean()).sqrt().matrix();
    for (Eigen::Index r = 0; r < spread.size(); ++r) {
        if (!(spread(r) > 0.0) || !std::isfinite(spread(r)))
            spread(r) = 1.0;
    }
    return m_outlierOffset * spread;
}

template<typename Scalar>
void EngineImpl<Scalar>::scaleLayer(int layer, double factor)
{
    m_network.weights(std::size_t(layer - 1)) *= Scalar(factor);
    // The next full-batch update back-propagates the activations of the last forward pass.
    m_mse = m_network.forward(m_trainInputs, m_trainTargets, m_trainCache);
}

template<typename Scalar>
std::vector<LayerSignals> EngineImpl<Scalar>::layerSignals(const Eigen::MatrixXd &inputs,
                                                           bool initial) const
{
    Network<Scalar> network = m_network;
    if (initial)
        network.parameters() = m_initialParameters;
    const Eigen::Index samples = inputs.cols();
    ForwardCache<Scalar> cache = network.makeCache(std::max<Eigen::Index>(samples, 1));
    const Matrix converted = inputs.cast<Scalar>();
    const Matrix targets = Matrix::Zero(network.outputCount(), samples);
    network.forward(converted, targets, cache);

    std::vector<LayerSignals> result(network.layers().size());
    for (std::size_t l = 0; l < result.size(); ++l) {
        result[l].z = cache.z[l].topRows(samples).transpose().template cast<double>();
        result[l].a = cache.a[l].topRows(samples).transpose().template cast<double>();
    }
    return result;
}

template<typename Scalar>
void EngineImpl<Scalar>::takeSnapshot()
{
    if (!m_snapshots.empty() && m_snapshots.back().iteration == m_iteration)
        return;
    if (int(m_snapshots.size()) >= m_maxSnapshots) {
        // Keep every second snapshot, the first included, and take them half as often.
        std::size_t kept = 0;
        for (std::size_t i = 0; i < m_snapshots.size(); i += 2)
            m_snapshots[kept++] = std::move(m_snapshots[i]);
        m_snapshots.erase(m_snapshots.begin() + std::ptrdiff_t(kept), m_snapshots.end());
        m_snapshotEvery *= 2;
        if (m_iteration % m_snapshotEvery != 0)
            return;
    }
    Snapshot snapshot{m_iteration,
                      m_network.parameters(),
                      m_update,
                      m_optimizer,
                      m_order,
                      m_orderPosition,
                      m_batchRng,
                      m_detector,
                      m_spikes,
                      m_config.training,
                      m_boostFactor,
                      m_boostUntil,
                      m_outlierOffset,
                      m_outlierIteration,
                      m_nextIntervention};
    m_snapshots.push_back(std::move(snapshot));
}

template<typename Scalar>
std::vector<qint64> EngineImpl<Scalar>::snapshotIterations() const
{
    std::vector<qint64> iterations;
    iterations.reserve(m_snapshots.size());
    for (const Snapshot &snapshot : m_snapshots)
        iterations.push_back(snapshot.iteration);
    return iterations;
}

template<typename Scalar>
qint64 EngineImpl<Scalar>::rewind(qint64 iteration)
{
    auto found = std::find_if(m_snapshots.rbegin(), m_snapshots.rend(),
                              [iteration](const Snapshot &s) { return s.iteration <= iteration; });
    if (found == m_snapshots.rend())
        return -1;
    const Snapshot &snapshot = *found;
    m_iteration = snapshot.iteration;
    m_network.parameters() = snapshot.parameters;
    m_update = snapshot.update;
    m_optimizer = snapshot.optimizer;
    m_order = snapshot.order;
    m_orderPosition = snapshot.orderPosition;
    m_batchRng = snapshot.batchRng;
    m_detector = snapshot.detector;
    m_spikes = snapshot.spikes;
    m_config.training = snapshot.training;
    m_boostFactor = snapshot.boostFactor;
    m_boostUntil = snapshot.boostUntil;
    m_outlierOffset = snapshot.outlierOffset;
    m_outlierIteration = snapshot.outlierIteration;
    m_nextIntervention = snapshot.nextIntervention;
    m_diverged = false;
    m_snapshots.erase(found.base(), m_snapshots.end());

    m_mse = m_network.forward(m_trainInputs, m_trainTargets, m_trainCache);
    m_history.truncate(m_iteration + 1);
    for (qint64 row = 0; row <= m_iteration; ++row)
        m_history.setFlag(row, History::Spike, false);
    for (const SpikeReport &report : m_spikes)
        syncSpikeFlags(report.event, report.event.end < 0);
    qCInfo(lcTrainer) << "rewound to iteration" << m_iteration;
    return m_iteration;
}

template<typename Scalar>
SpikeMeasurements EngineImpl<Scalar>::measure(const IterationRecord &record)
{
    SpikeContext context;
    Network<double> shape(m_network.inputCount(), m_config.network.hidden, m_network.outputCount(),
                          m_config.network.activation);
    context.network = &shape;
    context.parametersAfter = m_network.parameters().template cast<double>();
    // The update was subtracted, so adding it back recovers the parameters before it, up to
    // rounding.
    context.parametersBefore = context.parametersAfter;
    if (record.iteration > 0)
        context.parametersBefore += m_update.template cast<double>();
    context.trainInputs = &m_dataset.trainInputs;
    context.trainTargets = record.iteration == m_outlierIteration ? &m_outlierTargets
                                                                  : &m_dataset.trainTargets;
    context.batchSamples = record.batchSamples;
    context.training = &m_config.training;
    context.optimizer = m_config.training.optimizer;
    context.optimizerFirst = m_optimizer.firstState().template cast<double>();
    context.optimizerSecond = m_optimizer.secondState().template cast<double>();
    context.optimizerSteps = m_optimizer.stepCount();
    context.history = &m_history;
    context.iteration = record.iteration;
    context.window = m_config.spikes.window;
    context.largestFinite = double(std::numeric_limits<Scalar>::max());
    context.seed = m_config.seed;
    return measureSpike(context);
}

template<typename Scalar>
qint64 EngineImpl<Scalar>::run(qint64 maxUpdates)
{
    const qint64 total = m_config.training.iterations;
    qint64 done = 0;
    while (!m_diverged && m_iteration < total && (maxUpdates < 0 || done < maxUpdates)) {
        if (m_stopRequested.load(std::memory_order_relaxed))
            break;
        replayInterventions();
        update();
        ++done;
    }
    m_stopRequested.store(false, std::memory_order_relaxed);
    return done;
}

template<typename Scalar>
NetworkParameters EngineImpl<Scalar>::parameters(bool initial) const
{
    Network<Scalar> network = m_network;
    if (initial)
        network.parameters() = m_initialParameters;
    NetworkParameters result;
    for (std::size_t l = 0; l < network.layers().size(); ++l) {
        result.push_back({network.weights(l).template cast<double>(),
                          network.biases(l).template cast<double>()});
    }
    return result;
}

template<typename Scalar>
Eigen::MatrixXd EngineImpl<Scalar>::predict(const Eigen::MatrixXd &inputs) const
{
    const Matrix converted = inputs.cast<Scalar>();
    return m_network.predict(converted).template cast<double>();
}

} // namespace

void TrainerEngine::apply(const Intervention &intervention)
{
    switch (intervention.kind) {
    case Intervention::Kind::TrainingParameters:
        m_config.training = intervention.training;
        updateOptimizerHyperparameters();
        break;
    case Intervention::Kind::LearningRateBoost:
        m_boostFactor = intervention.factor;
        m_boostUntil = m_iteration + intervention.updates;
        break;
    case Intervention::Kind::OutlierBatch:
        m_outlierOffset = intervention.factor;
        break;
    case Intervention::Kind::ScaleLayer:
        scaleLayer(intervention.layer, intervention.factor);
        break;
    }
}

void TrainerEngine::intervene(const Intervention &intervention)
{
    // Entries after m_nextIntervention belong to iterations not replayed yet, so a change made
    // now goes before them.
    m_interventions.insert(m_interventions.begin() + std::ptrdiff_t(m_nextIntervention),
                           intervention);
    ++m_nextIntervention;
    apply(intervention);
    qCInfo(lcTrainer).noquote() << describe(intervention) << "at iteration" << m_iteration;
}

void TrainerEngine::replayInterventions()
{
    while (m_nextIntervention < m_interventions.size()
           && m_interventions[m_nextIntervention].iteration <= m_iteration) {
        const Intervention &intervention = m_interventions[m_nextIntervention++];
        const TrainingConfig before = m_config.training;
        apply(intervention);
        if (m_interventionHook)
            m_interventionHook(intervention, before);
    }
}

void TrainerEngine::appendInterventionNote(SpikeReport &report) const
{
    const qint64 start = report.event.start;
    for (std::size_t i = m_nextIntervention; i-- > 0;) {
        const Intervention &intervention = m_interventions[i];
        if (intervention.iteration >= start)
            continue;
        if (intervention.iteration < start - m_config.spikes.window)
            return;
        report.diagnosis.explanation += QStringLiteral(" Shortly before, at iteration %1, the run "
                                                       "was changed on request: %2.")
                                            .arg(intervention.iteration)
                                            .arg(describe(intervention));
        return;
    }
}

void TrainerEngine::syncSpikeFlags(const SpikeEvent &event, bool open)
{
    // Rows from the start up to the end are inside the event, or up to the newest row while it is
    // open. Rows from the end on are quiet again.
    const qint64 newest = m_history.size() - 1;
    const qint64 stop = open ? newest + 1 : event.end;
    for (qint64 row = event.start; row <= newest; ++row)
        m_history.setFlag(row, History::Spike, row < stop || event.divergence);
}

void TrainerEngine::detectSpikes(const IterationRecord &record)
{
    using Change = SpikeDetector::Change;
    const Change change = m_detector.add(record.iteration, record.mse);
    if (change == Change::None) {
        if (m_detector.isOpen())
            m_history.setFlag(record.iteration, History::Spike, true);
        return;
    }

    if (change == Change::Started || change == Change::Diverged) {
        SpikeReport report;
        report.event = change == Change::Started ? *m_detector.openEvent()
                                                 : m_detector.events().back();
        // A divergence closes an open event first; keep that one's report in step.
        if (change == Change::Diverged && m_detector.events().size() >= 2
            && !m_spikes.empty() && m_spikes.back().event.end < 0) {
            m_spikes.back().event = m_detector.events()[m_detector.events().size() - 2];
        }
        report.measurements = measure(record);
        report.diagnosis = diagnose(report.measurements);
        appendInterventionNote(report);
        m_spikes.push_back(report);
    } else if (change == Change::Grew) {
        m_spikes.back().event = *m_detector.openEvent();
    } else if (change == Change::Ended) {
        m_spikes.back().event = m_detector.events().back();
    }

    SpikeReport &report = m_spikes.back();
    syncSpikeFlags(report.event, report.event.end < 0);
    qCInfo(lcTrainer) << "spike" << int(change) << "at iteration" << record.iteration << "cause"
                      << toString(report.diagnosis.cause);
    if (m_spikeHook)
        m_spikeHook(report, change);
}

namespace {

std::unique_ptr<TrainerEngine> makeEngine(const RunConfig &config, Dataset dataset)
{
    if (dataset.trainCount() < 1)
        throw ConfigError(QStringLiteral("dataset"),
                          QStringLiteral("the dataset has no training samples; use more samples "
                                         "or a smaller dataset.testFraction"));
    if (dataset.inputCount() < 1 || dataset.outputCount() < 1)
        throw ConfigError(QStringLiteral("dataset"),
                          QStringLiteral("the dataset needs at least one input and one target "
                                         "column"));
    if (config.training.precision == Precision::Float32)
        return std::make_unique<EngineImpl<float>>(config, std::move(dataset));
    return std::make_unique<EngineImpl<double>>(config, std::move(dataset));
}

} // namespace

Trainer::Trainer(const RunConfig &config, Dataset dataset)
    : m_engine(makeEngine(config, std::move(dataset)))
{}

Trainer::~Trainer() = default;

QString describe(const Intervention &intervention)
{
    const auto number = [](double value) { return QString::number(value, 'g', 6); };
    switch (intervention.kind) {
    case Intervention::Kind::TrainingParameters:
        return QStringLiteral("training parameters changed");
    case Intervention::Kind::LearningRateBoost:
        return QStringLiteral("learning rate x%1 for %2 updates")
            .arg(number(intervention.factor))
            .arg(intervention.updates);
    case Intervention::Kind::OutlierBatch:
        return QStringLiteral("outlier batch: targets shifted by %1 std")
            .arg(number(intervention.factor));
    case Intervention::Kind::ScaleLayer:
        return QStringLiteral("layer %1 weights x%2")
            .arg(intervention.layer)
            .arg(number(intervention.factor));
    }
    return {};
}

void Trainer::setIterationHook(IterationHook hook) { m_engine->m_hook = std::move(hook); }
void Trainer::setSpikeHook(SpikeHook hook) { m_engine->m_spikeHook = std::move(hook); }
const std::vector<SpikeReport> &Trainer::spikes() const { return m_engine->m_spikes; }

void Trainer::finishSpikes()
{
    TrainerEngine &engine = *m_engine;
    if (!engine.m_detector.isOpen())
        return;
    engine.m_detector.finish();
    SpikeReport &report = engine.m_spikes.back();
    report.event = engine.m_detector.events().back();
    engine.syncSpikeFlags(report.event, false);
    if (engine.m_spikeHook)
        engine.m_spikeHook(report, SpikeDetector::Change::Ended);
}
void Trainer::setTrainingParameters(const TrainingConfig &training)
{
    TrainingConfig changed = m_engine->m_config.training;
    changed.learningRate = training.learningRate;
    changed.schedule = training.schedule;
    changed.warmupIterations = training.warmupIterations;
    changed.stepSize = training.stepSize;
    changed.stepGamma = training.stepGamma;
    changed.minLearningRate = training.minLearningRate;
    changed.momentum = training.momentum;
    changed.beta1 = training.beta1;
    changed.beta2 = training.beta2;
    changed.epsilon = training.epsilon;
    changed.rmsAlpha = training.rmsAlpha;
    changed.weightDecay = training.weightDecay;
    changed.clipNorm = training.clipNorm;

    // The config parser contains the ranges and the checks between keys, such as warm-up against
    // iterations. Only the training section is checked, so that an error names one of these keys
    // and never an unrelated part of the run's config.
    RunConfig candidate;
    candidate.training = changed;
    const QJsonObject section = toJson(candidate).value(QStringLiteral("training")).toObject();
    runConfigFromJson(QJsonObject{{QStringLiteral("training"), section}}, QString());

    Intervention intervention = m_engine->intervention(Intervention::Kind::TrainingParameters);
    intervention.training = changed;
    m_engine->intervene(intervention);
}

void Trainer::setInterventionHook(InterventionHook hook)
{
    m_engine->m_interventionHook = std::move(hook);
}

namespace {

QString formatValue(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

void Trainer::boostLearningRate(double factor, int updates)
{
    if (!(std::isfinite(factor) && factor > 0.0)) {
        throw ConfigError(QStringLiteral("factor"),
                          QStringLiteral("Invalid learning-rate factor %1: use a finite number "
                                         "> 0, such as 10.")
                              .arg(formatValue(factor)));
    }
    if (updates < 1) {
        throw ConfigError(QStringLiteral("updates"),
                          QStringLiteral("Invalid number of updates %1 for the raised learning "
                                         "rate: use 1 or more, such as 50.")
                              .arg(updates));
    }
    Intervention intervention = m_engine->intervention(Intervention::Kind::LearningRateBoost);
    intervention.factor = factor;
    intervention.updates = updates;
    m_engine->intervene(intervention);
}

void Trainer::injectOutlierBatch(double offset)
{
    if (!(std::isfinite(offset) && offset != 0.0)) {
        throw ConfigError(QStringLiteral("offset"),
                          QStringLiteral("Invalid outlier offset %1: use a finite number of "
                                         "standard deviations other than 0, such as 10.")
                              .arg(formatValue(offset)));
    }
    Intervention intervention = m_engine->intervention(Intervention::Kind::OutlierBatch);
    intervention.factor = offset;
    m_engine->intervene(intervention);
}

void Trainer::scaleLayerWeights(int layer, double factor)
{
    if (layer < 1 || layer > layerCount()) {
        throw ConfigError(QStringLiteral("layer"),
                          QStringLiteral("Invalid layer %1: this network has layers 1 to %2, the "
                                         "last being the output layer.")
                              .arg(layer)
                              .arg(layerCount()));
    }
    if (!std::isfinite(factor)) {
        throw ConfigError(QStringLiteral("factor"),
                          QStringLiteral("Invalid weight factor %1: use a finite number, such "
                                         "as 3.")
                              .arg(formatValue(factor)));
    }
    Intervention intervention = m_engine->intervention(Intervention::Kind::ScaleLayer);
    intervention.factor = factor;
    intervention.layer = layer;
    m_engine->intervene(intervention);
}

const std::vector<Intervention> &Trainer::interventions() const
{
    return m_engine->m_interventions;
}

int Trainer::layerCount() const { return int(m_engine->m_config.network.hidden.size()) + 1; }

void Trainer::setSnapshotInterval(qint64 updates, int maxSnapshots)
{
    TrainerEngine &engine = *m_engine;
    engine.m_maxSnapshots = std::max(2, maxSnapshots);
    if (updates <= 0) {
        engine.m_snapshotEvery = 0;
        engine.dropSnapshots();
        return;
    }
    engine.m_snapshotEvery = updates;
    if (!engine.m_diverged)
        engine.takeSnapshot();
}

qint64 Trainer::snapshotInterval() const { return m_engine->m_snapshotEvery; }

std::vector<qint64> Trainer::snapshotIterations() const
{
    return m_engine->snapshotIterations();
}

qint64 Trainer::rewind(qint64 iteration) { return m_engine->rewind(iteration); }

std::vector<LayerSignals> Trainer::layerSignals(const Eigen::MatrixXd &inputs, bool initial) const
{
    return m_engine->layerSignals(inputs, initial);
}

qint64 Trainer::run(qint64 maxUpdates) { return m_engine->run(maxUpdates); }
void Trainer::requestStop() { m_engine->m_stopRequested.store(true); }
qint64 Trainer::iteration() const { return m_engine->m_iteration; }
qint64 Trainer::totalIterations() const { return m_engine->m_config.training.iterations; }

bool Trainer::isFinished() const
{
    return m_engine->m_diverged || m_engine->m_iteration >= totalIterations();
}

bool Trainer::hasDiverged() const { return m_engine->m_diverged; }
double Trainer::currentMse() const { return m_engine->currentMse(); }
const History &Trainer::history() const { return m_engine->m_history; }
const RunConfig &Trainer::config() const { return m_engine->m_config; }
const Dataset &Trainer::dataset() const { return m_engine->m_dataset; }
NetworkParameters Trainer::initialParameters() const { return m_engine->parameters(true); }
NetworkParameters Trainer::currentParameters() const { return m_engine->parameters(false); }

Eigen::MatrixXd Trainer::predict(const Eigen::MatrixXd &inputs) const
{
    return m_engine->predict(inputs);
}

} // namespace initlab
