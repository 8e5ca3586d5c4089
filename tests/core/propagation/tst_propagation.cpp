// Variance propagation through deep stacks at initialization, against the textbook results:
// He keeps the pre-activation variance of ReLU layers at 2, Xavier halves it at every layer,
// PyTorch's default divides it by 6, and a standard deviation of 0.01 on 500 tanh units shrinks
// the signal by sqrt(500) x 0.01 = 0.224 per layer.

#include "errors.h"
#include "propagation.h"

#include <QTest>

#include <chrono>
#include <cmath>
#include <stop_token>
#include <thread>

using namespace initlab;

namespace {

PropagationSpec reluSpec(const QString &init)
{
    PropagationSpec spec;
    spec.activation = Activation::Relu;
    spec.layers = 10;
    spec.width = 256;
    spec.samples = 400;
    spec.inits = {init};
    return spec;
}

} // namespace

class tst_Propagation : public QObject
{
    Q_OBJECT

private slots:
    void reluHeKeepsVarianceAtTwo();
    void reluXavierHalvesVariance();
    void reluPytorchDefaultDividesBySix();
    void tanhSmallStddevVanishes();
    void heGradientsKeepTheirSpread();
    void columnsShareTheirRandomStreams();
    void stopsOnRequest();
    void parsesInitValues();
    void rejectsBadInput_data();
    void rejectsBadInput();
};

void tst_Propagation::reluHeKeepsVarianceAtTwo()
{
    const PropagationColumn column = propagate(reluSpec(QStringLiteral("he_normal"))).front();
    QCOMPARE(column.forwardStd.size(), std::size_t(10));
    for (std::size_t l = 0; l < column.forwardStd.size(); ++l) {
        const double variance = column.forwardStd[l] * column.forwardStd[l];
        QVERIFY2(std::abs(std::log2(variance / 2.0)) < 0.35,
            qPrintable(QStringLiteral("layer %1: variance %2").arg(l + 1).arg(variance)));
    }
}

void tst_Propagation::reluXavierHalvesVariance()
{
    const PropagationColumn column = propagate(reluSpec(QStringLiteral("xavier_uniform"))).front();
    for (std::size_t l = 0; l < column.forwardStd.size(); ++l) {
        // Layer l (from 1) has variance 2^-(l-1). Finite width lets each layer's gain vary by
        // some percent, which adds up with depth. He's variance of 2 would still be 2^l away.
        const double variance = column.forwardStd[l] * column.forwardStd[l];
        QVERIFY2(std::abs(std::log2(variance) + double(l)) < 0.9,
            qPrintable(QStringLiteral("layer %1: variance %2").arg(l + 1).arg(variance)));
    }
}

void tst_Propagation::reluPytorchDefaultDividesBySix()
{
    const PropagationColumn column = propagate(reluSpec(QStringLiteral("pytorch_default"))).front();
    // Weights uniform in +-1/sqrt(n) have variance 1/(3n), and ReLU halves the second moment.
    const double ratio =
        std::pow(std::pow(column.forwardStd.back() / column.forwardStd.front(), 2.0), 1.0 / 9.0);
    QVERIFY2(std::abs(std::log2(ratio * 6.0)) < 0.3, qPrintable(QString::number(ratio)));
}

void tst_Propagation::tanhSmallStddevVanishes()
{
    PropagationSpec spec;
    spec.activation = Activation::Tanh;
    spec.layers = 5;
    spec.width = 500;
    spec.samples = 200;
    spec.inits = {QStringLiteral("normal:0.01")};
    const PropagationColumn column = propagate(spec).front();
    const double expected = std::sqrt(500.0) * 0.01;
    QVERIFY2(std::abs(column.forwardStd.front() - expected) < 0.02,
        qPrintable(QString::number(column.forwardStd.front())));
    for (std::size_t l = 1; l < column.forwardStd.size(); ++l) {
        const double ratio = column.forwardStd[l] / column.forwardStd[l - 1];
        QVERIFY2(std::abs(ratio - expected) < 0.03,
            qPrintable(QStringLiteral("layer %1: ratio %2").arg(l + 1).arg(ratio)));
    }
}

void tst_Propagation::heGradientsKeepTheirSpread()
{
    const PropagationColumn column = propagate(reluSpec(QStringLiteral("he_normal"))).front();
    // A gradient of unit variance through ReLU keeps half its second moment, and He's weights
    // restore it at every layer below: a spread near sqrt(1/2) all the way down.
    for (std::size_t l = 0; l < column.backwardStd.size(); ++l) {
        QVERIFY2(std::abs(std::log2(column.backwardStd[l] / std::sqrt(0.5))) < 0.3,
            qPrintable(QStringLiteral("layer %1: %2").arg(l + 1).arg(column.backwardStd[l])));
    }
}

void tst_Propagation::columnsShareTheirRandomStreams()
{
    PropagationSpec spec = reluSpec(QStringLiteral("he_normal"));
    spec.layers = 3;
    spec.inits = {
        QStringLiteral("he_normal"), QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")};
    const std::vector<PropagationColumn> columns = propagate(spec);
    QCOMPARE(columns.size(), std::size_t(3));
    QCOMPARE(columns[0].init, QStringLiteral("he_normal"));
    QCOMPARE(columns[0].forwardStd, columns[2].forwardStd);
    QCOMPARE(columns[0].backwardStd, columns[2].backwardStd);
    QVERIFY(columns[0].forwardStd != columns[1].forwardStd);
}

void tst_Propagation::stopsOnRequest()
{
    std::stop_source before;
    before.request_stop();
    QVERIFY(propagate(reluSpec(QStringLiteral("he_normal")), before.get_token()).empty());

    // 400 layers of 256 units and 200 samples are about 20 GFLOP, so the request comes mid-way.
    PropagationSpec deep = reluSpec(QStringLiteral("he_normal"));
    deep.layers = 400;
    deep.samples = 200;
    std::stop_source during;
    std::jthread stopper([&during] {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        during.request_stop();
    });
    QVERIFY(propagate(deep, during.get_token()).empty());
}

void tst_Propagation::parsesInitValues()
{
    QCOMPARE(parsePropagationInit(QStringLiteral("normal:0.01")).stddev, 0.01);
    QCOMPARE(parsePropagationInit(QStringLiteral("uniform:0.2")).limit, 0.2);
    QCOMPARE(parsePropagationInit(QStringLiteral("constant:-1")).value, -1.0);
    QCOMPARE(parsePropagationInit(QStringLiteral("xavier_uniform:1.5")).gain, 1.5);
    QVERIFY(!parsePropagationInit(QStringLiteral("he_normal")).gain.has_value());
    QVERIFY(parsePropagationInit(QStringLiteral("orthogonal")).weights == WeightInit::Orthogonal);
}

void tst_Propagation::rejectsBadInput_data()
{
    QTest::addColumn<QString>("init");
    QTest::addColumn<int>("layers");
    QTest::addColumn<int>("width");
    QTest::addColumn<QStringList>("fragments");
    QTest::newRow("unknown initializer")
        << QStringLiteral("kaiming") << 2 << 8
        << QStringList {QStringLiteral("\"kaiming\""), QStringLiteral("he_normal")};
    QTest::newRow("value not a number") << QStringLiteral(
        "normal:small") << 2 << 8 << QStringList {QStringLiteral("\"small\" is not a number")};
    QTest::newRow("value where none is taken") << QStringLiteral(
        "zeros:1") << 2 << 8 << QStringList {QStringLiteral("zeros takes no value")};
    QTest::newRow("negative stddev")
        << QStringLiteral("normal:-1") << 2 << 8 << QStringList {QStringLiteral("init.stddev")};
    QTest::newRow("no layers") << QStringLiteral("he_normal") << 0 << 8
                               << QStringList {QStringLiteral("layers 0 is out of range"),
                                      QStringLiteral("1 to 1000")};
    QTest::newRow("too wide") << QStringLiteral("he_normal") << 2 << 5000
                              << QStringList {
                                     QStringLiteral("width 5000"), QStringLiteral("1 to 4096")};
}

void tst_Propagation::rejectsBadInput()
{
    QFETCH(QString, init);
    QFETCH(int, layers);
    QFETCH(int, width);
    QFETCH(QStringList, fragments);
    PropagationSpec spec;
    spec.layers = layers;
    spec.width = width;
    spec.samples = 10;
    spec.inits = {init};
    try {
        propagate(spec);
        QFAIL("propagate() accepted invalid input");
    } catch (const ConfigError &error) {
        const QString message = QString::fromUtf8(error.what());
        for (const QString &fragment : std::as_const(fragments))
            QVERIFY2(message.contains(fragment), qPrintable(message));
    }
}

QTEST_GUILESS_MAIN(tst_Propagation)
#include "tst_propagation.moc"
