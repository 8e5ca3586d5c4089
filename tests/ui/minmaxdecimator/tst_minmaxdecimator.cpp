// Min/max decimation: spikes survive every zoom, columns match a brute-force reference, the output
// stays within 4 samples per column, and appending gives the same pyramid as building at once.

#include "minmaxdecimator.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

using initlab::MinMaxDecimator;
using Filter = MinMaxDecimator::Filter;
using Sample = MinMaxDecimator::Sample;

Q_DECLARE_METATYPE(Filter)

namespace {

constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();
constexpr double infinity = std::numeric_limits<double>::infinity();

bool isShown(double value, Filter filter)
{
    return std::isfinite(value) && (filter == Filter::Finite || value > 0.0);
}

// The documented column rule, written out value by value: column c contains the indices i with
// ceil(first + c * w) <= i < ceil(first + (c + 1) * w), the last column ending after floor(last).
std::vector<Sample> bruteForce(
    const std::vector<double> &values, double first, double last, int columns, Filter filter)
{
    std::vector<Sample> out;
    const double width = (last - first) / columns;
    const auto n = qint64(values.size());
    for (int column = 0; column < columns; ++column) {
        const double lower = std::ceil(first + column * width);
        const double upper = column + 1 == columns ? std::floor(last) + 1.0
                                                   : std::ceil(first + (column + 1) * width);
        qint64 firstIndex = -1;
        qint64 lastIndex = -1;
        qint64 minIndex = -1;
        qint64 maxIndex = -1;
        for (qint64 i = std::max<qint64>(0, qint64(lower)); i < n && double(i) < upper; ++i) {
            const double value = values[std::size_t(i)];
            if (!isShown(value, filter))
                continue;
            if (firstIndex < 0)
                firstIndex = i;
            lastIndex = i;
            if (minIndex < 0 || value < values[std::size_t(minIndex)])
                minIndex = i;
            if (maxIndex < 0 || value > values[std::size_t(maxIndex)])
                maxIndex = i;
        }
        if (firstIndex < 0)
            continue;
        std::vector<qint64> picked {firstIndex, minIndex, maxIndex, lastIndex};
        std::sort(picked.begin(), picked.end());
        picked.erase(std::unique(picked.begin(), picked.end()), picked.end());
        for (const qint64 index : picked)
            out.push_back({index, values[std::size_t(index)]});
    }
    return out;
}

// Random walk in (0, 2) with a few NaN, infinite, zero and negative values.
std::vector<double> randomCurve(std::size_t count, unsigned seed)
{
    std::mt19937 engine(seed);
    std::uniform_real_distribution<double> step(-0.05, 0.05);
    std::uniform_int_distribution<int> special(0, 199);
    std::vector<double> values;
    values.reserve(count);
    double level = 1.0;
    for (std::size_t i = 0; i < count; ++i) {
        level = std::clamp(level + step(engine), 0.01, 2.0);
        switch (special(engine)) {
        case 0:
            values.push_back(notANumber);
            break;
        case 1:
            values.push_back(infinity);
            break;
        case 2:
            values.push_back(0.0);
            break;
        case 3:
            values.push_back(-level);
            break;
        case 4:
            values.push_back(level * 40.0);
            break;
        default:
            values.push_back(level);
        }
    }
    return values;
}

MinMaxDecimator built(const std::vector<double> &values)
{
    MinMaxDecimator decimator;
    decimator.assign(values);
    return decimator;
}

QString describe(const std::vector<Sample> &samples, std::size_t at)
{
    if (at >= samples.size())
        return QStringLiteral("(none)");
    return QStringLiteral("index %1 value %2").arg(samples[at].index).arg(samples[at].value);
}

} // namespace

class tst_MinMaxDecimator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void singleSpikeSurvives_data();
    void singleSpikeSurvives();
    void matchesBruteForce_data();
    void matchesBruteForce();
    void outputBoundedByColumns();
    void emptyInput();
    void onePoint_data();
    void onePoint();
    void rejectsInvalidQuery_data();
    void rejectsInvalidQuery();
    void incrementalEqualsBulk();
    void cachedDecimationFollowsAppends_data();
    void cachedDecimationFollowsAppends();
    void cachedDecimationDropsReplacedValues();
    void findsValidAcrossBlocks();
    void countsHiddenValues();

private:
    std::vector<double> m_flat;
    MinMaxDecimator m_flatDecimator;
    static constexpr qint64 spikeIndex = 654'321;
    static constexpr qint64 dipIndex = 123'457;
};

void tst_MinMaxDecimator::initTestCase()
{
    m_flat.assign(1'000'000, 1.0);
    m_flat[std::size_t(spikeIndex)] = 50.0;
    m_flat[std::size_t(dipIndex)] = 0.02;
    m_flatDecimator.assign(m_flat);
}

void tst_MinMaxDecimator::singleSpikeSurvives_data()
{
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");
    QTest::addColumn<int>("columns");

    const QList<int> widths {1, 2, 7, 333, 800, 1920, 4096, 100000};
    struct Range
    {
        const char *name;
        double first;
        double last;
    };
    const Range ranges[] = {
        {"whole run", 0.0, 999'999.0},
        {"beyond both ends", -5000.0, 1'200'000.0},
        {"10k around spike", spikeIndex - 5000.5, spikeIndex + 4999.25},
        {"spike at left edge", double(spikeIndex), spikeIndex + 777.0},
        {"spike at right edge", spikeIndex - 100'000.0, double(spikeIndex)},
        {"spike alone", double(spikeIndex), double(spikeIndex)},
        {"3 points", spikeIndex - 1.0, spikeIndex + 1.0},
    };
    for (const Range &range : ranges) {
        for (const int width : widths) {
            QTest::addRow("%s, %d columns", range.name, width)
                << range.first << range.last << width;
        }
    }
}

void tst_MinMaxDecimator::singleSpikeSurvives()
{
    QFETCH(double, first);
    QFETCH(double, last);
    QFETCH(int, columns);

    const std::vector<Sample> out = m_flatDecimator.decimate(first, last, columns, Filter::Finite);
    const auto spike = std::find(out.begin(), out.end(), Sample {spikeIndex, 50.0});
    QVERIFY2(spike != out.end(), "the spike's sample is missing");
    QVERIFY(out.size() <= std::size_t(4 * columns));
    QVERIFY(std::is_sorted(out.begin(), out.end(),
        [](const Sample &a, const Sample &b) { return a.index < b.index; }));

    if (first <= double(dipIndex) && double(dipIndex) <= last) {
        const auto dip = std::find(out.begin(), out.end(), Sample {dipIndex, 0.02});
        QVERIFY2(dip != out.end(), "the dip's sample is missing");
    }
}

void tst_MinMaxDecimator::matchesBruteForce_data()
{
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");
    QTest::addColumn<int>("columns");
    QTest::addColumn<Filter>("filter");

    QTest::newRow("whole, 800 columns") << 0.0 << 19'999.0 << 800 << Filter::Finite;
    QTest::newRow("whole, 800 columns, positive") << 0.0 << 19'999.0 << 800 << Filter::Positive;
    QTest::newRow("whole, 1 column") << 0.0 << 19'999.0 << 1 << Filter::Finite;
    QTest::newRow("whole, 3 columns, positive") << 0.0 << 19'999.0 << 3 << Filter::Positive;
    QTest::newRow("fractional bounds, 997 columns") << 12.3 << 17'777.7 << 997 << Filter::Finite;
    QTest::newRow("more columns than points") << 100.0 << 140.0 << 800 << Filter::Finite;
    QTest::newRow("more columns than points, positive")
        << 100.5 << 140.5 << 613 << Filter::Positive;
    QTest::newRow("starts before 0") << -3000.0 << 5000.0 << 640 << Filter::Finite;
    QTest::newRow("ends after the last") << 15'000.0 << 30'000.0 << 640 << Filter::Positive;
    QTest::newRow("block-aligned, 16 per column") << 0.0 << 16'383.0 << 1024 << Filter::Finite;
    QTest::newRow("odd width") << 1.0 << 19'998.0 << 1919 << Filter::Finite;
    QTest::newRow("one point wide") << 5000.0 << 5000.0 << 100 << Filter::Finite;
}

void tst_MinMaxDecimator::matchesBruteForce()
{
    QFETCH(double, first);
    QFETCH(double, last);
    QFETCH(int, columns);
    QFETCH(Filter, filter);

    const std::vector<double> values = randomCurve(20'000, 7);
    const MinMaxDecimator decimator = built(values);
    const std::vector<Sample> expected = bruteForce(values, first, last, columns, filter);
    const std::vector<Sample> actual = decimator.decimate(first, last, columns, filter);

    QVERIFY(!expected.empty());
    for (std::size_t i = 0; i < std::max(expected.size(), actual.size()); ++i) {
        if (i >= expected.size() || i >= actual.size() || !(expected[i] == actual[i]))
            QFAIL(qPrintable(QStringLiteral("sample %1: expected %2, got %3")
                                 .arg(i)
                                 .arg(describe(expected, i), describe(actual, i))));
    }
    QCOMPARE(actual.size(), expected.size());
}

void tst_MinMaxDecimator::outputBoundedByColumns()
{
    const MinMaxDecimator decimator = built(randomCurve(50'000, 11));
    for (const int columns : {1, 2, 5, 100, 799, 2560, 49'999, 50'000, 80'000}) {
        for (const Filter filter : {Filter::Finite, Filter::Positive}) {
            const auto out = decimator.decimate(0.0, 49'999.0, columns, filter);
            QVERIFY2(out.size() <= std::size_t(4 * columns),
                qPrintable(
                    QStringLiteral("%1 samples for %2 columns").arg(out.size()).arg(columns)));
            QVERIFY(!out.empty());
        }
    }
}

void tst_MinMaxDecimator::emptyInput()
{
    MinMaxDecimator decimator;
    QVERIFY(decimator.decimate(0.0, 100.0, 800, Filter::Finite).empty());
    QCOMPARE(decimator.firstValid(0, 10, Filter::Finite), qint64(-1));
    QCOMPARE(decimator.lastValid(0, 10, Filter::Finite), qint64(-1));
    QCOMPARE(decimator.extremes(0, 10, Filter::Finite).minIndex, qint64(-1));

    decimator.assign({});
    QVERIFY(decimator.decimate(0.0, 100.0, 800, Filter::Positive).empty());
    QCOMPARE(decimator.size(), qint64(0));
}

void tst_MinMaxDecimator::onePoint_data()
{
    QTest::addColumn<double>("value");
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");
    QTest::addColumn<Filter>("filter");
    QTest::addColumn<int>("expectedCount");

    QTest::newRow("inside") << 0.25 << -10.0 << 10.0 << Filter::Finite << 1;
    QTest::newRow("exact range") << 0.25 << 0.0 << 0.0 << Filter::Finite << 1;
    QTest::newRow("range after it") << 0.25 << 0.5 << 10.0 << Filter::Finite << 0;
    QTest::newRow("range before it") << 0.25 << -10.0 << -0.5 << Filter::Finite << 0;
    QTest::newRow("NaN") << notANumber << -10.0 << 10.0 << Filter::Finite << 0;
    QTest::newRow("zero, positive filter") << 0.0 << -10.0 << 10.0 << Filter::Positive << 0;
    QTest::newRow("zero, finite filter") << 0.0 << -10.0 << 10.0 << Filter::Finite << 1;
}

void tst_MinMaxDecimator::onePoint()
{
    QFETCH(double, value);
    QFETCH(double, first);
    QFETCH(double, last);
    QFETCH(Filter, filter);
    QFETCH(int, expectedCount);

    MinMaxDecimator decimator;
    decimator.append(value);
    for (const int columns : {1, 800}) {
        const auto out = decimator.decimate(first, last, columns, filter);
        QCOMPARE(int(out.size()), expectedCount);
        if (expectedCount == 1) {
            QCOMPARE(out.front().index, qint64(0));
            QCOMPARE(out.front().value, value);
        }
    }
}

void tst_MinMaxDecimator::rejectsInvalidQuery_data()
{
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");
    QTest::addColumn<int>("columns");

    QTest::newRow("no columns") << 0.0 << 100.0 << 0;
    QTest::newRow("negative columns") << 0.0 << 100.0 << -3;
    QTest::newRow("last before first") << 50.0 << 10.0 << 100;
    QTest::newRow("NaN first") << notANumber << 100.0 << 100;
    QTest::newRow("infinite last") << 0.0 << infinity << 100;
}

void tst_MinMaxDecimator::rejectsInvalidQuery()
{
    QFETCH(double, first);
    QFETCH(double, last);
    QFETCH(int, columns);

    const MinMaxDecimator decimator = built(randomCurve(1000, 3));
    QVERIFY(decimator.decimate(first, last, columns, Filter::Finite).empty());
}

void tst_MinMaxDecimator::incrementalEqualsBulk()
{
    const std::vector<double> values = randomCurve(70'001, 5);
    const MinMaxDecimator bulk = built(values);

    MinMaxDecimator oneByOne;
    for (const double value : values)
        oneByOne.append(value);

    MinMaxDecimator inBatches;
    std::mt19937 engine(9);
    std::uniform_int_distribution<std::size_t> batchSize(1, 5000);
    for (std::size_t done = 0; done < values.size();) {
        const std::size_t count = std::min(batchSize(engine), values.size() - done);
        inBatches.append(std::span<const double>(values.data() + done, count));
        done += count;
    }

    QCOMPARE(oneByOne.size(), bulk.size());
    QCOMPARE(inBatches.size(), bulk.size());
    QCOMPARE(oneByOne.nonPositiveCount(), bulk.nonPositiveCount());
    QCOMPARE(inBatches.nonFiniteCount(), bulk.nonFiniteCount());

    std::uniform_real_distribution<double> position(-100.0, 70'100.0);
    std::uniform_int_distribution<int> columns(1, 3000);
    for (int query = 0; query < 200; ++query) {
        double first = position(engine);
        double last = position(engine);
        if (last < first)
            std::swap(first, last);
        const int width = columns(engine);
        const Filter filter = query % 2 == 0 ? Filter::Finite : Filter::Positive;
        const auto expected = bulk.decimate(first, last, width, filter);
        QVERIFY(oneByOne.decimate(first, last, width, filter) == expected);
        QVERIFY(inBatches.decimate(first, last, width, filter) == expected);

        const auto begin = qint64(std::max(first, 0.0));
        const auto end = qint64(std::max(last, 0.0));
        const auto bulkExtremes = bulk.extremes(begin, end, filter);
        const auto appendedExtremes = inBatches.extremes(begin, end, filter);
        QCOMPARE(appendedExtremes.minIndex, bulkExtremes.minIndex);
        QCOMPARE(appendedExtremes.maxIndex, bulkExtremes.maxIndex);
    }
}

void tst_MinMaxDecimator::cachedDecimationFollowsAppends_data()
{
    QTest::addColumn<double>("first");
    QTest::addColumn<double>("last");
    QTest::addColumn<int>("columns");
    QTest::addColumn<Filter>("filter");

    // A live chart shows the whole planned run while the values arrive.
    QTest::newRow("whole planned run, 1100 columns") << 0.0 << 60'000.0 << 1100 << Filter::Finite;
    QTest::newRow("whole planned run, positive") << 0.0 << 60'000.0 << 1100 << Filter::Positive;
    QTest::newRow("fractional range, 997 columns") << 12.5 << 40'000.7 << 997 << Filter::Finite;
    QTest::newRow("more columns than values") << 100.0 << 900.0 << 2000 << Filter::Finite;
    QTest::newRow("one column") << 0.0 << 60'000.0 << 1 << Filter::Positive;
}

void tst_MinMaxDecimator::cachedDecimationFollowsAppends()
{
    QFETCH(double, first);
    QFETCH(double, last);
    QFETCH(int, columns);
    QFETCH(Filter, filter);

    const std::vector<double> values = randomCurve(60'001, 13);
    MinMaxDecimator decimator;
    MinMaxDecimator::Decimation cached;
    std::mt19937 engine(17);
    std::uniform_int_distribution<std::size_t> batchSize(1, 3400);
    int batches = 0;
    for (std::size_t done = 0; done < values.size(); ++batches) {
        const std::size_t count = std::min(batchSize(engine), values.size() - done);
        decimator.append(std::span<const double>(values.data() + done, count));
        done += count;

        decimator.decimate(first, last, columns, filter, cached);
        const auto fresh = decimator.decimate(first, last, columns, filter);
        if (!(cached.samples == fresh))
            QFAIL(qPrintable(QStringLiteral("after %1 values: %2 cached samples, %3 fresh")
                                 .arg(done)
                                 .arg(cached.samples.size())
                                 .arg(fresh.size())));
    }
    QVERIFY(batches > 10);
    QCOMPARE(cached.size, qint64(values.size()));
}

void tst_MinMaxDecimator::cachedDecimationDropsReplacedValues()
{
    MinMaxDecimator decimator;
    decimator.assign(randomCurve(5000, 19));
    MinMaxDecimator::Decimation cached;
    decimator.decimate(0.0, 4999.0, 300, Filter::Finite, cached);

    // Values of the same count, all different: the cache must not be taken for current.
    std::vector<double> replaced = randomCurve(5000, 23);
    for (double &value : replaced)
        value += 10.0;
    decimator.assign(replaced);
    decimator.decimate(0.0, 4999.0, 300, Filter::Finite, cached);
    QVERIFY(cached.samples == decimator.decimate(0.0, 4999.0, 300, Filter::Finite));

    // Fewer values after clear(), then a different query.
    decimator.clear();
    decimator.append(std::span<const double>(replaced.data(), 100));
    decimator.decimate(0.0, 4999.0, 300, Filter::Finite, cached);
    QVERIFY(cached.samples == decimator.decimate(0.0, 4999.0, 300, Filter::Finite));
    decimator.decimate(10.0, 60.0, 300, Filter::Positive, cached);
    QVERIFY(cached.samples == decimator.decimate(10.0, 60.0, 300, Filter::Positive));
}

void tst_MinMaxDecimator::findsValidAcrossBlocks()
{
    // 5000 NaN except -1 at 10, 0 at 3333 and 2.5 at 4444, so the positive filter finds 4444 only.
    std::vector<double> values(5000, notANumber);
    values[3333] = 0.0;
    values[4444] = 2.5;
    values[10] = -1.0;
    const MinMaxDecimator decimator = built(values);

    QCOMPARE(decimator.firstValid(0, 5000, Filter::Finite), qint64(10));
    QCOMPARE(decimator.firstValid(11, 5000, Filter::Finite), qint64(3333));
    QCOMPARE(decimator.firstValid(0, 5000, Filter::Positive), qint64(4444));
    QCOMPARE(decimator.firstValid(0, 4444, Filter::Positive), qint64(-1));
    QCOMPARE(decimator.lastValid(0, 5000, Filter::Finite), qint64(4444));
    QCOMPARE(decimator.lastValid(0, 4444, Filter::Finite), qint64(3333));
    QCOMPARE(decimator.lastValid(0, 3333, Filter::Finite), qint64(10));
    QCOMPARE(decimator.lastValid(11, 3333, Filter::Finite), qint64(-1));
    QCOMPARE(decimator.lastValid(0, 5000, Filter::Positive), qint64(4444));

    const auto finite = decimator.extremes(0, 5000, Filter::Finite);
    QCOMPARE(finite.minIndex, qint64(10));
    QCOMPARE(finite.maxIndex, qint64(4444));
    const auto positive = decimator.extremes(0, 5000, Filter::Positive);
    QCOMPARE(positive.minIndex, qint64(4444));
    QCOMPARE(positive.maxIndex, qint64(4444));

    const auto out = decimator.decimate(0.0, 4999.0, 3, Filter::Finite);
    const std::vector<Sample> expected {{10, -1.0}, {3333, 0.0}, {4444, 2.5}};
    QVERIFY(out == expected);
}

void tst_MinMaxDecimator::countsHiddenValues()
{
    MinMaxDecimator decimator;
    const std::vector<double> values {1.0, 0.0, -2.0, notANumber, infinity, -infinity, 3.0};
    decimator.append(values);
    QCOMPARE(decimator.nonPositiveCount(), qint64(2));
    QCOMPARE(decimator.nonFiniteCount(), qint64(3));

    decimator.clear();
    QCOMPARE(decimator.nonPositiveCount(), qint64(0));
    QCOMPARE(decimator.size(), qint64(0));
}

QTEST_GUILESS_MAIN(tst_MinMaxDecimator)
#include "tst_minmaxdecimator.moc"
