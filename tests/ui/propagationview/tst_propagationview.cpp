// The variance propagation panel: a computation off the GUI thread shown as one line per
// initializer, the textbook spreads of He, Xavier and PyTorch's default, stale results dropped,
// errors shown, and destruction while a thread runs. With INITLAB_SCREENSHOT_DIR set, it also
// saves a picture of the default settings.

#include "propagationview.h"

#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTest>

#include <cmath>
#include <memory>

using namespace initlab;

namespace {

constexpr int timeout = 10'000;

// 5 layers of 64 units and 200 samples take milliseconds.
void setSmall(PropagationView &view)
{
    view.setLayers(5);
    view.setWidth(64);
    view.setSamples(200);
}

// 400 layers of 256 units and 1000 samples are about 300 GFLOP for the six initializers, far
// more than the timeout allows unless stopped.
void setLarge(PropagationView &view)
{
    view.setLayers(400);
    view.setWidth(256);
    view.setSamples(1000);
}

QLineSeries *seriesOf(const PropagationView &view, const QString &init)
{
    for (QAbstractSeries *series : view.chart()->series()) {
        if (series->name() == init)
            return qobject_cast<QLineSeries *>(series);
    }
    return nullptr;
}

const PropagationColumn *columnOf(const PropagationView &view, const QString &init)
{
    for (const PropagationColumn &column : view.columns()) {
        if (column.init == init)
            return &column;
    }
    return nullptr;
}

// Ratio of the spread at the last layer to that at the first.
double decay(const std::vector<double> &values)
{
    return values.back() / values.front();
}

} // namespace

class tst_PropagationView : public QObject
{
    Q_OBJECT

private slots:
    void defaultsMatchCli();
    void computeShowsSeriesPerInitializer();
    void reluHeFlatXavierDecreases();
    void tanhSmallNormalVanishes();
    void backwardSwitchesWithoutComputing();
    void settingChangedDuringComputationDropsResult();
    void settingChangedStopsLongComputation();
    void settingChangedAfterResultRecomputes();
    void invalidInitializerShowsMessage();
    void tooLargeComputationRejected();
    void destroyedDuringComputation();
    void presentationDoublesPens();
    void screenshot();
};

void tst_PropagationView::defaultsMatchCli()
{
    PropagationView view;
    const PropagationSpec spec = view.spec();
    QCOMPARE(toString(spec.activation), QStringLiteral("relu"));
    QCOMPARE(spec.layers, 20);
    QCOMPARE(spec.width, 256);
    QCOMPARE(spec.samples, 1000);
    QCOMPARE(spec.inits,
        QStringList({QStringLiteral("xavier_uniform"), QStringLiteral("he_normal"),
            QStringLiteral("lecun_normal"), QStringLiteral("orthogonal"),
            QStringLiteral("pytorch_default"), QStringLiteral("normal:0.01")}));
    QVERIFY(view.isForward());
    QVERIFY(!view.isComputing());
    QVERIFY(view.columns().empty());
    const auto *layers = view.findChild<QSpinBox *>(QStringLiteral("layersSpin"));
    QCOMPARE(layers->maximum(), maxPropagationLayers);
    QCOMPARE(
        view.findChild<QSpinBox *>(QStringLiteral("widthSpin"))->maximum(), maxPropagationWidth);
    QCOMPARE(view.findChild<QComboBox *>(QStringLiteral("activationCombo"))->count(),
        activationNames().size());
}

void tst_PropagationView::computeShowsSeriesPerInitializer()
{
    PropagationView view;
    setSmall(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(view.isComputing());
    QCOMPARE(view.statusText(), QStringLiteral("Computing..."));
    QVERIFY(computed.wait(timeout));
    QVERIFY(!view.isComputing());

    QCOMPARE(view.columns().size(), std::size_t(6));
    QCOMPARE(view.chart()->series().size(), 6);
    for (const PropagationColumn &column : view.columns()) {
        const QLineSeries *series = seriesOf(view, column.init);
        QVERIFY2(series, qPrintable(column.init));
        QCOMPARE(series->count(), 5);
        for (int l = 0; l < 5; ++l) {
            QCOMPARE(series->at(l).x(), double(l + 1));
            QCOMPARE(series->at(l).y(), column.forwardStd[std::size_t(l)]);
        }
    }
    QCOMPARE(view.chart()->title(),
        QStringLiteral("Spread of pre-activations through 5 relu layers of 64 units"));
    const auto *axis = qobject_cast<QLogValueAxis *>(view.chart()->axes(Qt::Vertical).value(0));
    const PropagationColumn *pytorch = columnOf(view, QStringLiteral("pytorch_default"));
    QVERIFY(axis->min() < pytorch->forwardStd.back());
}

void tst_PropagationView::reluHeFlatXavierDecreases()
{
    PropagationView view;
    setSmall(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(computed.wait(timeout));

    // He keeps Var(z) at 2 for unit inputs: the spread stays near sqrt(2) at every layer.
    const double he = decay(columnOf(view, QStringLiteral("he_normal"))->forwardStd);
    QVERIFY2(he > 0.75 && he < 1.33, qPrintable(QString::number(he)));
    // Xavier halves the variance at each layer: 4 steps divide the spread by about 4.
    const double xavier = decay(columnOf(view, QStringLiteral("xavier_uniform"))->forwardStd);
    QVERIFY2(xavier > 0.15 && xavier < 0.4, qPrintable(QString::number(xavier)));
    // PyTorch's default draws a variance of 1 / (3 fan_in): about 6 times less variance each
    // layer, so the spread falls by about 36 over 4 steps.
    const double pytorch = decay(columnOf(view, QStringLiteral("pytorch_default"))->forwardStd);
    QVERIFY2(pytorch > 1.0 / 80.0 && pytorch < 1.0 / 15.0, qPrintable(QString::number(pytorch)));
}

void tst_PropagationView::tanhSmallNormalVanishes()
{
    PropagationView view;
    setSmall(view);
    view.setActivation(Activation::Tanh);
    QCOMPARE(toString(view.activation()), QStringLiteral("tanh"));
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(computed.wait(timeout));
    // Each layer multiplies the spread by about 0.01 sqrt(64) = 0.08.
    const std::vector<double> &small = columnOf(view, QStringLiteral("normal:0.01"))->forwardStd;
    QVERIFY2(small.back() < 1e-4, qPrintable(QString::number(small.back())));
    QVERIFY(small.back() > 0.0);
    QVERIFY(view.chart()->title().contains(QStringLiteral("5 tanh layers")));
}

void tst_PropagationView::backwardSwitchesWithoutComputing()
{
    PropagationView view;
    setSmall(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(computed.wait(timeout));
    view.setForward(false);
    QVERIFY(!view.isComputing());
    QCOMPARE(view.chart()->title(),
        QStringLiteral("Spread of gradients through 5 relu layers of 64 units"));
    const PropagationColumn *he = columnOf(view, QStringLiteral("he_normal"));
    const QLineSeries *series = seriesOf(view, QStringLiteral("he_normal"));
    for (int l = 0; l < 5; ++l)
        QCOMPARE(series->at(l).y(), he->backwardStd[std::size_t(l)]);
    QCOMPARE(computed.size(), 1);
}

void tst_PropagationView::settingChangedDuringComputationDropsResult()
{
    PropagationView view;
    setSmall(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(view.isComputing());
    // The thread has the 5-layer settings; its result is stale once the layers change.
    view.setLayers(3);
    QVERIFY(computed.wait(timeout));
    QCOMPARE(computed.size(), 1);
    QCOMPARE(view.columns().front().forwardStd.size(), std::size_t(3));
    QCOMPARE(seriesOf(view, QStringLiteral("he_normal"))->count(), 3);
    QVERIFY(!view.isComputing());
}

void tst_PropagationView::settingChangedStopsLongComputation()
{
    PropagationView view;
    setLarge(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(view.isComputing());
    setSmall(view);
    QVERIFY(computed.wait(timeout));
    QCOMPARE(computed.size(), 1);
    QCOMPARE(view.columns().front().forwardStd.size(), std::size_t(5));
    QCOMPARE(view.spec().width, 64);
}

void tst_PropagationView::settingChangedAfterResultRecomputes()
{
    PropagationView view;
    setSmall(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(computed.wait(timeout));
    view.setWidth(32);
    QVERIFY(computed.wait(timeout));
    QCOMPARE(computed.size(), 2);
    QVERIFY(view.chart()->title().contains(QStringLiteral("of 32 units")));
}

void tst_PropagationView::invalidInitializerShowsMessage()
{
    PropagationView view;
    setSmall(view);
    view.setInitializers({QStringLiteral("he_normal"), QStringLiteral("gaussian")});
    QSignalSpy computed(&view, &PropagationView::computed);
    QSignalSpy failed(&view, &PropagationView::failed);
    view.compute();
    QVERIFY(failed.wait(timeout));
    const QString message = failed.front().front().toString();
    QVERIFY2(message.contains(QStringLiteral("gaussian")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("he_normal")), qPrintable(message));
    QCOMPARE(view.statusText(), message);
    QCOMPARE(computed.size(), 0);
    QVERIFY(view.columns().empty());

    // A valid list computes again and clears the message.
    view.setInitializers({QStringLiteral("he_normal")});
    QVERIFY(computed.wait(timeout));
    QCOMPARE(view.chart()->series().size(), 1);
    QVERIFY(view.statusText().isEmpty());
}

void tst_PropagationView::tooLargeComputationRejected()
{
    PropagationView view;
    view.setLayers(1000);
    view.setWidth(4096);
    view.setSamples(1000);
    QSignalSpy failed(&view, &PropagationView::failed);
    view.compute();
    QCOMPARE(failed.size(), 1);
    QVERIFY(!view.isComputing());
    QCOMPARE(view.statusText(),
        QStringLiteral("1000 layers of 4096 units with 1000 samples need about 199.8 GB of "
                       "memory, more than the 2.1 GB allowed; use fewer layers, units or "
                       "samples."));
}

void tst_PropagationView::destroyedDuringComputation()
{
    auto doomed = std::make_unique<PropagationView>();
    setLarge(*doomed);
    doomed->compute();
    QVERIFY(doomed->isComputing());
    QCOMPARE(PropagationView::runningComputations(), 1);
    doomed.reset();
    // The thread stops at its next layer, so quitting the application does not wait for it.
    QTRY_COMPARE_WITH_TIMEOUT(PropagationView::runningComputations(), 0, timeout);

    // A second view computes while the first one's thread may still run and post its result.
    PropagationView view;
    setSmall(view);
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    QVERIFY(computed.wait(timeout));
    QCOMPARE(view.columns().size(), std::size_t(6));
}

void tst_PropagationView::presentationDoublesPens()
{
    PropagationView view;
    const QLineSeries *series = seriesOf(view, QStringLiteral("he_normal"));
    QVERIFY(series);
    const double width = series->pen().widthF();
    const double marker = series->markerSize();
    view.setPresentationMode(true);
    QCOMPARE(series->pen().widthF(), 2.0 * width);
    QCOMPARE(series->markerSize(), 2.0 * marker);
}

void tst_PropagationView::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save a picture of the view");
    PropagationView view;
    view.resize(760, 560);
    view.show();
    QSignalSpy computed(&view, &PropagationView::computed);
    view.compute();
    // The default 20 layers of 256 units with 1000 samples take seconds, more on a busy machine.
    QVERIFY(computed.wait(6 * timeout));
    QCoreApplication::processEvents();
    QVERIFY(view.grab().save(QDir(directory).filePath(QStringLiteral("propagation.png"))));
}

QTEST_MAIN(tst_PropagationView)
#include "tst_propagationview.moc"
