// The comparison summary table against hand-made summaries: text for reading, full precision in
// tooltips, missing values in words, numeric sorting and a cancelled result.

#include "comparisonsummarymodel.h"
#include "figure.h"

#include <QColor>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTest>

#include <limits>

using namespace initlab;

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

ComparisonValueResult valueWith(const QString &value, double medianFinal, double meanFinal,
    double iterations, int reached, int spikes, int divergences)
{
    ComparisonValueResult result;
    result.value = value;
    result.summary.medianFinalMse = medianFinal;
    result.summary.meanFinalMse = meanFinal;
    result.summary.iterationsToTarget = iterations;
    result.summary.reachedTargetCount = reached;
    result.summary.spikeCount = spikes;
    result.summary.divergenceCount = divergences;
    return result;
}

// Three learning rates over four seeds with a target of 0.01: one reaching the lowest MSE, one
// reaching the target soonest, one that diverged on every seed.
ComparisonResult threeRates()
{
    ComparisonResult result;
    result.key = QStringLiteral("training.learningRate");
    result.seeds = 4;
    result.targetMse = 0.01;
    result.values.push_back(valueWith(QStringLiteral("0.1"), 1.2345678901234e-5, 0.0023, 1234.5,
        4, 3, 0));
    result.values.push_back(valueWith(QStringLiteral("0.001"), 0.25, 0.26, 300, 3, 0, 0));
    result.values.push_back(
        valueWith(QStringLiteral("10"), notANumber, notANumber, -1, 0, 1, 4));
    return result;
}

QVariant cell(const QAbstractItemModel &model, int row, int column, int role = Qt::DisplayRole)
{
    return model.data(model.index(row, column), role);
}

} // namespace

class TestComparisonSummaryModel : public QObject
{
    Q_OBJECT

private slots:
    void displayTextReadable();
    void toolTipsFullPrecision();
    void withoutTargetShowsNoTarget();
    void sortsByNumber_data();
    void sortsByNumber();
    void cancelledResultHasNoRows();
};

void TestComparisonSummaryModel::displayTextReadable()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    ComparisonSummaryModel model;
    model.setResult(threeRates());

    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(ComparisonSummaryModel::ColumnCount));
    QCOMPARE(model.headerData(ComparisonSummaryModel::Value, Qt::Horizontal).toString(),
        QStringLiteral("training.learningRate"));

    QCOMPARE(cell(model, 0, ComparisonSummaryModel::Value).toString(), QStringLiteral("0.1"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::MedianFinalMse).toString(),
        QStringLiteral("1.235e-05"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::MeanFinalMse).toString(),
        QStringLiteral("0.0023"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::IterationsToTarget).toString(),
        QStringLiteral("1,234.5"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::ReachedTarget).toString(),
        QStringLiteral("4 of 4"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::Spikes).toInt(), 3);

    QCOMPARE(cell(model, 1, ComparisonSummaryModel::IterationsToTarget).toString(),
        QStringLiteral("300"));
    QCOMPARE(cell(model, 1, ComparisonSummaryModel::ReachedTarget).toString(),
        QStringLiteral("3 of 4"));

    QCOMPARE(cell(model, 2, ComparisonSummaryModel::MedianFinalMse).toString(),
        QStringLiteral("all diverged"));
    QCOMPARE(cell(model, 2, ComparisonSummaryModel::MeanFinalMse).toString(),
        QStringLiteral("all diverged"));
    QCOMPARE(cell(model, 2, ComparisonSummaryModel::IterationsToTarget).toString(),
        QStringLiteral("not reached"));
    QCOMPARE(cell(model, 2, ComparisonSummaryModel::ReachedTarget).toString(),
        QStringLiteral("0 of 4"));
    QCOMPARE(cell(model, 2, ComparisonSummaryModel::Divergences).toInt(), 4);

    // The value's swatch is the colour of its curve.
    QCOMPARE(cell(model, 2, ComparisonSummaryModel::Value, Qt::DecorationRole).value<QColor>(),
        figureCurveColor(2));
    QCOMPARE(formatSummaryMse(1.234567e-7), QStringLiteral("1.235e-07"));
    QCOMPARE(formatSummaryMse(12345.0), QStringLiteral("1.235e+04"));
}

void TestComparisonSummaryModel::toolTipsFullPrecision()
{
    ComparisonSummaryModel model;
    model.setResult(threeRates());

    const QString median =
        cell(model, 0, ComparisonSummaryModel::MedianFinalMse, Qt::ToolTipRole).toString();
    QVERIFY2(median.contains(QStringLiteral("1.2345678901234e-05")), qPrintable(median));
    const QString iterations =
        cell(model, 0, ComparisonSummaryModel::IterationsToTarget, Qt::ToolTipRole).toString();
    QVERIFY2(iterations.contains(QStringLiteral("1234.5")), qPrintable(iterations));
    QVERIFY2(iterations.contains(QStringLiteral("0.01")), qPrintable(iterations));
    const QString diverged =
        cell(model, 2, ComparisonSummaryModel::MedianFinalMse, Qt::ToolTipRole).toString();
    QVERIFY2(diverged.contains(QStringLiteral("diverged")), qPrintable(diverged));
}

void TestComparisonSummaryModel::withoutTargetShowsNoTarget()
{
    ComparisonResult result = threeRates();
    result.targetMse = notANumber;
    ComparisonSummaryModel model;
    model.setResult(result);

    QCOMPARE(cell(model, 0, ComparisonSummaryModel::IterationsToTarget).toString(),
        QStringLiteral("no target"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::ReachedTarget).toString(),
        QStringLiteral("no target"));
    QCOMPARE(cell(model, 0, ComparisonSummaryModel::IterationsToTarget,
                 ComparisonSummaryModel::SortRole)
                 .toDouble(),
        std::numeric_limits<double>::infinity());
}

void TestComparisonSummaryModel::sortsByNumber_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QStringList>("ascending");

    // Sorted as text, "0.25" would come before "1.235e-05", and "1,234.5" before "300".
    QTest::newRow("median final MSE") << int(ComparisonSummaryModel::MedianFinalMse)
                                      << QStringList {QStringLiteral("0.1"),
                                             QStringLiteral("0.001"), QStringLiteral("10")};
    QTest::newRow("iterations to target") << int(ComparisonSummaryModel::IterationsToTarget)
                                          << QStringList {QStringLiteral("0.001"),
                                                 QStringLiteral("0.1"), QStringLiteral("10")};
    QTest::newRow("divergences") << int(ComparisonSummaryModel::Divergences)
                                 << QStringList {QStringLiteral("0.1"), QStringLiteral("0.001"),
                                        QStringLiteral("10")};
    QTest::newRow("reached") << int(ComparisonSummaryModel::ReachedTarget)
                             << QStringList {QStringLiteral("10"), QStringLiteral("0.001"),
                                    QStringLiteral("0.1")};
    QTest::newRow("value keeps comparison order")
        << int(ComparisonSummaryModel::Value)
        << QStringList {QStringLiteral("0.1"), QStringLiteral("0.001"), QStringLiteral("10")};
}

void TestComparisonSummaryModel::sortsByNumber()
{
    QFETCH(int, column);
    QFETCH(QStringList, ascending);

    ComparisonSummaryModel model;
    model.setResult(threeRates());
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(ComparisonSummaryModel::SortRole);
    proxy.sort(column, Qt::AscendingOrder);

    QStringList order;
    for (int row = 0; row < proxy.rowCount(); ++row)
        order.append(cell(proxy, row, ComparisonSummaryModel::Value).toString());
    QCOMPARE(order, ascending);
}

void TestComparisonSummaryModel::cancelledResultHasNoRows()
{
    ComparisonResult result = threeRates();
    result.cancelled = true;
    ComparisonSummaryModel model;
    model.setResult(threeRates());
    QCOMPARE(model.rowCount(), 3);
    model.setResult(result);
    QCOMPARE(model.rowCount(), 0);
    model.setResult(threeRates());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestComparisonSummaryModel)
#include "tst_comparisonsummarymodel.moc"
