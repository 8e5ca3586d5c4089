// The function view: the one-input curve and targets, the two-input heat map with its colour
// scale and sample dots, and the messages for data it cannot draw. With INITLAB_SCREENSHOT_DIR
// set, it also saves a picture of each plot.

#include "functionview.h"

#include <QChart>
#include <QDir>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <limits>

using namespace initlab;

namespace {

// A sine of one input: 5 grid values of the network over [-2, 2] and 3 training samples.
FunctionView oneInput()
{
    FunctionView view;
    view.inputs = 1;
    view.outputs = 1;
    view.xMin = -2.0;
    view.xMax = 2.0;
    view.columns = 5;
    view.rows = 1;
    view.values = {-0.9, -0.8, 0.1, 0.7, 0.95};
    view.pointX = {-1.5, 0.25, 1.75};
    view.pointTarget = {-1.0, 0.2, 1.0};
    view.targetMin = -1.0;
    view.targetMax = 1.0;
    return view;
}

// Two inputs on a 4 x 3 grid over [0, 3] x [10, 12]: value = column + 10 * row.
FunctionView twoInputs()
{
    FunctionView view;
    view.inputs = 2;
    view.outputs = 1;
    view.xMin = 0.0;
    view.xMax = 3.0;
    view.yMin = 10.0;
    view.yMax = 12.0;
    view.columns = 4;
    view.rows = 3;
    for (int r = 0; r < view.rows; ++r) {
        for (int c = 0; c < view.columns; ++c)
            view.values.push_back(c + 10.0 * r);
    }
    view.pointX = {0.5, 2.5};
    view.pointY = {10.5, 11.5};
    view.pointTarget = {0.0, 23.0};
    view.targetMin = 0.0;
    view.targetMax = 23.0;
    return view;
}

QScatterSeries *targetSeries(const FunctionPlotView &view)
{
    return qobject_cast<QScatterSeries *>(view.chart()->series().value(0));
}

QLineSeries *curveSeries(const FunctionPlotView &view)
{
    return qobject_cast<QLineSeries *>(view.chart()->series().value(1));
}

} // namespace

class tst_FunctionPlotView : public QObject
{
    Q_OBJECT

private slots:
    void emptyState();
    void oneInputSeriesEqualValues();
    void oneInputUpdateReusesSeries();
    void oneInputSkipsNonFinite();
    void twoInputFlatRangeDraws();
    void twoInputPixelMatchesScale_data();
    void twoInputPixelMatchesScale();
    void twoInputPointCount();
    void scaleIsDivergingAroundMidpoint();
    void unsupportedInputsMessage_data();
    void unsupportedInputsMessage();
    void mismatchedGridShowsMessage();
    void clearForgetsData();
    void screenshot();
};

void tst_FunctionPlotView::emptyState()
{
    FunctionPlotView view;
    QVERIFY(!view.hasData());
    QCOMPARE(
        view.message(), QStringLiteral("Start a run to see the function the network computes."));
}

void tst_FunctionPlotView::oneInputSeriesEqualValues()
{
    FunctionPlotView view;
    view.setFunction(oneInput(), 1200);
    QVERIFY(view.hasData());
    QCOMPARE(view.message(), QString());

    const QScatterSeries *targets = targetSeries(view);
    QCOMPARE(targets->name(), QStringLiteral("targets"));
    QCOMPARE(targets->count(), 3);
    QCOMPARE(targets->at(0), QPointF(-1.5, -1.0));
    QCOMPARE(targets->at(2), QPointF(1.75, 1.0));

    const QLineSeries *curve = curveSeries(view);
    QCOMPARE(curve->name(), QStringLiteral("network at iteration 1200"));
    QCOMPARE(curve->count(), 5);
    const std::vector<double> expectedX = {-2.0, -1.0, 0.0, 1.0, 2.0};
    const std::vector<double> values = oneInput().values;
    for (int i = 0; i < 5; ++i) {
        QCOMPARE(curve->at(i).x(), expectedX[std::size_t(i)]);
        QCOMPARE(curve->at(i).y(), values[std::size_t(i)]);
    }

    const auto *yAxis = qobject_cast<QValueAxis *>(view.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(yAxis->min() < -1.0);
    QVERIFY(yAxis->max() > 1.0);
}

void tst_FunctionPlotView::oneInputUpdateReusesSeries()
{
    FunctionPlotView view;
    view.setFunction(oneInput(), 100);
    const QList<QAbstractSeries *> before = view.chart()->series();
    FunctionView later = oneInput();
    later.values = {0.0, 0.1, 0.2, 0.3, 0.4};
    view.setFunction(later, 200);
    QCOMPARE(view.chart()->series(), before);
    QCOMPARE(curveSeries(view)->at(4).y(), 0.4);
    QCOMPARE(curveSeries(view)->name(), QStringLiteral("network at iteration 200"));
}

void tst_FunctionPlotView::oneInputSkipsNonFinite()
{
    FunctionPlotView view;
    FunctionView diverged = oneInput();
    diverged.values[1] = std::numeric_limits<double>::quiet_NaN();
    diverged.values[3] = std::numeric_limits<double>::infinity();
    diverged.pointTarget[0] = std::numeric_limits<double>::quiet_NaN();
    view.setFunction(diverged, 300);
    QCOMPARE(curveSeries(view)->count(), 3);
    QCOMPARE(curveSeries(view)->at(1), QPointF(0.0, 0.1));
    QCOMPARE(targetSeries(view)->count(), 2);
    const auto *yAxis = qobject_cast<QValueAxis *>(view.chart()->axes(Qt::Vertical).value(0));
    QVERIFY(std::isfinite(yAxis->min()));
    QVERIFY(std::isfinite(yAxis->max()));
}

void tst_FunctionPlotView::twoInputFlatRangeDraws()
{
    FunctionPlotView view;
    view.resize(400, 300);
    FunctionView flat = twoInputs();
    flat.xMax = flat.xMin;
    flat.yMax = flat.yMin;
    flat.targetMax = flat.targetMin;
    view.setFunction(flat, 1);
    QVERIFY(view.hasData());
    // Painting a grid without extent must neither crash nor hang.
    QVERIFY(!view.grab().isNull());
    QCOMPARE(view.scale().min(), -1.0);
    QCOMPARE(view.scale().max(), 1.0);
}

void tst_FunctionPlotView::twoInputPixelMatchesScale_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("row");
    QTest::newRow("row 0 at the bottom") << 1 << 0;
    QTest::newRow("top right") << 3 << 2;
    QTest::newRow("middle") << 2 << 1;
}

void tst_FunctionPlotView::twoInputPixelMatchesScale()
{
    QFETCH(int, column);
    QFETCH(int, row);
    FunctionPlotView view;
    view.setFunction(twoInputs(), 50);
    QVERIFY(view.hasData());
    const QImage &image = view.heatMap();
    QCOMPARE(image.size(), QSize(4, 3));
    const double value = column + 10.0 * row;
    const QColor expected = view.scale().color(value);
    QCOMPARE(image.pixelColor(column, 2 - row), expected);
    QCOMPARE(view.scale().min(), 0.0);
    QCOMPARE(view.scale().max(), 23.0);
}

void tst_FunctionPlotView::twoInputPointCount()
{
    FunctionPlotView view;
    FunctionView function = twoInputs();
    view.setFunction(function, 50);
    QCOMPARE(view.heatMapPointCount(), 2);
    // A missing target leaves that sample out instead of reading past the end.
    function.pointX.push_back(1.0);
    function.pointY.push_back(11.0);
    view.setFunction(function, 60);
    QCOMPARE(view.heatMapPointCount(), 2);
}

void tst_FunctionPlotView::scaleIsDivergingAroundMidpoint()
{
    const DivergingScale scale(-1.0, 3.0);
    // The midpoint 1 is the near-white centre, the ends blue and red; outside values clamp.
    QCOMPARE(scale.color(1.0), QColor(0xF7, 0xF7, 0xF7));
    QCOMPARE(scale.color(-1.0), QColor(0x05, 0x71, 0xB0));
    QCOMPARE(scale.color(3.0), QColor(0xCA, 0x00, 0x20));
    QCOMPARE(scale.color(-50.0), scale.color(-1.0));
    QCOMPARE(scale.color(50.0), scale.color(3.0));
    QCOMPARE(scale.color(std::nan("")), QColor(0x80, 0x80, 0x80));
    const DivergingScale flat(2.0, 2.0);
    QCOMPARE(flat.min(), 1.0);
    QCOMPARE(flat.max(), 3.0);
}

void tst_FunctionPlotView::unsupportedInputsMessage_data()
{
    QTest::addColumn<int>("dataInputs");
    QTest::addColumn<QString>("message");
    QTest::newRow("five inputs known") << 5
                                       << QStringLiteral("The function view needs data with 1 or "
                                                         "2 inputs; this run has 5.");
    QTest::newRow("input count unknown")
        << 0 << QStringLiteral("The function view needs data with 1 or 2 inputs.");
}

void tst_FunctionPlotView::unsupportedInputsMessage()
{
    QFETCH(int, dataInputs);
    QFETCH(QString, message);
    FunctionPlotView view;
    view.setFunction(oneInput(), 10);
    view.setDataInputs(dataInputs);
    FunctionView none;
    none.outputs = 1;
    view.setFunction(none, 20);
    QVERIFY(!view.hasData());
    QCOMPARE(view.message(), message);
}

void tst_FunctionPlotView::mismatchedGridShowsMessage()
{
    FunctionPlotView view;
    FunctionView function = twoInputs();
    function.values.pop_back();
    QTest::ignoreMessage(QtWarningMsg,
        "FunctionPlotView::setFunction: 11 values for a grid of 4 x 3 points; nothing is drawn");
    view.setFunction(function, 5);
    QVERIFY(!view.hasData());
    QCOMPARE(view.message(),
        QStringLiteral("The function view received 11 values for a grid of 4 x 3 points, so it "
                       "cannot draw them."));
}

void tst_FunctionPlotView::clearForgetsData()
{
    FunctionPlotView view;
    view.setFunction(oneInput(), 10);
    view.clear();
    QVERIFY(!view.hasData());
    QCOMPARE(curveSeries(view)->count(), 0);
    QCOMPARE(targetSeries(view)->count(), 0);
    QVERIFY(view.message().startsWith(QStringLiteral("Start a run")));
}

void tst_FunctionPlotView::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save pictures of the view");

    FunctionView curve;
    curve.inputs = 1;
    curve.outputs = 1;
    curve.xMin = -3.0;
    curve.xMax = 3.0;
    curve.columns = 200;
    curve.rows = 1;
    for (int c = 0; c < curve.columns; ++c) {
        const double x = -3.0 + 6.0 * c / 199.0;
        curve.values.push_back(0.9 * std::sin(x) + 0.05 * x);
    }
    for (int i = 0; i < 120; ++i) {
        const double x = -3.0 + 6.0 * ((i * 37) % 120) / 119.0;
        curve.pointX.push_back(x);
        curve.pointTarget.push_back(std::sin(x) + 0.1 * std::sin(i * 12.9898));
    }
    curve.targetMin = -1.1;
    curve.targetMax = 1.1;
    FunctionPlotView view;
    view.resize(640, 420);
    view.setFunction(curve, 1200);
    view.show();
    QCoreApplication::processEvents();
    QVERIFY(view.grab().save(QDir(directory).filePath(QStringLiteral("function-1d.png"))));

    // Two moons: the network's output is a smooth boundary between the classes -1 and 1.
    FunctionView moons;
    moons.inputs = 2;
    moons.outputs = 1;
    moons.xMin = -1.5;
    moons.xMax = 2.5;
    moons.yMin = -1.0;
    moons.yMax = 1.5;
    moons.columns = 64;
    moons.rows = 64;
    for (int r = 0; r < moons.rows; ++r) {
        const double y = -1.0 + 2.5 * r / 63.0;
        for (int c = 0; c < moons.columns; ++c) {
            const double x = -1.5 + 4.0 * c / 63.0;
            moons.values.push_back(std::tanh(3.0 * (y - 0.25 - 0.6 * std::sin(2.0 * x - 1.0))));
        }
    }
    for (int i = 0; i < 200; ++i) {
        const double angle = M_PI * (i % 100) / 99.0;
        const bool upper = i < 100;
        moons.pointX.push_back(upper ? std::cos(angle) : 1.0 - std::cos(angle));
        moons.pointY.push_back(upper ? std::sin(angle) : 0.5 - std::sin(angle));
        moons.pointTarget.push_back(upper ? 1.0 : -1.0);
    }
    moons.targetMin = -1.0;
    moons.targetMax = 1.0;
    view.setFunction(moons, 3400);
    QCoreApplication::processEvents();
    QVERIFY(view.grab().save(QDir(directory).filePath(QStringLiteral("function-2d.png"))));
}

QTEST_MAIN(tst_FunctionPlotView)
#include "tst_functionplotview.moc"
