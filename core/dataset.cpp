#include "dataset.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace initlab {

void splitTrainTest(Dataset &dataset, double fraction, Rng &rng)
{
    const Eigen::Index total = dataset.trainInputs.cols();
    // One sample always stays for training, so with fewer than two there is nothing to hold out.
    // This also keeps the clamp below from getting an upper bound under its lower bound.
    if (total < 2)
        return;
    auto testCount = static_cast<Eigen::Index>(std::llround(fraction * double(total)));
    testCount = std::clamp<Eigen::Index>(testCount, 0, total - 1);
    if (testCount == 0)
        return;

    // Partial Fisher-Yates shuffle picks the held-out samples; sorting keeps the original order.
    std::vector<Eigen::Index> order(static_cast<std::size_t>(total));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    for (Eigen::Index i = 0; i < testCount; ++i) {
        const auto j = i + static_cast<Eigen::Index>(rng.below(std::uint64_t(total - i)));
        std::swap(order[std::size_t(i)], order[std::size_t(j)]);
    }
    std::vector<Eigen::Index> test(order.begin(), order.begin() + testCount);
    std::vector<Eigen::Index> train(order.begin() + testCount, order.end());
    std::sort(test.begin(), test.end());
    std::sort(train.begin(), train.end());

    dataset.testInputs = dataset.trainInputs(Eigen::all, test);
    dataset.testTargets = dataset.trainTargets(Eigen::all, test);
    Eigen::MatrixXd trainInputs = dataset.trainInputs(Eigen::all, train);
    Eigen::MatrixXd trainTargets = dataset.trainTargets(Eigen::all, train);
    dataset.trainInputs = std::move(trainInputs);
    dataset.trainTargets = std::move(trainTargets);

    // Outlier indices refer to training columns, so renumber them and drop those held out.
    std::vector<int> outliers;
    for (int original : dataset.outlierSamples) {
        const auto it = std::lower_bound(train.begin(), train.end(), Eigen::Index(original));
        if (it != train.end() && *it == original)
            outliers.push_back(int(it - train.begin()));
    }
    dataset.outlierSamples = std::move(outliers);
}

namespace {
void standardizeRows(Eigen::MatrixXd &train, Eigen::MatrixXd &test, Eigen::VectorXd &mean,
                     Eigen::VectorXd &scale)
{
    const auto n = double(train.cols());
    mean = train.rowwise().mean();
    scale.resize(train.rows());
    for (Eigen::Index r = 0; r < train.rows(); ++r) {
        const double variance = (train.row(r).array() - mean(r)).square().sum() / n;
        const double stddev = std::sqrt(variance);
        scale(r) = stddev > 0.0 ? stddev : 1.0;
    }
    train = (train.colwise() - mean).array().colwise() / scale.array();
    if (test.cols() > 0)
        test = (test.colwise() - mean).array().colwise() / scale.array();
}
} // namespace

void standardize(Dataset &dataset)
{
    standardizeRows(dataset.trainInputs, dataset.testInputs, dataset.inputMean, dataset.inputScale);
    standardizeRows(dataset.trainTargets, dataset.testTargets, dataset.targetMean,
                    dataset.targetScale);
}

} // namespace initlab
