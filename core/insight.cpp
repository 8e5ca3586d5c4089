#include "insight.h"

#include "initializers.h"
#include "trainer.h"

#include <algorithm>

namespace initlab {

namespace {

constexpr double notAvailable = std::numeric_limits<double>::quiet_NaN();

// Smallest and largest finite value over all spans; {0, 0} when none is finite.
std::pair<double, double> finiteRange(std::initializer_list<std::span<const double>> spans)
{
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    for (const std::span<const double> values : spans) {
        for (const double value : values) {
            if (std::isfinite(value)) {
                low = std::min(low, value);
                high = std::max(high, value);
            }
        }
    }
    if (low > high)
        return {0.0, 0.0};
    return {low, high};
}

std::span<const double> valuesOf(const Eigen::MatrixXd &matrix)
{
    return {matrix.data(), std::size_t(matrix.size())};
}

// Histograms of now and initial over one range that contains both.
std::pair<Histogram, Histogram> histogramPair(const Eigen::MatrixXd &now,
                                              const Eigen::MatrixXd &initial)
{
    const auto [low, high] = finiteRange({valuesOf(now), valuesOf(initial)});
    return {makeHistogram(valuesOf(now), low, high, insightBins),
            makeHistogram(valuesOf(initial), low, high, insightBins)};
}

double meanSquare(const Eigen::MatrixXd &values)
{
    double sum = 0.0;
    qint64 count = 0;
    for (const double value : valuesOf(values)) {
        if (std::isfinite(value)) {
            sum += value * value;
            ++count;
        }
    }
    return count > 0 ? sum / double(count) : notAvailable;
}

// Share of values whose slope is under 1% of the activation's largest slope: 1 for tanh at
// z = 0, 1/4 for the sigmoid. Both slopes follow from a = f(z) alone.
double saturatedShare(Activation activation, const Eigen::MatrixXd &a)
{
    if (a.size() == 0)
        return notAvailable;
    qint64 saturated = 0;
    for (const double value : valuesOf(a)) {
        const double slope = activation == Activation::Tanh ? 1.0 - value * value
                                                            : 4.0 * value * (1.0 - value);
        if (!(slope >= 0.01))
            ++saturated;
    }
    return double(saturated) / double(a.size());
}

// Share of units (rows of a) that are 0 for every sample.
double deadShare(const Eigen::MatrixXd &a)
{
    if (a.rows() == 0 || a.cols() == 0)
        return notAvailable;
    Eigen::Index dead = 0;
    for (Eigen::Index unit = 0; unit < a.rows(); ++unit) {
        if ((a.row(unit).array() == 0.0).all())
            ++dead;
    }
    return double(dead) / double(a.rows());
}

// Returns count indices spread evenly over [0, total).
std::vector<Eigen::Index> evenlySpaced(Eigen::Index total, Eigen::Index count)
{
    count = std::min(count, total);
    std::vector<Eigen::Index> indices(std::size_t(std::max<Eigen::Index>(count, 0)));
    for (Eigen::Index i = 0; i < count; ++i)
        indices[std::size_t(i)] = i * total / count;
    return indices;
}

FunctionView measureFunction(const Trainer &trainer)
{
    const Dataset &dataset = trainer.dataset();
    FunctionView view;
    view.outputs = int(dataset.outputCount());
    const Eigen::Index inputs = dataset.inputCount();
    view.dataInputs = int(inputs);
    if (inputs != 1 && inputs != 2)
        return view;
    view.inputs = int(inputs);

    const Eigen::MatrixXd &x = dataset.trainInputs;
    const auto margin = [](double low, double high) {
        const double pad = high > low ? 0.05 * (high - low) : 1.0;
        return std::pair{low - pad, high + pad};
    };
    std::tie(view.xMin, view.xMax) = margin(x.row(0).minCoeff(), x.row(0).maxCoeff());
    if (inputs == 2)
        std::tie(view.yMin, view.yMax) = margin(x.row(1).minCoeff(), x.row(1).maxCoeff());

    view.columns = inputs == 1 ? functionCurvePoints : functionGridSize;
    view.rows = inputs == 1 ? 1 : functionGridSize;
    Eigen::MatrixXd grid(inputs, Eigen::Index(view.columns) * view.rows);
    const auto at = [](double low, double high, int i, int count) {
        return count > 1 ? low + (high - low) * double(i) / double(count - 1) : low;
    };
    for (int row = 0; row < view.rows; ++row) {
        for (int column = 0; column < view.columns; ++column) {
            const Eigen::Index k = Eigen::Index(row) * view.columns + column;
            grid(0, k) = at(view.xMin, view.xMax, column, view.columns);
            if (inputs == 2)
                grid(1, k) = at(view.yMin, view.yMax, row, view.rows);
        }
    }
    const Eigen::MatrixXd predicted = trainer.predict(grid);
    view.values.resize(std::size_t(predicted.cols()));
    for (Eigen::Index k = 0; k < predicted.cols(); ++k)
        view.values[std::size_t(k)] = predicted(0, k);

    const Eigen::RowVectorXd targets = dataset.trainTargets.row(0);
    view.targetMin = targets.minCoeff();
    view.targetMax = targets.maxCoeff();
    for (const Eigen::Index sample : evenlySpaced(x.cols(), maxFunctionPoints)) {
        view.pointX.push_back(x(0, sample));
        if (inputs == 2)
            view.pointY.push_back(x(1, sample));
        view.pointTarget.push_back(targets(sample));
    }
    return view;
}

} // namespace

Histogram makeHistogram(std::span<const double> values, double low, double high, int bins)
{
    Histogram histogram;
    histogram.low = low;
    histogram.high = high;
    histogram.counts.assign(std::size_t(std::max(bins, 1)), 0);
    const double width = (high - low) / double(histogram.counts.size());
    const auto last = qint64(histogram.counts.size()) - 1;

    double sum = 0.0;
    for (const double value : values) {
        if (!std::isfinite(value)) {
            ++histogram.nonFinite;
            continue;
        }
        const qint64 bin = width > 0.0 ? qint64(std::floor((value - low) / width)) : 0;
        ++histogram.counts[std::size_t(std::clamp<qint64>(bin, 0, last))];
        ++histogram.total;
        sum += value;
    }
    if (histogram.total > 0) {
        histogram.mean = sum / double(histogram.total);
        double squares = 0.0;
        for (const double value : values) {
            if (std::isfinite(value))
                squares += (value - histogram.mean) * (value - histogram.mean);
        }
        histogram.std = std::sqrt(squares / double(histogram.total));
    }
    return histogram;
}

InsightSnapshot measureInsight(const Trainer &trainer)
{
    const RunConfig &config = trainer.config();
    const Dataset &dataset = trainer.dataset();
    const Activation activation = config.network.activation;

    InsightSnapshot snapshot;
    snapshot.iteration = trainer.iteration();
    snapshot.activation = activation;

    const std::vector<Eigen::Index> probe = evenlySpaced(dataset.trainCount(), maxProbeSamples);
    Eigen::MatrixXd inputs(dataset.inputCount(), Eigen::Index(probe.size()));
    for (std::size_t i = 0; i < probe.size(); ++i)
        inputs.col(Eigen::Index(i)) = dataset.trainInputs.col(probe[i]);
    snapshot.probeSamples = int(probe.size());

    const std::vector<LayerSignals> now = trainer.layerSignals(inputs, false);
    const std::vector<LayerSignals> initial = trainer.layerSignals(inputs, true);
    const NetworkParameters weightsNow = trainer.currentParameters();
    const NetworkParameters weightsInitial = trainer.initialParameters();
    const bool saturates = activation == Activation::Tanh || activation == Activation::Sigmoid;

    for (std::size_t l = 0; l < now.size(); ++l) {
        LayerInsight layer;
        layer.layer = int(l) + 1;
        layer.output = l + 1 == now.size();
        layer.units = int(weightsNow[l].weights.rows());
        layer.inputs = int(weightsNow[l].weights.cols());

        std::tie(layer.preActivation, layer.preActivationInitial)
            = histogramPair(now[l].z, initial[l].z);
        const SecondMoments target = initialSecondMoments(config.init, activation, layer.units,
                                                          layer.inputs);
        const double inputSquare = meanSquare(l == 0 ? inputs : now[l - 1].a);
        layer.referenceStd = std::sqrt(double(layer.inputs) * target.weights * inputSquare
                                       + target.biases);

        if (!layer.output) {
            std::tie(layer.activation, layer.activationInitial)
                = histogramPair(now[l].a, initial[l].a);
            if (saturates) {
                layer.saturatedShare = saturatedShare(activation, now[l].a);
                layer.saturatedShareInitial = saturatedShare(activation, initial[l].a);
            }
            if (activation == Activation::Relu) {
                layer.deadShare = deadShare(now[l].a);
                layer.deadShareInitial = deadShare(initial[l].a);
            }
        }

        const Eigen::MatrixXd &w = weightsNow[l].weights;
        const Eigen::MatrixXd &w0 = weightsInitial[l].weights;
        std::tie(layer.weights, layer.weightsInitial) = histogramPair(w, w0);
        for (const Eigen::Index k : evenlySpaced(w.size(), maxWeightPairs)) {
            layer.initialWeightSample.push_back(float(w0.data()[k]));
            layer.currentWeightSample.push_back(float(w.data()[k]));
        }
        snapshot.layers.push_back(std::move(layer));
    }
    snapshot.function = measureFunction(trainer);
    return snapshot;
}

} // namespace initlab
