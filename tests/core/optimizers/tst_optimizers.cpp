// Optimizer steps, learning-rate schedules and gradient clipping against hand-computed values.
//
// Each optimizer starts from p = (1, -2) with learning rate 0.1 and receives the gradients
// (0.5, -1), (0.3, 0.4), (-0.2, 0.1) in turn. The expected parameters were computed by hand from
// the update rules in optimizers.h with PyTorch's default hyperparameters (momentum 0.9,
// RMSprop alpha 0.99, Adam betas 0.9 and 0.999, eps 1e-8). torch.optim of PyTorch 1.13.1
// (Debian 12's python3-torch), fed the same gradients in float64, agrees with every value to
// within 1e-15 relative.

#include "optimizers.h"
#include "runconfig.h"
#include "schedule.h"

#include <QTest>

#include <cmath>

using namespace initlab;

Q_DECLARE_METATYPE(Optimizer)

namespace {

using Vector = Eigen::VectorXd;
using Steps = QList<QList<double>>;

Vector vector2(double a, double b)
{
    Vector v(2);
    v << a, b;
    return v;
}

const QList<Vector> gradients{vector2(0.5, -1.0), vector2(0.3, 0.4), vector2(-0.2, 0.1)};

bool closeTo(double actual, double expected, double tolerance = 1e-12)
{
    return std::abs(actual - expected) <= tolerance * std::max(1.0, std::abs(expected));
}

} // namespace

class tst_Optimizers : public QObject
{
    Q_OBJECT

private slots:
    void firstSteps_data();
    void firstSteps();
    void updateVectorIsTheStep();
    void floatMatchesDouble();
    void clipping();
    void schedule_data();
    void schedule();
};

void tst_Optimizers::firstSteps_data()
{
    QTest::addColumn<Optimizer>("optimizer");
    QTest::addColumn<double>("weightDecay");
    QTest::addColumn<Steps>("expected");

    QTest::newRow("sgd") << Optimizer::Sgd << 0.0
                         << Steps{{0.95, -1.9}, {0.92, -1.94}, {0.94, -1.95}};
    QTest::newRow("sgd weight decay 0.01")
        << Optimizer::Sgd << 0.01
        << Steps{{0.949, -1.898}, {0.918051, -1.936102}, {0.937132949, -1.944165898}};
    QTest::newRow("momentum") << Optimizer::Momentum << 0.0
                              << Steps{{0.95, -1.9}, {0.875, -1.85}, {0.8275, -1.815}};
    QTest::newRow("nesterov") << Optimizer::Nesterov << 0.0
                              << Steps{{0.905, -1.81}, {0.8075, -1.805}, {0.78475, -1.7835}};
    // RMSprop's first step divides g by sqrt(0.01 g^2) + eps = 0.1 |g| + eps: a step of almost
    // exactly lr * 10 = 1 in each coordinate.
    QTest::newRow("rmsprop") << Optimizer::RmsProp << 0.0
                             << Steps{{1.9999996003772225e-07, -1.00000009999999},
                                      {-0.5163974906054886, -1.37300198851351},
                                      {-0.18941721184993177, -1.4663133357197002}};
    // Adam's first step is lr * sign(g) up to eps, whatever the gradient's size.
    QTest::newRow("adam") << Optimizer::Adam << 0.0
                          << Steps{{0.9000000019999999, -1.900000001},
                                   {0.804250986708876, -1.865439416662626},
                                   {0.7549888527635797, -1.8447499006515093}};
}

void tst_Optimizers::firstSteps()
{
    QFETCH(Optimizer, optimizer);
    QFETCH(double, weightDecay);
    QFETCH(Steps, expected);

    TrainingConfig config;
    config.optimizer = optimizer;
    config.weightDecay = weightDecay;
    OptimizerState<double> state(config, 2);
    Vector parameters = vector2(1.0, -2.0);
    Vector update(2);

    for (int step = 0; step < gradients.size(); ++step) {
        Vector gradient = gradients[step];
        state.step(parameters, gradient, 0.1, update);
        for (int i = 0; i < 2; ++i) {
            QVERIFY2(closeTo(parameters(i), expected[step][i]),
                     qPrintable(QStringLiteral("step %1, parameter %2: %3, expected %4")
                                    .arg(step + 1).arg(i).arg(parameters(i), 0, 'g', 17)
                                    .arg(expected[step][i], 0, 'g', 17)));
        }
    }
    QCOMPARE(state.stepCount(), 3);
}

void tst_Optimizers::updateVectorIsTheStep()
{
    TrainingConfig config;
    config.optimizer = Optimizer::Adam;
    OptimizerState<double> state(config, 2);
    Vector parameters = vector2(1.0, -2.0);
    const Vector before = parameters;
    Vector gradient = gradients[0];
    Vector update(2);
    state.step(parameters, gradient, 0.1, update);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(parameters(i), before(i) - update(i));
}

void tst_Optimizers::floatMatchesDouble()
{
    TrainingConfig config;
    config.optimizer = Optimizer::Adam;
    OptimizerState<double> wide(config, 2);
    OptimizerState<float> narrow(config, 2);
    Vector p = vector2(1.0, -2.0);
    Eigen::VectorXf q = p.cast<float>();
    Vector u(2);
    Eigen::VectorXf v(2);
    for (const Vector &g : gradients) {
        Vector gd = g;
        Eigen::VectorXf gf = g.cast<float>();
        wide.step(p, gd, 0.1, u);
        narrow.step(q, gf, 0.1f, v);
    }
    QVERIFY((p - q.cast<double>()).norm() < 1e-6);
}

void tst_Optimizers::clipping()
{
    // Norm 5 clipped to 1: scaled by 1 / (5 + 1e-6).
    Vector g = vector2(3.0, 4.0);
    clipGradientNorm(g, g.norm(), 1.0);
    QVERIFY(closeTo(g(0), 3.0 / (5.0 + 1e-6)));
    QVERIFY(closeTo(g(1), 4.0 / (5.0 + 1e-6)));

    Vector small = vector2(0.3, 0.4);
    clipGradientNorm(small, small.norm(), 1.0);
    QCOMPARE(small(0), 0.3);
    QCOMPARE(small(1), 0.4);

    Vector off = vector2(3.0, 4.0);
    clipGradientNorm(off, off.norm(), 0.0);
    QCOMPARE(off(0), 3.0);
}

void tst_Optimizers::schedule_data()
{
    QTest::addColumn<int>("schedule");
    QTest::addColumn<int>("warmup");
    QTest::addColumn<long long>("step");
    QTest::addColumn<double>("expected");

    // learningRate 0.1, iterations 1000, stepSize 100, stepGamma 0.5, minLearningRate 0.01.
    QTest::newRow("constant first") << int(Schedule::Constant) << 0 << 0LL << 0.1;
    QTest::newRow("constant last") << int(Schedule::Constant) << 0 << 999LL << 0.1;
    QTest::newRow("step before first decay") << int(Schedule::Step) << 0 << 99LL << 0.1;
    QTest::newRow("step first decay") << int(Schedule::Step) << 0 << 100LL << 0.05;
    QTest::newRow("step third decay") << int(Schedule::Step) << 0 << 350LL << 0.0125;
    QTest::newRow("cosine start") << int(Schedule::Cosine) << 0 << 0LL << 0.1;
    QTest::newRow("cosine middle") << int(Schedule::Cosine) << 0 << 500LL << 0.055;
    QTest::newRow("warmup first") << int(Schedule::Warmup) << 10 << 0LL << 0.01;
    QTest::newRow("warmup fifth") << int(Schedule::Warmup) << 10 << 4LL << 0.05;
    QTest::newRow("warmup done") << int(Schedule::Warmup) << 10 << 10LL << 0.1;
    QTest::newRow("cosine after warmup start") << int(Schedule::Cosine) << 100 << 100LL << 0.1;
    QTest::newRow("cosine after warmup middle") << int(Schedule::Cosine) << 100 << 550LL << 0.055;
    QTest::newRow("step after warmup") << int(Schedule::Step) << 50 << 150LL << 0.05;
}

void tst_Optimizers::schedule()
{
    QFETCH(int, schedule);
    QFETCH(int, warmup);
    QFETCH(long long, step);
    QFETCH(double, expected);

    TrainingConfig config;
    config.learningRate = 0.1;
    config.iterations = 1000;
    config.schedule = Schedule(schedule);
    config.warmupIterations = warmup;
    config.stepSize = 100;
    config.stepGamma = 0.5;
    config.minLearningRate = 0.01;
    const double actual = learningRateAt(config, step);
    QVERIFY2(closeTo(actual, expected, 1e-14),
             qPrintable(QStringLiteral("%1, expected %2").arg(actual, 0, 'g', 17).arg(expected)));
}

QTEST_GUILESS_MAIN(tst_Optimizers)
#include "tst_optimizers.moc"
