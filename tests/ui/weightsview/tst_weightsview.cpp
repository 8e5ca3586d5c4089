// The weights view and its scatter plot: titles and notes per layer for known snapshots, reuse of
// the row widgets and the empty state. For the scatter plot: equal axes, the diagonal, skipped
// non-finite pairs, empty samples and the pixels drawn. With INITLAB_SCREENSHOT_DIR set, it also
// saves a picture of a three-layer tanh snapshot.

#include "weightsview.h"

#include "../insighttestdata.h"
#include "histogramplot.h"
#include "insightstyle.h"
#include "scatterplot.h"

#include <QDir>
#include <QLabel>
#include <QPointer>
#include <QScrollArea>
#include <QTest>

#include <limits>

using namespace initlab;
using insighttestdata::histogramOfCounts;

namespace {

constexpr float floatNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float floatInfinity = std::numeric_limits<float>::infinity();

LayerInsight layerOf(int number, int units, int inputs, bool output = false)
{
    LayerInsight layer;
    layer.layer = number;
    layer.units = units;
    layer.inputs = inputs;
    layer.output = output;
    layer.weights = histogramOfCounts(-1.5, 1.5, {1, 1, 1, 1});
    layer.weights.std = 0.91;
    layer.weightsInitial = histogramOfCounts(-1.5, 1.5, {0, 2, 2, 0});
    layer.weightsInitial.std = 0.87;
    layer.initialWeightSample = {-0.5f, 0.25f, 0.5f, 1.0f};
    layer.currentWeightSample = {-0.75f, 0.25f, 0.6f, 1.4f};
    return layer;
}

// Layers 1-4-4-1.
InsightSnapshot threeLayers(qint64 iteration)
{
    InsightSnapshot snapshot;
    snapshot.iteration = iteration;
    snapshot.probeSamples = 100;
    snapshot.layers = {layerOf(1, 4, 1), layerOf(2, 4, 4), layerOf(3, 1, 4, true)};
    return snapshot;
}

template<typename T> T *child(const QWidget &view, const QString &name)
{
    return view.findChild<T *>(name, Qt::FindChildrenRecursively);
}

// Distance of point from the line through a and b.
double distanceFromLine(const QPointF &point, const QPointF &a, const QPointF &b)
{
    const QPointF direction = b - a;
    const QPointF offset = point - a;
    const double cross = direction.x() * offset.y() - direction.y() * offset.x();
    return std::abs(cross) / std::hypot(direction.x(), direction.y());
}

} // namespace

class tst_WeightsView : public QObject
{
    Q_OBJECT

private slots:
    void emptyBeforeFirstSnapshot();
    void rowShowsTitlesAndNotes();
    void weightsNoteText_data();
    void weightsNoteText();
    void scatterNoteText_data();
    void scatterNoteText();
    void scatterAxesAreEqualAndCoverBoth();
    void unmovedWeightsSitOnDiagonal();
    void scatterSkipsNonFinitePairs();
    void scatterWithoutPointsShowsNotice();
    void scatterPixelsHaveDotColour();
    void sameLayerCountReusesRows();
    void differentLayerCountRebuildsRows();
    void clearShowsEmptyState();
    void presentationModeReachesPlots();
    void saveScreenshot();
};

void tst_WeightsView::emptyBeforeFirstSnapshot()
{
    WeightsView view;
    QVERIFY(!view.hasData());
    QCOMPARE(view.iteration(), qint64(-1));
    auto *empty = child<QLabel>(view, QStringLiteral("emptyStateLabel"));
    QCOMPARE(empty->text(), QStringLiteral("Start or step a run to see each layer's weights."));
    QVERIFY(!empty->isHidden());
    QVERIFY(child<QScrollArea>(view, QStringLiteral("layerScrollArea"))->isHidden());
}

void tst_WeightsView::rowShowsTitlesAndNotes()
{
    WeightsView view;
    view.setSnapshot(threeLayers(1200));
    QVERIFY(view.hasData());
    QCOMPARE(view.iteration(), qint64(1200));
    QCOMPARE(child<QLabel>(view, QStringLiteral("headerLabel"))->text(),
        QStringLiteral("Iteration 1200 \u00B7 3 layers"));

    auto *plot = child<HistogramPlot>(view, QStringLiteral("layer1WeightsPlot"));
    QVERIFY(plot);
    QCOMPARE(plot->title(), QStringLiteral("Layer 1 weights (4 x 1)"));
    QCOMPARE(plot->histogram().counts, (std::vector<qint64> {1, 1, 1, 1}));
    QCOMPARE(plot->initialHistogram().counts, (std::vector<qint64> {0, 2, 2, 0}));
    QVERIFY(!plot->drawsReference());
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer1WeightsNote"))->text(),
        QStringLiteral("std now 0.91, at init 0.87"));

    auto *scatter = child<ScatterPlot>(view, QStringLiteral("layer2WeightScatter"));
    QVERIFY(scatter);
    QCOMPARE(scatter->title(), QStringLiteral("Layer 2 weights now against at init"));
    QCOMPARE(scatter->pointCount(), 4);
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer2WeightScatterNote"))->text(),
        QStringLiteral("4 of 16 weights, the same ones at every snapshot"));
    QCOMPARE(child<HistogramPlot>(view, QStringLiteral("layer3WeightsPlot"))->title(),
        QStringLiteral("Layer 3 weights (1 x 4)"));
}

void tst_WeightsView::weightsNoteText_data()
{
    QTest::addColumn<double>("std");
    QTest::addColumn<double>("initialStd");
    QTest::addColumn<QString>("text");
    const double notANumber = std::numeric_limits<double>::quiet_NaN();
    QTest::newRow("both") << 0.91 << 0.87 << QStringLiteral("std now 0.91, at init 0.87");
    QTest::newRow("grown past 1") << 1.234 << 0.0512
                                  << QStringLiteral("std now 1.23, at init 0.051");
    QTest::newRow("only now") << 0.5 << notANumber << QStringLiteral("std now 0.5");
    QTest::newRow("neither") << notANumber << notANumber << QString();
}

void tst_WeightsView::weightsNoteText()
{
    QFETCH(double, std);
    QFETCH(double, initialStd);
    QFETCH(QString, text);
    LayerInsight layer = layerOf(1, 4, 1);
    layer.weights.std = std;
    layer.weightsInitial.std = initialStd;
    QCOMPARE(initlab::weightsNoteText(layer), text);
}

void tst_WeightsView::scatterNoteText_data()
{
    QTest::addColumn<int>("units");
    QTest::addColumn<int>("inputs");
    QTest::addColumn<int>("sampled");
    QTest::addColumn<QString>("text");
    QTest::newRow("every weight") << 4 << 1 << 4 << QStringLiteral("all 4 weights");
    QTest::newRow("single weight") << 1 << 1 << 1 << QStringLiteral("the single weight");
    QTest::newRow("sample of a large layer")
        << 128 << 128 << 2000
        << QStringLiteral("2000 of 16384 weights, the same ones at every snapshot");
    QTest::newRow("nothing sampled") << 4 << 4 << 0 << QStringLiteral("no weights sampled");
}

void tst_WeightsView::scatterNoteText()
{
    QFETCH(int, units);
    QFETCH(int, inputs);
    QFETCH(int, sampled);
    QFETCH(QString, text);
    LayerInsight layer = layerOf(1, units, inputs);
    layer.initialWeightSample.assign(std::size_t(sampled), 0.1f);
    layer.currentWeightSample.assign(std::size_t(sampled), 0.2f);
    QCOMPARE(initlab::weightScatterNoteText(layer), text);
}

void tst_WeightsView::scatterAxesAreEqualAndCoverBoth()
{
    ScatterPlot plot;
    plot.resize(300, 240);
    // x spans [-0.5, 1] and y spans [-0.75, 1.4]: the axes cover [-0.75, 1.4] plus 5% each side.
    plot.setPoints({-0.5f, 0.25f, 0.5f, 1.0f}, {-0.75f, 0.25f, 0.6f, 1.4f});
    const double margin = 0.05 * (1.4 - -0.75);
    QVERIFY(qAbs(plot.rangeLow() - (-0.75 - margin)) < 1e-6);
    QVERIFY(qAbs(plot.rangeHigh() - (1.4 + margin)) < 1e-6);

    const QRectF area = plot.plotRect();
    QCOMPARE(area.width(), area.height());
    QVERIFY(area.left() > 0.0 && area.right() <= 300.0 && area.bottom() <= 240.0);
    const QPointF lowCorner = plot.pointPosition(plot.rangeLow(), plot.rangeLow());
    const QPointF highCorner = plot.pointPosition(plot.rangeHigh(), plot.rangeHigh());
    QVERIFY(qAbs(lowCorner.x() - area.left()) < 1e-9 && qAbs(lowCorner.y() - area.bottom()) < 1e-9);
    QVERIFY(qAbs(highCorner.x() - area.right()) < 1e-9 && qAbs(highCorner.y() - area.top()) < 1e-9);
    // A weight that grew from 1 to 1.4 sits above the diagonal.
    QVERIFY(plot.pointPosition(1.0, 1.4).y() < plot.pointPosition(1.0, 1.0).y());
}

void tst_WeightsView::unmovedWeightsSitOnDiagonal()
{
    ScatterPlot plot;
    plot.resize(300, 240);
    const std::vector<float> same = {-0.3f, 0.1f, 0.2f, 0.8f};
    plot.setPoints(same, same);
    const QRectF area = plot.plotRect();
    for (const float value : same)
        QVERIFY(
            distanceFromLine(plot.pointPosition(value, value), area.bottomLeft(), area.topRight())
            < 1e-9);

    // All weights equal: a range of zero width is widened by half the value on each side.
    plot.setPoints({0.25f, 0.25f}, {0.25f, 0.25f});
    QCOMPARE(plot.rangeLow(), 0.125);
    QCOMPARE(plot.rangeHigh(), 0.375);
    QVERIFY((plot.pointPosition(0.25, 0.25) - plot.plotRect().center()).manhattanLength() < 1e-9);
}

void tst_WeightsView::scatterSkipsNonFinitePairs()
{
    ScatterPlot plot;
    plot.resize(300, 240);
    plot.setPoints({0.1f, floatNaN, 0.3f, 0.4f, 100.0f}, {0.2f, 0.2f, floatInfinity, 0.5f, 0.5f});
    QCOMPARE(plot.pointCount(), 3);
    QCOMPARE(plot.skippedPointCount(), 2);
    QCOMPARE(plot.noticeText(), QStringLiteral("2 pairs with NaN or infinite values not drawn"));
    // The skipped values do not stretch the axes.
    QVERIFY(plot.rangeHigh() < 110.0 && plot.rangeHigh() > 100.0);

    plot.setPoints({floatNaN}, {0.0f});
    QCOMPARE(plot.noticeText(),
        QStringLiteral("no points\n1 pair with NaN or infinite values not drawn"));

    // A longer vector contributes only the pairs the shorter one has.
    plot.setPoints({0.1f, 0.2f, 0.3f}, {0.1f});
    QCOMPARE(plot.pointCount(), 1);
    QCOMPARE(plot.skippedPointCount(), 0);
}

void tst_WeightsView::scatterWithoutPointsShowsNotice()
{
    WeightsView view;
    InsightSnapshot snapshot = threeLayers(7);
    snapshot.layers[0].initialWeightSample.clear();
    snapshot.layers[0].currentWeightSample.clear();
    view.setSnapshot(snapshot);
    auto *scatter = child<ScatterPlot>(view, QStringLiteral("layer1WeightScatter"));
    QCOMPARE(scatter->pointCount(), 0);
    QCOMPARE(scatter->noticeText(), QStringLiteral("no points"));
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer1WeightScatterNote"))->text(),
        QStringLiteral("no weights sampled"));
    QCOMPARE(scatter->rangeLow(), -1.0);
    QCOMPARE(scatter->rangeHigh(), 1.0);
    QVERIFY(!scatter->grab().isNull());
}

void tst_WeightsView::scatterPixelsHaveDotColour()
{
    ScatterPlot plot;
    plot.resize(300, 240);
    plot.setPoints({-1.0f, 1.0f, -0.8f}, {-1.0f, 1.0f, 0.8f});
    const QImage image = plot.grab().toImage();

    // The dot at (-0.8, 0.8), far from the diagonal, is blue over the white plot background.
    const QColor dot(image.pixel(plot.pointPosition(-0.8, 0.8).toPoint()));
    QVERIFY2(dot.blue() > 150 && dot.red() < 140,
        qPrintable(QStringLiteral("dot colour %1").arg(dot.name())));
    // The opposite corner is background.
    const QColor empty(image.pixel(plot.pointPosition(0.8, -0.8).toPoint()));
    QCOMPARE(empty, plot.palette().color(QPalette::Base));

    // Some pixels along the dashed diagonal are vermillion.
    int vermillion = 0;
    for (int step = 1; step < 40; ++step) {
        const double value = -0.9 + 1.8 * step / 40.0;
        const QColor pixel(image.pixel(plot.pointPosition(value, value).toPoint()));
        if (pixel.red() > 180 && pixel.blue() < 100)
            ++vermillion;
    }
    QVERIFY2(vermillion > 10, qPrintable(QString::number(vermillion)));
}

void tst_WeightsView::sameLayerCountReusesRows()
{
    WeightsView view;
    view.setSnapshot(threeLayers(100));
    const QList<ScatterPlot *> scatters = view.findChildren<ScatterPlot *>();
    QCOMPARE(scatters.size(), 3);
    const QList<HistogramPlot *> plots = view.findChildren<HistogramPlot *>();
    QCOMPARE(plots.size(), 3);

    InsightSnapshot next = threeLayers(200);
    next.layers[0].weights.std = 1.5;
    view.setSnapshot(next);
    QCOMPARE(view.findChildren<ScatterPlot *>(), scatters);
    QCOMPARE(view.findChildren<HistogramPlot *>(), plots);
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer1WeightsNote"))->text(),
        QStringLiteral("std now 1.5, at init 0.87"));
}

void tst_WeightsView::differentLayerCountRebuildsRows()
{
    WeightsView view;
    view.setSnapshot(threeLayers(100));
    const QPointer<ScatterPlot> oldScatter =
        child<ScatterPlot>(view, QStringLiteral("layer1WeightScatter"));

    InsightSnapshot oneLayer = threeLayers(0);
    oneLayer.layers = {layerOf(1, 1, 3, true)};
    view.setSnapshot(oneLayer);
    QVERIFY(oldScatter.isNull());
    QCOMPARE(view.findChildren<ScatterPlot *>().size(), 1);
    QCOMPARE(child<QLabel>(view, QStringLiteral("headerLabel"))->text(),
        QStringLiteral("Iteration 0 \u00B7 1 layer"));
    QCOMPARE(child<HistogramPlot>(view, QStringLiteral("layer1WeightsPlot"))->title(),
        QStringLiteral("Layer 1 weights (1 x 3)"));
}

void tst_WeightsView::clearShowsEmptyState()
{
    WeightsView view;
    view.setSnapshot(threeLayers(100));
    view.clear();
    QVERIFY(!view.hasData());
    QCOMPARE(view.iteration(), qint64(-1));
    QVERIFY(!child<QLabel>(view, QStringLiteral("emptyStateLabel"))->isHidden());
    QVERIFY(child<QScrollArea>(view, QStringLiteral("layerScrollArea"))->isHidden());
    QVERIFY(view.findChildren<ScatterPlot *>().isEmpty());

    view.setSnapshot(InsightSnapshot {});
    QVERIFY(!view.hasData());
}

void tst_WeightsView::presentationModeReachesPlots()
{
    WeightsView view;
    view.setPresentationMode(true);
    view.setSnapshot(threeLayers(100));
    for (const ScatterPlot *plot : view.findChildren<ScatterPlot *>())
        QVERIFY(plot->isPresentationMode());
    for (const HistogramPlot *plot : view.findChildren<HistogramPlot *>())
        QVERIFY(plot->isPresentationMode());

    view.setPresentationMode(false);
    for (const ScatterPlot *plot : view.findChildren<ScatterPlot *>())
        QVERIFY(!plot->isPresentationMode());
}

void tst_WeightsView::saveScreenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("INITLAB_SCREENSHOT_DIR is not set");

    WeightsView view;
    view.resize(900, 820);
    view.setSnapshot(insighttestdata::realisticTanhSnapshot());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString path = QDir(directory).filePath(QStringLiteral("weights.png"));
    QVERIFY2(view.grab().save(path), qPrintable(path));
}

QTEST_MAIN(tst_WeightsView)

#include "tst_weightsview.moc"
