#include "datagenerators.h"
#include "errors.h"
#include "runconfig.h"

#include <QTest>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

using namespace initlab;

Q_DECLARE_METATYPE(initlab::DatasetKind)
Q_DECLARE_METATYPE(initlab::DatasetConfig)

namespace {

DatasetConfig makeConfig(DatasetKind kind, int samples, double noise = 0.0,
    double outlierFraction = 0.0, double outlierMagnitude = 5.0)
{
    DatasetConfig config;
    config.kind = kind;
    config.samples = samples;
    config.noise = noise;
    config.outlierFraction = outlierFraction;
    config.outlierMagnitude = outlierMagnitude;
    return config;
}

Dataset generate(const DatasetConfig &config, std::uint64_t seed)
{
    Rng rng(seed, RandomStream::Data);
    return generateDataset(config, rng);
}

const QList<DatasetKind> generatedKinds {DatasetKind::Sine, DatasetKind::Linear, DatasetKind::Xor,
    DatasetKind::TwoMoons, DatasetKind::Circles, DatasetKind::Spiral, DatasetKind::GaussianBlobs};

// Kinds whose clean samples lie on a fixed grid, so that only the noise is random.
const QList<DatasetKind> gridKinds {DatasetKind::Sine, DatasetKind::Linear, DatasetKind::Xor,
    DatasetKind::TwoMoons, DatasetKind::Circles, DatasetKind::Spiral};

bool isNear(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance;
}

QByteArray describe(const char *quantity, Eigen::Index column, double actual, double expected)
{
    return QStringLiteral("%1 of column %2 is %3, expected %4")
        .arg(QLatin1String(quantity))
        .arg(column)
        .arg(actual, 0, 'g', 17)
        .arg(expected, 0, 'g', 17)
        .toUtf8();
}

double mean(const Eigen::ArrayXd &values)
{
    return values.mean();
}

// Population standard deviation (divides by the count).
double standardDeviation(const Eigen::ArrayXd &values)
{
    return std::sqrt((values - values.mean()).square().mean());
}

} // namespace

class TestDataGenerators : public QObject {
    Q_OBJECT

private slots:
    void shapes_data();
    void shapes();
    void defaultConfigIsSine();
    void classTargets_data();
    void classTargets();

    void sineOnGrid_data();
    void sineOnGrid();
    void linearOnLine();
    void xorCorners();
    void xorJitterKeepsLabels();
    void twoMoonsOnArcs();
    void circlesOnRadii();
    void spiralKnownPoints();
    void spiralArmsMirrored();
    void gaussianBlobsStatistics_data();
    void gaussianBlobsStatistics();

    void sameSeedSameData_data();
    void sameSeedSameData();
    void differentSeedDifferentData_data();
    void differentSeedDifferentData();
    void noiseFreeGridIgnoresSeed_data();
    void noiseFreeGridIgnoresSeed();

    void targetNoiseSpread_data();
    void targetNoiseSpread();
    void inputJitterSpread_data();
    void inputJitterSpread();

    void outlierCount_data();
    void outlierCount();
    void outliersShiftTargetsOnly_data();
    void outliersShiftTargetsOnly();

    void invalidConfigThrows_data();
    void invalidConfigThrows();
};

void TestDataGenerators::shapes_data()
{
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<int>("samples");
    QTest::addColumn<QStringList>("inputNames");
    QTest::addColumn<QStringList>("targetNames");

    const QStringList oneInput {"x"};
    const QStringList twoInputs {"x1", "x2"};
    const QStringList oneTarget {"y"};
    QTest::newRow("sine 200") << DatasetKind::Sine << 200 << oneInput << oneTarget;
    QTest::newRow("sine minimum 4") << DatasetKind::Sine << 4 << oneInput << oneTarget;
    QTest::newRow("linear 50") << DatasetKind::Linear << 50 << oneInput << oneTarget;
    QTest::newRow("xor minimum 4") << DatasetKind::Xor << 4 << twoInputs << oneTarget;
    QTest::newRow("xor 7") << DatasetKind::Xor << 7 << twoInputs << oneTarget;
    QTest::newRow("two_moons odd 101") << DatasetKind::TwoMoons << 101 << twoInputs << oneTarget;
    QTest::newRow("circles 100") << DatasetKind::Circles << 100 << twoInputs << oneTarget;
    QTest::newRow("spiral odd 33") << DatasetKind::Spiral << 33 << twoInputs << oneTarget;
    QTest::newRow("gaussian_blobs 10")
        << DatasetKind::GaussianBlobs << 10 << twoInputs << QStringList {"y1", "y2", "y3"};
}

void TestDataGenerators::shapes()
{
    QFETCH(DatasetKind, kind);
    QFETCH(int, samples);
    QFETCH(QStringList, inputNames);
    QFETCH(QStringList, targetNames);

    const Dataset dataset = generate(makeConfig(kind, samples, 0.1), 3);

    QCOMPARE(dataset.trainInputs.rows(), inputNames.size());
    QCOMPARE(dataset.trainInputs.cols(), samples);
    QCOMPARE(dataset.trainTargets.rows(), targetNames.size());
    QCOMPARE(dataset.trainTargets.cols(), samples);
    QCOMPARE(dataset.testInputs.rows(), inputNames.size());
    QCOMPARE(dataset.testInputs.cols(), 0);
    QCOMPARE(dataset.testTargets.rows(), targetNames.size());
    QCOMPARE(dataset.testTargets.cols(), 0);
    QCOMPARE(dataset.inputNames, inputNames);
    QCOMPARE(dataset.targetNames, targetNames);
    QVERIFY(dataset.outlierSamples.empty());
    QVERIFY(dataset.inputMean.size() == 0);
    QVERIFY(dataset.targetScale.size() == 0);
    QVERIFY(dataset.trainInputs.allFinite());
    QVERIFY(dataset.trainTargets.allFinite());
}

void TestDataGenerators::defaultConfigIsSine()
{
    const DatasetConfig config;
    QCOMPARE(toString(config.kind), QStringLiteral("sine"));
    QCOMPARE(config.samples, 200);
    QCOMPARE(config.noise, 0.0);

    const Dataset dataset = generate(config, 1);
    QCOMPARE(dataset.trainCount(), 200);
    QCOMPARE(dataset.inputCount(), 1);
    QCOMPARE(dataset.outputCount(), 1);
    QCOMPARE(dataset.trainInputs(0, 0), -std::numbers::pi);
    QCOMPARE(dataset.trainInputs(0, 199), std::numbers::pi);
}

void TestDataGenerators::classTargets_data()
{
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<int>("samples");
    QTest::addColumn<int>("expectedOnes");

    // xor with 10 samples: corners 1 and 2 (signs differ) are samples 1, 2, 5, 6 and 9.
    QTest::newRow("xor 10") << DatasetKind::Xor << 10 << 5;
    QTest::newRow("two_moons even 100") << DatasetKind::TwoMoons << 100 << 50;
    QTest::newRow("two_moons odd 101") << DatasetKind::TwoMoons << 101 << 51;
    QTest::newRow("circles odd 9") << DatasetKind::Circles << 9 << 5;
    QTest::newRow("spiral even 40") << DatasetKind::Spiral << 40 << 20;
    QTest::newRow("spiral odd 41") << DatasetKind::Spiral << 41 << 21;
}

void TestDataGenerators::classTargets()
{
    QFETCH(DatasetKind, kind);
    QFETCH(int, samples);
    QFETCH(int, expectedOnes);

    // Noise goes to the inputs of classification datasets, never to the labels.
    const Dataset dataset = generate(makeConfig(kind, samples, 0.3), 5);

    int ones = 0;
    for (Eigen::Index i = 0; i < dataset.trainCount(); ++i) {
        const double target = dataset.trainTargets(0, i);
        QVERIFY2(target == 0.0 || target == 1.0, describe("target", i, target, 0.0).constData());
        if (target == 1.0)
            ++ones;
    }
    QCOMPARE(ones, expectedOnes);
}

void TestDataGenerators::sineOnGrid_data()
{
    QTest::addColumn<int>("samples");

    QTest::newRow("default 200") << 200;
    QTest::newRow("minimum 4") << 4;
    QTest::newRow("odd 201") << 201;
}

void TestDataGenerators::sineOnGrid()
{
    QFETCH(int, samples);

    const Dataset dataset = generate(makeConfig(DatasetKind::Sine, samples), 11);

    QCOMPARE(dataset.trainInputs(0, 0), -std::numbers::pi);
    QCOMPARE(dataset.trainInputs(0, samples - 1), std::numbers::pi);
    const double step = 2.0 * std::numbers::pi / double(samples - 1);
    for (Eigen::Index i = 0; i < samples; ++i) {
        const double x = dataset.trainInputs(0, i);
        const double expectedX = -std::numbers::pi + step * double(i);
        QVERIFY2(isNear(x, expectedX, 1e-13), describe("x", i, x, expectedX).constData());
        const double y = dataset.trainTargets(0, i);
        QVERIFY2(y == std::sin(x), describe("y", i, y, std::sin(x)).constData());
    }
}

void TestDataGenerators::linearOnLine()
{
    // 11 points on [-1, 1] have a step of 0.2, and the line is y = 0.8 x + 0.3.
    const Dataset dataset = generate(makeConfig(DatasetKind::Linear, 11), 2);

    QCOMPARE(dataset.trainInputs(0, 0), -1.0);
    QCOMPARE(dataset.trainInputs(0, 10), 1.0);
    QVERIFY(isNear(dataset.trainTargets(0, 0), -0.5, 1e-15));
    QVERIFY(isNear(dataset.trainTargets(0, 5), 0.3, 1e-15));
    QVERIFY(isNear(dataset.trainTargets(0, 10), 1.1, 1e-15));
    for (Eigen::Index i = 0; i < 11; ++i) {
        const double x = dataset.trainInputs(0, i);
        const double expectedX = -1.0 + 0.2 * double(i);
        QVERIFY2(isNear(x, expectedX, 1e-15), describe("x", i, x, expectedX).constData());
        const double y = dataset.trainTargets(0, i);
        const double expectedY = 0.8 * x + 0.3;
        QVERIFY2(isNear(y, expectedY, 1e-15), describe("y", i, y, expectedY).constData());
    }
}

void TestDataGenerators::xorCorners()
{
    struct Corner {
        double x1;
        double x2;
        double target;
    };
    const Corner corners[4] = {{-1, -1, 0}, {-1, 1, 1}, {1, -1, 1}, {1, 1, 0}};

    const Dataset dataset = generate(makeConfig(DatasetKind::Xor, 10), 4);

    for (Eigen::Index i = 0; i < 10; ++i) {
        const Corner &corner = corners[i % 4];
        QVERIFY2(dataset.trainInputs(0, i) == corner.x1,
            describe("x1", i, dataset.trainInputs(0, i), corner.x1).constData());
        QVERIFY2(dataset.trainInputs(1, i) == corner.x2,
            describe("x2", i, dataset.trainInputs(1, i), corner.x2).constData());
        QVERIFY2(dataset.trainTargets(0, i) == corner.target,
            describe("y", i, dataset.trainTargets(0, i), corner.target).constData());
    }
}

void TestDataGenerators::xorJitterKeepsLabels()
{
    const Dataset clean = generate(makeConfig(DatasetKind::Xor, 400), 8);
    const Dataset noisy = generate(makeConfig(DatasetKind::Xor, 400, 0.2), 8);

    QVERIFY(noisy.trainTargets == clean.trainTargets);
    QVERIFY(noisy.trainInputs != clean.trainInputs);
    // 800 draws of N(0, 0.2^2) all lie within 5 standard deviations with probability above 0.999.
    const double largest = (noisy.trainInputs - clean.trainInputs).cwiseAbs().maxCoeff();
    QVERIFY2(largest < 1.0, QByteArray::number(largest));
}

void TestDataGenerators::twoMoonsOnArcs()
{
    // 101 samples: 50 on the outer moon, 51 on the inner one.
    const Dataset dataset = generate(makeConfig(DatasetKind::TwoMoons, 101), 6);
    const Eigen::MatrixXd &inputs = dataset.trainInputs;

    QCOMPARE(inputs(0, 0), 1.0);
    QCOMPARE(inputs(1, 0), 0.0);
    QVERIFY(isNear(inputs(0, 49), -1.0, 1e-12));
    QVERIFY(isNear(inputs(1, 49), 0.0, 1e-12));
    QCOMPARE(inputs(0, 50), 0.0);
    QCOMPARE(inputs(1, 50), 0.5);
    QVERIFY(isNear(inputs(0, 100), 2.0, 1e-12));
    QVERIFY(isNear(inputs(1, 100), 0.5, 1e-12));

    for (Eigen::Index i = 0; i < 50; ++i) {
        const double x = inputs(0, i);
        const double y = inputs(1, i);
        QVERIFY2(isNear(x * x + y * y, 1.0, 1e-12),
            describe("radius^2", i, x * x + y * y, 1).constData());
        const double expectedT = std::numbers::pi * double(i) / 49.0;
        QVERIFY2(isNear(std::atan2(y, x), expectedT, 1e-12),
            describe("angle", i, std::atan2(y, x), expectedT).constData());
        QCOMPARE(dataset.trainTargets(0, i), 0.0);
    }
    for (Eigen::Index i = 50; i < 101; ++i) {
        const double dx = inputs(0, i) - 1.0;
        const double dy = inputs(1, i) - 0.5;
        QVERIFY2(isNear(dx * dx + dy * dy, 1.0, 1e-12),
            describe("radius^2", i, dx * dx + dy * dy, 1).constData());
        // The inner moon is the outer one turned upside down: (1 - cos t, 0.5 - sin t).
        const double expectedT = std::numbers::pi * double(i - 50) / 50.0;
        QVERIFY2(isNear(std::atan2(-dy, -dx), expectedT, 1e-12),
            describe("angle", i, std::atan2(-dy, -dx), expectedT).constData());
        QCOMPARE(dataset.trainTargets(0, i), 1.0);
    }
}

void TestDataGenerators::circlesOnRadii()
{
    // 9 samples: 4 on the outer circle at multiples of pi/2, 5 on the inner one.
    const Dataset dataset = generate(makeConfig(DatasetKind::Circles, 9), 6);
    const Eigen::MatrixXd &inputs = dataset.trainInputs;

    const double outer[4][2] = {{1, 0}, {0, 1}, {-1, 0}, {0, -1}};
    for (Eigen::Index i = 0; i < 4; ++i) {
        QVERIFY2(isNear(inputs(0, i), outer[i][0], 1e-12),
            describe("x1", i, inputs(0, i), outer[i][0]).constData());
        QVERIFY2(isNear(inputs(1, i), outer[i][1], 1e-12),
            describe("x2", i, inputs(1, i), outer[i][1]).constData());
        QCOMPARE(dataset.trainTargets(0, i), 0.0);
    }
    for (Eigen::Index i = 4; i < 9; ++i) {
        const double angle = 2.0 * std::numbers::pi * double(i - 4) / 5.0;
        QVERIFY2(isNear(inputs(0, i), 0.5 * std::cos(angle), 1e-12),
            describe("x1", i, inputs(0, i), 0.5 * std::cos(angle)).constData());
        QVERIFY2(isNear(inputs(1, i), 0.5 * std::sin(angle), 1e-12),
            describe("x2", i, inputs(1, i), 0.5 * std::sin(angle)).constData());
        QCOMPARE(dataset.trainTargets(0, i), 1.0);
    }
}

void TestDataGenerators::spiralKnownPoints()
{
    // 8 samples: t = 0, 1/3, 2/3, 1 on each arm, radius 0.1 + 0.9 t, angle 3 pi t (+ pi on arm 1),
    // so every point lies on the x1 axis.
    const Dataset dataset = generate(makeConfig(DatasetKind::Spiral, 8), 6);

    const double expectedX1[8] = {0.1, -0.4, 0.7, -1.0, -0.1, 0.4, -0.7, 1.0};
    for (Eigen::Index i = 0; i < 8; ++i) {
        QVERIFY2(isNear(dataset.trainInputs(0, i), expectedX1[i], 1e-12),
            describe("x1", i, dataset.trainInputs(0, i), expectedX1[i]).constData());
        QVERIFY2(isNear(dataset.trainInputs(1, i), 0.0, 1e-12),
            describe("x2", i, dataset.trainInputs(1, i), 0.0).constData());
        QCOMPARE(dataset.trainTargets(0, i), i < 4 ? 0.0 : 1.0);
    }
}

void TestDataGenerators::spiralArmsMirrored()
{
    const Dataset dataset = generate(makeConfig(DatasetKind::Spiral, 400), 6);
    const Eigen::MatrixXd &inputs = dataset.trainInputs;

    for (Eigen::Index i = 0; i < 400; ++i) {
        const double radius = inputs.col(i).norm();
        QVERIFY2(radius > 0.1 - 1e-12 && radius < 1.0 + 1e-12,
            qPrintable(
                QStringLiteral("radius of column %1 is %2, outside [0.1, 1]").arg(i).arg(radius)));
    }
    // Arm 1 is arm 0 turned by half a turn about the origin.
    for (Eigen::Index i = 0; i < 200; ++i) {
        QVERIFY2(isNear(inputs(0, 200 + i), -inputs(0, i), 1e-12),
            describe("x1", 200 + i, inputs(0, 200 + i), -inputs(0, i)).constData());
        QVERIFY2(isNear(inputs(1, 200 + i), -inputs(1, i), 1e-12),
            describe("x2", 200 + i, inputs(1, 200 + i), -inputs(1, i)).constData());
    }
}

void TestDataGenerators::gaussianBlobsStatistics_data()
{
    QTest::addColumn<double>("noise");
    QTest::addColumn<double>("expectedSpread");

    QTest::newRow("noise 0") << 0.0 << 0.5;
    QTest::newRow("noise 0.3") << 0.3 << std::sqrt(0.25 + 0.09);
}

void TestDataGenerators::gaussianBlobsStatistics()
{
    QFETCH(double, noise);
    QFETCH(double, expectedSpread);

    const int samples = 30000;
    const Dataset dataset = generate(makeConfig(DatasetKind::GaussianBlobs, samples, noise), 12);

    for (Eigen::Index i = 0; i < samples; ++i) {
        for (Eigen::Index row = 0; row < 3; ++row) {
            const double expected = row == i % 3 ? 1.0 : 0.0;
            QVERIFY2(dataset.trainTargets(row, i) == expected,
                describe("one-hot target", i, dataset.trainTargets(row, i), expected).constData());
        }
    }

    // 10000 samples a blob: the standard error of a mean is about 0.006 and that of a standard
    // deviation about 0.7 %, so the tolerances are over 4 standard errors.
    const double centres[3][2] = {{-2.0, 0.0}, {2.0, 0.0}, {0.0, 2.5}};
    for (int blob = 0; blob < 3; ++blob) {
        for (int row = 0; row < 2; ++row) {
            Eigen::ArrayXd values(samples / 3);
            for (int k = 0; k < samples / 3; ++k)
                values(k) = dataset.trainInputs(row, 3 * k + blob);
            const QByteArray where =
                QStringLiteral("blob %1, input %2").arg(blob).arg(row).toUtf8();
            QVERIFY2(isNear(mean(values), centres[blob][row], 0.03),
                (where + " mean " + QByteArray::number(mean(values))).constData());
            QVERIFY2(isNear(standardDeviation(values), expectedSpread, 0.03 * expectedSpread),
                (where + " spread " + QByteArray::number(standardDeviation(values))).constData());
        }
    }
}

void TestDataGenerators::sameSeedSameData_data()
{
    QTest::addColumn<DatasetKind>("kind");
    for (DatasetKind kind : generatedKinds)
        QTest::newRow(qPrintable(toString(kind))) << kind;
}

void TestDataGenerators::sameSeedSameData()
{
    QFETCH(DatasetKind, kind);

    const DatasetConfig config = makeConfig(kind, 200, 0.2, 0.1);
    const Dataset first = generate(config, 42);
    const Dataset second = generate(config, 42);

    QVERIFY(first.trainInputs == second.trainInputs);
    QVERIFY(first.trainTargets == second.trainTargets);
    QCOMPARE(first.outlierSamples, second.outlierSamples);
}

void TestDataGenerators::differentSeedDifferentData_data()
{
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<double>("noise");
    for (DatasetKind kind : generatedKinds)
        QTest::newRow(qPrintable(toString(kind) + " noise 0.2")) << kind << 0.2;
    QTest::newRow("gaussian_blobs noise 0") << DatasetKind::GaussianBlobs << 0.0;
}

void TestDataGenerators::differentSeedDifferentData()
{
    QFETCH(DatasetKind, kind);
    QFETCH(double, noise);

    const DatasetConfig config = makeConfig(kind, 200, noise, 0.1);
    const Dataset first = generate(config, 1);
    const Dataset second = generate(config, 2);

    QVERIFY(first.trainInputs != second.trainInputs || first.trainTargets != second.trainTargets);
    QVERIFY(first.outlierSamples != second.outlierSamples);
}

void TestDataGenerators::noiseFreeGridIgnoresSeed_data()
{
    QTest::addColumn<DatasetKind>("kind");
    for (DatasetKind kind : gridKinds)
        QTest::newRow(qPrintable(toString(kind))) << kind;
}

void TestDataGenerators::noiseFreeGridIgnoresSeed()
{
    QFETCH(DatasetKind, kind);

    const Dataset first = generate(makeConfig(kind, 50), 1);
    const Dataset second = generate(makeConfig(kind, 50), 987654321);

    QVERIFY(first.trainInputs == second.trainInputs);
    QVERIFY(first.trainTargets == second.trainTargets);
}

void TestDataGenerators::targetNoiseSpread_data()
{
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<double>("noise");

    QTest::newRow("sine 0.1") << DatasetKind::Sine << 0.1;
    QTest::newRow("sine 0.5") << DatasetKind::Sine << 0.5;
    QTest::newRow("linear 0.2") << DatasetKind::Linear << 0.2;
}

void TestDataGenerators::targetNoiseSpread()
{
    QFETCH(DatasetKind, kind);
    QFETCH(double, noise);

    const int samples = 20000;
    const Dataset clean = generate(makeConfig(kind, samples), 21);
    const Dataset noisy = generate(makeConfig(kind, samples, noise), 21);

    QVERIFY(noisy.trainInputs == clean.trainInputs);
    const Eigen::ArrayXd residuals = (noisy.trainTargets - clean.trainTargets).row(0).transpose();

    // With 20000 draws the standard error of the mean is 0.7 % of noise and that of the standard
    // deviation 0.5 %. About 68.27 % of normal draws lie within one standard deviation.
    QVERIFY2(isNear(mean(residuals), 0.0, 0.03 * noise), QByteArray::number(mean(residuals)));
    QVERIFY2(isNear(standardDeviation(residuals), noise, 0.02 * noise),
        QByteArray::number(standardDeviation(residuals)));
    const double withinOne = double((residuals.abs() < noise).count()) / samples;
    QVERIFY2(isNear(withinOne, 0.6827, 0.015), QByteArray::number(withinOne));
}

void TestDataGenerators::inputJitterSpread_data()
{
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<double>("noise");

    QTest::newRow("xor 0.1") << DatasetKind::Xor << 0.1;
    QTest::newRow("two_moons 0.1") << DatasetKind::TwoMoons << 0.1;
    QTest::newRow("circles 0.05") << DatasetKind::Circles << 0.05;
    QTest::newRow("spiral 0.2") << DatasetKind::Spiral << 0.2;
}

void TestDataGenerators::inputJitterSpread()
{
    QFETCH(DatasetKind, kind);
    QFETCH(double, noise);

    const int samples = 20000;
    const Dataset clean = generate(makeConfig(kind, samples), 22);
    const Dataset noisy = generate(makeConfig(kind, samples, noise), 22);

    QVERIFY(noisy.trainTargets == clean.trainTargets);
    for (Eigen::Index row = 0; row < 2; ++row) {
        const Eigen::ArrayXd jitter = (noisy.trainInputs - clean.trainInputs).row(row).transpose();
        QVERIFY2(isNear(mean(jitter), 0.0, 0.03 * noise), QByteArray::number(mean(jitter)));
        QVERIFY2(isNear(standardDeviation(jitter), noise, 0.02 * noise),
            QByteArray::number(standardDeviation(jitter)));
    }
}

void TestDataGenerators::outlierCount_data()
{
    QTest::addColumn<int>("samples");
    QTest::addColumn<double>("fraction");
    QTest::addColumn<int>("expectedCount");

    QTest::newRow("10 % of 200") << 200 << 0.1 << 20;
    QTest::newRow("2.5 rounds up to 3") << 10 << 0.25 << 3;
    QTest::newRow("0.6 rounds up to 1") << 10 << 0.06 << 1;
    QTest::newRow("0.45 rounds down to 0") << 9 << 0.05 << 0;
    QTest::newRow("fraction 0") << 50 << 0.0 << 0;
    QTest::newRow("fraction 1 takes all") << 7 << 1.0 << 7;
}

void TestDataGenerators::outlierCount()
{
    QFETCH(int, samples);
    QFETCH(double, fraction);
    QFETCH(int, expectedCount);

    const Dataset dataset = generate(makeConfig(DatasetKind::Sine, samples, 0.0, fraction), 31);
    const std::vector<int> &outliers = dataset.outlierSamples;

    QCOMPARE(int(outliers.size()), expectedCount);
    for (std::size_t k = 0; k < outliers.size(); ++k) {
        QVERIFY2(outliers[k] >= 0 && outliers[k] < samples, QByteArray::number(outliers[k]));
        if (k > 0) {
            // Strictly increasing means sorted and distinct.
            QVERIFY2(outliers[k - 1] < outliers[k],
                QByteArray::number(outliers[k - 1]) + " before " + QByteArray::number(outliers[k]));
        }
    }
}

void TestDataGenerators::outliersShiftTargetsOnly_data()
{
    QTest::addColumn<DatasetKind>("kind");
    QTest::addColumn<double>("magnitude");
    for (DatasetKind kind : generatedKinds)
        QTest::newRow(qPrintable(toString(kind) + " magnitude 5")) << kind << 5.0;
    QTest::newRow("sine magnitude 0.75") << DatasetKind::Sine << 0.75;
    QTest::newRow("gaussian_blobs magnitude 2") << DatasetKind::GaussianBlobs << 2.0;
}

void TestDataGenerators::outliersShiftTargetsOnly()
{
    QFETCH(DatasetKind, kind);
    QFETCH(double, magnitude);

    const int samples = 200;
    const Dataset clean = generate(makeConfig(kind, samples, 0.2, 0.0, magnitude), 77);
    const Dataset shifted = generate(makeConfig(kind, samples, 0.2, 0.15, magnitude), 77);

    QVERIFY(clean.outlierSamples.empty());
    QCOMPARE(int(shifted.outlierSamples.size()), 30);
    QVERIFY(shifted.trainInputs == clean.trainInputs);

    int upCount = 0;
    int downCount = 0;
    for (Eigen::Index i = 0; i < samples; ++i) {
        const bool isOutlier = std::binary_search(
            shifted.outlierSamples.begin(), shifted.outlierSamples.end(), int(i));
        const Eigen::VectorXd shift = shifted.trainTargets.col(i) - clean.trainTargets.col(i);
        if (!isOutlier) {
            QVERIFY2(shift.isZero(0.0),
                describe("shift", i, shift.cwiseAbs().maxCoeff(), 0).constData());
            continue;
        }
        const double sign = shift(0) > 0.0 ? 1.0 : -1.0;
        (sign > 0.0 ? upCount : downCount) += 1;
        for (Eigen::Index row = 0; row < shift.size(); ++row) {
            QVERIFY2(isNear(shift(row), sign * magnitude, 1e-12),
                describe("shift", i, shift(row), sign * magnitude).constData());
        }
    }
    QCOMPARE(upCount + downCount, 30);
    QVERIFY(upCount > 0);
    QVERIFY(downCount > 0);
}

void TestDataGenerators::invalidConfigThrows_data()
{
    QTest::addColumn<DatasetConfig>("config");
    QTest::addColumn<QString>("expectedKey");
    QTest::addColumn<QStringList>("expectedFragments");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double infinity = std::numeric_limits<double>::infinity();

    QTest::newRow("sine with 3 samples") << makeConfig(DatasetKind::Sine,
        3) << "dataset.samples" << QStringList {"dataset.samples is 3", "sine", "at least 4"};
    QTest::newRow("xor with 0 samples") << makeConfig(DatasetKind::Xor,
        0) << "dataset.samples" << QStringList {"dataset.samples is 0", "xor", "at least 4"};
    QTest::newRow("spiral with -5 samples") << makeConfig(DatasetKind::Spiral,
        -5) << "dataset.samples" << QStringList {"dataset.samples is -5", "spiral"};
    QTest::newRow("csv kind") << makeConfig(DatasetKind::Csv, 200) << "dataset.kind"
                              << QStringList {
                                     "dataset.kind is \"csv\"", "dataset.path", "sine, linear"};
    QTest::newRow("kind out of enum range") << makeConfig(static_cast<DatasetKind>(99),
        200) << "dataset.kind" << QStringList {"invalid enum value 99", "gaussian_blobs"};
    QTest::newRow("negative noise") << makeConfig(DatasetKind::Sine, 200, -0.1) << "dataset.noise"
                                    << QStringList {"dataset.noise is -0.1", "0 or more"};
    QTest::newRow("NaN noise") << makeConfig(DatasetKind::Circles, 200, nan) << "dataset.noise"
                               << QStringList {"dataset.noise is nan"};
    QTest::newRow("outlier fraction 1.5")
        << makeConfig(DatasetKind::Sine, 200, 0.0, 1.5) << "dataset.outlierFraction"
        << QStringList {"dataset.outlierFraction is 1.5", "between 0 and 1"};
    QTest::newRow("negative outlier fraction") << makeConfig(DatasetKind::Linear, 200, 0.0,
        -0.2) << "dataset.outlierFraction" << QStringList {"dataset.outlierFraction is -0.2"};
    QTest::newRow("infinite outlier magnitude")
        << makeConfig(DatasetKind::Sine, 200, 0.0, 0.1, infinity) << "dataset.outlierMagnitude"
        << QStringList {"dataset.outlierMagnitude is inf", "finite"};
}

void TestDataGenerators::invalidConfigThrows()
{
    QFETCH(DatasetConfig, config);
    QFETCH(QString, expectedKey);
    QFETCH(QStringList, expectedFragments);

    Rng rng(1, RandomStream::Data);
    try {
        generateDataset(config, rng);
        QFAIL("generateDataset() returned instead of throwing");
    } catch (const std::invalid_argument &error) {
        const QString message = QString::fromUtf8(error.what());
        const auto *configError = dynamic_cast<const ConfigError *>(&error);
        QVERIFY2(configError != nullptr, qPrintable(message));
        QCOMPARE(configError->key(), expectedKey);
        for (const QString &fragment : expectedFragments)
            QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
    }
}

QTEST_GUILESS_MAIN(TestDataGenerators)
#include "tst_datagenerators.moc"
