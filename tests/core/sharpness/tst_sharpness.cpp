// Sharpness by power iteration on Hessian-vector products, against exact eigenvalues.

#include "network.h"
#include "sharpness.h"

#include <Eigen/Eigenvalues>
#include <QTest>

#include <cmath>

using namespace initlab;

class tst_Sharpness : public QObject
{
    Q_OBJECT

private slots:
    void quadraticTopEigenvalue();
    void networkMatchesFullHessian();
    void scaledMatchesExactEigenvalue();
};

// f(p) = 1/2 p^T A p with A = Q diag(5, 2, 1, 0.5, 0.1) Q^T: the Hessian is A, whose top
// eigenvalue is 5.
void tst_Sharpness::quadraticTopEigenvalue()
{
    Rng rng(11);
    Eigen::MatrixXd random(5, 5);
    for (Eigen::Index i = 0; i < random.size(); ++i)
        random.data()[i] = rng.normal();
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(random);
    const Eigen::MatrixXd q = qr.householderQ();
    Eigen::VectorXd spectrum(5);
    spectrum << 5.0, 2.0, 1.0, 0.5, 0.1;
    const Eigen::MatrixXd a = q * spectrum.asDiagonal() * q.transpose();

    int gradientCalls = 0;
    const GradientFunction gradient = [&](const Eigen::VectorXd &p, Eigen::VectorXd &g) {
        ++gradientCalls;
        g = a * p;
    };
    Eigen::VectorXd parameters(5);
    parameters << 0.3, -1.0, 2.0, 0.1, 0.7;
    Rng start(5, RandomStream::Diagnosis);
    const SharpnessEstimate estimate = estimateSharpness(gradient, parameters, start, 200, 1e-12);
    QVERIFY(estimate.converged);
    QVERIFY2(std::abs(estimate.eigenvalue - 5.0) < 1e-8,
             qPrintable(QString::number(estimate.eigenvalue, 'g', 17)));
    QCOMPARE(gradientCalls, 2 * estimate.iterations);
}

// On a small tanh network the estimate agrees with the top eigenvalue of the full Hessian, built
// column by column from centred differences of the backward pass.
void tst_Sharpness::networkMatchesFullHessian()
{
    Network<double> network(1, {3}, 1, Activation::Tanh);
    Rng rng(3);
    for (Eigen::Index i = 0; i < network.parameterCount(); ++i)
        network.parameters()(i) = rng.normal(0.0, 0.8);
    Eigen::MatrixXd inputs(1, 20);
    Eigen::MatrixXd targets(1, 20);
    for (int j = 0; j < 20; ++j) {
        inputs(0, j) = -2.0 + 4.0 * j / 19.0;
        targets(0, j) = std::sin(inputs(0, j));
    }
    auto cache = network.makeCache(20);
    const GradientFunction gradient = [&](const Eigen::VectorXd &p, Eigen::VectorXd &g) {
        Network<double> copy = network;
        copy.parameters() = p;
        g.resize(p.size());
        copy.forward(inputs, targets, cache);
        copy.backward(inputs, targets, cache, g);
    };

    const Eigen::VectorXd p = network.parameters();
    const Eigen::Index n = p.size();
    Eigen::MatrixXd hessian(n, n);
    const double h = 1e-5;
    Eigen::VectorXd plus(n);
    Eigen::VectorXd minus(n);
    for (Eigen::Index k = 0; k < n; ++k) {
        Eigen::VectorXd shifted = p;
        shifted(k) += h;
        gradient(shifted, plus);
        shifted(k) -= 2 * h;
        gradient(shifted, minus);
        hessian.col(k) = (plus - minus) / (2 * h);
    }
    const Eigen::MatrixXd symmetric = (hessian + hessian.transpose()) / 2.0;
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(symmetric);
    const Eigen::VectorXd eigenvalues = solver.eigenvalues();
    const double dominant = std::abs(eigenvalues(0)) > std::abs(eigenvalues(n - 1))
        ? eigenvalues(0)
        : eigenvalues(n - 1);

    Rng start(9, RandomStream::Diagnosis);
    const SharpnessEstimate estimate = estimateSharpness(gradient, p, start, 500, 1e-10);
    QVERIFY(estimate.converged);
    QVERIFY2(std::abs(estimate.eigenvalue - dominant) < 1e-4 * std::abs(dominant),
             qPrintable(QStringLiteral("estimate %1, exact %2").arg(estimate.eigenvalue)
                            .arg(dominant)));
}

// With per-parameter step sizes d, the estimate is the top eigenvalue of D^1/2 A D^1/2.
void tst_Sharpness::scaledMatchesExactEigenvalue()
{
    Eigen::MatrixXd a(3, 3);
    a << 4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 1.0;
    Eigen::VectorXd steps(3);
    steps << 0.1, 0.5, 2.0;
    const Eigen::VectorXd scaling = steps.cwiseSqrt();
    const Eigen::MatrixXd scaled = scaling.asDiagonal() * a * scaling.asDiagonal();
    const double exact = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(scaled).eigenvalues()(2);

    const GradientFunction gradient = [&](const Eigen::VectorXd &p, Eigen::VectorXd &g) {
        g = a * p;
    };
    Rng start(2, RandomStream::Diagnosis);
    const SharpnessEstimate estimate
        = estimateScaledSharpness(gradient, Eigen::VectorXd::Ones(3), scaling, start, 300, 1e-12);
    QVERIFY(estimate.converged);
    QVERIFY2(std::abs(estimate.eigenvalue - exact) < 1e-8 * exact,
             qPrintable(QStringLiteral("estimate %1, exact %2").arg(estimate.eigenvalue).arg(exact)));

    // A uniform step size lr gives lr times the plain sharpness.
    Rng again(2, RandomStream::Diagnosis);
    const SharpnessEstimate uniform = estimateScaledSharpness(
        gradient, Eigen::VectorXd::Ones(3), Eigen::VectorXd::Constant(3, std::sqrt(0.3)), again,
        300, 1e-12);
    const double top = Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(a).eigenvalues()(2);
    QVERIFY(std::abs(uniform.eigenvalue - 0.3 * top) < 1e-8 * top);
}

QTEST_GUILESS_MAIN(tst_Sharpness)
#include "tst_sharpness.moc"
