// Activation values against their definitions, and finite-difference checks of the network's
// backward pass for every activation.

#include "activation.h"
#include "network.h"
#include "random.h"

#include <QTest>

#include <cmath>
#include <cstring>
#include <limits>

using namespace initlab;

namespace {

using Matrix = Eigen::MatrixXd;

Matrix randomMatrix(Eigen::Index rows, Eigen::Index cols, double stddev, Rng &rng)
{
    Matrix m(rows, cols);
    for (Eigen::Index j = 0; j < cols; ++j)
        for (Eigen::Index i = 0; i < rows; ++i)
            m(i, j) = rng.normal(0.0, stddev);
    return m;
}

double activationAt(Activation activation, double z)
{
    Matrix in(1, 1);
    in(0, 0) = z;
    Matrix out(1, 1);
    applyActivation(activation, in, out);
    return out(0, 0);
}

double derivativeAt(Activation activation, double z)
{
    Matrix in(1, 1);
    in(0, 0) = z;
    Matrix out(1, 1);
    applyActivation(activation, in, out);
    Matrix grad = Matrix::Ones(1, 1);
    multiplyByDerivative(activation, in, out, grad);
    return grad(0, 0);
}

} // namespace

class tst_Activation : public QObject
{
    Q_OBJECT

private slots:
    void values_data();
    void values();
    void derivativeMatchesCentredDifference_data();
    void derivativeMatchesCentredDifference();
    void fastTanhMatchesLibm();
    void fastTanhSpecialValues();
    void fastTanhScalarMatchesPacket();
    void kinksUsePyTorchConvention();
    void softplusDoesNotOverflow();
    void networkGradient_data();
    void networkGradient();
};

void tst_Activation::values_data()
{
    QTest::addColumn<int>("activation");
    QTest::addColumn<double>("z");
    QTest::addColumn<double>("expected");

    // Reference values from the closed forms, evaluated in double precision.
    const double e = std::exp(1.0);
    QTest::newRow("linear 1.5") << int(Activation::Linear) << 1.5 << 1.5;
    QTest::newRow("sigmoid 0") << int(Activation::Sigmoid) << 0.0 << 0.5;
    QTest::newRow("sigmoid 2") << int(Activation::Sigmoid) << 2.0 << 1.0 / (1.0 + std::exp(-2.0));
    QTest::newRow("tanh 0.5") << int(Activation::Tanh) << 0.5 << std::tanh(0.5);
    QTest::newRow("relu -2") << int(Activation::Relu) << -2.0 << 0.0;
    QTest::newRow("relu 3") << int(Activation::Relu) << 3.0 << 3.0;
    QTest::newRow("leaky_relu -2") << int(Activation::LeakyRelu) << -2.0 << -0.02;
    QTest::newRow("elu -1") << int(Activation::Elu) << -1.0 << 1.0 / e - 1.0;
    QTest::newRow("elu 2") << int(Activation::Elu) << 2.0 << 2.0;
    QTest::newRow("selu -1") << int(Activation::Selu) << -1.0
                             << 1.0507009873554804934 * 1.6732632423543772848 * (1.0 / e - 1.0);
    QTest::newRow("selu 2") << int(Activation::Selu) << 2.0 << 2.0 * 1.0507009873554804934;
    QTest::newRow("gelu 1") << int(Activation::Gelu) << 1.0 << 0.8413447460685429;
    QTest::newRow("gelu -1") << int(Activation::Gelu) << -1.0 << -0.15865525393145707;
    QTest::newRow("softplus 0") << int(Activation::Softplus) << 0.0 << std::log(2.0);
    QTest::newRow("softplus 3") << int(Activation::Softplus) << 3.0 << std::log1p(std::exp(3.0));
}

void tst_Activation::values()
{
    QFETCH(int, activation);
    QFETCH(double, z);
    QFETCH(double, expected);
    const double actual = activationAt(Activation(activation), z);
    QVERIFY2(std::abs(actual - expected) <= 1e-15 * std::max(1.0, std::abs(expected)),
             qPrintable(QStringLiteral("f(%1) = %2, expected %3").arg(z).arg(actual, 0, 'g', 17)
                            .arg(expected, 0, 'g', 17)));
}

void tst_Activation::derivativeMatchesCentredDifference_data()
{
    QTest::addColumn<int>("activation");
    for (const QString &name : activationNames()) {
        const Activation activation = *activationFromString(name);
        QTest::newRow(qPrintable(name)) << int(activation);
    }
}

void tst_Activation::derivativeMatchesCentredDifference()
{
    QFETCH(int, activation);
    const auto kind = Activation(activation);
    const double h = 1e-6;
    for (double z : {-3.0, -0.7, -0.1, 0.2, 0.9, 2.5}) {
        const double numeric = (activationAt(kind, z + h) - activationAt(kind, z - h)) / (2 * h);
        const double analytic = derivativeAt(kind, z);
        QVERIFY2(std::abs(numeric - analytic) <= 1e-8 * std::max(1.0, std::abs(analytic)),
                 qPrintable(QStringLiteral("at z = %1: analytic %2, numeric %3")
                                .arg(z).arg(analytic, 0, 'g', 12).arg(numeric, 0, 'g', 12)));
    }
}

void tst_Activation::fastTanhMatchesLibm()
{
    const int n = 400001;
    Eigen::ArrayXd x(n);
    for (int i = 0; i < n; ++i)
        x(i) = -20.0 + 40.0 * i / (n - 1);
    Eigen::ArrayXd y(n);
    fastTanh(x, y);
    double worst = 0.0;
    for (int i = 0; i < n; ++i) {
        const double expected = std::tanh(x(i));
        const double error = expected == 0.0 ? std::abs(y(i))
                                             : std::abs(y(i) - expected) / std::abs(expected);
        worst = std::max(worst, error);
    }
    QVERIFY2(worst < 5e-15, qPrintable(QStringLiteral("largest relative error %1").arg(worst)));

    Eigen::ArrayXf xf = x.cast<float>();
    Eigen::ArrayXf yf(n);
    fastTanh(xf, yf);
    QVERIFY(((yf.cast<double>() - x.tanh()).abs() < 1e-6).all());
}

void tst_Activation::fastTanhSpecialValues()
{
    const double inf = std::numeric_limits<double>::infinity();
    const double denormal = std::numeric_limits<double>::denorm_min();
    Eigen::ArrayXd x(11);
    x << 0.0, 1e-300, -1e-10, inf, -inf, std::numeric_limits<double>::quiet_NaN(), -0.0,
        -denormal, 25.0, -1e308, 1e308;
    Eigen::ArrayXd y(11);
    fastTanh(x, y);
    QCOMPARE(y(0), 0.0);
    QCOMPARE(y(1), 1e-300);
    QCOMPARE(y(2), -1e-10);
    QCOMPARE(y(3), 1.0);
    QCOMPARE(y(4), -1.0);
    QVERIFY(std::isnan(y(5)));
    QCOMPARE(y(6), 0.0);
    QVERIFY(std::signbit(y(6)));
    QCOMPARE(y(7), -denormal);
    QCOMPARE(y(8), 1.0);
    QCOMPARE(y(9), -1.0);
    QCOMPARE(y(10), 1.0);
}

// Eigen evaluates head and tail coefficients one at a time and the rest in packets, so both paths
// must give the same bits.
void tst_Activation::fastTanhScalarMatchesPacket()
{
    const int n = 10001;
    Eigen::ArrayXd x(n);
    for (int i = 0; i < n; ++i)
        x(i) = -25.0 + 50.0 * i / (n - 1);
    Eigen::ArrayXd y(n);
    fastTanh(x, y);
    const TanhDoubleOp op;
    for (int i = 0; i < n; ++i) {
        const double scalar = op(x(i));
        QVERIFY2(std::memcmp(&scalar, &y(i), sizeof scalar) == 0,
                 qPrintable(QStringLiteral("tanh(%1): scalar %2, packet %3").arg(x(i), 0, 'g', 17)
                                .arg(scalar, 0, 'g', 17).arg(y(i), 0, 'g', 17)));
    }
}

void tst_Activation::kinksUsePyTorchConvention()
{
    QCOMPARE(derivativeAt(Activation::Relu, 0.0), 0.0);
    QCOMPARE(derivativeAt(Activation::LeakyRelu, 0.0), 0.01);
}

void tst_Activation::softplusDoesNotOverflow()
{
    QCOMPARE(activationAt(Activation::Softplus, 800.0), 800.0);
    QCOMPARE(activationAt(Activation::Softplus, -800.0), 0.0);
    QVERIFY(std::isfinite(derivativeAt(Activation::Softplus, -800.0)));
}

void tst_Activation::networkGradient_data()
{
    QTest::addColumn<int>("activation");
    QTest::addColumn<int>("batch");
    for (const QString &name : activationNames()) {
        const Activation activation = *activationFromString(name);
        for (int batch : {1, 8}) {
            QTest::addRow("%s batch %d", qPrintable(name), batch) << int(activation) << batch;
        }
    }
}

// Centred differences on every parameter of a 3-5-4-2 network against backward(), in float64.
void tst_Activation::networkGradient()
{
    QFETCH(int, activation);
    QFETCH(int, batch);
    const auto kind = Activation(activation);

    Network<double> network(3, {5, 4}, 2, kind);
    Rng rng(20240611 + std::uint64_t(activation) * 31 + std::uint64_t(batch));
    const Matrix inputs = randomMatrix(3, batch, 1.0, rng);
    const Matrix targets = randomMatrix(2, batch, 1.0, rng);
    for (Eigen::Index i = 0; i < network.parameterCount(); ++i)
        network.parameters()(i) = rng.normal(0.0, 0.6);

    auto cache = network.makeCache(batch);
    network.forward(inputs, targets, cache);

    // Centred differences are wrong across a kink; the draw must keep every pre-activation away.
    if (kind == Activation::Relu || kind == Activation::LeakyRelu) {
        for (std::size_t l = 0; l + 1 < cache.z.size(); ++l) {
            const double closest = cache.z[l].topRows(batch).cwiseAbs().minCoeff();
            QVERIFY2(closest > 1e-4, "a pre-activation lies at a ReLU kink; change the seed");
        }
    }

    Eigen::VectorXd gradient(network.parameterCount());
    network.backward(inputs, targets, cache, gradient);

    const double h = 1e-5;
    Eigen::VectorXd numeric(network.parameterCount());
    for (Eigen::Index i = 0; i < network.parameterCount(); ++i) {
        const double original = network.parameters()(i);
        network.parameters()(i) = original + h;
        const double plus = network.forward(inputs, targets, cache);
        network.parameters()(i) = original - h;
        const double minus = network.forward(inputs, targets, cache);
        network.parameters()(i) = original;
        numeric(i) = (plus - minus) / (2 * h);
    }

    const double relativeError = (gradient - numeric).norm()
        / std::max(gradient.norm(), numeric.norm());
    QVERIFY2(gradient.norm() > 1e-3, "the gradient is too small for a meaningful check");
    QVERIFY2(relativeError < 1e-6,
             qPrintable(QStringLiteral("relative error %1").arg(relativeError, 0, 'g', 3)));
}

QTEST_GUILESS_MAIN(tst_Activation)
#include "tst_activation.moc"
