#include "errors.h"
#include "initializers.h"
#include "random.h"
#include "runconfig.h"

#include <QTest>

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <optional>

using namespace initlab;

Q_DECLARE_METATYPE(initlab::InitConfig)
Q_DECLARE_METATYPE(initlab::Activation)
Q_DECLARE_METATYPE(initlab::WeightInit)
Q_DECLARE_METATYPE(initlab::BiasInit)
Q_DECLARE_METATYPE(std::optional<double>)

namespace {

// The statistics layer: 400 units on 300 inputs, so fan_in = 300 and fan_out = 400.
constexpr Eigen::Index statisticsUnits = 400;
constexpr Eigen::Index statisticsInputs = 300;

// Standard deviation of a N(0, 1) truncated at +-2, divided by that of the untruncated one:
// sqrt(1 - 4 phi(2) / (Phi(2) - Phi(-2))).
constexpr double truncatedNormalStddevRatio = 0.87962566103423978;

// Sample mean, standard deviation (about the sample mean, divided by n) and extremes of values.
struct Moments
{
    double mean = 0.0;
    double stddev = 0.0;
    double minimum = 0.0;
    double maximum = 0.0;
    double maxAbs = 0.0;
};

template<typename Derived>
Moments momentsOf(const Eigen::MatrixBase<Derived> &values)
{
    Moments moments;
    const double count = double(values.size());
    moments.mean = values.sum() / count;
    moments.stddev = std::sqrt((values.array() - moments.mean).square().sum() / count);
    moments.minimum = values.minCoeff();
    moments.maximum = values.maxCoeff();
    moments.maxAbs = values.cwiseAbs().maxCoeff();
    return moments;
}

// Tolerances at five standard errors for n independent draws of standard deviation sigma.
// The standard error of the sample mean is sigma / sqrt(n). That of the sample standard deviation
// is about sigma sqrt((kurtosis - 1) / (4 n)), which is sigma / sqrt(2 n) for a normal distribution
// (kurtosis 3). The uniform (kurtosis 1.8) and the truncated normal (below 3) have smaller errors,
// so the normal's value covers them all. For the 400 x 300 layer (n = 120000) the standard
// deviation tolerance is 1.0 % relative. A correct initializer exceeds it for about one seed in
// 1.7 million, while swapping fan_in and fan_out (a 13 % change here) fails at every seed.
double meanTolerance(double sigma, double count)
{
    return 5.0 * sigma / std::sqrt(count);
}

double relativeStddevTolerance(double count)
{
    return 5.0 / std::sqrt(2.0 * count);
}

Eigen::MatrixXd filledWithNan(Eigen::Index rows, Eigen::Index columns)
{
    return Eigen::MatrixXd::Constant(rows, columns, std::numeric_limits<double>::quiet_NaN());
}

// Initializes a (units x inputs) layer from a fresh generator, seeded for the Init stream.
Eigen::MatrixXd initializedWeights(Eigen::Index units, Eigen::Index inputs,
    const InitConfig &config, Activation activation, std::uint64_t seed)
{
    Eigen::MatrixXd weights = filledWithNan(units, inputs);
    Eigen::VectorXd biases;
    Rng rng(seed, RandomStream::Init);
    initializeLayer(weights, biases, config, activation, rng);
    return weights;
}

InitConfig weightConfig(WeightInit weights)
{
    InitConfig config;
    config.weights = weights;
    return config;
}

// The shape of distribution that weightStatistics() checks beyond mean and standard deviation.
enum class Shape {
    Constant, // every element equals the expected mean
    Uniform, // bounded by +-bound, with extremes close to it
    Normal, // unbounded: its extremes reach beyond 3.5 standard deviations
    TruncatedNormal, // bounded by +-bound, with extremes close to it
    Orthogonal, // mean and standard deviation only; orthogonality has its own tests
};

} // namespace

Q_DECLARE_METATYPE(Shape)

class TestInitializers : public QObject
{
    Q_OBJECT

private slots:
    void weightStatistics_data();
    void weightStatistics();

    void orthogonalIsOrthonormal_data();
    void orthogonalIsOrthonormal();
    void orthogonalMatchesPositiveDiagonalQr_data();
    void orthogonalMatchesPositiveDiagonalQr();

    void fanOrientation_data();
    void fanOrientation();

    void recommendedGainValues_data();
    void recommendedGainValues();

    void biasInitializers_data();
    void biasInitializers();
    void drawOrderIsRowByRow_data();
    void drawOrderIsRowByRow();

    void seedReproducibility_data();
    void seedReproducibility();

    void invalidParameterThrows_data();
    void invalidParameterThrows();
    void emptyLayerThrows_data();
    void emptyLayerThrows();
};

void TestInitializers::weightStatistics_data()
{
    QTest::addColumn<InitConfig>("config");
    QTest::addColumn<Activation>("activation");
    QTest::addColumn<Shape>("shape");
    QTest::addColumn<double>("expectedMean");
    QTest::addColumn<double>("expectedStddev");
    QTest::addColumn<double>("bound");

    const double fanIn = double(statisticsInputs);
    const double fanOut = double(statisticsUnits);
    const double unbounded = std::numeric_limits<double>::infinity();
    const double sqrt3 = std::sqrt(3.0);

    auto addUniform = [&](const char *name, const InitConfig &config, Activation activation,
                          double bound) {
        QTest::newRow(name) << config << activation << Shape::Uniform << 0.0 << bound / sqrt3
                            << bound;
    };
    auto addNormal = [&](const char *name, const InitConfig &config, Activation activation,
                         double stddev) {
        QTest::newRow(name) << config << activation << Shape::Normal << 0.0 << stddev << unbounded;
    };

    QTest::newRow("zeros") << weightConfig(WeightInit::Zeros) << Activation::Tanh << Shape::Constant
                           << 0.0 << 0.0 << 0.0;

    InitConfig constant = weightConfig(WeightInit::Constant);
    constant.value = -0.25;
    QTest::newRow("constant -0.25")
        << constant << Activation::Tanh << Shape::Constant << -0.25 << 0.0 << 0.25;

    InitConfig uniform = weightConfig(WeightInit::Uniform);
    uniform.limit = 0.1;
    addUniform("uniform limit 0.1", uniform, Activation::Tanh, 0.1);

    InitConfig normal = weightConfig(WeightInit::Normal);
    normal.stddev = 0.2;
    addNormal("normal stddev 0.2", normal, Activation::Tanh, 0.2);

    InitConfig truncated = weightConfig(WeightInit::TruncatedNormal);
    truncated.stddev = 0.2;
    QTest::newRow("truncated_normal stddev 0.2")
        << truncated << Activation::Tanh << Shape::TruncatedNormal << 0.0
        << 0.2 * truncatedNormalStddevRatio << 0.4;

    addUniform("xavier_uniform default gain", weightConfig(WeightInit::XavierUniform),
        Activation::Relu, std::sqrt(6.0 / (fanIn + fanOut)));
    InitConfig xavierUniformGain = weightConfig(WeightInit::XavierUniform);
    xavierUniformGain.gain = 2.0;
    addUniform("xavier_uniform gain 2", xavierUniformGain, Activation::Tanh,
        2.0 * std::sqrt(6.0 / (fanIn + fanOut)));

    addNormal("xavier_normal default gain", weightConfig(WeightInit::XavierNormal),
        Activation::Relu, std::sqrt(2.0 / (fanIn + fanOut)));
    InitConfig xavierNormalGain = weightConfig(WeightInit::XavierNormal);
    xavierNormalGain.gain = 0.5;
    addNormal("xavier_normal gain 0.5", xavierNormalGain, Activation::Tanh,
        0.5 * std::sqrt(2.0 / (fanIn + fanOut)));

    addUniform("he_uniform relu fan_in", weightConfig(WeightInit::HeUniform), Activation::Relu,
        std::sqrt(2.0) * std::sqrt(3.0 / fanIn));
    InitConfig heUniformFanOut = weightConfig(WeightInit::HeUniform);
    heUniformFanOut.mode = FanMode::FanOut;
    addUniform("he_uniform tanh fan_out", heUniformFanOut, Activation::Tanh,
        5.0 / 3.0 * std::sqrt(3.0 / fanOut));

    addNormal("he_normal relu fan_in", weightConfig(WeightInit::HeNormal), Activation::Relu,
        std::sqrt(2.0) / std::sqrt(fanIn));
    InitConfig heNormalFanOut = weightConfig(WeightInit::HeNormal);
    heNormalFanOut.mode = FanMode::FanOut;
    addNormal("he_normal relu fan_out", heNormalFanOut, Activation::Relu,
        std::sqrt(2.0) / std::sqrt(fanOut));
    addNormal("he_normal selu", weightConfig(WeightInit::HeNormal), Activation::Selu,
        0.75 / std::sqrt(fanIn));
    addNormal("he_normal sigmoid", weightConfig(WeightInit::HeNormal), Activation::Sigmoid,
        1.0 / std::sqrt(fanIn));
    InitConfig heNormalGain = weightConfig(WeightInit::HeNormal);
    heNormalGain.gain = 3.0;
    addNormal("he_normal relu with gain 3", heNormalGain, Activation::Relu, 3.0 / std::sqrt(fanIn));

    addUniform("lecun_uniform", weightConfig(WeightInit::LecunUniform), Activation::Selu,
        std::sqrt(3.0 / fanIn));
    addNormal("lecun_normal", weightConfig(WeightInit::LecunNormal), Activation::Selu,
        1.0 / std::sqrt(fanIn));

    // A tall (400 x 300) matrix with orthonormal columns has squared entries summing to 300, so
    // the entries' root mean square is exactly gain / sqrt(400).
    QTest::newRow("orthogonal default gain")
        << weightConfig(WeightInit::Orthogonal) << Activation::Tanh << Shape::Orthogonal << 0.0
        << 1.0 / std::sqrt(fanOut) << unbounded;
    InitConfig orthogonalGain = weightConfig(WeightInit::Orthogonal);
    orthogonalGain.gain = 2.0;
    QTest::newRow("orthogonal gain 2") << orthogonalGain << Activation::Tanh << Shape::Orthogonal
                                       << 0.0 << 2.0 / std::sqrt(fanOut) << unbounded;

    addUniform("pytorch_default", weightConfig(WeightInit::PytorchDefault), Activation::Relu,
        1.0 / std::sqrt(fanIn));
}

void TestInitializers::weightStatistics()
{
    QFETCH(InitConfig, config);
    QFETCH(Activation, activation);
    QFETCH(Shape, shape);
    QFETCH(double, expectedMean);
    QFETCH(double, expectedStddev);
    QFETCH(double, bound);

    const Eigen::MatrixXd weights =
        initializedWeights(statisticsUnits, statisticsInputs, config, activation, 20240611);
    QCOMPARE(weights.rows(), statisticsUnits);
    QCOMPARE(weights.cols(), statisticsInputs);
    QVERIFY(weights.allFinite());

    const Moments moments = momentsOf(weights);
    const double count = double(weights.size());

    // The second moment that initialSecondMoments() names is the one the draw gives.
    const double expectedSquare = initialSecondMoments(config, activation, statisticsUnits,
                                                       statisticsInputs)
                                      .weights;
    const double meanSquare = weights.array().square().mean();
    QVERIFY2(std::abs(meanSquare - expectedSquare)
                 <= 2.0 * relativeStddevTolerance(count) * expectedSquare + 1e-15,
             qPrintable(QStringLiteral("mean square %1, initialSecondMoments() gives %2")
                            .arg(meanSquare)
                            .arg(expectedSquare)));

    if (shape == Shape::Constant) {
        QCOMPARE(moments.minimum, expectedMean);
        QCOMPARE(moments.maximum, expectedMean);
        return;
    }

    QVERIFY2(std::abs(moments.mean - expectedMean) <= meanTolerance(expectedStddev, count),
        qPrintable(QStringLiteral("mean %1, expected %2").arg(moments.mean).arg(expectedMean)));

    const double relativeError = std::abs(moments.stddev / expectedStddev - 1.0);
    QVERIFY2(relativeError <= relativeStddevTolerance(count),
        qPrintable(QStringLiteral("standard deviation %1, expected %2 (relative error %3)")
                       .arg(moments.stddev)
                       .arg(expectedStddev)
                       .arg(relativeError)));

    switch (shape) {
    case Shape::Uniform:
        // With 120000 draws, P(max |w| < 0.999 bound) = 0.999^120000, about e^-120.
        QVERIFY2(moments.maxAbs <= bound,
            qPrintable(
                QStringLiteral("max |w| %1 exceeds the bound %2").arg(moments.maxAbs).arg(bound)));
        QVERIFY2(moments.maxAbs >= 0.999 * bound,
            qPrintable(QStringLiteral("max |w| %1 stays far inside the bound %2")
                           .arg(moments.maxAbs)
                           .arg(bound)));
        break;
    case Shape::TruncatedNormal:
        // About 0.11 % of the truncated draws fall within 0.01 sigma of the cut, 136 of 120000.
        QVERIFY2(moments.maxAbs <= bound,
            qPrintable(
                QStringLiteral("max |w| %1 exceeds 2 stddev = %2").arg(moments.maxAbs).arg(bound)));
        QVERIFY2(moments.maxAbs >= 0.995 * bound,
            qPrintable(QStringLiteral("max |w| %1 stays far inside 2 stddev = %2")
                           .arg(moments.maxAbs)
                           .arg(bound)));
        break;
    case Shape::Normal:
        // An untruncated normal puts about 56 of 120000 draws beyond 3.5 sigma.
        QVERIFY2(moments.maxAbs > 3.5 * expectedStddev,
            qPrintable(QStringLiteral("max |w| %1 looks truncated (stddev %2)")
                           .arg(moments.maxAbs)
                           .arg(expectedStddev)));
        break;
    case Shape::Constant:
    case Shape::Orthogonal:
        break;
    }
}

void TestInitializers::orthogonalIsOrthonormal_data()
{
    QTest::addColumn<int>("units");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<std::optional<double>>("gain");

    QTest::newRow("tall 400 x 300") << 400 << 300 << std::optional<double>();
    QTest::newRow("wide 300 x 400") << 300 << 400 << std::optional<double>();
    QTest::newRow("square 64 x 64") << 64 << 64 << std::optional<double>();
    QTest::newRow("tall 400 x 300 gain 2") << 400 << 300 << std::optional<double>(2.0);
    QTest::newRow("wide 300 x 400 gain 0.5") << 300 << 400 << std::optional<double>(0.5);
    QTest::newRow("single row 1 x 7") << 1 << 7 << std::optional<double>();
    QTest::newRow("single column 7 x 1") << 7 << 1 << std::optional<double>();
}

void TestInitializers::orthogonalIsOrthonormal()
{
    QFETCH(int, units);
    QFETCH(int, inputs);
    QFETCH(std::optional<double>, gain);

    InitConfig config = weightConfig(WeightInit::Orthogonal);
    config.gain = gain;
    const double gainSquared = gain.value_or(1.0) * gain.value_or(1.0);
    const Eigen::MatrixXd weights = initializedWeights(units, inputs, config, Activation::Tanh, 7);
    QCOMPARE(weights.rows(), Eigen::Index(units));
    QCOMPARE(weights.cols(), Eigen::Index(inputs));

    // Orthonormal columns when tall (W^T W = gain^2 I), orthonormal rows when wide (W W^T = gain^2
    // I), both when square.
    if (units >= inputs) {
        const Eigen::MatrixXd gram = weights.transpose() * weights;
        const double error =
            (gram - gainSquared * Eigen::MatrixXd::Identity(inputs, inputs)).cwiseAbs().maxCoeff();
        QVERIFY2(error <= 1e-10 * gainSquared,
            qPrintable(QStringLiteral("max |W^T W - g^2 I| = %1").arg(error)));
    }
    if (units <= inputs) {
        const Eigen::MatrixXd gram = weights * weights.transpose();
        const double error =
            (gram - gainSquared * Eigen::MatrixXd::Identity(units, units)).cwiseAbs().maxCoeff();
        QVERIFY2(error <= 1e-10 * gainSquared,
            qPrintable(QStringLiteral("max |W W^T - g^2 I| = %1").arg(error)));
    }
}

void TestInitializers::orthogonalMatchesPositiveDiagonalQr_data()
{
    QTest::addColumn<int>("units");
    QTest::addColumn<int>("inputs");

    QTest::newRow("tall 40 x 30") << 40 << 30;
    QTest::newRow("wide 30 x 40") << 30 << 40;
    QTest::newRow("square 25 x 25") << 25 << 25;
}

// With the sign correction, W is the Q factor of the Gaussian matrix G (drawn row by row) in the
// unique QR decomposition whose R has a positive diagonal. So with G regenerated from the same
// seed, R = Q^T G must be upper triangular with a positive diagonal. Q is W for a tall layer. A
// wide layer decomposes G^T instead, so there Q is W^T.
void TestInitializers::orthogonalMatchesPositiveDiagonalQr()
{
    QFETCH(int, units);
    QFETCH(int, inputs);
    const std::uint64_t seed = 99;

    const Eigen::MatrixXd weights = initializedWeights(
        units, inputs, weightConfig(WeightInit::Orthogonal), Activation::Tanh, seed);

    Rng reference(seed, RandomStream::Init);
    Eigen::MatrixXd gaussian(units, inputs);
    for (int row = 0; row < units; ++row) {
        for (int column = 0; column < inputs; ++column)
            gaussian(row, column) = reference.normal();
    }

    const bool wide = units < inputs;
    const Eigen::MatrixXd q = wide ? Eigen::MatrixXd(weights.transpose()) : weights;
    const Eigen::MatrixXd factored = wide ? Eigen::MatrixXd(gaussian.transpose()) : gaussian;
    const Eigen::MatrixXd r = q.transpose() * factored;

    const double scale = factored.cwiseAbs().maxCoeff();
    const Eigen::MatrixXd belowDiagonal = r.triangularView<Eigen::StrictlyLower>();
    QVERIFY2(belowDiagonal.cwiseAbs().maxCoeff() <= 1e-10 * scale,
        qPrintable(QStringLiteral("max |R below the diagonal| = %1")
                       .arg(belowDiagonal.cwiseAbs().maxCoeff())));
    QVERIFY2(r.diagonal().minCoeff() > 0.0,
        qPrintable(QStringLiteral("min diagonal of R = %1").arg(r.diagonal().minCoeff())));

    const double reconstructionError = (q * r - factored).cwiseAbs().maxCoeff();
    QVERIFY2(reconstructionError <= 1e-10 * scale,
        qPrintable(QStringLiteral("max |Q R - G| = %1").arg(reconstructionError)));
}

void TestInitializers::fanOrientation_data()
{
    QTest::addColumn<InitConfig>("config");
    QTest::addColumn<double>("expectedStddev");

    // A 3 x 5 layer: fan_in = 5 inputs, fan_out = 3 units. The activation is relu.
    InitConfig heNormalFanOut = weightConfig(WeightInit::HeNormal);
    heNormalFanOut.mode = FanMode::FanOut;
    InitConfig heUniformFanOut = weightConfig(WeightInit::HeUniform);
    heUniformFanOut.mode = FanMode::FanOut;

    QTest::newRow("he_normal fan_in") << weightConfig(WeightInit::HeNormal) << std::sqrt(2.0 / 5.0);
    QTest::newRow("he_normal fan_out") << heNormalFanOut << std::sqrt(2.0 / 3.0);
    QTest::newRow("he_uniform fan_in")
        << weightConfig(WeightInit::HeUniform) << std::sqrt(2.0 / 5.0);
    QTest::newRow("he_uniform fan_out") << heUniformFanOut << std::sqrt(2.0 / 3.0);
    QTest::newRow("xavier_normal")
        << weightConfig(WeightInit::XavierNormal) << std::sqrt(2.0 / 8.0);
    QTest::newRow("lecun_normal") << weightConfig(WeightInit::LecunNormal) << std::sqrt(1.0 / 5.0);
    QTest::newRow("lecun_uniform")
        << weightConfig(WeightInit::LecunUniform) << std::sqrt(1.0 / 5.0);
    QTest::newRow("pytorch_default")
        << weightConfig(WeightInit::PytorchDefault) << std::sqrt(1.0 / 15.0);
}

// One 3 x 5 layer has too few weights for a useful estimate, so many layers drawn from one
// generator are pooled: 40000 layers, 600000 weights, a tolerance of 0.46 % relative.
void TestInitializers::fanOrientation()
{
    QFETCH(InitConfig, config);
    QFETCH(double, expectedStddev);

    const int layers = 40000;
    Rng rng(3, RandomStream::Init);
    Eigen::MatrixXd weights(3, 5);
    Eigen::VectorXd biases(3);
    double sum = 0.0;
    double sumOfSquares = 0.0;
    for (int layer = 0; layer < layers; ++layer) {
        initializeLayer(weights, biases, config, Activation::Relu, rng);
        sum += weights.sum();
        sumOfSquares += weights.squaredNorm();
    }

    const double count = double(layers) * 15.0;
    const double mean = sum / count;
    const double stddev = std::sqrt(sumOfSquares / count - mean * mean);
    QVERIFY2(std::abs(mean) <= meanTolerance(expectedStddev, count),
        qPrintable(QStringLiteral("mean %1").arg(mean)));
    QVERIFY2(std::abs(stddev / expectedStddev - 1.0) <= relativeStddevTolerance(count),
        qPrintable(
            QStringLiteral("standard deviation %1, expected %2").arg(stddev).arg(expectedStddev)));
}

void TestInitializers::recommendedGainValues_data()
{
    QTest::addColumn<Activation>("activation");
    QTest::addColumn<double>("expected");

    QTest::newRow("linear") << Activation::Linear << 1.0;
    QTest::newRow("sigmoid") << Activation::Sigmoid << 1.0;
    QTest::newRow("tanh") << Activation::Tanh << 5.0 / 3.0;
    QTest::newRow("relu") << Activation::Relu << std::sqrt(2.0);
    QTest::newRow("leaky_relu") << Activation::LeakyRelu << std::sqrt(2.0 / (1.0 + 0.01 * 0.01));
    QTest::newRow("elu") << Activation::Elu << 1.0;
    QTest::newRow("selu") << Activation::Selu << 0.75;
    QTest::newRow("gelu") << Activation::Gelu << 1.0;
    QTest::newRow("softplus") << Activation::Softplus << 1.0;
}

void TestInitializers::recommendedGainValues()
{
    QFETCH(Activation, activation);
    QFETCH(double, expected);

    // Exact equality, because QCOMPARE on doubles accepts a relative difference up to 1e-12.
    const double gain = recommendedGain(activation);
    QVERIFY2(gain == expected,
        qPrintable(QStringLiteral("gain %1, expected %2")
                       .arg(gain, 0, 'g', 17)
                       .arg(expected, 0, 'g', 17)));
}

void TestInitializers::biasInitializers_data()
{
    QTest::addColumn<BiasInit>("bias");
    QTest::addColumn<double>("biasValue");

    QTest::newRow("zeros") << BiasInit::Zeros << 0.0;
    QTest::newRow("constant -0.3") << BiasInit::Constant << -0.3;
    QTest::newRow("constant 2") << BiasInit::Constant << 2.0;
    QTest::newRow("pytorch_default") << BiasInit::PytorchDefault << 0.0;
}

// A 20000 x 3 layer: 20000 biases, each U(-1/sqrt(3), 1/sqrt(3)) for pytorch_default.
void TestInitializers::biasInitializers()
{
    QFETCH(BiasInit, bias);
    QFETCH(double, biasValue);

    InitConfig config = weightConfig(WeightInit::XavierUniform);
    config.bias = bias;
    config.biasValue = biasValue;

    const Eigen::Index units = 20000;
    Eigen::MatrixXd weights = filledWithNan(units, 3);
    Eigen::VectorXd biases = Eigen::VectorXd::Constant(7, std::numeric_limits<double>::quiet_NaN());
    Rng rng(11, RandomStream::Init);
    initializeLayer(weights, biases, config, Activation::Tanh, rng);

    QCOMPARE(biases.size(), units);
    QVERIFY(biases.allFinite());
    const Moments moments = momentsOf(biases);

    if (bias != BiasInit::PytorchDefault) {
        QCOMPARE(moments.minimum, biasValue);
        QCOMPARE(moments.maximum, biasValue);
        return;
    }

    const double bound = 1.0 / std::sqrt(3.0);
    const double expectedStddev = bound / std::sqrt(3.0);
    const double count = double(units);
    QVERIFY2(std::abs(moments.mean) <= meanTolerance(expectedStddev, count),
        qPrintable(QStringLiteral("mean %1").arg(moments.mean)));
    QVERIFY2(std::abs(moments.stddev / expectedStddev - 1.0) <= relativeStddevTolerance(count),
        qPrintable(QStringLiteral("standard deviation %1, expected %2")
                       .arg(moments.stddev)
                       .arg(expectedStddev)));
    QVERIFY(moments.maxAbs <= bound);
    // P(max |b| < 0.999 bound) = 0.999^20000, about 2e-9.
    QVERIFY(moments.maxAbs >= 0.999 * bound);
}

void TestInitializers::drawOrderIsRowByRow_data()
{
    QTest::addColumn<WeightInit>("weights");

    QTest::newRow("uniform") << WeightInit::Uniform;
    QTest::newRow("normal") << WeightInit::Normal;
    QTest::newRow("truncated_normal") << WeightInit::TruncatedNormal;
}

// Known-answer test of the documented draw order: weights row by row, then the biases, each from
// the same generator. Replays the generator by hand on a 3 x 4 layer and compares bit for bit.
void TestInitializers::drawOrderIsRowByRow()
{
    QFETCH(WeightInit, weights);

    InitConfig config = weightConfig(weights);
    config.bias = BiasInit::PytorchDefault;
    config.limit = 0.7;
    config.stddev = 1.5;
    const std::uint64_t seed = 5;

    Eigen::MatrixXd actualWeights = filledWithNan(3, 4);
    Eigen::VectorXd actualBiases(3);
    Rng rng(seed, RandomStream::Init);
    initializeLayer(actualWeights, actualBiases, config, Activation::Tanh, rng);

    Rng reference(seed, RandomStream::Init);
    for (Eigen::Index row = 0; row < 3; ++row) {
        for (Eigen::Index column = 0; column < 4; ++column) {
            double expected = 0.0;
            if (weights == WeightInit::Uniform) {
                expected = reference.uniform(-0.7, 0.7);
            } else if (weights == WeightInit::Normal) {
                expected = reference.normal(0.0, 1.5);
            } else {
                double z = reference.normal();
                while (std::abs(z) > 2.0)
                    z = reference.normal();
                expected = 1.5 * z;
            }
            QVERIFY2(actualWeights(row, column) == expected,
                qPrintable(QStringLiteral("W(%1, %2) = %3, expected %4")
                               .arg(row)
                               .arg(column)
                               .arg(actualWeights(row, column))
                               .arg(expected)));
        }
    }
    for (Eigen::Index unit = 0; unit < 3; ++unit) {
        const double expected = reference.uniform(-0.5, 0.5); // 1 / sqrt(4 inputs)
        QVERIFY2(actualBiases(unit) == expected,
            qPrintable(QStringLiteral("b(%1) = %2, expected %3")
                           .arg(unit)
                           .arg(actualBiases(unit))
                           .arg(expected)));
    }
    QCOMPARE(rng.nextU64(), reference.nextU64());
}

void TestInitializers::seedReproducibility_data()
{
    QTest::addColumn<WeightInit>("weights");
    QTest::addColumn<bool>("random");

    QTest::newRow("zeros") << WeightInit::Zeros << false;
    QTest::newRow("constant") << WeightInit::Constant << false;
    QTest::newRow("uniform") << WeightInit::Uniform << true;
    QTest::newRow("normal") << WeightInit::Normal << true;
    QTest::newRow("truncated_normal") << WeightInit::TruncatedNormal << true;
    QTest::newRow("xavier_uniform") << WeightInit::XavierUniform << true;
    QTest::newRow("xavier_normal") << WeightInit::XavierNormal << true;
    QTest::newRow("he_uniform") << WeightInit::HeUniform << true;
    QTest::newRow("he_normal") << WeightInit::HeNormal << true;
    QTest::newRow("lecun_uniform") << WeightInit::LecunUniform << true;
    QTest::newRow("lecun_normal") << WeightInit::LecunNormal << true;
    QTest::newRow("orthogonal") << WeightInit::Orthogonal << true;
    QTest::newRow("pytorch_default") << WeightInit::PytorchDefault << true;
}

void TestInitializers::seedReproducibility()
{
    QFETCH(WeightInit, weights);
    QFETCH(bool, random);

    InitConfig config = weightConfig(weights);
    config.value = 0.125;
    config.bias = BiasInit::PytorchDefault;

    auto initialize = [&config](std::uint64_t seed, Eigen::MatrixXd &w, Eigen::VectorXd &b) {
        w = filledWithNan(6, 9);
        Rng rng(seed, RandomStream::Init);
        initializeLayer(w, b, config, Activation::Relu, rng);
    };

    Eigen::MatrixXd first;
    Eigen::MatrixXd second;
    Eigen::MatrixXd otherSeed;
    Eigen::VectorXd firstBiases;
    Eigen::VectorXd secondBiases;
    Eigen::VectorXd otherSeedBiases;
    initialize(42, first, firstBiases);
    initialize(42, second, secondBiases);
    initialize(43, otherSeed, otherSeedBiases);

    QVERIFY(first == second);
    QVERIFY(firstBiases == secondBiases);
    QVERIFY(firstBiases != otherSeedBiases);
    if (random)
        QVERIFY(first != otherSeed);
    else
        QVERIFY(first == otherSeed);
}

void TestInitializers::invalidParameterThrows_data()
{
    QTest::addColumn<InitConfig>("config");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("valueText");
    QTest::addColumn<QString>("rangeText");

    const double nan = std::numeric_limits<double>::quiet_NaN();
    const double infinity = std::numeric_limits<double>::infinity();
    const QString nonNegative = QStringLiteral("a finite number >= 0");
    const QString positive = QStringLiteral("a finite number > 0");
    const QString finite = QStringLiteral("a finite number");

    InitConfig config;

    config = weightConfig(WeightInit::Uniform);
    config.limit = -0.5;
    QTest::newRow("negative limit") << config << "init.limit"
                                    << "-0.5" << nonNegative;
    config.limit = nan;
    QTest::newRow("NaN limit") << config << "init.limit"
                               << "nan" << nonNegative;
    config.limit = infinity;
    QTest::newRow("infinite limit") << config << "init.limit"
                                    << "inf" << nonNegative;

    config = weightConfig(WeightInit::Normal);
    config.stddev = -1e-3;
    QTest::newRow("negative stddev") << config << "init.stddev"
                                     << "-0.001" << nonNegative;
    config.stddev = nan;
    QTest::newRow("NaN stddev") << config << "init.stddev"
                                << "nan" << nonNegative;

    config = weightConfig(WeightInit::HeNormal);
    config.gain = 0.0;
    QTest::newRow("zero gain") << config << "init.gain"
                               << "0" << positive;
    config.gain = -2.0;
    QTest::newRow("negative gain") << config << "init.gain"
                                   << "-2" << positive;
    config.gain = infinity;
    QTest::newRow("infinite gain") << config << "init.gain"
                                   << "inf" << positive;
    config.gain = nan;
    QTest::newRow("NaN gain") << config << "init.gain"
                              << "nan" << positive;

    config = weightConfig(WeightInit::Constant);
    config.value = -infinity;
    QTest::newRow("infinite value") << config << "init.value"
                                    << "-inf" << finite;
    config.value = nan;
    QTest::newRow("NaN value") << config << "init.value"
                               << "nan" << finite;

    config = InitConfig();
    config.bias = BiasInit::Constant;
    config.biasValue = infinity;
    QTest::newRow("infinite biasValue") << config << "init.biasValue"
                                        << "inf" << finite;

    // Every field is checked, including those the selected initializer does not read.
    config = weightConfig(WeightInit::XavierUniform);
    config.stddev = -3.0;
    QTest::newRow("negative stddev unused by xavier") << config << "init.stddev"
                                                      << "-3" << nonNegative;
}

void TestInitializers::invalidParameterThrows()
{
    QFETCH(InitConfig, config);
    QFETCH(QString, key);
    QFETCH(QString, valueText);
    QFETCH(QString, rangeText);

    Eigen::MatrixXd weights = Eigen::MatrixXd::Constant(4, 3, 9.0);
    Eigen::VectorXd biases = Eigen::VectorXd::Constant(4, 8.0);
    Rng rng(1, RandomStream::Init);

    try {
        initializeLayer(weights, biases, config, Activation::Relu, rng);
        QFAIL("initializeLayer accepted an invalid parameter");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        QCOMPARE(error.key(), key);
        QVERIFY2(message.contains(key), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral(" ") + valueText + QStringLiteral(":")),
            qPrintable(message));
        QVERIFY2(message.contains(rangeText), qPrintable(message));
    }

    // Nothing was written and nothing drawn.
    QVERIFY(weights == Eigen::MatrixXd::Constant(4, 3, 9.0));
    QVERIFY(biases == Eigen::VectorXd::Constant(4, 8.0));
    Rng fresh(1, RandomStream::Init);
    QCOMPARE(rng.nextU64(), fresh.nextU64());
}

void TestInitializers::emptyLayerThrows_data()
{
    QTest::addColumn<int>("units");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<QString>("shapeText");

    QTest::newRow("no units") << 0 << 5 << "0 x 5";
    QTest::newRow("no inputs") << 3 << 0 << "3 x 0";
    QTest::newRow("empty") << 0 << 0 << "0 x 0";
}

void TestInitializers::emptyLayerThrows()
{
    QFETCH(int, units);
    QFETCH(int, inputs);
    QFETCH(QString, shapeText);

    Eigen::MatrixXd weights(units, inputs);
    Eigen::VectorXd biases;
    Rng rng(1, RandomStream::Init);
    try {
        initializeLayer(
            weights, biases, weightConfig(WeightInit::PytorchDefault), Activation::Relu, rng);
        QFAIL("initializeLayer accepted a layer without units or inputs");
    } catch (const std::invalid_argument &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(shapeText), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("at least one unit and one input")),
            qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(TestInitializers)

#include "tst_initializers.moc"
