// The curves of a comparison's figure: centre line, band and spike markers, built from results
// whose numbers are known.

#include "comparisonfigure.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>

using namespace initlab;

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

SpikeReport spike(qint64 peak, double peakLoss, SpikeCause cause, bool divergence = false)
{
    SpikeReport report;
    report.event.start = peak;
    report.event.peak = peak;
    report.event.end = peak + 1;
    report.event.peakLoss = peakLoss;
    report.event.divergence = divergence;
    report.diagnosis.cause = cause;
    return report;
}

ComparisonRun run(std::uint64_t seed, std::vector<double> mse, std::vector<SpikeReport> spikes)
{
    ComparisonRun result;
    result.seed = seed;
    result.mse = std::move(mse);
    result.spikes = std::move(spikes);
    result.completed = true;
    result.finalMse = result.mse.back();
    return result;
}

// One value with three seeds over rows 0..4. Seeds 1 and 3 spike at row 2, seed 2 at row 3;
// seed 3 diverges at row 4, where only seeds 1 and 2 remain.
ComparisonResult threeSeeds()
{
    ComparisonResult result;
    result.key = QStringLiteral("init.weights");
    result.seeds = 3;
    ComparisonValueResult value;
    value.value = QStringLiteral("he_normal");
    value.runs.push_back(
        run(1, {1.0, 0.5, 0.9, 0.2, 0.1}, {spike(2, 0.9, SpikeCause::LearningRateTooHigh)}));
    value.runs.push_back(
        run(2, {2.0, 0.7, 0.4, 0.8, 0.3}, {spike(3, 0.8, SpikeCause::OutlierBatch)}));
    value.runs.push_back(run(3, {3.0, 0.9, 1.7, 0.6, std::numeric_limits<double>::infinity()},
        {spike(2, 1.7, SpikeCause::ExplodingGradient),
            spike(4, std::numeric_limits<double>::infinity(), SpikeCause::NumericalInstability,
                true)}));
    value.runs.back().diverged = true;
    value.aggregate = aggregateRuns(value.runs, 5);
    result.values.push_back(value);
    return result;
}

} // namespace

class tst_ComparisonFigure : public QObject
{
    Q_OBJECT

private slots:
    void centreLine_data();
    void centreLine();
    void band_data();
    void band();
    void everySeedsSpikesSitOnTheCentreLine();
    void markerWithoutACentreValueUsesThePeakLoss();
    void oneSeedIsTheRunItself();
    void labels();
    void names();
    void bandsContainEveryRun();
};

void tst_ComparisonFigure::centreLine_data()
{
    QTest::addColumn<int>("center");
    QTest::addColumn<std::vector<double>>("expected");
    // Row 4: seeds 1 and 2 only, since seed 3 has diverged there.
    QTest::newRow("mean") << int(CurveCenter::Mean)
                          << std::vector<double> {2.0, 0.7, 1.0, 1.6 / 3.0, 0.2};
    QTest::newRow("median") << int(CurveCenter::Median)
                            << std::vector<double> {2.0, 0.7, 0.9, 0.6, 0.2};
}

void tst_ComparisonFigure::centreLine()
{
    QFETCH(int, center);
    QFETCH(std::vector<double>, expected);
    ComparisonFigureOptions options;
    options.center = CurveCenter(center);
    const std::vector<FigureCurve> curves = comparisonCurves(threeSeeds(), options);
    QCOMPARE(int(curves.size()), 1);
    QCOMPARE(curves[0].label, QStringLiteral("he_normal"));
    QCOMPARE(curves[0].values.size(), expected.size());
    for (std::size_t row = 0; row < expected.size(); ++row)
        QVERIFY2(std::abs(curves[0].values[row] - expected[row]) < 1e-12,
            qPrintable(QStringLiteral("row %1: %2").arg(row).arg(curves[0].values[row])));
}

void tst_ComparisonFigure::band_data()
{
    QTest::addColumn<int>("band");
    QTest::addColumn<std::vector<double>>("low");
    QTest::addColumn<std::vector<double>>("high");
    QTest::newRow("minmax") << int(CurveBand::MinMax)
                            << std::vector<double> {1.0, 0.5, 0.4, 0.2, 0.1}
                            << std::vector<double> {3.0, 0.9, 1.7, 0.8, 0.3};
    // Sample standard deviations: row 0 (1, 2, 3) 1; row 2 (0.9, 0.4, 1.7) sqrt(0.43); row 4
    // (0.1, 0.3) sqrt(0.02).
    QTest::newRow("std") << int(CurveBand::StdDev)
                         << std::vector<double> {1.0, 0.5, 1.0 - std::sqrt(0.43),
                                1.6 / 3.0 - std::sqrt(0.0933333333333333), 0.2 - std::sqrt(0.02)}
                         << std::vector<double> {3.0, 0.9, 1.0 + std::sqrt(0.43),
                                1.6 / 3.0 + std::sqrt(0.0933333333333333), 0.2 + std::sqrt(0.02)};
    QTest::newRow("none") << int(CurveBand::None) << std::vector<double>() << std::vector<double>();
}

void tst_ComparisonFigure::band()
{
    QFETCH(int, band);
    QFETCH(std::vector<double>, low);
    QFETCH(std::vector<double>, high);
    ComparisonFigureOptions options;
    options.band = CurveBand(band);
    const FigureCurve curve = comparisonCurves(threeSeeds(), options).front();
    QCOMPARE(curve.bandLow.size(), low.size());
    QCOMPARE(curve.bandHigh.size(), high.size());
    for (std::size_t row = 0; row < low.size(); ++row) {
        QVERIFY2(std::abs(curve.bandLow[row] - low[row]) < 1e-9,
            qPrintable(QStringLiteral("low row %1: %2").arg(row).arg(curve.bandLow[row])));
        QVERIFY2(std::abs(curve.bandHigh[row] - high[row]) < 1e-9,
            qPrintable(QStringLiteral("high row %1: %2").arg(row).arg(curve.bandHigh[row])));
    }
}

void tst_ComparisonFigure::everySeedsSpikesSitOnTheCentreLine()
{
    const FigureCurve curve = comparisonCurves(threeSeeds(), ComparisonFigureOptions()).front();
    // Seeds 1 and 3 share row 2; the divergence of seed 3 is no marker.
    QCOMPARE(curve.spikePeaks, (std::vector<qint64> {2, 3}));
    QCOMPARE(curve.spikeLosses.size(), std::size_t(2));
    QCOMPARE(curve.spikeLosses[0], curve.values[2]);
    QCOMPARE(curve.spikeLosses[1], curve.values[3]);
    QCOMPARE(curve.spikeLabels,
        (std::vector<QString> {QStringLiteral("Learning rate too high / Exploding gradient"),
            QStringLiteral("Outlier batch")}));
}

void tst_ComparisonFigure::markerWithoutACentreValueUsesThePeakLoss()
{
    ComparisonResult result = threeSeeds();
    ComparisonValueResult &value = result.values.front();
    value.runs[1].spikes.push_back(spike(4, 0.3, SpikeCause::Unknown));
    value.aggregate.mean[4] = notANumber;
    const FigureCurve curve = comparisonCurves(result, ComparisonFigureOptions()).front();
    QCOMPARE(curve.spikePeaks.back(), qint64(4));
    QCOMPARE(curve.spikeLosses.back(), 0.3);
}

void tst_ComparisonFigure::oneSeedIsTheRunItself()
{
    ComparisonResult result = threeSeeds();
    result.seeds = 1;
    result.values.front().runs.resize(1);
    const FigureCurve curve = comparisonCurves(result, ComparisonFigureOptions()).front();
    QCOMPARE(curve.values, result.values.front().runs.front().mse);
    QVERIFY(curve.bandLow.empty());
    QVERIFY(curve.bandHigh.empty());
    QCOMPARE(curve.spikePeaks, std::vector<qint64> {2});
    QCOMPARE(curve.spikeLosses, std::vector<double> {0.9});
    QCOMPARE(curve.spikeLabels, std::vector<QString> {QStringLiteral("Learning rate too high")});
}

void tst_ComparisonFigure::labels()
{
    ComparisonResult result = threeSeeds();
    ComparisonFigureOptions options;
    options.singleLabel = QStringLiteral("default");
    QCOMPARE(comparisonCurves(result, options).front().label, QStringLiteral("default"));

    result.values.push_back(result.values.front());
    result.values.back().value = QStringLiteral("zeros");
    const std::vector<FigureCurve> curves = comparisonCurves(result, options);
    QCOMPARE(curves.size(), std::size_t(2));
    QCOMPARE(curves[0].label, QStringLiteral("he_normal"));
    QCOMPARE(curves[1].label, QStringLiteral("zeros"));
}

void tst_ComparisonFigure::names()
{
    for (const CurveCenter center : {CurveCenter::Mean, CurveCenter::Median})
        QCOMPARE(centerFromName(centerName(center)), center);
    for (const CurveBand band : {CurveBand::MinMax, CurveBand::StdDev, CurveBand::None})
        QCOMPARE(bandFromName(bandName(band)), band);
    QCOMPARE(bandName(CurveBand::StdDev), QStringLiteral("std"));
    QVERIFY(!centerFromName(QStringLiteral("average")));
    QVERIFY(!bandFromName(QStringLiteral("Std")));
}

void tst_ComparisonFigure::bandsContainEveryRun()
{
    // Real runs: two initializers, five seeds each, with a learning rate high enough for spikes.
    ComparisonSpec spec;
    spec.base.seed = 11;
    spec.base.dataset.samples = 80;
    spec.base.training.iterations = 400;
    spec.base.training.learningRate = 0.5;
    spec.key = QStringLiteral("init.weights");
    spec.values = {QStringLiteral("xavier_uniform"), QStringLiteral("he_normal")};
    spec.seeds = 5;
    const ComparisonResult result = runComparison(spec);

    ComparisonFigureOptions options;
    options.band = CurveBand::MinMax;
    const std::vector<FigureCurve> curves = comparisonCurves(result, options);
    QCOMPARE(curves.size(), std::size_t(2));
    int checked = 0;
    for (std::size_t v = 0; v < curves.size(); ++v) {
        const FigureCurve &curve = curves[v];
        QCOMPARE(curve.bandLow.size(), std::size_t(401));
        for (const ComparisonRun &run : result.values[v].runs) {
            for (std::size_t row = 0; row < run.mse.size(); ++row) {
                if (!std::isfinite(run.mse[row]))
                    continue;
                QVERIFY2(curve.bandLow[row] <= run.mse[row] && run.mse[row] <= curve.bandHigh[row],
                    qPrintable(QStringLiteral("%1, seed %2, row %3: %4 outside [%5, %6]")
                                   .arg(curve.label)
                                   .arg(run.seed)
                                   .arg(row)
                                   .arg(run.mse[row])
                                   .arg(curve.bandLow[row])
                                   .arg(curve.bandHigh[row])));
                ++checked;
            }
        }
        // The centre line lies inside its band too.
        for (std::size_t row = 0; row < curve.values.size(); ++row)
            QVERIFY(curve.bandLow[row] <= curve.values[row]
                && curve.values[row] <= curve.bandHigh[row]);
    }
    // Every finite value of every run was checked; a run that diverged stops early.
    int finite = 0;
    int diverged = 0;
    for (const ComparisonValueResult &value : result.values) {
        for (const ComparisonRun &run : value.runs) {
            finite += int(std::count_if(
                run.mse.begin(), run.mse.end(), [](double mse) { return std::isfinite(mse); }));
            diverged += run.diverged ? 1 : 0;
        }
    }
    QCOMPARE(checked, finite);
    QVERIFY(checked > 2 * 4 * 401);
    qInfo("%d of 10 runs diverged", diverged);
}

QTEST_MAIN(tst_ComparisonFigure)
#include "tst_comparisonfigure.moc"
