#include "datagenerators.h"

#include "errors.h"
#include "runconfig.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

// The generated datasets. n is dataset.samples and sigma is dataset.noise. An "evenly spaced grid
// on [a, b]" has n points from a to b with both ends included, like numpy.linspace. Every kind
// needs at least 4 samples.
//
// sine
//     Input x on an evenly spaced grid on [-pi, pi], target sin(x) + N(0, sigma^2), so the targets
//     lie in [-1, 1] plus noise. This is the default dataset (200 samples, no noise).
// linear
//     Input x on an evenly spaced grid on [-1, 1], target 0.8 x + 0.3 + N(0, sigma^2), so the
//     targets lie in [-0.5, 1.1] plus noise.
// xor
//     Inputs (x1, x2). Sample i sits at corner i mod 4 of the list (-1, -1), (-1, +1), (+1, -1),
//     (+1, +1), plus N(0, sigma^2) jitter on each input. Its target is 1 when the corner's two
//     signs differ and 0 otherwise, whatever the jitter.
// two_moons
//     Inputs (x1, x2), after scikit-learn's make_moons. The first floor(n/2) samples form the outer
//     moon (cos t, sin t) with target 0, the others the inner moon (1 - cos t, 0.5 - sin t) with
//     target 1. On each moon t runs over an evenly spaced grid on [0, pi]. Jitter N(0, sigma^2)
//     is added to each input.
// circles
//     Inputs (x1, x2), after make_circles with factor 0.5. The first floor(n/2) samples lie on the
//     circle of radius 1 with target 0, the others on the circle of radius 0.5 with target 1. On a
//     circle of m samples the angles are 2 pi k / m for k = 0 .. m-1, so the point at angle 0
//     appears once. Jitter as for two_moons.
// spiral
//     Inputs (x1, x2), two interleaved arms of 1.5 turns. The first floor(n/2) samples form arm 0
//     with target 0, the others arm 1 with target 1. On arm k, t runs over an evenly spaced grid on
//     [0, 1], the radius is 0.1 + 0.9 t and the angle 3 pi t + k pi. Arm 1 is thus arm 0 turned by
//     half a turn, and along any ray from the origin the two arms alternate 0.3 apart. Jitter as
//     for two_moons.
// gaussian_blobs
//     Inputs (x1, x2) around three centres, (-2, 0), (2, 0) and (0, 2.5). Sample i belongs to blob
//     i mod 3. Each blob has its own spread of 0.5 per coordinate, and the noise adds to it
//     independently, so each input is drawn from N(centre, 0.25 + sigma^2). The targets are three
//     outputs, one-hot over the blobs.
//
// The classification targets (0/1 and one-hot) take no noise, because the noise is applied to the
// inputs of those datasets.
//
// Outliers: round(dataset.outlierFraction * n) distinct samples are picked uniformly at random,
// and every target of each picked sample is shifted by +dataset.outlierMagnitude or
// -dataset.outlierMagnitude, with one random sign per sample. The inputs are left unchanged.
//
// Random draws happen in a fixed order, so one seed always gives the same data:
//   1. The clean data, sample by sample in column order. A sine or linear sample draws one normal
//      value for its target, and a two-input sample draws one for x1, then one for x2. These draws
//      happen even when the noise is 0, so the outlier draws do not depend on the noise level.
//   2. The outliers, after all the clean data, so that changing dataset.outlierFraction leaves the
//      clean data identical. For pick i a partial Fisher-Yates shuffle draws an index with
//      Rng::below(n - i), then Rng::below(2) draws the sign (0 is minus, 1 is plus).

namespace initlab {

namespace {

constexpr int minimumSamples = 4;

constexpr double linearSlope = 0.8;
constexpr double linearIntercept = 0.3;

constexpr double blobSpread = 0.5;
constexpr std::array<std::array<double, 2>, 3> blobCentres {{{-2.0, 0.0}, {2.0, 0.0}, {0.0, 2.5}}};

// Returns the point at index of an evenly spaced grid of count points on [first, last], both ends
// included. The last point is set to last exactly rather than computed, so no rounding moves it.
double gridPoint(double first, double last, int index, int count)
{
    if (count < 2)
        return first;
    if (index == count - 1)
        return last;
    return first + (last - first) * double(index) / double(count - 1);
}

Dataset emptyDataset(
    int inputs, int outputs, int samples, QStringList inputNames, QStringList targetNames)
{
    Dataset dataset;
    dataset.trainInputs.setZero(inputs, samples);
    dataset.trainTargets.setZero(outputs, samples);
    dataset.testInputs.resize(inputs, 0);
    dataset.testTargets.resize(outputs, 0);
    dataset.inputNames = std::move(inputNames);
    dataset.targetNames = std::move(targetNames);
    return dataset;
}

Dataset oneInputDataset(int samples)
{
    return emptyDataset(1, 1, samples, {QStringLiteral("x")}, {QStringLiteral("y")});
}

Dataset twoInputDataset(int outputs, int samples)
{
    QStringList targetNames;
    if (outputs == 1) {
        targetNames << QStringLiteral("y");
    } else {
        for (int row = 0; row < outputs; ++row)
            targetNames << QStringLiteral("y%1").arg(row + 1);
    }
    return emptyDataset(
        2, outputs, samples, {QStringLiteral("x1"), QStringLiteral("x2")}, targetNames);
}

// Sets column `sample` to the point (x1, x2) plus N(0, noise^2) on each coordinate.
void setJitteredPoint(Dataset &dataset, int sample, double x1, double x2, double noise, Rng &rng)
{
    dataset.trainInputs(0, sample) = rng.normal(x1, noise);
    dataset.trainInputs(1, sample) = rng.normal(x2, noise);
}

Dataset generateSine(int samples, double noise, Rng &rng)
{
    Dataset dataset = oneInputDataset(samples);
    for (int i = 0; i < samples; ++i) {
        const double x = gridPoint(-std::numbers::pi, std::numbers::pi, i, samples);
        dataset.trainInputs(0, i) = x;
        dataset.trainTargets(0, i) = rng.normal(std::sin(x), noise);
    }
    return dataset;
}

Dataset generateLinear(int samples, double noise, Rng &rng)
{
    Dataset dataset = oneInputDataset(samples);
    for (int i = 0; i < samples; ++i) {
        const double x = gridPoint(-1.0, 1.0, i, samples);
        dataset.trainInputs(0, i) = x;
        dataset.trainTargets(0, i) = rng.normal(linearSlope * x + linearIntercept, noise);
    }
    return dataset;
}

Dataset generateXor(int samples, double noise, Rng &rng)
{
    Dataset dataset = twoInputDataset(1, samples);
    for (int i = 0; i < samples; ++i) {
        const int corner = i % 4;
        const double x1 = (corner & 2) != 0 ? 1.0 : -1.0;
        const double x2 = (corner & 1) != 0 ? 1.0 : -1.0;
        setJitteredPoint(dataset, i, x1, x2, noise, rng);
        dataset.trainTargets(0, i) = x1 != x2 ? 1.0 : 0.0;
    }
    return dataset;
}

Dataset generateTwoMoons(int samples, double noise, Rng &rng)
{
    Dataset dataset = twoInputDataset(1, samples);
    const int outerCount = samples / 2;
    const int innerCount = samples - outerCount;
    for (int i = 0; i < outerCount; ++i) {
        const double t = gridPoint(0.0, std::numbers::pi, i, outerCount);
        setJitteredPoint(dataset, i, std::cos(t), std::sin(t), noise, rng);
        dataset.trainTargets(0, i) = 0.0;
    }
    for (int i = 0; i < innerCount; ++i) {
        const double t = gridPoint(0.0, std::numbers::pi, i, innerCount);
        setJitteredPoint(dataset, outerCount + i, 1.0 - std::cos(t), 0.5 - std::sin(t), noise, rng);
        dataset.trainTargets(0, outerCount + i) = 1.0;
    }
    return dataset;
}

Dataset generateCircles(int samples, double noise, Rng &rng)
{
    Dataset dataset = twoInputDataset(1, samples);
    const int outerCount = samples / 2;
    const int innerCount = samples - outerCount;
    for (int i = 0; i < outerCount; ++i) {
        const double angle = 2.0 * std::numbers::pi * double(i) / double(outerCount);
        setJitteredPoint(dataset, i, std::cos(angle), std::sin(angle), noise, rng);
        dataset.trainTargets(0, i) = 0.0;
    }
    for (int i = 0; i < innerCount; ++i) {
        const double angle = 2.0 * std::numbers::pi * double(i) / double(innerCount);
        setJitteredPoint(
            dataset, outerCount + i, 0.5 * std::cos(angle), 0.5 * std::sin(angle), noise, rng);
        dataset.trainTargets(0, outerCount + i) = 1.0;
    }
    return dataset;
}

Dataset generateSpiral(int samples, double noise, Rng &rng)
{
    Dataset dataset = twoInputDataset(1, samples);
    const int armCounts[2] = {samples / 2, samples - samples / 2};
    int column = 0;
    for (int arm = 0; arm < 2; ++arm) {
        for (int i = 0; i < armCounts[arm]; ++i) {
            const double t = gridPoint(0.0, 1.0, i, armCounts[arm]);
            const double radius = 0.1 + 0.9 * t;
            const double angle = 3.0 * std::numbers::pi * t + double(arm) * std::numbers::pi;
            setJitteredPoint(
                dataset, column, radius * std::cos(angle), radius * std::sin(angle), noise, rng);
            dataset.trainTargets(0, column) = double(arm);
            ++column;
        }
    }
    return dataset;
}

Dataset generateGaussianBlobs(int samples, double noise, Rng &rng)
{
    Dataset dataset = twoInputDataset(int(blobCentres.size()), samples);
    const double spread = std::sqrt(blobSpread * blobSpread + noise * noise);
    for (int i = 0; i < samples; ++i) {
        const auto blob = std::size_t(i) % blobCentres.size();
        setJitteredPoint(dataset, i, blobCentres[blob][0], blobCentres[blob][1], spread, rng);
        dataset.trainTargets(Eigen::Index(blob), i) = 1.0;
    }
    return dataset;
}

// Picks round(fraction * samples) distinct columns and shifts all their targets by
// +magnitude or -magnitude. fraction must be in [0, 1].
void addOutliers(Dataset &dataset, double fraction, double magnitude, Rng &rng)
{
    const auto samples = int(dataset.trainTargets.cols());
    const auto count = int(std::llround(fraction * double(samples)));

    std::vector<int> order(std::size_t(samples), 0);
    std::iota(order.begin(), order.end(), 0);
    for (int i = 0; i < count; ++i) {
        const auto j = i + int(rng.below(std::uint64_t(samples - i)));
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
        const double shift = rng.below(2) == 1 ? magnitude : -magnitude;
        dataset.trainTargets.col(order[std::size_t(i)]).array() += shift;
    }

    dataset.outlierSamples.assign(order.begin(), order.begin() + count);
    std::sort(dataset.outlierSamples.begin(), dataset.outlierSamples.end());
}

QString generatedKindList()
{
    QStringList names = datasetKindNames();
    names.removeAll(toString(DatasetKind::Csv));
    return names.join(QStringLiteral(", "));
}

// Throws ConfigError, which is a std::invalid_argument, for the first invalid field.
void checkConfig(const DatasetConfig &config)
{
    if (config.kind == DatasetKind::Csv) {
        throw ConfigError(QStringLiteral("dataset.kind"),
            QStringLiteral("dataset.kind is \"csv\", but CSV data is read from the "
                           "file in dataset.path and cannot be generated. Load it "
                           "with the CSV importer, or set dataset.kind to one of: %1.")
                .arg(generatedKindList()));
    }
    if (toString(config.kind).isEmpty()) {
        throw ConfigError(QStringLiteral("dataset.kind"),
            QStringLiteral("dataset.kind has the invalid enum value %1. Set it to "
                           "one of: %2.")
                .arg(int(config.kind))
                .arg(generatedKindList()));
    }
    if (config.samples < minimumSamples) {
        throw ConfigError(QStringLiteral("dataset.samples"),
            QStringLiteral("dataset.samples is %1, but the %2 dataset needs at "
                           "least %3 samples. Set dataset.samples to %3 or more.")
                .arg(config.samples)
                .arg(toString(config.kind))
                .arg(minimumSamples));
    }
    if (!std::isfinite(config.noise) || config.noise < 0.0) {
        throw ConfigError(QStringLiteral("dataset.noise"),
            QStringLiteral("dataset.noise is %1, but a noise standard deviation "
                           "must be a finite number of 0 or more. Set "
                           "dataset.noise to 0 for clean data.")
                .arg(config.noise));
    }
    if (!(config.outlierFraction >= 0.0 && config.outlierFraction <= 1.0)) {
        throw ConfigError(QStringLiteral("dataset.outlierFraction"),
            QStringLiteral("dataset.outlierFraction is %1, but it must be between "
                           "0 and 1. Set it to the share of samples to shift, for "
                           "example 0.05, or to 0 for none.")
                .arg(config.outlierFraction));
    }
    if (!std::isfinite(config.outlierMagnitude)) {
        throw ConfigError(QStringLiteral("dataset.outlierMagnitude"),
            QStringLiteral("dataset.outlierMagnitude is %1, but it must be a finite "
                           "number. Set it to the size of the shift in target "
                           "units, for example 5.")
                .arg(config.outlierMagnitude));
    }
}

Dataset generateCleanData(DatasetKind kind, int samples, double noise, Rng &rng)
{
    switch (kind) {
    case DatasetKind::Sine:
        return generateSine(samples, noise, rng);
    case DatasetKind::Linear:
        return generateLinear(samples, noise, rng);
    case DatasetKind::Xor:
        return generateXor(samples, noise, rng);
    case DatasetKind::TwoMoons:
        return generateTwoMoons(samples, noise, rng);
    case DatasetKind::Circles:
        return generateCircles(samples, noise, rng);
    case DatasetKind::Spiral:
        return generateSpiral(samples, noise, rng);
    case DatasetKind::GaussianBlobs:
        return generateGaussianBlobs(samples, noise, rng);
    case DatasetKind::Csv:
        break;
    }
    Q_ASSERT_X(false, "generateCleanData", "checkConfig() lets only generated kinds through");
    return {};
}

} // namespace

Dataset generateDataset(const DatasetConfig &config, Rng &rng)
{
    checkConfig(config);
    Dataset dataset = generateCleanData(config.kind, config.samples, config.noise, rng);
    addOutliers(dataset, config.outlierFraction, config.outlierMagnitude, rng);
    return dataset;
}

} // namespace initlab
