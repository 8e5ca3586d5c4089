// The histogram plot: where bars, outline and reference curve are drawn for known counts, the
// notices for empty and non-finite values, a zero-width range, and the colours of the pixels.

#include "histogramplot.h"

#include "../insighttestdata.h"
#include "insightstyle.h"

#include <QImage>
#include <QTest>

#include <cmath>
#include <numbers>

using namespace initlab;
using insighttestdata::histogramOfCounts;

namespace {

const QSize plotSize(400, 240);

// Counts over [-2, 2] in 8 bins of width 0.5. The tallest is bin 4 with 50.
Histogram eightBins()
{
    return histogramOfCounts(-2.0, 2.0, {2, 5, 12, 30, 50, 20, 8, 3});
}

int darkPixelCount(const QImage &image)
{
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (qGray(image.pixel(x, y)) < 60)
                ++count;
    return count;
}

} // namespace

class tst_HistogramPlot : public QObject
{
    Q_OBJECT

private slots:
    void tallestBarHasLargestCount();
    void barsSpanTheirBins();
    void referenceCurvePeaksAtZero();
    void narrowReferenceIsCutOff();
    void initialRangeWidensAxis();
    void emptyHistogramShowsNoValues();
    void nonFiniteCountIsReported_data();
    void nonFiniteCountIsReported();
    void zeroWidthRangeDrawsOneCentredBar();
    void barPixelsHaveBarColour();
    void presentationModeThickensLines();
    void titleTakesFontHeight();
};

void tst_HistogramPlot::tallestBarHasLargestCount()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(eightBins());

    int tallest = -1;
    double tallestTop = std::numeric_limits<double>::infinity();
    for (int bin = 0; bin < 8; ++bin) {
        if (plot.barRect(bin).top() < tallestTop) {
            tallestTop = plot.barRect(bin).top();
            tallest = bin;
        }
    }
    QCOMPARE(tallest, 4);

    // Without a reference curve the top of the plot is the tallest count plus 5% headroom.
    const QRectF area = plot.plotRect();
    QCOMPARE(plot.countRange(), 50.0 * 1.05);
    QVERIFY(qAbs(plot.barRect(4).height() - area.height() / 1.05) < 1e-9);
    QVERIFY(qAbs(plot.barRect(4).top() - (area.top() + area.height() * 0.05 / 1.05)) < 1e-9);
    QVERIFY(qAbs(plot.barRect(0).height() / plot.barRect(4).height() - 2.0 / 50.0) < 1e-9);
    QCOMPARE(plot.barRect(4).bottom(), area.bottom());
}

void tst_HistogramPlot::barsSpanTheirBins()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    Histogram histogram = eightBins();
    histogram.counts[6] = 0;
    histogram.total -= 8;
    plot.setHistogram(histogram);

    const QRectF area = plot.plotRect();
    QCOMPARE(plot.barRect(0).left(), area.left());
    QCOMPARE(plot.barRect(7).right(), area.right());
    for (int bin = 0; bin < 6; ++bin)
        QVERIFY(qAbs(plot.barRect(bin).width() - area.width() / 8.0) < 1e-9);
    QVERIFY(qAbs(plot.barRect(4).left() - plot.xPosition(0.0)) < 1e-9);
    QVERIFY(plot.barRect(6).isEmpty());
    QVERIFY(plot.barRect(-1).isEmpty());
    QVERIFY(plot.barRect(8).isEmpty());
}

void tst_HistogramPlot::referenceCurvePeaksAtZero()
{
    // 1000 values over [-3, 3] in 40 bins of width 0.15, spread like N(0, 1).
    std::vector<qint64> counts(40, 0);
    qint64 assigned = 0;
    for (int bin = 0; bin < 40; ++bin) {
        const double centre = -3.0 + 0.15 * (bin + 0.5);
        counts[std::size_t(bin)] = qint64(std::round(
            1000.0 * 0.15 * std::exp(-0.5 * centre * centre) / std::sqrt(2.0 * std::numbers::pi)));
        assigned += counts[std::size_t(bin)];
    }
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(histogramOfCounts(-3.0, 3.0, counts));
    plot.setReferenceStd(1.0);
    QVERIFY(plot.drawsReference());

    // total * binWidth * density(0) with density(0) = 1 / sqrt(2 pi).
    const double peak = double(assigned) * 0.15 / std::sqrt(2.0 * std::numbers::pi);
    QVERIFY(qAbs(plot.referenceCount(0.0) - peak) < 1e-9);
    const QRectF area = plot.plotRect();
    QVERIFY(qAbs(plot.referenceY(0.0) - (area.bottom() - peak / plot.countRange() * area.height()))
        < 1e-9);
    QVERIFY(plot.referenceY(0.0) < plot.referenceY(0.3));
    QVERIFY(plot.referenceY(0.0) < plot.referenceY(-0.3));
    QVERIFY(qAbs(plot.referenceY(0.7) - plot.referenceY(-0.7)) < 1e-9);
    // One std away the density is exp(-1/2) of its peak.
    QVERIFY(qAbs(plot.referenceCount(1.0) / peak - std::exp(-0.5)) < 1e-12);
}

void tst_HistogramPlot::narrowReferenceIsCutOff()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(eightBins());
    // Peak 130 * 0.5 / (0.01 sqrt(2 pi)), about 2600, far above the tallest bar of 50.
    plot.setReferenceStd(0.01);
    QCOMPARE(plot.countRange(), 2.0 * 50.0 * 1.05);
    QVERIFY(plot.referenceY(0.0) < plot.plotRect().top());

    plot.setReferenceStd(std::numeric_limits<double>::quiet_NaN());
    QVERIFY(!plot.drawsReference());
    QCOMPARE(plot.referenceCount(0.0), 0.0);
    QCOMPARE(plot.countRange(), 50.0 * 1.05);
}

void tst_HistogramPlot::initialRangeWidensAxis()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(histogramOfCounts(-1.0, 1.0, {10, 20, 10, 5}));
    plot.setInitialHistogram(histogramOfCounts(-4.0, 4.0, {5, 80, 10, 5}));

    const QRectF area = plot.plotRect();
    QCOMPARE(plot.xPosition(-4.0), area.left());
    QCOMPARE(plot.xPosition(4.0), area.right());
    QVERIFY(qAbs(plot.barRect(0).left() - (area.left() + area.width() * 3.0 / 8.0)) < 1e-9);
    // The initial counts are taller and set the top of the plot.
    QCOMPARE(plot.countRange(), 80.0 * 1.05);
}

void tst_HistogramPlot::emptyHistogramShowsNoValues()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(histogramOfCounts(0.0, 0.0, std::vector<qint64>(40, 0)));
    QCOMPARE(plot.noticeText(), QStringLiteral("no values"));
    QVERIFY(plot.barRect(0).isEmpty());
    QVERIFY(!plot.drawsReference());

    const QImage image = plot.grab().toImage();
    QVERIFY(!image.isNull());
    QVERIFY(darkPixelCount(image) > 0);
}

void tst_HistogramPlot::nonFiniteCountIsReported_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("nonFinite");
    QTest::addColumn<QString>("notice");
    QTest::newRow("one NaN among values")
        << qint64(130) << qint64(1) << QStringLiteral("1 value is NaN or infinite");
    QTest::newRow("several among values")
        << qint64(130) << qint64(17) << QStringLiteral("17 values are NaN or infinite");
    QTest::newRow("all values") << qint64(0) << qint64(32000)
                                << QStringLiteral("no values\n32000 values are NaN or infinite");
    QTest::newRow("none") << qint64(130) << qint64(0) << QString();
}

void tst_HistogramPlot::nonFiniteCountIsReported()
{
    QFETCH(qint64, total);
    QFETCH(qint64, nonFinite);
    QFETCH(QString, notice);

    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(eightBins());
    const double topWithout = plot.plotRect().top();

    Histogram histogram = total > 0 ? eightBins() : histogramOfCounts(0.0, 0.0, {});
    histogram.nonFinite = nonFinite;
    plot.setHistogram(histogram);
    QCOMPARE(plot.noticeText(), notice);
    // The non-finite line takes a line of text above the plot area.
    const double expectedShift = nonFinite > 0 ? QFontMetricsF(plot.font()).height() : 0.0;
    QVERIFY(qAbs(plot.plotRect().top() - topWithout - expectedShift) < 1e-9);
}

void tst_HistogramPlot::zeroWidthRangeDrawsOneCentredBar()
{
    std::vector<qint64> counts(40, 0);
    counts[0] = 64;
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(histogramOfCounts(0.1, 0.1, counts));
    plot.setReferenceStd(1.0);

    const QRectF area = plot.plotRect();
    const QRectF bar = plot.barRect(0);
    QVERIFY(!bar.isEmpty());
    QVERIFY(qAbs(bar.center().x() - area.center().x()) < 1e-9);
    QVERIFY(qAbs(bar.height() - area.height() / 1.05) < 1e-9);
    QVERIFY(bar.width() > 1.0 && bar.width() < area.width() / 2.0);
    QVERIFY(plot.barRect(1).isEmpty());
    // Without a bin width there is no count per bin to scale the reference to.
    QVERIFY(!plot.drawsReference());
    // The axis is widened by half the value on each side.
    QCOMPARE(plot.xPosition(0.05), area.left());
    QCOMPARE(plot.xPosition(0.15), area.right());
}

void tst_HistogramPlot::barPixelsHaveBarColour()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(eightBins());
    const QImage image = plot.grab().toImage();
    QCOMPARE(image.size(), plotSize);

    const QRectF bar = plot.barRect(4);
    const QPoint inside = bar.center().toPoint();
    QCOMPARE(QColor(image.pixel(inside)), insightstyle::currentColor());
    const QPoint corner(int(bar.left()) + 2, int(bar.bottom()) - 2);
    QCOMPARE(QColor(image.pixel(corner)), insightstyle::currentColor());
    // Above the short bar 0 lies the plot background.
    const QPoint above(int(plot.barRect(0).center().x()), int(plot.plotRect().top()) + 3);
    QCOMPARE(QColor(image.pixel(above)), plot.palette().color(QPalette::Base));
}

void tst_HistogramPlot::presentationModeThickensLines()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(histogramOfCounts(-2.0, 2.0, std::vector<qint64>(8, 0)));
    plot.setInitialHistogram(eightBins());
    QVERIFY(!plot.isPresentationMode());
    const int thin = darkPixelCount(plot.grab().toImage());

    plot.setPresentationMode(true);
    QVERIFY(plot.isPresentationMode());
    const int thick = darkPixelCount(plot.grab().toImage());
    // Outline and axis are the dark pixels besides the text, which stays the same.
    QVERIFY2(thick > thin + thin / 4, qPrintable(QStringLiteral("%1 vs %2").arg(thick).arg(thin)));
}

void tst_HistogramPlot::titleTakesFontHeight()
{
    HistogramPlot plot;
    plot.resize(plotSize);
    plot.setHistogram(eightBins());
    const double topWithout = plot.plotRect().top();
    plot.setTitle(QStringLiteral("Layer 1 pre-activations z (4 units)"));
    QCOMPARE(plot.title(), QStringLiteral("Layer 1 pre-activations z (4 units)"));
    QCOMPARE(plot.toolTip(), QStringLiteral("Layer 1 pre-activations z (4 units)"));
    const double small = plot.plotRect().top() - topWithout;

    QFont large = plot.font();
    large.setPointSizeF(large.pointSizeF() * 2.0);
    plot.setFont(large);
    const double big = plot.plotRect().top() - topWithout;
    QVERIFY2(big > small * 1.5, qPrintable(QStringLiteral("%1 vs %2").arg(big).arg(small)));
}

QTEST_MAIN(tst_HistogramPlot)

#include "tst_histogramplot.moc"
