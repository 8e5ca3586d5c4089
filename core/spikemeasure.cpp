#include "spikemeasure.h"

#include "activation.h"
#include "sharpness.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace initlab {
namespace {

constexpr int powerIterations = 60;
constexpr double powerTolerance = 1e-3;

// Median of values, ignoring NaN; NaN when none is left.
double median(std::vector<double> values)
{
    values.erase(std::remove_if(values.begin(), values.end(),
                                [](double v) { return !std::isfinite(v); }),
                 values.end());
    if (values.empty())
        return SpikeMeasurements::missing;
    const auto middle = values.begin() + std::ptrdiff_t(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    return *middle;
}

double trailingMedian(const SpikeContext &c, float (History::*column)(qint64) const)
{
    std::vector<double> values;
    const qint64 first = std::max<qint64>(1, c.iteration - c.window);
    for (qint64 row = first; row < c.iteration; ++row)
        values.push_back(double((c.history->*column)(row)));
    return median(std::move(values));
}

// Square roots of the per-parameter step sizes of the update, as the optimizer takes them.
Eigen::VectorXd stepScaling(const SpikeContext &c, double learningRate)
{
    const Eigen::Index n = c.parametersBefore.size();
    const TrainingConfig &training = *c.training;
    switch (c.optimizer) {
    case Optimizer::Sgd:
    case Optimizer::Momentum:
    case Optimizer::Nesterov:
        return Eigen::VectorXd::Constant(n, std::sqrt(learningRate));
    case Optimizer::RmsProp:
        return (learningRate / (c.optimizerFirst.array().sqrt() + training.epsilon)).sqrt();
    case Optimizer::Adam: {
        const double t = double(std::max<long long>(1, c.optimizerSteps));
        const double correction1 = 1.0 - std::pow(training.beta1, t);
        const double correction2 = 1.0 - std::pow(training.beta2, t);
        return (learningRate
                / (correction1 * ((c.optimizerSecond.array() / correction2).sqrt() + training.epsilon)))
            .sqrt();
    }
    }
    return Eigen::VectorXd::Constant(n, std::sqrt(learningRate));
}

// Largest slope of each activation, so that "saturated" means below 1% of it.
double maxSlope(Activation activation)
{
    switch (activation) {
    case Activation::Sigmoid:
        return 0.25;
    case Activation::Selu:
        return seluLambda * seluAlpha;
    case Activation::Gelu:
        return 1.13; // GELU's slope peaks at about 1.129, near z = 1.4
    default:
        return 1.0;
    }
}

} // namespace

double stabilityLimit(const TrainingConfig &training)
{
    switch (training.optimizer) {
    case Optimizer::Sgd:
    case Optimizer::RmsProp:
        return 2.0;
    case Optimizer::Momentum:
    case Optimizer::Nesterov:
        return 2.0 * (1.0 + training.momentum);
    case Optimizer::Adam:
        return 2.0 * (1.0 + training.beta1) / (1.0 - training.beta1);
    }
    return 2.0;
}

SpikeMeasurements measureSpike(const SpikeContext &c)
{
    SpikeMeasurements m;
    m.available = true;
    const History &history = *c.history;
    const qint64 t = c.iteration;

    m.gradNorm = history.gradNorm(t);
    m.gradNormMedian = trailingMedian(c, &History::gradNorm);
    m.updateRatio = history.updateRatio(t);
    m.updateRatioMedian = trailingMedian(c, &History::updateRatio);
    m.learningRate = history.learningRate(t);
    m.nonFinite = history.isNonFinite(t);
    m.largestFinite = c.largestFinite;
    m.maxAbsParameter = c.parametersAfter.cwiseAbs().maxCoeff();
    m.stabilityLimit = stabilityLimit(*c.training);
    if (m.nonFinite || !c.parametersBefore.allFinite())
        return m;

    Network<double> network = *c.network;
    const Eigen::MatrixXd &inputs = *c.trainInputs;
    const Eigen::MatrixXd &targets = *c.trainTargets;
    ForwardCache<double> cache = network.makeCache(inputs.cols());
    const GradientFunction gradient = [&](const Eigen::VectorXd &p, Eigen::VectorXd &g) {
        network.parameters() = p;
        g.resize(p.size());
        network.forward(inputs, targets, cache);
        network.backward(inputs, targets, cache, g);
    };

    Rng rng(c.seed ^ std::uint64_t(t), RandomStream::Diagnosis);
    m.sharpness = estimateSharpness(gradient, c.parametersBefore, rng, powerIterations,
                                    powerTolerance)
                      .eigenvalue;
    const Eigen::VectorXd scaling = stepScaling(c, m.learningRate);
    m.stability = estimateScaledSharpness(gradient, c.parametersBefore, scaling, rng,
                                          powerIterations, powerTolerance)
                      .eigenvalue;

    // Per-sample losses and hidden activations of the model before the update.
    network.parameters() = c.parametersBefore;
    network.forward(inputs, targets, cache);
    const Eigen::Index samples = inputs.cols();
    const std::size_t last = network.layers().size() - 1;
    // The cache keeps samples as rows, so the outputs are (samples x outputs).
    const Eigen::VectorXd perSample
        = (cache.a[last].topRows(samples) - targets.transpose()).rowwise().squaredNorm()
        / double(targets.rows());

    if (!c.batchSamples.empty()) {
        std::vector<double> all(perSample.data(), perSample.data() + samples);
        const double typical = median(std::move(all));
        double largest = 0.0;
        for (const Eigen::Index sample : c.batchSamples)
            largest = std::max(largest, perSample(sample));
        m.batchOutlierScore = typical > 0.0 ? largest / typical : SpikeMeasurements::missing;
    }

    if (last > 0) {
        double saturated = 0.0;
        double total = 0.0;
        const double threshold = 0.01 * maxSlope(network.activation());
        for (std::size_t l = 0; l < last; ++l) {
            const auto z = cache.z[l].topRows(samples);
            const auto a = cache.a[l].topRows(samples);
            Eigen::MatrixXd slope = Eigen::MatrixXd::Ones(z.rows(), z.cols());
            multiplyByDerivative(network.activation(), z, a, slope);
            saturated += double((slope.array().abs() < threshold).count());
            total += double(slope.size());
        }
        m.saturatedShare = total > 0.0 ? saturated / total : SpikeMeasurements::missing;
    }
    return m;
}

} // namespace initlab
