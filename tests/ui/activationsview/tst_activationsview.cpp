// The activations view: header, titles and notes per layer for known snapshots, the output row
// without an activation plot, reuse of the row widgets, the empty state, and the pixels drawn.
// With INITLAB_SCREENSHOT_DIR set, it also saves a picture of a three-layer tanh snapshot.

#include "activationsview.h"

#include "../insighttestdata.h"
#include "histogramplot.h"
#include "insightstyle.h"

#include <QDir>
#include <QLabel>
#include <QPointer>
#include <QScrollArea>
#include <QTest>

#include <limits>

using namespace initlab;
using insighttestdata::histogramOfCounts;

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

LayerInsight hiddenLayer(int number, int units, int inputs)
{
    LayerInsight layer;
    layer.layer = number;
    layer.units = units;
    layer.inputs = inputs;
    layer.preActivation = histogramOfCounts(-2.0, 2.0, {3, 10, 40, 10, 3});
    layer.preActivation.std = 0.84;
    layer.preActivationInitial = histogramOfCounts(-2.0, 2.0, {5, 12, 30, 12, 5});
    layer.referenceStd = 1.02;
    layer.activation = histogramOfCounts(-1.0, 1.0, {20, 5, 10, 5, 20});
    layer.activationInitial = histogramOfCounts(-1.0, 1.0, {4, 12, 20, 12, 4});
    layer.saturatedShare = 0.125;
    layer.saturatedShareInitial = 0.03;
    return layer;
}

LayerInsight outputLayer(int number, int inputs)
{
    LayerInsight layer = hiddenLayer(number, 1, inputs);
    layer.output = true;
    layer.activation = {};
    layer.activationInitial = {};
    layer.saturatedShare = notANumber;
    layer.saturatedShareInitial = notANumber;
    return layer;
}

// Layers 2-32-32-1.
InsightSnapshot threeLayers(qint64 iteration)
{
    InsightSnapshot snapshot;
    snapshot.iteration = iteration;
    snapshot.activation = Activation::Tanh;
    snapshot.probeSamples = 1000;
    snapshot.layers = {hiddenLayer(1, 32, 2), hiddenLayer(2, 32, 32), outputLayer(3, 32)};
    return snapshot;
}

template<typename T> T *child(const QWidget &view, const QString &name)
{
    return view.findChild<T *>(name, Qt::FindChildrenRecursively);
}

} // namespace

class tst_ActivationsView : public QObject
{
    Q_OBJECT

private slots:
    void emptyBeforeFirstSnapshot();
    void headerNamesIterationSamplesActivation();
    void rowShowsTitlesAndNotes();
    void rowForwardsHistograms();
    void activationNoteText_data();
    void activationNoteText();
    void preActivationNoteText_data();
    void preActivationNoteText();
    void outputLayerHasNoActivationPlot();
    void sameLayerCountReusesRows();
    void differentLayerCountRebuildsRows();
    void clearShowsEmptyState();
    void snapshotWithoutLayersShowsEmptyState();
    void presentationModeReachesPlots();
    void barPixelsHaveBarColour();
    void saveScreenshot();
};

void tst_ActivationsView::emptyBeforeFirstSnapshot()
{
    ActivationsView view;
    QVERIFY(!view.hasData());
    QCOMPARE(view.iteration(), qint64(-1));
    auto *empty = child<QLabel>(view, QStringLiteral("emptyStateLabel"));
    QVERIFY(empty);
    QCOMPARE(empty->text(), QStringLiteral("Start or step a run to see each layer's signals."));
    QVERIFY(!empty->isHidden());
    QVERIFY(child<QScrollArea>(view, QStringLiteral("layerScrollArea"))->isHidden());
    QVERIFY(!child<HistogramPlot>(view, QStringLiteral("layer1PreActivationPlot")));
}

void tst_ActivationsView::headerNamesIterationSamplesActivation()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(1200));
    QVERIFY(view.hasData());
    QCOMPARE(view.iteration(), qint64(1200));
    auto *header = child<QLabel>(view, QStringLiteral("headerLabel"));
    QCOMPARE(
        header->text(), QStringLiteral("Iteration 1200 \u00B7 1000 probe samples \u00B7 tanh"));
    QVERIFY(!header->isHidden());
    QVERIFY(child<QLabel>(view, QStringLiteral("emptyStateLabel"))->isHidden());
    QVERIFY(!child<QScrollArea>(view, QStringLiteral("layerScrollArea"))->isHidden());

    InsightSnapshot relu = threeLayers(5);
    relu.activation = Activation::Relu;
    relu.probeSamples = 1;
    view.setSnapshot(relu);
    QCOMPARE(header->text(), QStringLiteral("Iteration 5 \u00B7 1 probe sample \u00B7 relu"));
}

void tst_ActivationsView::rowShowsTitlesAndNotes()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(1200));

    auto *pre = child<HistogramPlot>(view, QStringLiteral("layer2PreActivationPlot"));
    QVERIFY(pre);
    QCOMPARE(pre->title(), QStringLiteral("Layer 2 pre-activations z (32 units)"));
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer2PreActivationNote"))->text(),
        QStringLiteral("std 0.84, initializer aims for 1.02"));

    auto *activation = child<HistogramPlot>(view, QStringLiteral("layer2ActivationPlot"));
    QVERIFY(activation);
    QCOMPARE(activation->title(), QStringLiteral("Layer 2 activations a = tanh(z)"));
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer2ActivationNote"))->text(),
        QStringLiteral("saturated: 12.5% (at init 3.0%)"));

    QCOMPARE(child<HistogramPlot>(view, QStringLiteral("layer3PreActivationPlot"))->title(),
        QStringLiteral("Layer 3 pre-activations z (1 unit, output)"));
}

void tst_ActivationsView::rowForwardsHistograms()
{
    ActivationsView view;
    InsightSnapshot snapshot = threeLayers(10);
    snapshot.layers[0].referenceStd = 0.5;
    view.setSnapshot(snapshot);

    auto *pre = child<HistogramPlot>(view, QStringLiteral("layer1PreActivationPlot"));
    QCOMPARE(pre->histogram().counts, (std::vector<qint64> {3, 10, 40, 10, 3}));
    QCOMPARE(pre->initialHistogram().counts, (std::vector<qint64> {5, 12, 30, 12, 5}));
    QCOMPARE(pre->referenceStd(), 0.5);
    QVERIFY(pre->drawsReference());

    // Activations are drawn against their initial values, without a reference curve.
    auto *activation = child<HistogramPlot>(view, QStringLiteral("layer1ActivationPlot"));
    QCOMPARE(activation->histogram().counts, (std::vector<qint64> {20, 5, 10, 5, 20}));
    QCOMPARE(activation->initialHistogram().counts, (std::vector<qint64> {4, 12, 20, 12, 4}));
    QVERIFY(!activation->drawsReference());
}

void tst_ActivationsView::activationNoteText_data()
{
    QTest::addColumn<double>("saturated");
    QTest::addColumn<double>("saturatedInitial");
    QTest::addColumn<double>("dead");
    QTest::addColumn<double>("deadInitial");
    QTest::addColumn<QString>("text");
    QTest::newRow("tanh saturation") << 0.125 << 0.03 << notANumber << notANumber
                                     << QStringLiteral("saturated: 12.5% (at init 3.0%)");
    QTest::newRow("saturation without initial")
        << 0.5 << notANumber << notANumber << notANumber << QStringLiteral("saturated: 50.0%");
    QTest::newRow("relu dead units") << notANumber << notANumber << 0.25 << 0.0
                                     << QStringLiteral("dead units: 25% (at init 0%)");
    QTest::newRow("one dead unit of 32") << notANumber << notANumber << 1.0 / 32.0 << 0.0
                                         << QStringLiteral("dead units: 3.1% (at init 0%)");
    QTest::newRow("both shares NaN")
        << notANumber << notANumber << notANumber << notANumber << QString();
}

void tst_ActivationsView::activationNoteText()
{
    QFETCH(double, saturated);
    QFETCH(double, saturatedInitial);
    QFETCH(double, dead);
    QFETCH(double, deadInitial);
    QFETCH(QString, text);

    InsightSnapshot snapshot = threeLayers(1);
    snapshot.layers[1].saturatedShare = saturated;
    snapshot.layers[1].saturatedShareInitial = saturatedInitial;
    snapshot.layers[1].deadShare = dead;
    snapshot.layers[1].deadShareInitial = deadInitial;
    QCOMPARE(initlab::activationNoteText(snapshot.layers[1]), text);

    ActivationsView view;
    view.setSnapshot(snapshot);
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer2ActivationNote"))->text(), text);
}

void tst_ActivationsView::preActivationNoteText_data()
{
    QTest::addColumn<double>("std");
    QTest::addColumn<double>("referenceStd");
    QTest::addColumn<QString>("text");
    QTest::newRow("both") << 0.84 << 1.02 << QStringLiteral("std 0.84, initializer aims for 1.02");
    QTest::newRow("large values") << 12.345 << 0.0123
                                  << QStringLiteral("std 12.3, initializer aims for 0.012");
    QTest::newRow("no reference") << 0.84 << notANumber << QStringLiteral("std 0.84");
    QTest::newRow("no values") << notANumber << notANumber << QString();
}

void tst_ActivationsView::preActivationNoteText()
{
    QFETCH(double, std);
    QFETCH(double, referenceStd);
    QFETCH(QString, text);

    LayerInsight layer = hiddenLayer(1, 4, 1);
    layer.preActivation.std = std;
    layer.referenceStd = referenceStd;
    QCOMPARE(initlab::preActivationNoteText(layer), text);
}

void tst_ActivationsView::outputLayerHasNoActivationPlot()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(1200));
    QVERIFY(child<HistogramPlot>(view, QStringLiteral("layer3ActivationPlot"))->isHidden());
    QVERIFY(child<QLabel>(view, QStringLiteral("layer3ActivationNote"))->isHidden());
    QVERIFY(!child<HistogramPlot>(view, QStringLiteral("layer3PreActivationPlot"))->isHidden());
    QVERIFY(!child<HistogramPlot>(view, QStringLiteral("layer2ActivationPlot"))->isHidden());

    // The same row shows its activations again when a snapshot marks the layer as hidden.
    InsightSnapshot snapshot = threeLayers(1300);
    snapshot.layers[2] = hiddenLayer(3, 8, 32);
    view.setSnapshot(snapshot);
    QVERIFY(!child<HistogramPlot>(view, QStringLiteral("layer3ActivationPlot"))->isHidden());
}

void tst_ActivationsView::sameLayerCountReusesRows()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(100));
    const QList<HistogramPlot *> plots = view.findChildren<HistogramPlot *>();
    QCOMPARE(plots.size(), 6);
    auto *row = child<QWidget>(view, QStringLiteral("layer2Row"));
    auto *note = child<QLabel>(view, QStringLiteral("layer2ActivationNote"));

    InsightSnapshot next = threeLayers(200);
    next.layers[1].saturatedShare = 0.2;
    view.setSnapshot(next);
    QCOMPARE(view.findChildren<HistogramPlot *>(), plots);
    QCOMPARE(child<QWidget>(view, QStringLiteral("layer2Row")), row);
    QCOMPARE(child<QLabel>(view, QStringLiteral("layer2ActivationNote")), note);
    QCOMPARE(note->text(), QStringLiteral("saturated: 20.0% (at init 3.0%)"));
    QCOMPARE(view.iteration(), qint64(200));
}

void tst_ActivationsView::differentLayerCountRebuildsRows()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(100));
    const QPointer<QWidget> oldRow = child<QWidget>(view, QStringLiteral("layer1Row"));
    QVERIFY(oldRow);

    InsightSnapshot twoLayers = threeLayers(0);
    twoLayers.layers = {hiddenLayer(1, 16, 2), outputLayer(2, 16)};
    view.setSnapshot(twoLayers);
    QVERIFY(oldRow.isNull());
    QCOMPARE(view.findChildren<HistogramPlot *>().size(), 4);
    QVERIFY(!child<QWidget>(view, QStringLiteral("layer3Row")));
    QCOMPARE(child<HistogramPlot>(view, QStringLiteral("layer1PreActivationPlot"))->title(),
        QStringLiteral("Layer 1 pre-activations z (16 units)"));
    QVERIFY(child<HistogramPlot>(view, QStringLiteral("layer2ActivationPlot"))->isHidden());
}

void tst_ActivationsView::clearShowsEmptyState()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(100));
    view.clear();
    QVERIFY(!view.hasData());
    QCOMPARE(view.iteration(), qint64(-1));
    QVERIFY(!child<QLabel>(view, QStringLiteral("emptyStateLabel"))->isHidden());
    QVERIFY(child<QScrollArea>(view, QStringLiteral("layerScrollArea"))->isHidden());
    QVERIFY(child<QLabel>(view, QStringLiteral("headerLabel"))->isHidden());
    QVERIFY(view.findChildren<HistogramPlot *>().isEmpty());

    view.setSnapshot(threeLayers(300));
    QVERIFY(view.hasData());
    QCOMPARE(view.findChildren<HistogramPlot *>().size(), 6);
}

void tst_ActivationsView::snapshotWithoutLayersShowsEmptyState()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(100));
    InsightSnapshot empty;
    empty.iteration = 150;
    view.setSnapshot(empty);
    QVERIFY(!view.hasData());
    QVERIFY(!child<QLabel>(view, QStringLiteral("emptyStateLabel"))->isHidden());
}

void tst_ActivationsView::presentationModeReachesPlots()
{
    ActivationsView view;
    view.setSnapshot(threeLayers(100));
    view.setPresentationMode(true);
    for (const HistogramPlot *plot : view.findChildren<HistogramPlot *>())
        QVERIFY(plot->isPresentationMode());

    // Rows built later start in the mode too.
    InsightSnapshot twoLayers = threeLayers(0);
    twoLayers.layers = {hiddenLayer(1, 16, 2), outputLayer(2, 16)};
    view.setSnapshot(twoLayers);
    for (const HistogramPlot *plot : view.findChildren<HistogramPlot *>())
        QVERIFY(plot->isPresentationMode());
}

void tst_ActivationsView::barPixelsHaveBarColour()
{
    ActivationsView view;
    view.resize(900, 700);
    view.setSnapshot(threeLayers(100));
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));

    auto *plot = child<HistogramPlot>(view, QStringLiteral("layer1PreActivationPlot"));
    QVERIFY(plot->width() > 100);
    const QImage image = plot->grab().toImage();
    // Bin 2 contains 40 of the 66 values, the tallest bar.
    const QPoint inside = plot->barRect(2).center().toPoint();
    QCOMPARE(QColor(image.pixel(inside)), insightstyle::currentColor());
}

void tst_ActivationsView::saveScreenshot()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("INITLAB_SCREENSHOT_DIR is not set");

    ActivationsView view;
    view.resize(900, 820);
    view.setSnapshot(insighttestdata::realisticTanhSnapshot());
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QString path = QDir(directory).filePath(QStringLiteral("activations.png"));
    QVERIFY2(view.grab().save(path), qPrintable(path));
}

QTEST_MAIN(tst_ActivationsView)

#include "tst_activationsview.moc"
