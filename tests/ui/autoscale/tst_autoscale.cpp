// The loss chart's y range and tick helpers: the robust autoscale rule on known inputs, nice
// tick steps and label formats.

#include "autoscale.h"
#include "axisticks.h"

#include <QTest>

#include <cmath>
#include <limits>

using initlab::autoscaleRange;
using initlab::AxisRange;

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

// 1000 values between 0.95 and 1.05.
std::vector<double> noiseAroundOne()
{
    std::vector<double> values;
    for (int i = 0; i < 1000; ++i)
        values.push_back(1.0 + 0.05 * std::sin(i * 0.37));
    return values;
}

} // namespace

class tst_Autoscale : public QObject
{
    Q_OBJECT

private slots:
    void knownRanges_data();
    void knownRanges();
    void spikeIsCutOff_data();
    void spikeIsCutOff();
    void logRangeHasTwoLabels_data();
    void logRangeHasTwoLabels();
    void niceSteps_data();
    void niceSteps();
    void labelFormats_data();
    void labelFormats();
};

void tst_Autoscale::knownRanges_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<bool>("logScale");
    QTest::addColumn<double>("expectedMin");
    QTest::addColumn<double>("expectedMax");

    QTest::newRow("no values, linear") << std::vector<double> {} << false << 0.0 << 1.0;
    QTest::newRow("no values, log") << std::vector<double> {} << true << 0.1 << 1.0;
    QTest::newRow("only NaN and inf")
        << std::vector<double> {notANumber, infinity, -infinity} << false << 0.0 << 1.0;
    QTest::newRow("only values <= 0, log") << std::vector<double> {0.0, -1.0} << true << 0.1 << 1.0;
    QTest::newRow("flat at 2") << std::vector<double> {2.0, 2.0, 2.0} << false << 1.9 << 2.1;
    QTest::newRow("flat at 0") << std::vector<double> {0.0, 0.0} << false << 0.0 << 1.0;
    // 0 to 10 with a 5% margin; the bottom stays at 0 since no value is negative.
    QTest::newRow("0 to 10") << std::vector<double> {0.0, 2.5, 5.0, 7.5, 10.0} << false << 0.0
                             << 10.5;
    QTest::newRow("-2 to 2") << std::vector<double> {-2.0, 0.0, 2.0} << false << -2.2 << 2.2;
}

void tst_Autoscale::knownRanges()
{
    QFETCH(std::vector<double>, values);
    QFETCH(bool, logScale);
    QFETCH(double, expectedMin);
    QFETCH(double, expectedMax);

    const AxisRange range = autoscaleRange(values, logScale);
    QVERIFY2(std::abs(range.min - expectedMin) <= 1e-9 * std::max(1.0, std::abs(expectedMin)),
        qPrintable(QString::number(range.min)));
    QVERIFY2(std::abs(range.max - expectedMax) <= 1e-9 * std::max(1.0, std::abs(expectedMax)),
        qPrintable(QString::number(range.max)));
}

void tst_Autoscale::spikeIsCutOff_data()
{
    QTest::addColumn<bool>("logScale");
    QTest::newRow("linear") << false;
    QTest::newRow("log") << true;
}

void tst_Autoscale::spikeIsCutOff()
{
    QFETCH(bool, logScale);

    std::vector<double> values = noiseAroundOne();
    const AxisRange plain = autoscaleRange(values, logScale);
    QVERIFY(plain.max >= 1.05);
    QVERIFY(plain.min <= 0.95);

    values[500] = 1000.0;
    const AxisRange withSpike = autoscaleRange(values, logScale);
    // A log range within one decade is widened to [0.1, 10], which still leaves 1000 far above.
    QVERIFY2(withSpike.max < (logScale ? 20.0 : 1.2), qPrintable(QString::number(withSpike.max)));
    QVERIFY(withSpike.max >= 1.05);
    QVERIFY(withSpike.min <= 0.95);
    QVERIFY(withSpike.min > (logScale ? 0.099 : 0.9));

    // With few values the quantile is the maximum, so the spike is shown whole.
    const AxisRange few = autoscaleRange({1.0, 1.01, 0.99, 1000.0}, logScale);
    QVERIFY(few.max >= 1000.0);
}

void tst_Autoscale::logRangeHasTwoLabels_data()
{
    QTest::addColumn<double>("low");
    QTest::addColumn<double>("high");

    QTest::newRow("within one decade") << 0.02 << 0.05;
    QTest::newRow("across a power") << 0.05 << 0.2;
    QTest::newRow("one value") << 0.3 << 0.3;
    QTest::newRow("many decades") << 1e-12 << 1e3;
    QTest::newRow("largest doubles") << 1e-300 << std::numeric_limits<double>::max();
}

void tst_Autoscale::logRangeHasTwoLabels()
{
    QFETCH(double, low);
    QFETCH(double, high);

    const AxisRange range = autoscaleRange({low, (low + high) / 2.0, high}, true);
    QVERIFY(std::isfinite(range.min) && std::isfinite(range.max));
    QVERIFY(range.min > 0.0);
    // Within rounding of pow(): the range reaches 10^-300 and 10^300 at most.
    QVERIFY(range.min <= low * (1.0 + 1e-9));
    QVERIFY(range.max >= std::min(high, 1e300) * (1.0 - 1e-9));
    const double powers =
        std::floor(std::log10(range.max)) - std::ceil(std::log10(range.min)) + 1.0;
    QVERIFY2(powers >= 2.0, qPrintable(QStringLiteral("[%1, %2]").arg(range.min).arg(range.max)));
}

void tst_Autoscale::niceSteps_data()
{
    QTest::addColumn<double>("rough");
    QTest::addColumn<double>("expected");

    QTest::newRow("1") << 1.0 << 1.0;
    QTest::newRow("1.2") << 1.2 << 2.0;
    QTest::newRow("3") << 3.0 << 5.0;
    QTest::newRow("7") << 7.0 << 10.0;
    QTest::newRow("0.022") << 0.022 << 0.05;
    QTest::newRow("0.0011") << 0.0011 << 0.002;
    QTest::newRow("180000") << 180000.0 << 200000.0;
    QTest::newRow("zero") << 0.0 << 1.0;
    QTest::newRow("negative") << -5.0 << 1.0;
    QTest::newRow("NaN") << notANumber << 1.0;
    QTest::newRow("infinite") << infinity << 1.0;
}

void tst_Autoscale::niceSteps()
{
    QFETCH(double, rough);
    QFETCH(double, expected);
    const double step = initlab::niceStep(rough);
    QVERIFY2(std::abs(step - expected) <= 1e-12 * expected, qPrintable(QString::number(step)));
}

void tst_Autoscale::labelFormats_data()
{
    QTest::addColumn<double>("min");
    QTest::addColumn<double>("max");
    QTest::addColumn<double>("step");
    QTest::addColumn<QString>("expected");

    QTest::newRow("iterations") << 0.0 << 1e6 << 2e5 << QStringLiteral("%.0f");
    QTest::newRow("MSE 0 to 0.6") << 0.0 << 0.6 << 0.1 << QStringLiteral("%.2g");
    QTest::newRow("MSE 0.012 to 0.013") << 0.012 << 0.013 << 0.0002 << QStringLiteral("%.3g");
    QTest::newRow("MSE near 1") << 1.0002 << 1.001 << 0.0002 << QStringLiteral("%.5g");
    QTest::newRow("huge") << 0.0 << 1e12 << 2e11 << QStringLiteral("%.2g");
}

void tst_Autoscale::labelFormats()
{
    QFETCH(double, min);
    QFETCH(double, max);
    QFETCH(double, step);
    QFETCH(QString, expected);
    const QString format = initlab::labelFormatFor(min, max, step);
    QCOMPARE(format, expected);

    // Neighbouring labels differ.
    const double first = std::ceil(min / step) * step;
    const QString a = QString::asprintf(qPrintable(format), first);
    const QString b = QString::asprintf(qPrintable(format), first + step);
    QVERIFY2(a != b, qPrintable(a));
}

QTEST_GUILESS_MAIN(tst_Autoscale)
#include "tst_autoscale.moc"
