// The live loss chart: points, decimation, spikes, events, divergence, log scale, autoscale,
// zoom, follow latest, smoothing and mouse interaction, checked through the public API and the
// chart's series and axes. With INITLAB_SCREENSHOT_DIR set, it also saves pictures of the chart.

#include "losschart.h"

#include "debiasedema.h"
#include "spikestyle.h"

#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QChartView>
#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QToolTip>
#include <QValueAxis>
#include <QWheelEvent>

#include <cmath>
#include <functional>
#include <limits>

using namespace initlab;

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

TrainingPoint pointAt(qint64 iteration, double mse, double testMse = notANumber)
{
    TrainingPoint point;
    point.iteration = iteration;
    point.mse = mse;
    point.testMse = testMse;
    point.nonFinite = !std::isfinite(mse);
    return point;
}

// A loss that falls from 0.52 towards 0.02 with a small wiggle.
double fallingLoss(qint64 iteration)
{
    return 0.5 * std::exp(-double(iteration) / 800.0) + 0.02
        + 0.003 * std::sin(double(iteration) * 0.7);
}

// Noise around 1 between 0.95 and 1.05.
double flatLoss(qint64 iteration)
{
    return 1.0 + 0.05 * std::sin(double(iteration) * 0.37);
}

TrainingBatch batchOf(qint64 first, qint64 count, const std::function<double(qint64)> &mse)
{
    TrainingBatch batch;
    batch.points.reserve(std::size_t(count));
    for (qint64 iteration = first; iteration < first + count; ++iteration)
        batch.points.push_back(pointAt(iteration, mse(iteration)));
    return batch;
}

SpikeUpdate spikeUpdate(int index, qint64 start, qint64 peak, qint64 end, double peakLoss,
    double baseline, SpikeCause cause, const QString &explanation = {})
{
    SpikeUpdate update;
    update.index = index;
    update.report.event.start = start;
    update.report.event.peak = peak;
    update.report.event.end = end;
    update.report.event.peakLoss = peakLoss;
    update.report.event.baseline = baseline;
    update.report.event.ratio = peakLoss / baseline;
    update.report.diagnosis.cause = cause;
    update.report.diagnosis.explanation = explanation;
    update.change = end < 0 ? SpikeDetector::Change::Started : SpikeDetector::Change::Ended;
    return update;
}

QChartView *viewOf(LossChart &chart)
{
    return chart.findChild<QChartView *>(QStringLiteral("lossChartView"));
}

template<typename Series> Series *seriesNamed(LossChart &chart, const QString &name)
{
    for (QAbstractSeries *series : viewOf(chart)->chart()->series()) {
        if (series->objectName() == name)
            return qobject_cast<Series *>(series);
    }
    return nullptr;
}

QLineSeries *lineNamed(LossChart &chart, const QString &name)
{
    return seriesNamed<QLineSeries>(chart, name);
}

QScatterSeries *peaksOf(LossChart &chart, SpikeCause cause)
{
    return seriesNamed<QScatterSeries>(chart, QStringLiteral("spikePeaks_") + toString(cause));
}

QScatterSeries *pinnedOf(LossChart &chart, SpikeCause cause)
{
    return seriesNamed<QScatterSeries>(chart, QStringLiteral("pinnedPeaks_") + toString(cause));
}

struct Range
{
    double min = 0.0;
    double max = 0.0;
};

// The y axis the training MSE is drawn against; the chart also has a hidden one.
QAbstractAxis *yAxisOf(LossChart &chart)
{
    const QList<QAbstractAxis *> axes =
        lineNamed(chart, QStringLiteral("trainingMse"))->attachedAxes();
    for (QAbstractAxis *axis : axes) {
        if (axis->orientation() == Qt::Vertical)
            return axis;
    }
    return nullptr;
}

Range yRangeOf(LossChart &chart)
{
    QAbstractAxis *axis = yAxisOf(chart);
    if (auto *linear = qobject_cast<QValueAxis *>(axis))
        return {linear->min(), linear->max()};
    if (auto *log = qobject_cast<QLogValueAxis *>(axis))
        return {log->min(), log->max()};
    return {notANumber, notANumber};
}

Range xRangeOf(LossChart &chart)
{
    const auto *axis =
        qobject_cast<QValueAxis *>(viewOf(chart)->chart()->axes(Qt::Horizontal).value(0));
    return axis ? Range {axis->min(), axis->max()} : Range {notANumber, notANumber};
}

// Viewport position of a chart value.
QPoint viewportPosition(LossChart &chart, const QPointF &value)
{
    QChartView *view = viewOf(chart);
    const QPointF inChart =
        view->chart()->mapToPosition(value, lineNamed(chart, QStringLiteral("trainingMse")));
    return view->mapFromScene(view->chart()->mapToScene(inChart));
}

QRectF plotAreaOf(LossChart &chart)
{
    return viewOf(chart)->chart()->plotArea();
}

bool containsPoint(const QList<QPointF> &points, const QPointF &expected)
{
    return std::any_of(points.begin(), points.end(), [&](const QPointF &point) {
        return point.x() == expected.x() && point.y() == expected.y();
    });
}

// QTest::mouseMove() without a pressed button only moves the cursor, which generates no event on
// the offscreen platform.
void sendHover(QWidget *widget, const QPoint &position)
{
    QMouseEvent event(QEvent::MouseMove, position, widget->mapToGlobal(position), Qt::NoButton,
        Qt::NoButton, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

void sendWheel(QWidget *widget, const QPoint &position, int angle)
{
    QWheelEvent event(position, widget->mapToGlobal(position), QPoint(), QPoint(0, angle),
        Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class tst_LossChart : public QObject
{
    Q_OBJECT

private slots:
    void legendPlacementFollowsWidth();
    void appendCountsPoints();
    void rejectsOutOfOrderPoints();
    void startRunReservesWholeRun();
    void drawnPointsBoundedByWidth();
    void spikeUpdatesAddAndReplace();
    void eventsCounted();
    void divergenceKeepsAxesFinite_data();
    void divergenceKeepsAxesFinite();
    void explosiveGrowthIsDrawn_data();
    void explosiveGrowthIsDrawn();
    void logScaleLeavesOutNonPositive();
    void autoscaleIgnoresSingleSpike();
    void yAxisStillWhileDataFits();
    void showSpikeCentresOnSpike_data();
    void showSpikeCentresOnSpike();
    void resetZoomShowsWholeRun();
    void followLatestTracksNewPoints();
    void smoothingMatchesDebiasedEma();
    void smoothingWeightIsClamped();
    void wheelZoomsAroundPointer();
    void dragZoomsAndPans();
    void keysPanAndReset();
    void hoverReportsNearestPoint();
    void markerClickAndTooltip();
    void controlsReportViewChanges();
    void fontScalesChart();
    void presentationModeThickensAndRestores();
    void screenshot();

private:
    // Shows chart at a fixed size and waits until its plot area is laid out.
    static bool showAndLayOut(LossChart &chart, const QSize &size = QSize(900, 520));
};

bool tst_LossChart::showAndLayOut(LossChart &chart, const QSize &size)
{
    chart.resize(size);
    chart.show();
    if (!QTest::qWaitForWindowExposed(&chart))
        return false;
    // The chart lays out its plot area in a posted event, and the view redecimates after it.
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    return plotAreaOf(chart).width() > 100.0;
}

void tst_LossChart::appendCountsPoints()
{
    LossChart chart;
    chart.startRun(1000, pointAt(0, 0.5));
    QCOMPARE(chart.pointCount(), qint64(1));
    QCOMPARE(chart.visibleMinIteration(), 0.0);
    QCOMPARE(chart.visibleMaxIteration(), 1000.0);

    chart.appendBatch(batchOf(1, 499, fallingLoss));
    QCOMPARE(chart.pointCount(), qint64(500));
    QVERIFY(chart.drawnPointCount() >= 2);
    QVERIFY(chart.drawnPointCount() <= 500);
    QCOMPARE(chart.spikeCount(), 0);
    QCOMPARE(chart.eventCount(), 0);
    QVERIFY(!chart.isDivergenceShown());

    chart.startRun(200, pointAt(0, 0.4));
    QCOMPARE(chart.pointCount(), qint64(1));
    QCOMPARE(chart.visibleMaxIteration(), 200.0);
}

void tst_LossChart::rejectsOutOfOrderPoints()
{
    LossChart chart;
    chart.startRun(100, pointAt(0, 0.5));
    chart.appendBatch(batchOf(1, 10, fallingLoss));

    TrainingBatch repeated;
    repeated.points = {pointAt(10, 0.3), pointAt(4, 0.3), pointAt(11, 0.2)};
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("ignored 2 points whose iteration is "
                                          "not after the last one, 11")));
    chart.appendBatch(repeated);
    QCOMPARE(chart.pointCount(), qint64(12));
}

void tst_LossChart::startRunReservesWholeRun()
{
    // More than 2^21 points, so that a reservation capped there would fail the check.
    constexpr qint64 total = 5'000'000;
    LossChart chart;
    chart.startRun(total, pointAt(0, 0.5));
    const qint64 reserved = chart.reservedPointCount();
    QVERIFY2(reserved >= total + 1,
        qPrintable(QStringLiteral("%1 points reserved for a run of %2").arg(reserved).arg(total + 1)));

    chart.appendBatch(batchOf(1, 3400, fallingLoss));
    QCOMPARE(chart.pointCount(), qint64(3401));
    QCOMPARE(chart.reservedPointCount(), reserved);

    chart.startRun(100, pointAt(0, 0.5));
    QVERIFY(chart.reservedPointCount() >= 101);
}

void tst_LossChart::drawnPointsBoundedByWidth()
{
    constexpr qint64 total = 1'000'000;
    constexpr qint64 spikeAt = 777'777;
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(total, pointAt(0, 1.0));
    const auto loss = [](qint64 iteration) {
        return iteration == spikeAt ? 50.0 : flatLoss(iteration);
    };
    for (qint64 first = 1; first <= total; first += 3400)
        chart.appendBatch(batchOf(first, std::min<qint64>(3400, total + 1 - first), loss));

    QCOMPARE(chart.pointCount(), total + 1);
    const double width = plotAreaOf(chart).width();
    QVERIFY2(chart.drawnPointCount() <= 4 * int(std::lround(width)) + 2,
        qPrintable(QStringLiteral("%1 points drawn on %2 pixels")
                       .arg(chart.drawnPointCount())
                       .arg(width)));
    QVERIFY(chart.drawnPointCount() >= int(width));
    const QList<QPointF> drawn = lineNamed(chart, QStringLiteral("trainingMse"))->points();
    QCOMPARE(drawn.size(), chart.drawnPointCount());
    QVERIFY2(containsPoint(drawn, QPointF(double(spikeAt), 50.0)),
        "the one-iteration spike is not drawn");
}

// With a spike of each cause the legend's row is too long for the chart. A wide chart moves it
// into a column beside the plot, and a narrow one keeps it below, so that the plot stays wide.
void tst_LossChart::legendPlacementFollowsWidth()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart, QSize(900, 520)));
    const QLegend *legend = viewOf(chart)->chart()->legend();
    chart.startRun(1000, pointAt(0, 1.0));
    QCOMPARE(legend->alignment(), Qt::AlignBottom);

    TrainingBatch batch = batchOf(1, 400, flatLoss);
    batch.spikes.push_back(spikeUpdate(0, 100, 101, 110, 5.0, 1.0, SpikeCause::ExplodingGradient));
    batch.spikes.push_back(spikeUpdate(1, 150, 151, 160, 5.0, 1.0, SpikeCause::LearningRateTooHigh));
    batch.spikes.push_back(spikeUpdate(2, 200, 201, 210, 5.0, 1.0, SpikeCause::OutlierBatch));
    batch.spikes.push_back(spikeUpdate(3, 250, 251, 260, 5.0, 1.0, SpikeCause::NumericalInstability));
    chart.appendBatch(batch);
    QCOMPARE(legend->alignment(), Qt::AlignRight);

    chart.resize(500, 520);
    QCOMPARE(legend->alignment(), Qt::AlignBottom);
    chart.resize(900, 520);
    QCOMPARE(legend->alignment(), Qt::AlignRight);
}

void tst_LossChart::spikeUpdatesAddAndReplace()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(1000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 400, flatLoss);
    batch.spikes.push_back(spikeUpdate(0, 100, 100, -1, 5.0, 1.0, SpikeCause::OutlierBatch));
    chart.appendBatch(batch);
    QCOMPARE(chart.spikeCount(), 1);
    QCOMPARE(chart.spikeMarkerCount(), 1);

    TrainingBatch next;
    next.spikes.push_back(spikeUpdate(1, 300, 302, 310, 4.0, 1.0, SpikeCause::LearningRateTooHigh));
    next.spikes.push_back(spikeUpdate(0, 100, 105, 130, 8.0, 1.0, SpikeCause::ExplodingGradient));
    chart.appendBatch(next);
    QCOMPARE(chart.spikeCount(), 2);
    QCOMPARE(chart.spikeMarkerCount(), 2);

    const QList<QPointF> exploding = peaksOf(chart, SpikeCause::ExplodingGradient)->points()
        + pinnedOf(chart, SpikeCause::ExplodingGradient)->points();
    QCOMPARE(exploding.size(), 1);
    QCOMPARE(exploding.front().x(), 105.0);
    const QList<QPointF> outliers = peaksOf(chart, SpikeCause::OutlierBatch)->points()
        + pinnedOf(chart, SpikeCause::OutlierBatch)->points();
    QVERIFY2(outliers.isEmpty(), "the replaced spike keeps its old marker");

    QLegend *legend = viewOf(chart)->chart()->legend();
    QVERIFY(legend->markers(peaksOf(chart, SpikeCause::ExplodingGradient)).front()->isVisible());
    QVERIFY(legend->markers(peaksOf(chart, SpikeCause::LearningRateTooHigh)).front()->isVisible());
    QVERIFY(!legend->markers(peaksOf(chart, SpikeCause::OutlierBatch)).front()->isVisible());
    QVERIFY(!legend->markers(peaksOf(chart, SpikeCause::Unknown)).front()->isVisible());
}

void tst_LossChart::eventsCounted()
{
    LossChart chart;
    chart.startRun(1000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 100, flatLoss);
    batch.events.push_back({40, QStringLiteral("learning rate 0.1 -> 0.5")});
    batch.events.push_back({90, QStringLiteral("paused")});
    chart.appendBatch(batch);
    QCOMPARE(chart.eventCount(), 2);

    chart.startRun(1000, pointAt(0, 1.0));
    QCOMPARE(chart.eventCount(), 0);
}

void tst_LossChart::divergenceKeepsAxesFinite_data()
{
    QTest::addColumn<bool>("logScale");
    QTest::newRow("linear") << false;
    QTest::newRow("log") << true;
}

void tst_LossChart::divergenceKeepsAxesFinite()
{
    QFETCH(bool, logScale);

    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.setLogScale(logScale);
    chart.startRun(500, pointAt(0, 0.5));
    TrainingBatch batch = batchOf(1, 200, fallingLoss);
    batch.points.push_back(pointAt(201, 1e300));
    batch.points.push_back(pointAt(202, std::numeric_limits<double>::max()));
    batch.points.push_back(pointAt(203, infinity));
    batch.points.push_back(pointAt(204, notANumber));
    batch.points.push_back(pointAt(205, -infinity));
    chart.appendBatch(batch);
    chart.markDiverged(203, QStringLiteral("Diverged at iteration 203: the MSE is infinite"));

    QVERIFY(chart.isDivergenceShown());
    const Range y = yRangeOf(chart);
    QVERIFY2(std::isfinite(y.min) && std::isfinite(y.max),
        qPrintable(QStringLiteral("y axis [%1, %2]").arg(y.min).arg(y.max)));
    QVERIFY(y.min < y.max);
    QVERIFY2(y.max < 10.0, "the huge finite values flatten the curve");
    const Range x = xRangeOf(chart);
    QVERIFY(std::isfinite(x.min) && std::isfinite(x.max));
    // The run ends at the divergence, so the x-axis stops a little after it, not at 500.
    QVERIFY2(x.max >= 203.0 && x.max < 250.0, qPrintable(QString::number(x.max)));
    // Drawn points stay within 1000 ranges of the y range, in the axis's own units.
    for (const QPointF &point : lineNamed(chart, QStringLiteral("trainingMse"))->points()) {
        QVERIFY(std::isfinite(point.y()));
        if (logScale)
            QVERIFY(std::log10(point.y()) < std::log10(y.max) + 1001.0 * std::log10(y.max / y.min));
        else
            QVERIFY(point.y() < y.max + 1001.0 * (y.max - y.min));
    }
}

void tst_LossChart::explosiveGrowthIsDrawn_data()
{
    QTest::addColumn<bool>("logScale");
    QTest::addColumn<double>("lastFinite");
    QTest::newRow("log, float64") << true << 1e305;
    QTest::newRow("log, largest double") << true << std::numeric_limits<double>::max();
    QTest::newRow("log, float32") << true << 1e37;
    QTest::newRow("linear, float64") << false << 1e305;
}

// A run that diverges within a few dozen updates: every value but the first few is huge, so the
// autoscale's percentile lands among them, and the y range must still be finite and show them.
void tst_LossChart::explosiveGrowthIsDrawn()
{
    QFETCH(bool, logScale);
    QFETCH(double, lastFinite);

    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.setLogScale(logScale);
    chart.startRun(10000, pointAt(0, 0.5));
    TrainingBatch batch;
    constexpr int growing = 40;
    for (int i = 1; i <= growing; ++i) {
        // Geometric growth from 0.5 up to lastFinite at iteration 40.
        const double share = double(i) / growing;
        const double decades = share * (std::log10(lastFinite) - std::log10(0.5));
        const double value = i == growing ? lastFinite : 0.5 * std::pow(10.0, decades);
        batch.points.push_back(pointAt(i, value));
    }
    batch.points.push_back(pointAt(growing + 1, infinity));
    batch.points.back().nonFinite = true;
    chart.appendBatch(batch);
    chart.markDiverged(growing + 1, QStringLiteral("Diverged at iteration 41"));

    const Range y = yRangeOf(chart);
    QVERIFY2(std::isfinite(y.min) && std::isfinite(y.max) && y.min < y.max,
             qPrintable(QStringLiteral("y axis [%1, %2]").arg(y.min).arg(y.max)));
    if (logScale) {
        QVERIFY(y.min > 0.0);
        auto *axis = qobject_cast<QLogValueAxis *>(yAxisOf(chart));
        QVERIFY(axis);
        QVERIFY2(std::isfinite(axis->base()) && axis->base() >= 10.0,
                 qPrintable(QString::number(axis->base())));
        // The growth is shown, not cut off near the start.
        QVERIFY2(y.max >= std::min(lastFinite, 1e290), qPrintable(QString::number(y.max)));
    }
    const QList<QPointF> points = lineNamed(chart, QStringLiteral("trainingMse"))->points();
    QVERIFY2(points.size() >= growing / 2, qPrintable(QString::number(points.size())));
    QCOMPARE(chart.drawnPointCount(), int(points.size()));
    int inside = 0;
    for (const QPointF &point : points) {
        QVERIFY(std::isfinite(point.y()));
        inside += point.y() >= y.min && point.y() <= y.max ? 1 : 0;
    }
    QVERIFY2(inside >= growing / 2, qPrintable(QStringLiteral("%1 of %2 points inside the y range")
                                                   .arg(inside)
                                                   .arg(points.size())));
}

void tst_LossChart::logScaleLeavesOutNonPositive()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(300, pointAt(0, 0.5));
    TrainingBatch batch = batchOf(1, 299, fallingLoss);
    batch.points[49].mse = 0.0;
    batch.points[99].mse = -1.0;
    batch.points[149].testMse = 0.0;
    batch.points[150].testMse = 0.1;
    chart.appendBatch(batch);

    chart.setLogScale(true);
    QVERIFY(chart.isLogScale());
    const Range y = yRangeOf(chart);
    QVERIFY(qobject_cast<QLogValueAxis *>(yAxisOf(chart)));
    QVERIFY(yAxisOf(chart)->isVisible());
    int visibleYAxes = 0;
    for (QAbstractAxis *axis : viewOf(chart)->chart()->axes(Qt::Vertical))
        visibleYAxes += axis->isVisible() ? 1 : 0;
    QCOMPARE(visibleYAxes, 1);
    QVERIFY(std::isfinite(y.min) && std::isfinite(y.max));
    QVERIFY(y.min > 0.0);
    QVERIFY(y.min < y.max);
    for (const char *name : {"trainingMse", "testMse", "smoothedTrainingMse"}) {
        for (const QPointF &point : lineNamed(chart, QString::fromLatin1(name))->points())
            QVERIFY2(point.y() > 0.0, name);
    }
    const auto *notice = chart.findChild<QLabel *>(QStringLiteral("logScaleNotice"));
    QVERIFY(notice);
    QVERIFY(notice->isVisible());
    QVERIFY2(notice->text().contains(QStringLiteral("3 values")), qPrintable(notice->text()));

    chart.setLogScale(false);
    QVERIFY(!notice->isVisible());
    QVERIFY(qobject_cast<QValueAxis *>(yAxisOf(chart)));
    QVERIFY(yAxisOf(chart)->isVisible());
    QVERIFY(yRangeOf(chart).min < 0.0);
}

void tst_LossChart::autoscaleIgnoresSingleSpike()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(5000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(
        1, 5000, [](qint64 iteration) { return iteration == 2500 ? 1000.0 : flatLoss(iteration); });
    batch.spikes.push_back(
        spikeUpdate(0, 2500, 2500, 2511, 1000.0, 1.0, SpikeCause::ExplodingGradient));
    chart.appendBatch(batch);

    const Range y = yRangeOf(chart);
    QVERIFY2(y.max < 2.0,
        qPrintable(QStringLiteral("y top %1 for a curve within [0.95, 1.05]").arg(y.max)));
    QVERIFY2(y.max >= 1.05, "the curve itself is cut off");
    QVERIFY(y.min <= 0.95);
    QCOMPARE(peaksOf(chart, SpikeCause::ExplodingGradient)->count(), 0);
    const QList<QPointF> pinned = pinnedOf(chart, SpikeCause::ExplodingGradient)->points();
    QCOMPARE(pinned.size(), 1);
    QCOMPARE(pinned.front().x(), 2500.0);
    QVERIFY(pinned.front().y() <= y.max);
    QVERIFY(pinned.front().y() > 1.05);

    // Zoomed onto the spike, it takes up enough of the view to be shown whole.
    chart.showSpike(0);
    QVERIFY(yRangeOf(chart).max >= 1000.0);
    QCOMPARE(pinnedOf(chart, SpikeCause::ExplodingGradient)->count(), 0);
    QCOMPARE(peaksOf(chart, SpikeCause::ExplodingGradient)->count(), 1);
}

void tst_LossChart::yAxisStillWhileDataFits()
{
    // Following the newest 3,400 iterations, each batch fills the view on its own. The batches
    // alternate between noise of amplitude 0.05 and 0.045 around 1.
    constexpr qint64 batchSize = 3400;
    const auto loss = [](qint64 iteration) {
        const double amplitude = (iteration - 1) / batchSize % 2 == 0 ? 0.05 : 0.045;
        return 1.0 + amplitude * std::sin(double(iteration) * 0.37);
    };
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(100'000, pointAt(0, 1.0));
    TrainingBatch first = batchOf(1, batchSize, loss);
    first.spikes.push_back(spikeUpdate(0, 100, 100, 440, 1.04, 1.0, SpikeCause::Unknown));
    chart.appendBatch(first);
    chart.showSpike(0);
    chart.setFollowLatest(true);
    QCOMPARE(chart.visibleMaxIteration() - chart.visibleMinIteration(), double(batchSize));
    QCoreApplication::processEvents();

    auto *axis = qobject_cast<QValueAxis *>(yAxisOf(chart));
    QVERIFY(axis);
    const Range shown = yRangeOf(chart);
    QVERIFY(shown.max >= 1.05);
    QSignalSpy rangeChanges(axis, &QValueAxis::rangeChanged);
    for (qint64 start = batchSize + 1; start < 20 * batchSize; start += batchSize) {
        chart.appendBatch(batchOf(start, batchSize, loss));
        QCoreApplication::processEvents();
    }
    QCOMPARE(rangeChanges.size(), 0);
    QCOMPARE(yRangeOf(chart).max, shown.max);

    // A level far above the range widens it at once, and a much narrower curve narrows it.
    chart.appendBatch(batchOf(20 * batchSize, batchSize, [](qint64) { return 3.0; }));
    QVERIFY(yRangeOf(chart).max >= 3.0);
    chart.appendBatch(batchOf(21 * batchSize, 2 * batchSize, loss));
    QVERIFY(yRangeOf(chart).max < 1.2);
}

void tst_LossChart::showSpikeCentresOnSpike_data()
{
    QTest::addColumn<int>("zoomFirst");
    QTest::addColumn<int>("spike");
    QTest::addColumn<double>("minWidth");

    // Spike 0 spans [1000, 1020], spike 1 [3000, 3400].
    QTest::newRow("short spike from whole run") << -1 << 0 << 20.0;
    QTest::newRow("long spike from whole run") << -1 << 1 << 400.0;
    QTest::newRow("long spike from narrow zoom") << 0 << 1 << 400.0;
    QTest::newRow("short spike from wide zoom") << 1 << 0 << 20.0;
}

void tst_LossChart::showSpikeCentresOnSpike()
{
    QFETCH(int, zoomFirst);
    QFETCH(int, spike);
    QFETCH(double, minWidth);

    LossChart chart;
    chart.startRun(10'000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 5000, flatLoss);
    batch.spikes.push_back(spikeUpdate(0, 1000, 1004, 1020, 3.0, 1.0, SpikeCause::OutlierBatch));
    batch.spikes.push_back(spikeUpdate(1, 3000, 3100, 3400, 4.0, 1.0, SpikeCause::Unknown));
    chart.appendBatch(batch);
    QVERIFY(chart.followsLatest());
    if (zoomFirst >= 0)
        chart.showSpike(zoomFirst);
    const double widthBefore = chart.visibleMaxIteration() - chart.visibleMinIteration();

    chart.showSpike(spike);
    const double start = spike == 0 ? 1000.0 : 3000.0;
    const double end = spike == 0 ? 1020.0 : 3400.0;
    const double min = chart.visibleMinIteration();
    const double max = chart.visibleMaxIteration();
    QCOMPARE((min + max) / 2.0, (start + end) / 2.0);
    QVERIFY(min <= start);
    QVERIFY(max >= end);
    QVERIFY(max - min >= minWidth);
    QVERIFY(max - min < 10'000.0);
    if (zoomFirst >= 0 && widthBefore >= 1.5 * (end - start))
        QCOMPARE(max - min, widthBefore);
    QVERIFY(!chart.followsLatest());
    QCOMPARE(xRangeOf(chart).min, min);
    QCOMPARE(xRangeOf(chart).max, max);

    QTest::ignoreMessage(
        QtWarningMsg, QRegularExpression(QStringLiteral("no spike with index 7 among 2")));
    chart.showSpike(7);
    QCOMPARE(chart.visibleMinIteration(), min);
}

void tst_LossChart::resetZoomShowsWholeRun()
{
    LossChart chart;
    chart.startRun(8000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 3000, flatLoss);
    batch.spikes.push_back(spikeUpdate(0, 2000, 2001, 2003, 3.0, 1.0, SpikeCause::OutlierBatch));
    chart.appendBatch(batch);
    chart.showSpike(0);
    QVERIFY(chart.visibleMaxIteration() - chart.visibleMinIteration() < 8000.0);

    chart.resetZoom();
    QCOMPARE(chart.visibleMinIteration(), 0.0);
    QCOMPARE(chart.visibleMaxIteration(), 8000.0);
    QCOMPARE(xRangeOf(chart).max, 8000.0);
}

void tst_LossChart::followLatestTracksNewPoints()
{
    LossChart chart;
    chart.startRun(10'000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 1000, flatLoss);
    batch.spikes.push_back(spikeUpdate(0, 500, 505, 510, 3.0, 1.0, SpikeCause::OutlierBatch));
    chart.appendBatch(batch);
    chart.showSpike(0);
    const double width = chart.visibleMaxIteration() - chart.visibleMinIteration();
    QVERIFY(!chart.followsLatest());

    chart.appendBatch(batchOf(1001, 500, flatLoss));
    QCOMPARE(chart.visibleMaxIteration(), 505.0 + width / 2.0);

    chart.setFollowLatest(true);
    QVERIFY(chart.followsLatest());
    QCOMPARE(chart.visibleMaxIteration(), 1500.0);
    chart.appendBatch(batchOf(1501, 700, flatLoss));
    QCOMPARE(chart.visibleMaxIteration(), 2200.0);
    QCOMPARE(chart.visibleMaxIteration() - chart.visibleMinIteration(), width);

    // Without a zoom, following shows the whole run.
    chart.resetZoom();
    chart.appendBatch(batchOf(2201, 100, flatLoss));
    QCOMPARE(chart.visibleMinIteration(), 0.0);
    QCOMPARE(chart.visibleMaxIteration(), 10'000.0);
}

void tst_LossChart::smoothingMatchesDebiasedEma()
{
    const double weight = 0.8;
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    QCOMPARE(chart.smoothing(), 0.9);
    chart.setSmoothing(weight);
    QCOMPARE(chart.smoothing(), weight);
    chart.startRun(39, pointAt(0, 0.5));
    TrainingBatch batch = batchOf(1, 39, fallingLoss);
    batch.points[9].mse = notANumber;
    chart.appendBatch(batch);

    // The formula written out: ema_t = w ema_(t-1) + (1 - w) x_t, shown as ema_t / (1 - w^t),
    // with t counting the finite values.
    std::vector<QPointF> expected;
    double ema = 0.0;
    int t = 0;
    for (qint64 iteration = 0; iteration <= 39; ++iteration) {
        const double x = iteration == 0 ? 0.5 : batch.points[std::size_t(iteration - 1)].mse;
        if (!std::isfinite(x))
            continue;
        ema = weight * ema + (1.0 - weight) * x;
        ++t;
        expected.push_back(QPointF(double(iteration), ema / (1.0 - std::pow(weight, t))));
    }
    QCOMPARE(expected.front().y(), 0.5);

    const QList<QPointF> smoothed =
        lineNamed(chart, QStringLiteral("smoothedTrainingMse"))->points();
    QCOMPARE(smoothed.size(), qsizetype(expected.size()));
    for (std::size_t i = 0; i < expected.size(); ++i) {
        QCOMPARE(smoothed[qsizetype(i)].x(), expected[i].x());
        QVERIFY2(std::abs(smoothed[qsizetype(i)].y() - expected[i].y()) <= 1e-12 * expected[i].y(),
            qPrintable(QStringLiteral("iteration %1: %2, expected %3")
                           .arg(expected[i].x())
                           .arg(smoothed[qsizetype(i)].y())
                           .arg(expected[i].y())));
    }

    DebiasedEma direct(weight);
    QCOMPARE(direct.add(2.0), 2.0);
    QVERIFY(std::abs(direct.add(1.0) - (0.8 * 0.2 * 2.0 + 0.2 * 1.0) / (1.0 - 0.64)) < 1e-15);
    QVERIFY(std::isnan(direct.add(notANumber)));
    QCOMPARE(direct.count(), qint64(2));

    chart.setSmoothing(0.0);
    QVERIFY(!lineNamed(chart, QStringLiteral("smoothedTrainingMse"))->isVisible());
    QVERIFY(lineNamed(chart, QStringLiteral("trainingMse"))->isVisible());
    QCOMPARE(lineNamed(chart, QStringLiteral("smoothedTrainingMse"))->count(), 0);
}

void tst_LossChart::smoothingWeightIsClamped()
{
    LossChart chart;
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("weight 1.5 is outside \\[0, 0.999 \\]; using 0.999")));
    chart.setSmoothing(1.5);
    QCOMPARE(chart.smoothing(), 0.999);
    QTest::ignoreMessage(
        QtWarningMsg, QRegularExpression(QStringLiteral("ignored the weight NaN")));
    chart.setSmoothing(notANumber);
    QCOMPARE(chart.smoothing(), 0.999);
}

void tst_LossChart::wheelZoomsAroundPointer()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(10'000, pointAt(0, 1.0));
    chart.appendBatch(batchOf(1, 10'000, flatLoss));
    QVERIFY(chart.followsLatest());

    QWidget *viewport = viewOf(chart)->viewport();
    const QPoint anchor = viewportPosition(chart, QPointF(2500.0, 1.0));
    sendWheel(viewport, anchor, 120);
    const double min = chart.visibleMinIteration();
    const double max = chart.visibleMaxIteration();
    QVERIFY(!chart.followsLatest());
    QVERIFY(std::abs((max - min) - 8000.0) < 1e-6);
    // The iteration under the pointer stays where it was: a quarter of the way across.
    QVERIFY(std::abs((2500.0 - min) / (max - min) - 0.25) < 0.002);

    sendWheel(viewport, anchor, -240);
    QCOMPARE(chart.visibleMinIteration(), 0.0);
    QCOMPARE(chart.visibleMaxIteration(), 10'000.0);
}

void tst_LossChart::dragZoomsAndPans()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(10'000, pointAt(0, 1.0));
    chart.appendBatch(batchOf(1, 10'000, flatLoss));
    QWidget *viewport = viewOf(chart)->viewport();

    // A rectangle from iteration 2000 to 4000 and MSE 1.04 down to 0.96.
    const QPoint from = viewportPosition(chart, QPointF(2000.0, 1.04));
    const QPoint to = viewportPosition(chart, QPointF(4000.0, 0.96));
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    const double step = 10'000.0 / plotAreaOf(chart).width();
    QVERIFY2(std::abs(chart.visibleMinIteration() - 2000.0) <= 2.0 * step,
        qPrintable(QString::number(chart.visibleMinIteration())));
    QVERIFY(std::abs(chart.visibleMaxIteration() - 4000.0) <= 2.0 * step);
    QVERIFY(!chart.followsLatest());
    const Range y = yRangeOf(chart);
    QVERIFY2(std::abs(y.max - 1.04) < 0.01 && std::abs(y.min - 0.96) < 0.01,
        qPrintable(QStringLiteral("y [%1, %2]").arg(y.min).arg(y.max)));

    // Shift+drag by a quarter of the plot width to the left shows later iterations.
    const double width = chart.visibleMaxIteration() - chart.visibleMinIteration();
    const double minBefore = chart.visibleMinIteration();
    const QPoint centre = plotAreaOf(chart).center().toPoint();
    const QPoint left = centre - QPoint(int(plotAreaOf(chart).width() / 4.0), 0);
    QTest::mousePress(viewport, Qt::LeftButton, Qt::ShiftModifier, centre);
    QTest::mouseMove(viewport, left);
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::ShiftModifier, left);
    QVERIFY2(std::abs(chart.visibleMinIteration() - (minBefore + width / 4.0))
            <= 2.0 * width / plotAreaOf(chart).width(),
        qPrintable(QString::number(chart.visibleMinIteration())));
    QCOMPARE(chart.visibleMaxIteration() - chart.visibleMinIteration(), width);

    QTest::mouseDClick(viewport, Qt::LeftButton, {}, centre);
    QCOMPARE(chart.visibleMinIteration(), 0.0);
    QCOMPARE(chart.visibleMaxIteration(), 10'000.0);
    QVERIFY(yRangeOf(chart).max > 1.05);
}

void tst_LossChart::keysPanAndReset()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(10'000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 10'000, flatLoss);
    batch.spikes.push_back(spikeUpdate(0, 5000, 5000, 5010, 3.0, 1.0, SpikeCause::Unknown));
    chart.appendBatch(batch);
    chart.showSpike(0);
    const double min = chart.visibleMinIteration();
    const double width = chart.visibleMaxIteration() - min;

    QChartView *view = viewOf(chart);
    QTest::keyClick(view, Qt::Key_Right);
    QVERIFY(std::abs(chart.visibleMinIteration() - (min + 0.1 * width)) < 1e-6 * width);
    QTest::keyClick(view, Qt::Key_Left);
    QTest::keyClick(view, Qt::Key_Left);
    QVERIFY(std::abs(chart.visibleMinIteration() - (min - 0.1 * width)) < 1e-6 * width);
    QTest::keyClick(view, Qt::Key_Up);
    QVERIFY(std::abs(chart.visibleMaxIteration() - chart.visibleMinIteration() - 0.8 * width)
        < 1e-6 * width);
    QTest::keyClick(view, Qt::Key_Home);
    QCOMPARE(chart.visibleMinIteration(), 0.0);
    QCOMPARE(chart.visibleMaxIteration(), 10'000.0);
}

void tst_LossChart::hoverReportsNearestPoint()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(400, pointAt(0, fallingLoss(0)));
    chart.appendBatch(batchOf(1, 400, fallingLoss));
    QSignalSpy hovered(&chart, &LossChart::hovered);

    sendHover(viewOf(chart)->viewport(), viewportPosition(chart, QPointF(250.2, fallingLoss(250))));
    QTRY_COMPARE(hovered.size(), 1);
    QCOMPARE(hovered.front().at(0).value<qint64>(), qint64(250));
    QCOMPARE(hovered.front().at(1).toDouble(), fallingLoss(250));
    const auto *readout = chart.findChild<QLabel *>(QStringLiteral("hoverReadout"));
    QVERIFY(readout);
    QVERIFY2(readout->text().startsWith(
                 QStringLiteral("Iteration 250: MSE %1").arg(fallingLoss(250), 0, 'g', 4)),
        qPrintable(readout->text()));
}

void tst_LossChart::markerClickAndTooltip()
{
    LossChart chart;
    QVERIFY(showAndLayOut(chart));
    chart.startRun(1000, pointAt(0, 1.0));
    TrainingBatch batch = batchOf(1, 1000, [](qint64 iteration) {
        return iteration >= 100 && iteration < 130 ? 3.0 + 0.1 * double(iteration - 100)
                                                   : flatLoss(iteration);
    });
    batch.spikes.push_back(spikeUpdate(0, 300, 301, 302, 1.3, 1.0, SpikeCause::Unknown));
    batch.spikes.push_back(spikeUpdate(1, 100, 129, 130, 5.9, 0.48, SpikeCause::ExplodingGradient,
        QStringLiteral("The gradient norm was 40x its recent median.")));
    chart.appendBatch(batch);
    QSignalSpy clicked(&chart, &LossChart::spikeClicked);

    QWidget *viewport = viewOf(chart)->viewport();
    const QPoint marker = viewportPosition(chart, QPointF(129.0, 5.9));
    sendHover(viewport, marker);
    QTRY_VERIFY(QToolTip::isVisible());
    const QString tip = QToolTip::text();
    QVERIFY2(tip.contains(QStringLiteral("peak at iteration 129")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("Iterations 100\u2013130")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("\u00d712.3")), qPrintable(tip));
    QVERIFY2(tip.contains(causeLabel(SpikeCause::ExplodingGradient)), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("40x its recent median")), qPrintable(tip));

    QTest::mouseClick(viewport, Qt::LeftButton, {}, marker);
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.front().at(0).toInt(), 1);

    // A click on the plot away from any marker emits nothing and keeps the view.
    QTest::mouseClick(viewport, Qt::LeftButton, {}, viewportPosition(chart, QPointF(700.0, 1.0)));
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(chart.visibleMaxIteration(), 1000.0);
}

void tst_LossChart::controlsReportViewChanges()
{
    LossChart chart;
    QSignalSpy changed(&chart, &LossChart::viewOptionsChanged);
    chart.setLogScale(true);
    chart.setFollowLatest(false);
    chart.setSmoothing(0.5);
    QCOMPARE(changed.size(), 0);

    QCheckBox *logBox = nullptr;
    for (QCheckBox *box : chart.findChildren<QCheckBox *>()) {
        if (box->text().contains(QStringLiteral("Log")))
            logBox = box;
    }
    QVERIFY(logBox);
    QVERIFY(logBox->isChecked());
    logBox->click();
    QCOMPARE(changed.size(), 1);
    QVERIFY(!chart.isLogScale());
}

void tst_LossChart::fontScalesChart()
{
    LossChart chart;
    const qreal normalSize = peaksOf(chart, SpikeCause::Unknown)->markerSize();
    QFont large = chart.font();
    large.setPixelSize(26);
    chart.setFont(large);
    QCOMPARE(peaksOf(chart, SpikeCause::Unknown)->markerSize(), 2.0 * normalSize);
    const QAbstractAxis *xAxis = viewOf(chart)->chart()->axes(Qt::Horizontal).value(0);
    QCOMPARE(xAxis->labelsFont().pixelSize(), 26);
    QCOMPARE(viewOf(chart)->chart()->legend()->font().pixelSize(), 26);
}

void tst_LossChart::presentationModeThickensAndRestores()
{
    LossChart chart;
    QChart *qchart = viewOf(chart)->chart();
    const QAbstractAxis *xAxis = qchart->axes(Qt::Horizontal).value(0);
    const QPen rawPen = lineNamed(chart, QStringLiteral("trainingMse"))->pen();
    const QPen smoothedPen = lineNamed(chart, QStringLiteral("smoothedTrainingMse"))->pen();
    const QPen testPen = lineNamed(chart, QStringLiteral("testMse"))->pen();
    const qreal markerSize = peaksOf(chart, SpikeCause::OutlierBatch)->markerSize();
    const QPen axisPen = xAxis->linePen();
    const QPen gridPen = xAxis->gridLinePen();
    const QBrush labels = xAxis->labelsBrush();
    QVERIFY(!qchart->isBackgroundVisible());
    QVERIFY(!chart.isPresentationMode());

    QSignalSpy viewChanges(&chart, &LossChart::viewOptionsChanged);
    chart.setPresentationMode(true);
    QVERIFY(chart.isPresentationMode());
    QCOMPARE(lineNamed(chart, QStringLiteral("trainingMse"))->pen().widthF(),
        2.0 * rawPen.widthF());
    QCOMPARE(lineNamed(chart, QStringLiteral("smoothedTrainingMse"))->pen().widthF(),
        2.0 * smoothedPen.widthF());
    QCOMPARE(lineNamed(chart, QStringLiteral("testMse"))->pen().widthF(), 2.0 * testPen.widthF());
    QCOMPARE(peaksOf(chart, SpikeCause::OutlierBatch)->markerSize(), 1.25 * markerSize);
    QVERIFY(qchart->isBackgroundVisible());
    QCOMPARE(qchart->backgroundBrush().color(), QColor(Qt::white));
    QCOMPARE(xAxis->linePen().color(), QColor(Qt::black));
    QCOMPARE(xAxis->labelsBrush().color(), QColor(Qt::black));
    QCOMPARE(qchart->legend()->labelColor(), QColor(Qt::black));
    QVERIFY(qGray(xAxis->gridLinePen().color().rgb()) < 100);
    QCOMPARE(viewChanges.size(), 0);

    chart.setPresentationMode(false);
    QCOMPARE(lineNamed(chart, QStringLiteral("trainingMse"))->pen(), rawPen);
    QCOMPARE(lineNamed(chart, QStringLiteral("smoothedTrainingMse"))->pen(), smoothedPen);
    QCOMPARE(lineNamed(chart, QStringLiteral("testMse"))->pen(), testPen);
    QCOMPARE(peaksOf(chart, SpikeCause::OutlierBatch)->markerSize(), markerSize);
    QCOMPARE(xAxis->linePen(), axisPen);
    QCOMPARE(xAxis->gridLinePen(), gridPen);
    QCOMPARE(xAxis->labelsBrush(), labels);
    QVERIFY(!qchart->isBackgroundVisible());
}

void tst_LossChart::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("INITLAB_SCREENSHOT_DIR is not set");

    LossChart chart;
    QVERIFY(showAndLayOut(chart, QSize(1100, 620)));
    chart.startRun(20'000, pointAt(0, fallingLoss(0), fallingLoss(0) * 1.2));
    TrainingBatch batch;
    for (qint64 iteration = 1; iteration <= 16'000; ++iteration) {
        double mse = fallingLoss(iteration);
        if (iteration >= 4000 && iteration < 4060)
            mse *= 1.0 + 6.0 * std::exp(-double(iteration - 4000) / 12.0);
        if (iteration >= 9000 && iteration < 9030)
            mse *= 1.0 + 900.0 * std::exp(-double(iteration - 9000) / 5.0);
        if (iteration == 12'500)
            mse *= 8.0;
        // A loss of exactly 0, which the log scale leaves out and counts in its notice.
        if (iteration == 15'000)
            mse = 0.0;
        const double test = iteration % 50 == 0 ? fallingLoss(iteration) * 1.2 + 0.004 : notANumber;
        batch.points.push_back(pointAt(iteration, mse, test));
    }
    batch.spikes.push_back(spikeUpdate(0, 4000, 4000, 4060, fallingLoss(4000) * 7.0,
        fallingLoss(4000), SpikeCause::LearningRateTooHigh,
        QStringLiteral("Step size x sharpness was 3.1, above the "
                       "stability limit 2.")));
    batch.spikes.push_back(spikeUpdate(1, 9000, 9000, 9030, fallingLoss(9000) * 901.0,
        fallingLoss(9000), SpikeCause::ExplodingGradient,
        QStringLiteral("The gradient norm was 250x its recent median.")));
    batch.spikes.push_back(spikeUpdate(2, 12'500, 12'500, 12'511, fallingLoss(12'500) * 8.0,
        fallingLoss(12'500), SpikeCause::OutlierBatch));
    batch.events.push_back({3000, QStringLiteral("learning rate 0.1 -> 0.5")});
    batch.events.push_back({3400, QStringLiteral("learning rate 0.5 -> 0.2")});
    batch.events.push_back({11'000, QStringLiteral("paused")});
    chart.appendBatch(batch);
    chart.markDiverged(16'000, QStringLiteral("Diverged at iteration 16000: the MSE is NaN"));
    sendHover(viewOf(chart)->viewport(), viewportPosition(chart, QPointF(6500.0, 0.02)));
    QCoreApplication::processEvents();

    QVERIFY(chart.grab().save(QDir(directory).filePath(QStringLiteral("losschart.png"))));
    chart.setLogScale(true);
    QCoreApplication::processEvents();
    QVERIFY(chart.grab().save(QDir(directory).filePath(QStringLiteral("losschart-log.png"))));
    chart.showSpike(1);
    QCoreApplication::processEvents();
    QVERIFY(chart.grab().save(QDir(directory).filePath(QStringLiteral("losschart-spike.png"))));
    QFont large = chart.font();
    large.setPixelSize(24);
    chart.setFont(large);
    chart.setLogScale(false);
    chart.resetZoom();
    QCoreApplication::processEvents();
    QCoreApplication::processEvents();
    QVERIFY(
        chart.grab().save(QDir(directory).filePath(QStringLiteral("losschart-large-font.png"))));
}

QTEST_MAIN(tst_LossChart)
#include "tst_losschart.moc"
