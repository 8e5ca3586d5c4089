// measureInsight(): histograms, reference spreads, saturated and dead units, weights and the
// function view, against values computed by hand from the trainer's own parameters.

#include "datasetloader.h"
#include "initializers.h"
#include "insight.h"
#include "presets.h"
#include "runconfig.h"
#include "trainer.h"

#include <QTest>

using namespace initlab;

namespace {

// One input in [0.5, 2.5], target 2x, n samples.
Dataset lineDataset(int samples)
{
    Dataset data;
    data.trainInputs.resize(1, samples);
    data.trainTargets.resize(1, samples);
    for (int j = 0; j < samples; ++j) {
        data.trainInputs(0, j) = 0.5 + 2.0 * j / (samples - 1);
        data.trainTargets(0, j) = 2.0 * data.trainInputs(0, j);
    }
    return data;
}

RunConfig constantConfig(Activation activation, double value, std::vector<int> hidden = {3})
{
    RunConfig config;
    config.network.hidden = std::move(hidden);
    config.network.activation = activation;
    config.init.weights = WeightInit::Constant;
    config.init.value = value;
    config.init.bias = BiasInit::Zeros;
    config.training.iterations = 10;
    return config;
}

} // namespace

class TestInsight : public QObject
{
    Q_OBJECT

private slots:
    void histogramCountsValues();
    void histogramOfNothing();
    void constantWeightsGiveExactSignals();
    void referenceMatchesHeAtInitialization();
    void deadUnitsOfRelu();
    void saturationOfTanh();
    void weightPairsStayTheSame();
    void functionViewOneInput();
    void functionViewTwoInputs();
    void functionViewManyInputs();
    void probeSamplesAreCapped();
};

void TestInsight::histogramCountsValues()
{
    const double nan = std::numeric_limits<double>::quiet_NaN();
    const std::vector<double> values{0.0, 0.1, 0.5, 0.99, 1.0, -3.0, 7.0, nan};
    const Histogram h = makeHistogram(values, 0.0, 1.0, 4);
    QCOMPARE(h.counts, (std::vector<qint64>{3, 0, 1, 3})); // -3 joins the first, 1 and 7 the last
    QCOMPARE(h.total, qint64(7));
    QCOMPARE(h.nonFinite, qint64(1));
    QCOMPARE(h.binWidth(), 0.25);
    const double mean = (0.0 + 0.1 + 0.5 + 0.99 + 1.0 - 3.0 + 7.0) / 7.0;
    QCOMPARE(h.mean, mean);
    double squares = 0.0;
    for (const double v : {0.0, 0.1, 0.5, 0.99, 1.0, -3.0, 7.0})
        squares += (v - mean) * (v - mean);
    QCOMPARE(h.std, std::sqrt(squares / 7.0));

    const Histogram flat = makeHistogram(std::vector<double>{2.0, 2.0}, 2.0, 2.0, 5);
    QCOMPARE(flat.counts, (std::vector<qint64>{2, 0, 0, 0, 0}));
    QCOMPARE(flat.std, 0.0);
}

void TestInsight::histogramOfNothing()
{
    const std::vector<double> values{std::numeric_limits<double>::infinity()};
    const Histogram h = makeHistogram(values, 0.0, 0.0, 3);
    QCOMPARE(h.total, qint64(0));
    QCOMPARE(h.nonFinite, qint64(1));
    QVERIFY(std::isnan(h.mean));
    QVERIFY(std::isnan(h.std));
}

void TestInsight::constantWeightsGiveExactSignals()
{
    // Weights 0.5 and zero biases: z_1 = 0.5 x for each of 3 units, z_2 = 1.5 tanh(0.5 x).
    Trainer trainer(constantConfig(Activation::Tanh, 0.5), lineDataset(11));
    const InsightSnapshot snapshot = measureInsight(trainer);
    QCOMPARE(snapshot.iteration, qint64(0));
    QCOMPARE(snapshot.probeSamples, 11);
    QCOMPARE(snapshot.layers.size(), std::size_t(2));

    const LayerInsight &hidden = snapshot.layers[0];
    QCOMPARE(hidden.layer, 1);
    QCOMPARE(hidden.units, 3);
    QCOMPARE(hidden.inputs, 1);
    QVERIFY(!hidden.output);
    QCOMPARE(hidden.preActivation.total, qint64(33));
    QCOMPARE(hidden.preActivation.low, 0.25);
    QCOMPARE(hidden.preActivation.high, 1.25);
    QCOMPARE(hidden.preActivation.mean, 0.75);
    QCOMPARE(hidden.preActivation.counts, hidden.preActivationInitial.counts);
    // The reference is sqrt(fan_in x value^2 x E[x^2]) and equals the root mean square of z.
    double squares = 0.0;
    for (int j = 0; j < 11; ++j)
        squares += std::pow(0.5 * (0.5 + 0.2 * j), 2);
    QVERIFY(std::abs(hidden.referenceStd - std::sqrt(squares / 11.0)) < 1e-12);
    QCOMPARE(hidden.activation.total, qint64(33));
    QVERIFY(std::abs(hidden.activation.high - std::tanh(1.25)) < 1e-6);
    QCOMPARE(hidden.saturatedShare, 0.0);
    QVERIFY(std::isnan(hidden.deadShare));

    const LayerInsight &output = snapshot.layers[1];
    QVERIFY(output.output);
    QCOMPARE(output.activation.total, qint64(0));
    QVERIFY(std::abs(output.preActivation.high - 1.5 * std::tanh(1.25)) < 1e-6);
    QCOMPARE(output.weights.total, qint64(3));
    QCOMPARE(output.weights.low, 0.5);
    QCOMPARE(output.weights.high, 0.5);
}

void TestInsight::referenceMatchesHeAtInitialization()
{
    // With He's variance, layers of 256 inputs spread their pre-activations as aimed, within
    // the sampling error of 256 x 256 weights. The first layer has 2 inputs and the output layer
    // one unit, too few to average.
    RunConfig config = loadPreset(QStringLiteral("deep-relu"));
    config.network.hidden = {256, 256, 256};
    config.training.iterations = 1;
    const Dataset data = loadDataset(config);
    Trainer he(config, data);
    const InsightSnapshot snapshot = measureInsight(he);
    for (const LayerInsight &layer : snapshot.layers) {
        if (layer.inputs < 256 || layer.output)
            continue;
        const double rms = std::hypot(layer.preActivation.mean, layer.preActivation.std);
        QVERIFY2(std::abs(rms / layer.referenceStd - 1.0) < 0.1,
                 qPrintable(QStringLiteral("layer %1: measured %2, reference %3")
                                .arg(layer.layer)
                                .arg(rms)
                                .arg(layer.referenceStd)));
    }
    const SecondMoments moments = initialSecondMoments(config.init, Activation::Relu, 256, 256);
    QCOMPARE(moments.weights, 2.0 / 256.0);
}

void TestInsight::deadUnitsOfRelu()
{
    // Positive inputs and weights -1: every hidden unit is 0 for every sample.
    Trainer dead(constantConfig(Activation::Relu, -1.0, {4, 2}), lineDataset(20));
    const InsightSnapshot snapshot = measureInsight(dead);
    QCOMPARE(snapshot.layers[0].deadShare, 1.0);
    QCOMPARE(snapshot.layers[0].deadShareInitial, 1.0);
    QVERIFY(std::isnan(snapshot.layers[0].saturatedShare));
    // The second layer gets only zeros as input, so its units are 0 too.
    QCOMPARE(snapshot.layers[1].deadShare, 1.0);

    Trainer alive(constantConfig(Activation::Relu, 1.0, {4}), lineDataset(20));
    QCOMPARE(measureInsight(alive).layers[0].deadShare, 0.0);
}

void TestInsight::saturationOfTanh()
{
    // Weights 2: z = 2x in [1, 5]; the slope 1 - tanh(z)^2 is under 0.01 from z = 2.99 on.
    Trainer trainer(constantConfig(Activation::Tanh, 2.0), lineDataset(21));
    const InsightSnapshot snapshot = measureInsight(trainer);
    int saturated = 0;
    for (int j = 0; j < 21; ++j) {
        const double a = std::tanh(2.0 * (0.5 + 0.1 * j));
        saturated += 1.0 - a * a < 0.01 ? 1 : 0;
    }
    QVERIFY(saturated > 5 && saturated < 21);
    QCOMPARE(snapshot.layers[0].saturatedShare, saturated / 21.0);

    RunConfig sigmoid = constantConfig(Activation::Sigmoid, 0.1);
    Trainer calm(sigmoid, lineDataset(21));
    QCOMPARE(measureInsight(calm).layers[0].saturatedShare, 0.0);
}

void TestInsight::weightPairsStayTheSame()
{
    RunConfig config = loadPreset(QStringLiteral("deep-relu"));
    config.network.hidden = {64, 64};
    config.training.iterations = 20;
    Trainer trainer(config, loadDataset(config));
    const InsightSnapshot before = measureInsight(trainer);
    trainer.run();
    const InsightSnapshot after = measureInsight(trainer);
    QCOMPARE(after.iteration, qint64(20));

    const LayerInsight &middle = after.layers[1]; // 64 x 64 weights: 2000 of 4096 sampled
    QCOMPARE(middle.initialWeightSample.size(), std::size_t(maxWeightPairs));
    QCOMPARE(middle.currentWeightSample.size(), std::size_t(maxWeightPairs));
    QVERIFY(middle.initialWeightSample == before.layers[1].initialWeightSample);
    QVERIFY(middle.initialWeightSample == before.layers[1].currentWeightSample);
    QVERIFY(middle.currentWeightSample != middle.initialWeightSample);
    const Eigen::MatrixXd current = trainer.currentParameters()[1].weights;
    QCOMPARE(middle.currentWeightSample[1], float(current.data()[4096 / 2000]));
    QCOMPARE(after.layers[0].initialWeightSample.size(), std::size_t(2 * 64)); // all of them
    QCOMPARE(middle.weights.total, qint64(4096));
}

void TestInsight::functionViewOneInput()
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = 100;
    Trainer trainer(config, loadDataset(config));
    trainer.run();
    const FunctionView view = measureInsight(trainer).function;
    QCOMPARE(view.inputs, 1);
    QCOMPARE(view.dataInputs, 1);
    QCOMPARE(view.rows, 1);
    QCOMPARE(view.columns, functionCurvePoints);
    QCOMPARE(view.values.size(), std::size_t(functionCurvePoints));
    const Eigen::MatrixXd &x = trainer.dataset().trainInputs;
    const double pad = 0.05 * (x.maxCoeff() - x.minCoeff());
    QCOMPARE(view.xMin, x.minCoeff() - pad);
    QCOMPARE(view.xMax, x.maxCoeff() + pad);
    for (const int k : {0, 77, functionCurvePoints - 1}) {
        Eigen::MatrixXd at(1, 1);
        at(0, 0) = view.xMin + (view.xMax - view.xMin) * k / (functionCurvePoints - 1);
        QCOMPARE(view.values[std::size_t(k)], trainer.predict(at)(0, 0));
    }
    QCOMPARE(view.pointX.size(), std::size_t(trainer.dataset().trainCount()));
    QCOMPARE(view.pointTarget.front(), trainer.dataset().trainTargets(0, 0));
    QVERIFY(view.pointY.empty());
    QCOMPARE(view.targetMin, trainer.dataset().trainTargets.minCoeff());
}

void TestInsight::functionViewTwoInputs()
{
    RunConfig config = loadPreset(QStringLiteral("deep-relu"));
    config.training.iterations = 1;
    Trainer trainer(config, loadDataset(config));
    const FunctionView view = measureInsight(trainer).function;
    QCOMPARE(view.inputs, 2);
    QCOMPARE(view.columns, functionGridSize);
    QCOMPARE(view.rows, functionGridSize);
    QCOMPARE(view.values.size(), std::size_t(functionGridSize * functionGridSize));
    // Row r, column c lies at (xMin + c dx, yMin + r dy).
    const int row = 10;
    const int column = 50;
    Eigen::MatrixXd at(2, 1);
    at(0, 0) = view.xMin + (view.xMax - view.xMin) * column / (functionGridSize - 1);
    at(1, 0) = view.yMin + (view.yMax - view.yMin) * row / (functionGridSize - 1);
    QCOMPARE(view.values[std::size_t(row * functionGridSize + column)], trainer.predict(at)(0, 0));
    QCOMPARE(view.pointY.size(), view.pointX.size());
}

void TestInsight::functionViewManyInputs()
{
    Dataset data;
    data.trainInputs = Eigen::MatrixXd::Random(3, 10);
    data.trainTargets = Eigen::MatrixXd::Random(1, 10);
    RunConfig config;
    config.network.hidden = {2};
    config.training.iterations = 1;
    Trainer trainer(config, data);
    const FunctionView view = measureInsight(trainer).function;
    QCOMPARE(view.inputs, 0);
    QCOMPARE(view.dataInputs, 3);
    QVERIFY(view.values.empty());
    QVERIFY(view.pointX.empty());
}

void TestInsight::probeSamplesAreCapped()
{
    Trainer trainer(constantConfig(Activation::Tanh, 0.1), lineDataset(2500));
    const InsightSnapshot snapshot = measureInsight(trainer);
    QCOMPARE(snapshot.probeSamples, maxProbeSamples);
    QCOMPARE(snapshot.layers[0].preActivation.total, qint64(3 * maxProbeSamples));
    QCOMPARE(snapshot.function.pointX.size(), std::size_t(maxFunctionPoints));
}

QTEST_GUILESS_MAIN(TestInsight)
#include "tst_insight.moc"
