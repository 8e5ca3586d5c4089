#include "dataset.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <set>

using namespace initlab;

namespace {

// Builds a dataset whose columns identify themselves: input row 0 is the column index i, input
// row 1 is 100 + i and the target is 1000 + i, so a column can be traced through a split.
Dataset makeIndexedDataset(int samples)
{
    Dataset dataset;
    dataset.trainInputs.resize(2, samples);
    dataset.trainTargets.resize(1, samples);
    for (int i = 0; i < samples; ++i) {
        dataset.trainInputs(0, i) = i;
        dataset.trainInputs(1, i) = 100 + i;
        dataset.trainTargets(0, i) = 1000 + i;
    }
    dataset.testInputs.resize(2, 0);
    dataset.testTargets.resize(1, 0);
    dataset.inputNames = {"x1", "x2"};
    dataset.targetNames = {"y"};
    return dataset;
}

std::vector<int> sampleIds(const Eigen::MatrixXd &inputs)
{
    std::vector<int> ids;
    for (Eigen::Index i = 0; i < inputs.cols(); ++i)
        ids.push_back(int(inputs(0, i)));
    return ids;
}

bool isNear(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance;
}

// Population standard deviation (divides by the count), as standardize() uses.
double standardDeviation(const Eigen::ArrayXd &values)
{
    return std::sqrt((values - values.mean()).square().mean());
}

} // namespace

class TestDataset : public QObject {
    Q_OBJECT

private slots:
    void splitCount_data();
    void splitCount();
    void splitPartitionsSamples_data();
    void splitPartitionsSamples();
    void splitRenumbersOutliers();
    void splitFractionZeroLeavesAll();
    void splitEmptyDatasetUnchanged();
    void splitSameSeedSameSplit();
    void splitEachSampleEquallyLikely();

    void standardizeKnownStatistics();
    void standardizeConstantRow();
    void standardizeRandomRows();
    void standardizeWithoutTestSet();
};

void TestDataset::splitCount_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("expectedTest");

    QTest::newRow("20 % of 200") << 200 << 0.2 << 40;
    QTest::newRow("2.5 rounds up to 3") << 10 << 0.25 << 3;
    QTest::newRow("0.45 rounds down to 0") << 9 << 0.05 << 0;
    QTest::newRow("fraction 0") << 10 << 0.0 << 0;
    QTest::newRow("4.95 of 5 keeps one for training") << 5 << 0.99 << 4;
    QTest::newRow("single sample stays") << 1 << 0.5 << 0;
}

void TestDataset::splitCount()
{
    QFETCH(int, samples);
    QFETCH(double, fraction);
    QFETCH(int, expectedTest);

    Dataset dataset = makeIndexedDataset(samples);
    Rng rng(5, RandomStream::Split);
    splitTrainTest(dataset, fraction, rng);

    QCOMPARE(dataset.testCount(), expectedTest);
    QCOMPARE(dataset.testTargets.cols(), expectedTest);
    QCOMPARE(dataset.trainCount(), samples - expectedTest);
    QCOMPARE(dataset.trainTargets.cols(), samples - expectedTest);
    QCOMPARE(dataset.inputCount(), 2);
    QCOMPARE(dataset.outputCount(), 1);
    QCOMPARE(dataset.testInputs.rows(), 2);
    QCOMPARE(dataset.testTargets.rows(), 1);
}

void TestDataset::splitPartitionsSamples_data()
{
    QTest::addColumn<std::uint64_t>("seed");
    QTest::addColumn<double>("fraction");

    QTest::newRow("seed 1, 30 %") << std::uint64_t(1) << 0.3;
    QTest::newRow("seed 2, 30 %") << std::uint64_t(2) << 0.3;
    QTest::newRow("seed 3, 50 %") << std::uint64_t(3) << 0.5;
    QTest::newRow("seed 4, 90 %") << std::uint64_t(4) << 0.9;
}

void TestDataset::splitPartitionsSamples()
{
    QFETCH(std::uint64_t, seed);
    QFETCH(double, fraction);

    const int samples = 50;
    Dataset dataset = makeIndexedDataset(samples);
    Rng rng(seed, RandomStream::Split);
    splitTrainTest(dataset, fraction, rng);

    const std::vector<int> trainIds = sampleIds(dataset.trainInputs);
    const std::vector<int> testIds = sampleIds(dataset.testInputs);
    QVERIFY(std::is_sorted(trainIds.begin(), trainIds.end()));
    QVERIFY(std::is_sorted(testIds.begin(), testIds.end()));

    std::set<int> all(trainIds.begin(), trainIds.end());
    for (int id : testIds)
        QVERIFY2(
            all.insert(id).second, qPrintable(QStringLiteral("sample %1 in both parts").arg(id)));
    QCOMPARE(int(all.size()), samples);
    QCOMPARE(*all.begin(), 0);
    QCOMPARE(*all.rbegin(), samples - 1);

    // Every column keeps its own values: the second input and the target follow the first input.
    for (Eigen::Index i = 0; i < dataset.trainCount(); ++i) {
        QCOMPARE(dataset.trainInputs(1, i), 100 + dataset.trainInputs(0, i));
        QCOMPARE(dataset.trainTargets(0, i), 1000 + dataset.trainInputs(0, i));
    }
    for (Eigen::Index i = 0; i < dataset.testCount(); ++i) {
        QCOMPARE(dataset.testInputs(1, i), 100 + dataset.testInputs(0, i));
        QCOMPARE(dataset.testTargets(0, i), 1000 + dataset.testInputs(0, i));
    }
}

void TestDataset::splitRenumbersOutliers()
{
    const std::vector<int> originalOutliers {0, 3, 7, 12, 19};
    int heldOutOutliers = 0;

    for (std::uint64_t seed = 1; seed <= 20; ++seed) {
        Dataset dataset = makeIndexedDataset(20);
        dataset.outlierSamples = originalOutliers;
        Rng rng(seed, RandomStream::Split);
        splitTrainTest(dataset, 0.4, rng);

        // The outliers left are exactly the original outliers still in the training part, given
        // as training column indices in ascending order.
        std::vector<int> expected;
        const std::vector<int> trainIds = sampleIds(dataset.trainInputs);
        for (int column = 0; column < int(trainIds.size()); ++column) {
            if (std::binary_search(
                    originalOutliers.begin(), originalOutliers.end(), trainIds[column]))
                expected.push_back(column);
        }
        QCOMPARE(dataset.outlierSamples, expected);
        heldOutOutliers += int(originalOutliers.size() - expected.size());
    }
    // The seeds above do hold some outliers out, so dropping them is exercised as well.
    QVERIFY(heldOutOutliers > 0);
}

void TestDataset::splitFractionZeroLeavesAll()
{
    const Dataset original = makeIndexedDataset(12);
    Dataset dataset = original;
    dataset.outlierSamples = {2, 5};
    Rng rng(9, RandomStream::Split);
    splitTrainTest(dataset, 0.0, rng);

    QVERIFY(dataset.trainInputs == original.trainInputs);
    QVERIFY(dataset.trainTargets == original.trainTargets);
    QCOMPARE(dataset.testCount(), 0);
    QCOMPARE(dataset.testTargets.cols(), 0);
    QCOMPARE(dataset.outlierSamples, (std::vector<int> {2, 5}));
}

void TestDataset::splitEmptyDatasetUnchanged()
{
    Dataset dataset = makeIndexedDataset(0);
    Rng rng(1, RandomStream::Split);
    splitTrainTest(dataset, 0.5, rng);

    QCOMPARE(dataset.trainCount(), 0);
    QCOMPARE(dataset.testCount(), 0);
}

void TestDataset::splitSameSeedSameSplit()
{
    Dataset first = makeIndexedDataset(100);
    Dataset second = makeIndexedDataset(100);
    Dataset otherSeed = makeIndexedDataset(100);
    Rng firstRng(17, RandomStream::Split);
    Rng secondRng(17, RandomStream::Split);
    Rng otherRng(18, RandomStream::Split);
    splitTrainTest(first, 0.3, firstRng);
    splitTrainTest(second, 0.3, secondRng);
    splitTrainTest(otherSeed, 0.3, otherRng);

    QCOMPARE(sampleIds(first.testInputs), sampleIds(second.testInputs));
    QCOMPARE(sampleIds(first.trainInputs), sampleIds(second.trainInputs));
    QVERIFY(sampleIds(first.testInputs) != sampleIds(otherSeed.testInputs));
}

void TestDataset::splitEachSampleEquallyLikely()
{
    // Each of the 4000 splits holds out 3 of 10 samples, so each sample's held-out share should be
    // 0.3, with a standard error of sqrt(0.3 * 0.7 / 4000) = 0.0072.
    const int splits = 4000;
    std::vector<int> heldOut(10, 0);
    Rng rng(23, RandomStream::Split);
    for (int k = 0; k < splits; ++k) {
        Dataset dataset = makeIndexedDataset(10);
        splitTrainTest(dataset, 0.3, rng);
        for (int id : sampleIds(dataset.testInputs))
            ++heldOut[std::size_t(id)];
    }
    for (std::size_t id = 0; id < heldOut.size(); ++id) {
        const double share = double(heldOut[id]) / splits;
        QVERIFY2(isNear(share, 0.3, 0.03),
            qPrintable(QStringLiteral("sample %1 held out in %2 of splits").arg(id).arg(share)));
    }
}

void TestDataset::standardizeKnownStatistics()
{
    // Row 0: mean 2.5, population variance 1.25. Row 1: mean 2, population variance 14.
    Dataset dataset;
    dataset.trainInputs.resize(2, 4);
    dataset.trainInputs << 1, 2, 3, 4, -2, 0, 2, 8;
    dataset.trainTargets.resize(1, 4);
    dataset.trainTargets << 0, 10, 20, 30;
    dataset.testInputs.resize(2, 2);
    dataset.testInputs << 6, 2.5, 2, 16;
    dataset.testTargets.resize(1, 2);
    dataset.testTargets << 15, -5;
    standardize(dataset);

    const double scale0 = std::sqrt(1.25);
    const double scale1 = std::sqrt(14.0);
    const double targetScale = std::sqrt(125.0);
    QCOMPARE(dataset.inputMean.size(), 2);
    QCOMPARE(dataset.inputMean(0), 2.5);
    QCOMPARE(dataset.inputMean(1), 2.0);
    QCOMPARE(dataset.inputScale(0), scale0);
    QCOMPARE(dataset.inputScale(1), scale1);
    QCOMPARE(dataset.targetMean.size(), 1);
    QCOMPARE(dataset.targetMean(0), 15.0);
    QCOMPARE(dataset.targetScale(0), targetScale);

    QCOMPARE(dataset.trainInputs(0, 0), -1.5 / scale0);
    QCOMPARE(dataset.trainInputs(0, 3), 1.5 / scale0);
    QCOMPARE(dataset.trainInputs(1, 3), 6.0 / scale1);
    QCOMPARE(dataset.trainTargets(0, 0), -15.0 / targetScale);

    // The test part uses the training statistics, not its own.
    QCOMPARE(dataset.testInputs(0, 0), 3.5 / scale0);
    QCOMPARE(dataset.testInputs(0, 1), 0.0);
    QCOMPARE(dataset.testInputs(1, 0), 0.0);
    QCOMPARE(dataset.testInputs(1, 1), 14.0 / scale1);
    QCOMPARE(dataset.testTargets(0, 0), 0.0);
    QCOMPARE(dataset.testTargets(0, 1), -20.0 / targetScale);
}

void TestDataset::standardizeConstantRow()
{
    Dataset dataset;
    dataset.trainInputs.resize(2, 3);
    dataset.trainInputs << 3, 3, 3, 1, 2, 3;
    dataset.trainTargets.resize(1, 3);
    dataset.trainTargets << -7, -7, -7;
    dataset.testInputs.resize(2, 1);
    dataset.testInputs << 5, 2;
    dataset.testTargets.resize(1, 1);
    dataset.testTargets << -4;
    standardize(dataset);

    // A row with zero spread is only centred.
    QCOMPARE(dataset.inputMean(0), 3.0);
    QCOMPARE(dataset.inputScale(0), 1.0);
    QVERIFY(dataset.trainInputs.row(0).isZero(0.0));
    QCOMPARE(dataset.testInputs(0, 0), 2.0);
    QCOMPARE(dataset.targetMean(0), -7.0);
    QCOMPARE(dataset.targetScale(0), 1.0);
    QVERIFY(dataset.trainTargets.isZero(0.0));
    QCOMPARE(dataset.testTargets(0, 0), 3.0);

    // The other row is scaled as usual: mean 2, population standard deviation sqrt(2/3).
    QCOMPARE(dataset.inputScale(1), std::sqrt(2.0 / 3.0));
    QCOMPARE(dataset.testInputs(1, 0), 0.0);
}

void TestDataset::standardizeRandomRows()
{
    // Three input rows with different offsets and spreads, and a train/test split of 400 + 100.
    Rng rng(31);
    const double offsets[3] = {-50.0, 0.0, 1e4};
    const double spreads[3] = {0.01, 1.0, 300.0};
    Dataset dataset;
    dataset.trainInputs.resize(3, 400);
    dataset.testInputs.resize(3, 100);
    for (int row = 0; row < 3; ++row) {
        for (Eigen::Index i = 0; i < 400; ++i)
            dataset.trainInputs(row, i) = rng.normal(offsets[row], spreads[row]);
        for (Eigen::Index i = 0; i < 100; ++i)
            dataset.testInputs(row, i) = rng.normal(offsets[row], spreads[row]);
    }
    dataset.trainTargets = dataset.trainInputs.topRows(1) * 2.0;
    dataset.testTargets = dataset.testInputs.topRows(1) * 2.0;
    const Dataset raw = dataset;
    standardize(dataset);

    for (int row = 0; row < 3; ++row) {
        const Eigen::ArrayXd standardized = dataset.trainInputs.row(row).transpose();
        QVERIFY2(isNear(standardized.mean(), 0.0, 1e-12), QByteArray::number(standardized.mean()));
        QVERIFY2(isNear(standardDeviation(standardized), 1.0, 1e-12),
            QByteArray::number(standardDeviation(standardized)));

        const Eigen::ArrayXd rawRow = raw.trainInputs.row(row).transpose();
        const double mean = rawRow.mean();
        const double scale = standardDeviation(rawRow);
        QVERIFY(isNear(dataset.inputMean(row), mean, 1e-9 * std::abs(mean) + 1e-12));
        QVERIFY(isNear(dataset.inputScale(row), scale, 1e-9 * scale));
        for (Eigen::Index i = 0; i < 100; ++i) {
            const double expected = (raw.testInputs(row, i) - mean) / scale;
            QVERIFY2(isNear(dataset.testInputs(row, i), expected, 1e-9),
                qPrintable(QStringLiteral("test input (%1, %2) is %3, expected %4")
                               .arg(row)
                               .arg(i)
                               .arg(dataset.testInputs(row, i))
                               .arg(expected)));
        }
    }

    // Undoing the transform with the recorded statistics gives the raw values back.
    const Eigen::MatrixXd restored =
        (dataset.trainInputs.array().colwise() * dataset.inputScale.array()).colwise()
        + dataset.inputMean.array();
    QVERIFY(restored.isApprox(raw.trainInputs, 1e-12));
    const Eigen::MatrixXd restoredTargets =
        (dataset.testTargets.array().colwise() * dataset.targetScale.array()).colwise()
        + dataset.targetMean.array();
    QVERIFY(restoredTargets.isApprox(raw.testTargets, 1e-12));
}

void TestDataset::standardizeWithoutTestSet()
{
    Dataset dataset = makeIndexedDataset(5);
    standardize(dataset);

    QCOMPARE(dataset.testCount(), 0);
    QCOMPARE(dataset.testTargets.cols(), 0);
    QCOMPARE(dataset.inputMean(0), 2.0);
    QCOMPARE(dataset.inputScale(0), std::sqrt(2.0));
    QCOMPARE(dataset.trainInputs(0, 4), 2.0 / std::sqrt(2.0));
    QCOMPARE(dataset.targetMean(0), 1002.0);
}

QTEST_GUILESS_MAIN(TestDataset)
#include "tst_dataset.moc"
