// The gradient norms per layer: points per layer, hidden values, thinning that keeps spikes,
// clearing and the log axis range, checked through the public API and the chart's series. With
// INITLAB_SCREENSHOT_DIR set, it also saves a picture of a run with an exploding layer.

#include "gradientnormsview.h"

#include <QChart>
#include <QDir>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QTest>
#include <QValueAxis>

#include <cmath>
#include <limits>

using namespace initlab;

namespace {

constexpr float notANumber = std::numeric_limits<float>::quiet_NaN();
constexpr float infinity = std::numeric_limits<float>::infinity();

// Points first..first+count-1, each with gradient norms norm(iteration, layer) of layers layers.
template<typename Norm> TrainingBatch batchOf(qint64 first, qint64 count, int layers, Norm norm)
{
    TrainingBatch batch;
    batch.layerCount = layers;
    for (qint64 iteration = first; iteration < first + count; ++iteration) {
        TrainingPoint point;
        point.iteration = iteration;
        point.mse = 0.1;
        point.gradNorm = 1.0;
        batch.points.push_back(point);
        for (int layer = 1; layer <= layers; ++layer)
            batch.layerGradNorms.push_back(norm(iteration, layer));
    }
    return batch;
}

QList<QLineSeries *> lineSeries(const GradientNormsView &view)
{
    QList<QLineSeries *> lines;
    for (QAbstractSeries *series : view.chart()->series())
        lines.append(qobject_cast<QLineSeries *>(series));
    return lines;
}

QLogValueAxis *logAxis(const GradientNormsView &view)
{
    return qobject_cast<QLogValueAxis *>(view.chart()->axes(Qt::Vertical).value(0));
}

} // namespace

class tst_GradientNormsView : public QObject
{
    Q_OBJECT

private slots:
    void clearSetsUpLegend();
    void appendAddsPointsPerLayer();
    void hiddenValuesAreCounted_data();
    void hiddenValuesAreCounted();
    void unmeasuredRowIsNotCounted();
    void thinningKeepsSpikeAndBounds();
    void clearResets();
    void logAxisCoversData();
    void mismatchedBatchIsIgnored();
    void presentationDoublesPens();
    void redrawIsCoalesced();
    void screenshot();
};

void tst_GradientNormsView::clearSetsUpLegend()
{
    GradientNormsView view;
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("emptyLabel"))
                ->text()
                .contains(QStringLiteral("Start a run")));
    view.clear({32, 16, 1});
    QCOMPARE(view.layerCount(), 3);
    const QList<QLineSeries *> lines = lineSeries(view);
    QCOMPARE(lines.size(), 3);
    QCOMPARE(lines[0]->name(), QStringLiteral("layer 1 (32 units)"));
    QCOMPARE(lines[1]->name(), QStringLiteral("layer 2 (16 units)"));
    QCOMPARE(lines[2]->name(), QStringLiteral("output"));
    // Okabe-Ito orange, then sky blue.
    QCOMPARE(lines[0]->pen().color(), QColor(0xE6, 0x9F, 0x00));
    QCOMPARE(lines[1]->pen().color(), QColor(0x56, 0xB4, 0xE9));
    QCOMPARE(view.chart()->title(), QStringLiteral("Gradient norm per layer"));
    QCOMPARE(view.lastIteration(), qint64(-1));
}

void tst_GradientNormsView::appendAddsPointsPerLayer()
{
    GradientNormsView view;
    view.clear({8, 1});
    view.appendBatch(batchOf(1, 10, 2, [](qint64 i, int layer) { return float(i * layer); }));
    view.redraw();
    QCOMPARE(view.pointCount(1), 10);
    QCOMPARE(view.pointCount(2), 10);
    QCOMPARE(view.pointCount(0), 0);
    QCOMPARE(view.pointCount(3), 0);
    QCOMPARE(view.lastIteration(), qint64(10));
    const QList<QLineSeries *> lines = lineSeries(view);
    QCOMPARE(lines[0]->count(), 10);
    QCOMPARE(lines[1]->at(3), QPointF(4.0, 8.0));
    QCOMPARE(lines[0]->at(9), QPointF(10.0, 10.0));
    QCOMPARE(view.hiddenValueCount(), qint64(0));
}

void tst_GradientNormsView::hiddenValuesAreCounted_data()
{
    QTest::addColumn<float>("value");
    QTest::newRow("zero") << 0.0f;
    QTest::newRow("negative") << -1.0f;
    QTest::newRow("NaN") << notANumber;
    QTest::newRow("infinity") << infinity;
}

void tst_GradientNormsView::hiddenValuesAreCounted()
{
    QFETCH(float, value);
    GradientNormsView view;
    view.clear({4, 1});
    // Every third point of layer 1 has the value, 4 of 12 points.
    view.appendBatch(batchOf(1, 12, 2,
        [value](qint64 i, int layer) { return layer == 1 && i % 3 == 0 ? value : 0.5f; }));
    view.redraw();
    QCOMPARE(view.pointCount(1), 8);
    QCOMPARE(view.pointCount(2), 12);
    QCOMPARE(view.hiddenValueCount(), qint64(4));
    const auto *note = view.findChild<QLabel *>(QStringLiteral("hiddenValuesNote"));
    QVERIFY(!note->isHidden());
    QCOMPARE(note->text(), QStringLiteral("4 values not shown: 0, NaN or infinite"));
}

void tst_GradientNormsView::unmeasuredRowIsNotCounted()
{
    GradientNormsView view;
    view.clear({4, 1});
    // Row 0 has no gradient: NaN for the whole and for each layer.
    TrainingBatch batch =
        batchOf(0, 3, 2, [](qint64 i, int) { return i == 0 ? notANumber : 1.0f; });
    batch.points[0].gradNorm = std::numeric_limits<double>::quiet_NaN();
    view.appendBatch(batch);
    view.redraw();
    QCOMPARE(view.pointCount(1), 2);
    QCOMPARE(view.hiddenValueCount(), qint64(0));
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("hiddenValuesNote"))->isHidden());
}

void tst_GradientNormsView::thinningKeepsSpikeAndBounds()
{
    GradientNormsView view;
    view.clear({4, 1});
    // 100,000 iterations in batches of 1000, with one spike of 1e6 in layer 1 at iteration 54321.
    for (qint64 first = 1; first <= 100'000; first += 1000) {
        view.appendBatch(batchOf(first, 1000, 2, [](qint64 i, int layer) {
            if (layer == 1 && i == 54'321)
                return 1e6f;
            return float(1.0 + 0.5 * std::sin(double(i)));
        }));
    }
    view.redraw();
    QVERIFY(view.pointCount(1) <= GradientNormsView::maxPointsPerLayer);
    QVERIFY(view.pointCount(1) >= GradientNormsView::maxPointsPerLayer / 2);
    QCOMPARE(view.lastIteration(), qint64(100'000));

    const QLineSeries *line = lineSeries(view)[0];
    QCOMPARE(line->count(), view.pointCount(1));
    double maximum = 0.0;
    double maximumAt = 0.0;
    for (const QPointF &point : line->points()) {
        if (point.y() > maximum) {
            maximum = point.y();
            maximumAt = point.x();
        }
    }
    QCOMPARE(maximum, 1e6);
    QCOMPARE(maximumAt, 54'321.0);
    // The other points are the larger values of their buckets: none falls below the sine's
    // minimum of 0.5, and most sit near its maximum 1.5.
    QVERIFY(line->at(line->count() / 2).y() > 1.4);
    QCOMPARE(line->at(line->count() - 1).x() <= 100'000.0, true);
    QVERIFY(line->at(line->count() - 1).x() > 99'000.0);
}

void tst_GradientNormsView::clearResets()
{
    GradientNormsView view;
    view.clear({4, 1});
    view.appendBatch(batchOf(1, 50, 2, [](qint64, int) { return 0.0f; }));
    view.redraw();
    QCOMPARE(view.hiddenValueCount(), qint64(100));
    view.clear({4, 4, 1});
    QCOMPARE(view.layerCount(), 3);
    QCOMPARE(view.pointCount(1), 0);
    QCOMPARE(view.lastIteration(), qint64(-1));
    QCOMPARE(view.hiddenValueCount(), qint64(0));
    QCOMPARE(lineSeries(view).size(), 3);
    QCOMPARE(lineSeries(view)[0]->count(), 0);
    QVERIFY(view.findChild<QLabel *>(QStringLiteral("hiddenValuesNote"))->isHidden());
}

void tst_GradientNormsView::logAxisCoversData()
{
    GradientNormsView view;
    view.clear({4, 4, 1});
    // Layer 1 explodes from 1 to 1e12 while the others stay near 1e-3.
    view.appendBatch(batchOf(1, 120, 3, [](qint64 i, int layer) {
        return layer == 1 ? float(std::pow(10.0, double(i) / 10.0)) : 1e-3f;
    }));
    view.redraw();
    const QLogValueAxis *axis = logAxis(view);
    QVERIFY(axis);
    QVERIFY(axis->min() < 1e-3);
    QVERIFY(axis->min() > 1e-5);
    QVERIFY(axis->max() > 1e12);
    QVERIFY(axis->max() < 1e14);
    // 15 decades do not get 15 labels.
    QVERIFY(axis->base() >= 100.0);
    const auto *xAxis = qobject_cast<QValueAxis *>(view.chart()->axes(Qt::Horizontal).value(0));
    QCOMPARE(xAxis->min(), 1.0);
    QCOMPARE(xAxis->max(), 120.0);
}

void tst_GradientNormsView::mismatchedBatchIsIgnored()
{
    GradientNormsView view;
    view.clear({4, 1});
    TrainingBatch batch = batchOf(1, 5, 2, [](qint64, int) { return 1.0f; });
    batch.layerGradNorms.pop_back();
    QTest::ignoreMessage(QtWarningMsg,
        "GradientNormsView::appendBatch: 9 layer gradient norms for 5 points of 2 layers; the "
        "batch is ignored");
    view.appendBatch(batch);
    view.redraw();
    QCOMPARE(view.pointCount(1), 0);
    QCOMPARE(view.lastIteration(), qint64(-1));
}

void tst_GradientNormsView::presentationDoublesPens()
{
    GradientNormsView view;
    view.clear({4, 1});
    const double normal = lineSeries(view)[0]->pen().widthF();
    view.setPresentationMode(true);
    QCOMPARE(lineSeries(view)[0]->pen().widthF(), 2.0 * normal);
    view.setPresentationMode(false);
    QCOMPARE(lineSeries(view)[0]->pen().widthF(), normal);
}

void tst_GradientNormsView::redrawIsCoalesced()
{
    GradientNormsView view;
    view.clear({4, 1});
    view.appendBatch(batchOf(1, 1, 2, [](qint64, int) { return 1.0f; }));
    // clear() has just redrawn, so these batches wait for the redraw timer, and the series keep
    // their old points until it fires.
    view.appendBatch(batchOf(2, 1, 2, [](qint64, int) { return 1.0f; }));
    view.appendBatch(batchOf(3, 1, 2, [](qint64, int) { return 1.0f; }));
    QCOMPARE(view.pointCount(1), 3);
    QVERIFY(lineSeries(view)[0]->count() < 3);
    QTRY_COMPARE(lineSeries(view)[0]->count(), 3);
}

void tst_GradientNormsView::screenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save a picture of the view");
    GradientNormsView view;
    view.resize(720, 440);
    view.clear({32, 32, 32, 1});
    for (qint64 first = 1; first <= 20'000; first += 500) {
        view.appendBatch(batchOf(first, 500, 4, [](qint64 i, int layer) {
            const double t = double(i);
            const double base = 0.3 * std::pow(0.5, layer) * (1.0 + 0.3 * std::sin(t * 0.01));
            // Layer 1 explodes after iteration 15000, and its values overflow at the end.
            if (layer == 1 && i > 15'000)
                return i > 19'990 ? infinity : float(base * std::exp((t - 15'000.0) / 300.0));
            return float(base * std::exp(-t / 8000.0));
        }));
    }
    view.show();
    view.redraw();
    QCoreApplication::processEvents();
    QVERIFY(view.grab().save(QDir(directory).filePath(QStringLiteral("gradient-norms.png"))));
}

QTEST_MAIN(tst_GradientNormsView)
#include "tst_gradientnormsview.moc"
