#include "errors.h"
#include "random.h"
#include "spikedetector.h"

#include <QTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <new>
#include <numbers>
#include <vector>

using namespace initlab;

// Global allocation counter, so that a test can check that add() does not allocate. Only
// operator new is replaced; the array and aligned forms call it or are not used here.
namespace {
std::atomic<long> allocationCount {0};
} // namespace

void *operator new(std::size_t size)
{
    allocationCount.fetch_add(1, std::memory_order_relaxed);
    if (void *memory = std::malloc(size == 0 ? 1 : size))
        return memory;
    throw std::bad_alloc();
}

void operator delete(void *memory) noexcept
{
    std::free(memory);
}

void operator delete(void *memory, std::size_t) noexcept
{
    std::free(memory);
}

Q_DECLARE_METATYPE(initlab::SpikeDetectorSettings)

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
constexpr double notANumber = std::numeric_limits<double>::quiet_NaN();

// ---------------------------------------------------------------------------------------------
// Helpers for hand-made curves

std::vector<double> flatCurve(int length, double level)
{
    return std::vector<double>(std::size_t(length), level);
}

// Feeds loss[i] as iteration i and closes the run.
std::vector<SpikeEvent> detect(const std::vector<double> &loss,
    const SpikeDetectorSettings &settings = {})
{
    SpikeDetector detector(settings);
    for (std::size_t i = 0; i < loss.size(); ++i)
        detector.add(qint64(i), loss[i]);
    detector.finish();
    return detector.events();
}

QString describe(const SpikeEvent &event)
{
    return QStringLiteral("{start %1, peak %2, end %3, baseline %4, peakLoss %5, ratio %6%7%8}")
        .arg(event.start)
        .arg(event.peak)
        .arg(event.end)
        .arg(event.baseline, 0, 'g', 6)
        .arg(event.peakLoss, 0, 'g', 6)
        .arg(event.ratio, 0, 'g', 6)
        .arg(event.levelShift ? QStringLiteral(", level shift") : QString())
        .arg(event.divergence ? QStringLiteral(", divergence") : QString());
}

QString describe(const std::vector<SpikeEvent> &events)
{
    QStringList parts;
    for (const SpikeEvent &event : events)
        parts << describe(event);
    return QStringLiteral("%1 events: [%2]")
        .arg(events.size())
        .arg(parts.join(QStringLiteral(", ")));
}

bool isRelativelyNear(double actual, double expected, double tolerance)
{
    return std::abs(actual - expected) <= tolerance * std::abs(expected);
}

// ---------------------------------------------------------------------------------------------
// Synthetic training curves

enum class Family {
    ExponentialDecay, // fast initial descent to a plateau
    PowerLawDecay,    // L0 (1 + t / t0)^-alpha
    Plateau,          // constant loss
    WarmupBump,       // descent with a bump where a linear learning-rate warm-up ends
    StepSchedule,     // descent with drops where a step schedule lowers the learning rate
    SlowOscillation,  // plateau times a slow sine in log space
};

constexpr Family allFamilies[] = {Family::ExponentialDecay, Family::PowerLawDecay,
    Family::Plateau, Family::WarmupBump, Family::StepSchedule, Family::SlowOscillation};

QString familyName(Family family)
{
    switch (family) {
    case Family::ExponentialDecay:
        return QStringLiteral("exponential decay");
    case Family::PowerLawDecay:
        return QStringLiteral("power-law decay");
    case Family::Plateau:
        return QStringLiteral("plateau");
    case Family::WarmupBump:
        return QStringLiteral("warm-up bump");
    case Family::StepSchedule:
        return QStringLiteral("step schedule");
    case Family::SlowOscillation:
        return QStringLiteral("slow oscillation");
    }
    return QString();
}

// Standard deviations of the multiplicative log-normal mini-batch noise. Curve i of a family
// uses noiseLevels[i % 7].
constexpr double noiseLevels[] = {0.0, 0.003, 0.01, 0.03, 0.1, 0.2, 0.3};
constexpr int curvesPerFamily = 40;

// An injected spike is placed only where the clean curve stayed below settledRatio times its
// current value over the settleSpan preceding iterations, the default window. A baseline still
// falling from a much higher level hides a small jump by definition.
constexpr int settleSpan = 100;
constexpr double settledRatio = 1.25;
// A spike is at least 3x and, on a noisy curve, at least exp(10 sigma), because a smaller jump
// cannot be distinguished from noise without flagging the noise as well.
constexpr double minSpikeFactor = 3.0;
constexpr double spikeNoiseMultiple = 10.0;
constexpr double maxSpikeFactor = 1000.0;
constexpr int maxSpikeWidth = 50;
// A detection matches an injected spike when its start is at most this far from it.
constexpr int matchTolerance = 3;

struct InjectedSpike
{
    qint64 position = 0;
    double factor = 1.0;
    int width = 1; // iterations until the loss is back on the clean curve
};

struct Curve
{
    QString name;
    double noise = 0.0;
    std::vector<double> loss;
    std::vector<InjectedSpike> spikes;
};

double logUniform(Rng &rng, double low, double high)
{
    return std::exp(rng.uniform(std::log(low), std::log(high)));
}

// Loss falling from start to plateau with time constant tau.
double exponentialDecay(double t, double start, double plateau, double tau)
{
    return plateau + (start - plateau) * std::exp(-t / tau);
}

std::vector<double> cleanCurve(Family family, int length, Rng &rng)
{
    std::vector<double> clean(static_cast<std::size_t>(length));
    const double plateau = std::pow(10.0, rng.uniform(-7.0, 0.0));
    const double start = plateau * std::pow(10.0, rng.uniform(1.0, 4.0));
    const double tau = rng.uniform(20.0, 300.0);

    switch (family) {
    case Family::ExponentialDecay:
        for (int t = 0; t < length; ++t)
            clean[std::size_t(t)] = exponentialDecay(t, start, plateau, tau);
        break;
    case Family::PowerLawDecay: {
        const double initial = std::pow(10.0, rng.uniform(-3.0, 1.0));
        const double alpha = rng.uniform(0.5, 2.0);
        const double t0 = rng.uniform(2.0, 50.0);
        for (int t = 0; t < length; ++t)
            clean[std::size_t(t)] = initial * std::pow(1.0 + t / t0, -alpha);
        break;
    }
    case Family::Plateau:
        std::fill(clean.begin(), clean.end(), plateau);
        break;
    case Family::WarmupBump: {
        const double warmupEnd = rng.uniform(100.0, 400.0);
        const double height = rng.uniform(1.1, 1.5);
        const double spread = rng.uniform(10.0, 60.0);
        for (int t = 0; t < length; ++t) {
            const double z = (t - warmupEnd) / spread;
            const double bump = 1.0 + (height - 1.0) * std::exp(-0.5 * z * z);
            clean[std::size_t(t)] = exponentialDecay(t, start, plateau, tau) * bump;
        }
        break;
    }
    case Family::StepSchedule: {
        const int stepSize = 200 + int(rng.below(400));
        const double drop = rng.uniform(0.2, 0.7);
        for (int t = 0; t < length; ++t) {
            const double steps = double(t / stepSize);
            clean[std::size_t(t)]
                = exponentialDecay(t, start, plateau, tau) * std::pow(drop, steps);
        }
        break;
    }
    case Family::SlowOscillation: {
        const double amplitude = std::log(rng.uniform(1.05, 1.25));
        const double period = rng.uniform(200.0, 1000.0);
        const double phase = rng.uniform(0.0, 2.0 * std::numbers::pi);
        for (int t = 0; t < length; ++t) {
            const double angle = 2.0 * std::numbers::pi * t / period + phase;
            clean[std::size_t(t)] = plateau * std::exp(amplitude * std::sin(angle));
        }
        break;
    }
    }
    return clean;
}

bool isSettled(const std::vector<double> &clean, int position)
{
    const auto first = clean.begin() + (position - settleSpan);
    const double highest = *std::max_element(first, clean.begin() + position);
    return highest <= settledRatio * clean[std::size_t(position)];
}

bool isFarFrom(const std::vector<InjectedSpike> &spikes, int position, int width)
{
    for (const InjectedSpike &other : spikes) {
        const bool after = position >= other.position + other.width + settleSpan;
        const bool before = position + width + settleSpan <= other.position;
        if (!after && !before)
            return false;
    }
    return true;
}

// Draws one to four spikes at settled, well separated positions of clean.
std::vector<InjectedSpike> drawSpikes(const std::vector<double> &clean, double noise, Rng &rng)
{
    const int length = int(clean.size());
    const std::size_t count = 1 + rng.below(4);
    const double smallest = std::max(minSpikeFactor, std::exp(spikeNoiseMultiple * noise));

    std::vector<InjectedSpike> spikes;
    for (int attempt = 0; attempt < 1000 && spikes.size() < count; ++attempt) {
        const int width = 1 + int(rng.below(maxSpikeWidth));
        const int position
            = 2 * settleSpan + int(rng.below(std::uint64_t(length - 2 * settleSpan - width)));
        const double factor = logUniform(rng, smallest, maxSpikeFactor);
        if (isSettled(clean, position) && isFarFrom(spikes, position, width))
            spikes.push_back({position, factor, width});
    }
    std::sort(spikes.begin(), spikes.end(),
        [](const InjectedSpike &a, const InjectedSpike &b) { return a.position < b.position; });
    return spikes;
}

// Curve index of family, with or without spikes. Both versions share the clean curve and the
// noise, so that the spiked curve differs from the spike-free one only by its spikes.
Curve makeCurve(Family family, int index, bool withSpikes)
{
    const std::uint64_t seed = 1000 * std::uint64_t(family) + std::uint64_t(index);
    Rng rng(seed, RandomStream::Data);
    Rng spikeRng(seed, RandomStream::Diagnosis);

    Curve curve;
    curve.noise = noiseLevels[index % std::size(noiseLevels)];
    curve.name = QStringLiteral("%1 #%2 (noise %3)")
                     .arg(familyName(family))
                     .arg(index)
                     .arg(curve.noise);
    const int length = 1500 + int(rng.below(1001));
    const std::vector<double> clean = cleanCurve(family, length, rng);

    std::vector<double> multiplier(clean.size(), 1.0);
    if (withSpikes) {
        curve.spikes = drawSpikes(clean, curve.noise, spikeRng);
        for (const InjectedSpike &spike : curve.spikes) {
            // Jump by factor, then fall back geometrically to the clean curve over width steps.
            for (int k = 0; k < spike.width; ++k) {
                const double fraction = 1.0 - double(k) / spike.width;
                multiplier[std::size_t(spike.position + k)] = std::pow(spike.factor, fraction);
            }
        }
    }

    curve.loss.resize(clean.size());
    for (std::size_t t = 0; t < clean.size(); ++t)
        curve.loss[t] = clean[t] * multiplier[t] * std::exp(curve.noise * rng.normal());
    return curve;
}

struct Score
{
    int curves = 0;
    int injected = 0;
    int detected = 0;
    int matched = 0;
    int exactStarts = 0; // matched events that start at the injected iteration
    int endsInside = 0;  // matched events that end no later than the spike's last iteration + 1

    void add(const Score &other)
    {
        curves += other.curves;
        injected += other.injected;
        detected += other.detected;
        matched += other.matched;
        exactStarts += other.exactStarts;
        endsInside += other.endsInside;
    }
    double precision() const { return detected == 0 ? 1.0 : double(matched) / detected; }
    double recall() const { return injected == 0 ? 1.0 : double(matched) / injected; }
};

Score scoreCurve(const Curve &curve, const std::vector<SpikeEvent> &events)
{
    Score score;
    score.curves = 1;
    score.injected = int(curve.spikes.size());
    std::vector<bool> used(events.size(), false);
    for (const SpikeEvent &event : events) {
        if (!event.divergence)
            ++score.detected;
    }
    for (const InjectedSpike &spike : curve.spikes) {
        for (std::size_t i = 0; i < events.size(); ++i) {
            if (used[i] || events[i].divergence)
                continue;
            if (std::abs(events[i].start - spike.position) <= matchTolerance) {
                used[i] = true;
                ++score.matched;
                if (events[i].start == spike.position)
                    ++score.exactStarts;
                if (events[i].end <= spike.position + spike.width)
                    ++score.endsInside;
                break;
            }
        }
    }
    return score;
}

} // namespace

class TestSpikeDetector : public QObject {
    Q_OBJECT

private slots:
    void flagsJumpAtItsIteration_data();
    void flagsJumpAtItsIteration();
    void mergesConsecutiveFlags();
    void endIsFirstValueNearBaseline_data();
    void endIsFirstValueNearBaseline();
    void spikeRightAfterEndIsNewEvent();
    void finishClosesOpenEvent();
    void levelShiftBecomesBaseline();
    void ignoresDownwardJumps();
    void minRatioOnSmoothCurve_data();
    void minRatioOnSmoothCurve();
    void warmupIsQuiet_data();
    void warmupIsQuiet();

    void divergenceReportedOnce_data();
    void divergenceReportedOnce();
    void divergenceClosesOpenEvent();
    void divergenceOnFirstValue();
    void nonPositiveLoss_data();
    void nonPositiveLoss();
    void skippedIterations();
    void rejectsNonIncreasingIteration_data();
    void rejectsNonIncreasingIteration();

    void scaleInvariance_data();
    void scaleInvariance();
    void addAllocatesNothing();

    void defaultSettings();
    void invalidSettingsThrow_data();
    void invalidSettingsThrow();
    void boundarySettingsAccepted_data();
    void boundarySettingsAccepted();

    void spikeFreeCurvesQuiet_data();
    void spikeFreeCurvesQuiet();
    void injectedSpikesFound_data();
    void injectedSpikesFound();
};

void TestSpikeDetector::flagsJumpAtItsIteration_data()
{
    QTest::addColumn<double>("level");
    QTest::addColumn<double>("factor");

    QTest::newRow("10x on loss 1") << 1.0 << 10.0;
    QTest::newRow("10x on loss 1e-6") << 1e-6 << 10.0;
    QTest::newRow("3x on loss 0.5") << 0.5 << 3.0;
    QTest::newRow("2x, exactly minRatio") << 0.25 << 2.0;
    QTest::newRow("1000x on loss 1e-7") << 1e-7 << 1000.0;
}

void TestSpikeDetector::flagsJumpAtItsIteration()
{
    QFETCH(double, level);
    QFETCH(double, factor);

    std::vector<double> loss = flatCurve(300, level);
    loss[150] = level * factor;

    SpikeDetector detector;
    for (int i = 0; i < 300; ++i) {
        const SpikeDetector::Change change = detector.add(i, loss[std::size_t(i)]);
        // The event ends at 151, which is known once settleCount values stayed near the baseline.
        if (i == 150)
            QCOMPARE(change, SpikeDetector::Change::Started);
        else if (i == 150 + SpikeDetector::settleCount)
            QCOMPARE(change, SpikeDetector::Change::Ended);
        else
            QCOMPARE(change, SpikeDetector::Change::None);
    }
    detector.finish();

    const std::vector<SpikeEvent> &events = detector.events();
    QCOMPARE(events.size(), std::size_t(1));
    const SpikeEvent &event = events.front();
    QCOMPARE(event.start, qint64(150));
    QCOMPARE(event.peak, qint64(150));
    QCOMPARE(event.end, qint64(151));
    QVERIFY2(isRelativelyNear(event.baseline, level, 1e-12), qPrintable(describe(event)));
    QCOMPARE(event.peakLoss, level * factor);
    QVERIFY2(isRelativelyNear(event.ratio, factor, 1e-12), qPrintable(describe(event)));
    QVERIFY(!event.divergence);
    QVERIFY(!event.levelShift);
    QVERIFY(isRelativelyNear(detector.baseline(), level, 1e-12));
}

void TestSpikeDetector::mergesConsecutiveFlags()
{
    std::vector<double> loss = flatCurve(300, 1.0);
    const double spike[] = {5.0, 20.0, 8.0, 4.0, 3.0};
    std::copy(std::begin(spike), std::end(spike), loss.begin() + 200);

    SpikeDetector detector;
    std::vector<SpikeDetector::Change> changes;
    for (int i = 0; i < 300; ++i) {
        const SpikeDetector::Change change = detector.add(i, loss[std::size_t(i)]);
        if (i >= 200 && i <= 204 + SpikeDetector::settleCount)
            changes.push_back(change);
        if (i == 203) {
            const std::optional<SpikeEvent> open = detector.openEvent();
            QVERIFY(open.has_value());
            QCOMPARE(open->start, qint64(200));
            QCOMPARE(open->peak, qint64(201));
            QCOMPARE(open->end, qint64(-1));
        }
    }

    using Change = SpikeDetector::Change;
    std::vector<Change> expected {Change::Started, Change::Grew, Change::None, Change::None,
        Change::None};
    expected.resize(expected.size() + SpikeDetector::settleCount, Change::None);
    expected.back() = Change::Ended;
    QVERIFY(changes == expected);

    const std::vector<SpikeEvent> &events = detector.events();
    QCOMPARE(events.size(), std::size_t(1));
    QCOMPARE(events[0].start, qint64(200));
    QCOMPARE(events[0].peak, qint64(201));
    QCOMPARE(events[0].end, qint64(205));
    QCOMPARE(events[0].peakLoss, 20.0);
    QVERIFY(isRelativelyNear(events[0].ratio, 20.0, 1e-12));
}

void TestSpikeDetector::endIsFirstValueNearBaseline_data()
{
    QTest::addColumn<double>("factor");
    QTest::addColumn<int>("width");
    QTest::addColumn<int>("expectedEndOffset");

    // The loss is factor^(1 - k / width) at start + k, and the event ends at the first k where
    // that is below sqrt(2) = sqrt(minRatio): factor^(1 - k / width) < 1.41421.
    QTest::newRow("1000x for one iteration") << 1000.0 << 1 << 1;
    QTest::newRow("100x over 10") << 100.0 << 10 << 10; // 100^0.1 = 1.585, 100^0 = 1
    QTest::newRow("10x over 20") << 10.0 << 20 << 17;   // 10^0.2 = 1.585, 10^0.15 = 1.4125
    QTest::newRow("4x over 50") << 4.0 << 50 << 38;     // 4^0.26 = 1.434, 4^0.24 = 1.395
}

void TestSpikeDetector::endIsFirstValueNearBaseline()
{
    QFETCH(double, factor);
    QFETCH(int, width);
    QFETCH(int, expectedEndOffset);

    const int start = 300;
    std::vector<double> loss = flatCurve(500, 0.01);
    for (int k = 0; k < width; ++k)
        loss[std::size_t(start + k)] *= std::pow(factor, 1.0 - double(k) / width);

    const std::vector<SpikeEvent> events = detect(loss);
    QVERIFY2(events.size() == 1, qPrintable(describe(events)));
    QCOMPARE(events[0].start, qint64(start));
    QCOMPARE(events[0].peak, qint64(start));
    QCOMPARE(events[0].end, qint64(start + expectedEndOffset));
}

// A rebound before settleCount quiet values (the ringing after a spike) continues the event; a
// jump after that many quiet values is a new event.
void TestSpikeDetector::spikeRightAfterEndIsNewEvent()
{
    std::vector<double> loss = flatCurve(300, 1.0);
    loss[200] = 10.0;
    loss[202] = 10.0;
    const int later = 203 + SpikeDetector::settleCount;
    loss[std::size_t(later)] = 10.0;

    const std::vector<SpikeEvent> events = detect(loss);
    QVERIFY2(events.size() == 2, qPrintable(describe(events)));
    QCOMPARE(events[0].start, qint64(200));
    QCOMPARE(events[0].end, qint64(203));
    QCOMPARE(events[1].start, qint64(later));
    QCOMPARE(events[1].end, qint64(later + 1));
}

void TestSpikeDetector::finishClosesOpenEvent()
{
    SpikeDetector detector;
    for (int i = 0; i < 200; ++i)
        detector.add(i, 1.0);
    for (int i = 200; i < 210; ++i)
        detector.add(i, 10.0);

    QVERIFY(detector.isOpen());
    QVERIFY(detector.events().empty());
    QCOMPARE(detector.openEvent()->end, qint64(-1));

    detector.finish();
    QVERIFY(!detector.isOpen());
    QVERIFY(!detector.openEvent().has_value());
    QCOMPARE(detector.events().size(), std::size_t(1));
    QCOMPARE(detector.events()[0].start, qint64(200));
    QCOMPARE(detector.events()[0].end, qint64(209));

    detector.finish();
    QCOMPARE(detector.events().size(), std::size_t(1));
}

void TestSpikeDetector::levelShiftBecomesBaseline()
{
    const SpikeDetectorSettings settings;
    std::vector<double> loss = flatCurve(200, 1.0);
    loss.resize(600, 10.0);
    loss[450] = 100.0;

    const std::vector<SpikeEvent> events = detect(loss, settings);
    QVERIFY2(events.size() == 2, qPrintable(describe(events)));

    QCOMPARE(events[0].start, qint64(200));
    QCOMPARE(events[0].end, qint64(200 + settings.window - 1));
    QVERIFY(events[0].levelShift);
    QVERIFY(isRelativelyNear(events[0].baseline, 1.0, 1e-12));

    QCOMPARE(events[1].start, qint64(450));
    QCOMPARE(events[1].end, qint64(451));
    QVERIFY(!events[1].levelShift);
    QVERIFY(isRelativelyNear(events[1].baseline, 10.0, 1e-12));
    QVERIFY(isRelativelyNear(events[1].ratio, 10.0, 1e-12));
}

void TestSpikeDetector::ignoresDownwardJumps()
{
    std::vector<double> loss = flatCurve(400, 1.0);
    loss[150] = 1e-3;
    std::fill(loss.begin() + 250, loss.end(), 1e-2);

    const std::vector<SpikeEvent> events = detect(loss);
    QVERIFY2(events.empty(), qPrintable(describe(events)));
}

void TestSpikeDetector::minRatioOnSmoothCurve_data()
{
    QTest::addColumn<double>("minRatio");
    QTest::addColumn<double>("factor");
    QTest::addColumn<bool>("flagged");

    // On a noise-free plateau the scale is the floor, so the MAD test alone flags any jump above
    // exp(8 x 0.01) = 1.083x, and minRatio decides.
    QTest::newRow("1.5x, minRatio 2") << 2.0 << 1.5 << false;
    QTest::newRow("1.99x, minRatio 2") << 2.0 << 1.99 << false;
    QTest::newRow("2.5x, minRatio 2") << 2.0 << 2.5 << true;
    QTest::newRow("1.5x, minRatio 1") << 1.0 << 1.5 << true;
    QTest::newRow("1.05x, minRatio 1") << 1.0 << 1.05 << false;
}

void TestSpikeDetector::minRatioOnSmoothCurve()
{
    QFETCH(double, minRatio);
    QFETCH(double, factor);
    QFETCH(bool, flagged);

    SpikeDetectorSettings settings;
    settings.minRatio = minRatio;
    std::vector<double> loss = flatCurve(300, 0.02);
    for (int i = 200; i < 205; ++i)
        loss[std::size_t(i)] *= factor;

    const std::vector<SpikeEvent> events = detect(loss, settings);
    if (flagged) {
        QVERIFY2(events.size() == 1, qPrintable(describe(events)));
        QCOMPARE(events[0].start, qint64(200));
        QCOMPARE(events[0].end, qint64(205));
    } else {
        QVERIFY2(events.empty(), qPrintable(describe(events)));
    }
}

void TestSpikeDetector::warmupIsQuiet_data()
{
    QTest::addColumn<int>("warmup");
    QTest::addColumn<int>("jumpAt");
    QTest::addColumn<bool>("flagged");

    QTest::newRow("default warm-up, value 11") << 50 << 10 << false;
    QTest::newRow("default warm-up, value 50") << 50 << 49 << false;
    QTest::newRow("default warm-up, value 51") << 50 << 50 << true;
    QTest::newRow("no warm-up, first value") << 0 << 0 << false;
    QTest::newRow("no warm-up, second value") << 0 << 1 << true;
    QTest::newRow("warm-up 500, value 400") << 500 << 399 << false;
}

void TestSpikeDetector::warmupIsQuiet()
{
    QFETCH(int, warmup);
    QFETCH(int, jumpAt);
    QFETCH(bool, flagged);

    SpikeDetectorSettings settings;
    settings.warmup = warmup;
    std::vector<double> loss = flatCurve(600, 1.0);
    loss[std::size_t(jumpAt)] = 1000.0;

    const std::vector<SpikeEvent> events = detect(loss, settings);
    if (flagged) {
        QVERIFY2(events.size() == 1, qPrintable(describe(events)));
        QCOMPARE(events[0].start, qint64(jumpAt));
    } else {
        QVERIFY2(events.empty(), qPrintable(describe(events)));
    }
}

void TestSpikeDetector::divergenceReportedOnce_data()
{
    QTest::addColumn<double>("value");

    QTest::newRow("NaN") << notANumber;
    QTest::newRow("+inf") << infinity;
    QTest::newRow("-inf") << -infinity;
}

void TestSpikeDetector::divergenceReportedOnce()
{
    QFETCH(double, value);

    SpikeDetector detector;
    for (int i = 0; i < 100; ++i)
        detector.add(i, 0.5);
    QCOMPARE(detector.add(100, value), SpikeDetector::Change::Diverged);
    QVERIFY(detector.hasDiverged());

    // Everything after the divergence is ignored: another NaN, a spike, an iteration out of order.
    QCOMPARE(detector.add(101, value), SpikeDetector::Change::None);
    QCOMPARE(detector.add(102, notANumber), SpikeDetector::Change::None);
    QCOMPARE(detector.add(103, 1000.0), SpikeDetector::Change::None);
    QCOMPARE(detector.add(50, 0.5), SpikeDetector::Change::None);
    detector.finish();

    QCOMPARE(detector.events().size(), std::size_t(1));
    const SpikeEvent &event = detector.events()[0];
    QVERIFY(event.divergence);
    QCOMPARE(event.start, qint64(100));
    QCOMPARE(event.peak, qint64(100));
    QCOMPARE(event.end, qint64(100));
    QCOMPARE(event.ratio, infinity);
    QVERIFY(isRelativelyNear(event.baseline, 0.5, 1e-12));
    if (std::isnan(value))
        QVERIFY(std::isnan(event.peakLoss));
    else
        QCOMPARE(event.peakLoss, value);

    // reset() starts over: the next run detects spikes again.
    detector.reset();
    QVERIFY(!detector.hasDiverged());
    QVERIFY(detector.events().empty());
    QVERIFY(std::isnan(detector.baseline()));
    for (int i = 0; i < 100; ++i)
        detector.add(i, 0.5);
    QCOMPARE(detector.add(100, 5.0), SpikeDetector::Change::Started);
}

void TestSpikeDetector::divergenceClosesOpenEvent()
{
    SpikeDetector detector;
    for (int i = 0; i < 200; ++i)
        detector.add(i, 1.0);
    QCOMPARE(detector.add(200, 50.0), SpikeDetector::Change::Started);
    QCOMPARE(detector.add(201, 500.0), SpikeDetector::Change::Grew);
    QCOMPARE(detector.add(202, infinity), SpikeDetector::Change::Diverged);

    const std::vector<SpikeEvent> &events = detector.events();
    QVERIFY2(events.size() == 2, qPrintable(describe(events)));
    QCOMPARE(events[0].start, qint64(200));
    QCOMPARE(events[0].peak, qint64(201));
    QCOMPARE(events[0].end, qint64(202));
    QVERIFY(!events[0].divergence);
    QVERIFY(events[1].divergence);
    QCOMPARE(events[1].start, qint64(202));
    QVERIFY(!detector.isOpen());
}

void TestSpikeDetector::divergenceOnFirstValue()
{
    SpikeDetector detector;
    QCOMPARE(detector.add(0, notANumber), SpikeDetector::Change::Diverged);

    QCOMPARE(detector.events().size(), std::size_t(1));
    QVERIFY(detector.events()[0].divergence);
    QCOMPARE(detector.events()[0].start, qint64(0));
    QVERIFY(std::isnan(detector.events()[0].baseline));
}

void TestSpikeDetector::nonPositiveLoss_data()
{
    QTest::addColumn<double>("value");

    QTest::newRow("zero") << 0.0;
    QTest::newRow("negative zero") << -0.0;
    QTest::newRow("negative") << -1.0;
    QTest::newRow("smallest negative") << -std::numeric_limits<double>::denorm_min();
}

void TestSpikeDetector::nonPositiveLoss()
{
    QFETCH(double, value);

    SpikeDetector detector;
    for (int i = 0; i < 200; ++i)
        detector.add(i, 2.0);

    // Outside an event the value is skipped and leaves the baseline alone.
    for (int i = 200; i < 300; ++i)
        QCOMPARE(detector.add(i, value), SpikeDetector::Change::None);
    QVERIFY(isRelativelyNear(detector.baseline(), 2.0, 1e-12));
    QCOMPARE(detector.add(300, 20.0), SpikeDetector::Change::Started);

    // Inside an event it ends the event.
    QCOMPARE(detector.add(301, value), SpikeDetector::Change::Ended);
    QCOMPARE(detector.events().size(), std::size_t(1));
    QCOMPARE(detector.events()[0].end, qint64(301));
    QVERIFY(!detector.hasDiverged());
}

void TestSpikeDetector::skippedIterations()
{
    // A log that records every tenth iteration: window and warm-up count values, not iterations.
    SpikeDetector detector;
    for (int i = 0; i < 300; ++i) {
        const double loss = (i == 50 || i == 200) ? 8.0 : 1.0;
        detector.add(qint64(i) * 10, loss);
    }
    detector.finish();

    const std::vector<SpikeEvent> &events = detector.events();
    QVERIFY2(events.size() == 2, qPrintable(describe(events)));
    QCOMPARE(events[0].start, qint64(500));
    QCOMPARE(events[0].end, qint64(510));
    QCOMPARE(events[1].start, qint64(2000));
    QCOMPARE(events[1].peak, qint64(2000));
    QCOMPARE(events[1].end, qint64(2010));
}

void TestSpikeDetector::rejectsNonIncreasingIteration_data()
{
    QTest::addColumn<qint64>("next");

    QTest::newRow("same iteration") << qint64(41);
    QTest::newRow("earlier iteration") << qint64(7);
}

void TestSpikeDetector::rejectsNonIncreasingIteration()
{
    QFETCH(qint64, next);

    SpikeDetector detector;
    for (int i = 0; i <= 41; ++i)
        detector.add(i, 1.0);
    const double baselineBefore = detector.baseline();

    try {
        detector.add(next, 1.0);
        QFAIL("add() accepted an iteration that does not increase");
    } catch (const std::invalid_argument &error) {
        const QString message = QString::fromUtf8(error.what());
        QVERIFY2(message.contains(QStringLiteral("iteration %1 ").arg(next)), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("previous iteration 41")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("reset()")), qPrintable(message));
    }

    // The rejected value left the detector as it was, and usable.
    QCOMPARE(detector.baseline(), baselineBefore);
    for (int i = 42; i < 100; ++i)
        QCOMPARE(detector.add(i, 1.0), SpikeDetector::Change::None);
    QCOMPARE(detector.add(100, 10.0), SpikeDetector::Change::Started);
}

void TestSpikeDetector::scaleInvariance_data()
{
    QTest::addColumn<int>("family");
    QTest::addColumn<int>("index");
    QTest::addColumn<double>("factor");

    QTest::newRow("exponential decay, clean, x1e-6") << int(Family::ExponentialDecay) << 0 << 1e-6;
    QTest::newRow("exponential decay, noise 0.1, x1e-6")
        << int(Family::ExponentialDecay) << 4 << 1e-6;
    QTest::newRow("power law, noise 0.3, x1e-6") << int(Family::PowerLawDecay) << 6 << 1e-6;
    QTest::newRow("warm-up bump, noise 0.03, x1e-6") << int(Family::WarmupBump) << 3 << 1e-6;
    QTest::newRow("step schedule, noise 0.01, x1e6") << int(Family::StepSchedule) << 2 << 1e6;
    QTest::newRow("plateau, noise 0.2, x1e-6") << int(Family::Plateau) << 5 << 1e-6;
}

void TestSpikeDetector::scaleInvariance()
{
    QFETCH(int, family);
    QFETCH(int, index);
    QFETCH(double, factor);

    const Curve curve = makeCurve(Family(family), index, true);
    std::vector<double> scaled = curve.loss;
    for (double &value : scaled)
        value *= factor;

    const std::vector<SpikeEvent> original = detect(curve.loss);
    const std::vector<SpikeEvent> rescaled = detect(scaled);
    QVERIFY2(!original.empty(), qPrintable(curve.name));
    QVERIFY2(original.size() == rescaled.size(),
        qPrintable(describe(original) + " vs " + describe(rescaled)));
    for (std::size_t i = 0; i < original.size(); ++i) {
        QCOMPARE(rescaled[i].start, original[i].start);
        QCOMPARE(rescaled[i].peak, original[i].peak);
        QCOMPARE(rescaled[i].end, original[i].end);
        QCOMPARE(rescaled[i].levelShift, original[i].levelShift);
        QVERIFY(isRelativelyNear(rescaled[i].baseline, factor * original[i].baseline, 1e-9));
        QVERIFY(isRelativelyNear(rescaled[i].peakLoss, factor * original[i].peakLoss, 1e-12));
        QVERIFY(isRelativelyNear(rescaled[i].ratio, original[i].ratio, 1e-9));
    }
}

void TestSpikeDetector::addAllocatesNothing()
{
    Rng rng(17, RandomStream::Data);
    std::vector<double> loss(20000);
    for (double &value : loss)
        value = 0.01 * std::exp(0.2 * rng.normal());

    SpikeDetectorSettings settings;
    settings.window = 1000;
    const long beforeConstruction = allocationCount.load();
    SpikeDetector detector(settings);
    // The counter works: the constructor allocates the buffers.
    QVERIFY(allocationCount.load() > beforeConstruction);

    const long before = allocationCount.load();
    for (std::size_t i = 0; i < loss.size(); ++i)
        detector.add(qint64(i), loss[i]);
    const long allocations = allocationCount.load() - before;

    QVERIFY2(detector.events().empty(), qPrintable(describe(detector.events())));
    QCOMPARE(allocations, 0L);
}

void TestSpikeDetector::defaultSettings()
{
    const SpikeDetectorSettings settings;
    QCOMPARE(settings.sensitivity, 8.0);
    QCOMPARE(settings.window, 100);
    QCOMPARE(settings.minRatio, 2.0);
    QCOMPARE(settings.warmup, 50);
    validate(settings);

    const SpikeDetector detector;
    QCOMPARE(detector.settings().window, 100);
    QVERIFY(std::isnan(detector.baseline()));
    QCOMPARE(detector.scale(), SpikeDetector::scaleFloor);
}

void TestSpikeDetector::invalidSettingsThrow_data()
{
    QTest::addColumn<SpikeDetectorSettings>("settings");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QStringList>("fragments");

    const QString sensitivityRange = QStringLiteral("expected a number from 1 to 100 (default 8)");
    const QString windowRange
        = QStringLiteral("expected an integer from 5 to 100000 (default 100)");
    const QString minRatioRange = QStringLiteral("expected a number from 1 to 1000000 (default 2)");
    const QString warmupRange
        = QStringLiteral("expected an integer from 0 to 1000000000 (default 50)");

    SpikeDetectorSettings settings;
    settings.sensitivity = 0.0;
    QTest::newRow("sensitivity 0") << settings << "spikes.sensitivity"
        << QStringList {"spikes.sensitivity: 0 is out of range", sensitivityRange};
    settings.sensitivity = 100.5;
    QTest::newRow("sensitivity 100.5") << settings << "spikes.sensitivity"
        << QStringList {"spikes.sensitivity: 100.5 is out of range", sensitivityRange};
    settings.sensitivity = notANumber;
    QTest::newRow("sensitivity NaN") << settings << "spikes.sensitivity"
        << QStringList {"spikes.sensitivity: nan is not a finite number", sensitivityRange};

    settings = SpikeDetectorSettings();
    settings.window = 4;
    QTest::newRow("window 4") << settings << "spikes.window"
        << QStringList {"spikes.window: 4 is out of range", windowRange};
    settings.window = -100;
    QTest::newRow("window -100") << settings << "spikes.window"
        << QStringList {"spikes.window: -100 is out of range", windowRange};
    settings.window = 100001;
    QTest::newRow("window 100001") << settings << "spikes.window"
        << QStringList {"spikes.window: 100001 is out of range", windowRange};

    settings = SpikeDetectorSettings();
    settings.minRatio = 0.5;
    QTest::newRow("minRatio 0.5") << settings << "spikes.minRatio"
        << QStringList {"spikes.minRatio: 0.5 is out of range", minRatioRange};
    settings.minRatio = infinity;
    QTest::newRow("minRatio inf") << settings << "spikes.minRatio"
        << QStringList {"spikes.minRatio: inf is not a finite number", minRatioRange};
    settings.minRatio = -infinity;
    QTest::newRow("minRatio -inf") << settings << "spikes.minRatio"
        << QStringList {"spikes.minRatio: -inf is not a finite number", minRatioRange};

    settings = SpikeDetectorSettings();
    settings.warmup = -1;
    QTest::newRow("warmup -1") << settings << "spikes.warmup"
        << QStringList {"spikes.warmup: -1 is out of range", warmupRange};
}

void TestSpikeDetector::invalidSettingsThrow()
{
    QFETCH(SpikeDetectorSettings, settings);
    QFETCH(QString, key);
    QFETCH(QStringList, fragments);

    for (int viaConstructor = 0; viaConstructor < 2; ++viaConstructor) {
        try {
            if (viaConstructor) {
                const SpikeDetector detector(settings);
            } else {
                validate(settings);
            }
            QFAIL("invalid settings were accepted");
        } catch (const ConfigError &error) {
            const QString message = QString::fromUtf8(error.what());
            QCOMPARE(error.key(), key);
            for (const QString &fragment : fragments)
                QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
        }
    }
}

void TestSpikeDetector::boundarySettingsAccepted_data()
{
    QTest::addColumn<SpikeDetectorSettings>("settings");

    using Limits = SpikeDetectorLimits;
    QTest::newRow("all minimal") << SpikeDetectorSettings {Limits::minSensitivity,
        Limits::minWindow, Limits::minMinRatio, Limits::minWarmup};
    QTest::newRow("all maximal") << SpikeDetectorSettings {Limits::maxSensitivity,
        Limits::maxWindow, Limits::maxMinRatio, Limits::maxWarmup};
}

void TestSpikeDetector::boundarySettingsAccepted()
{
    QFETCH(SpikeDetectorSettings, settings);

    SpikeDetector detector(settings);
    std::vector<double> loss = flatCurve(20, 1.0);
    loss[10] = 1e7;
    for (std::size_t i = 0; i < loss.size(); ++i)
        detector.add(qint64(i), loss[i]);
    detector.finish();

    // Only the minimal settings flag the jump: the maximal ones are in warm-up and need 1e6x.
    const bool minimal = settings.warmup == 0;
    QCOMPARE(detector.events().size(), std::size_t(minimal ? 1 : 0));
}

void TestSpikeDetector::spikeFreeCurvesQuiet_data()
{
    QTest::addColumn<int>("family");

    for (Family family : allFamilies)
        QTest::newRow(qPrintable(familyName(family))) << int(family);
}

void TestSpikeDetector::spikeFreeCurvesQuiet()
{
    QFETCH(int, family);

    for (int index = 0; index < curvesPerFamily; ++index) {
        const Curve curve = makeCurve(Family(family), index, false);
        const std::vector<SpikeEvent> events = detect(curve.loss);
        QVERIFY2(events.empty(), qPrintable(curve.name + ": " + describe(events)));
    }
}

void TestSpikeDetector::injectedSpikesFound_data()
{
    QTest::addColumn<SpikeDetectorSettings>("settings");

    // Besides the defaults, settings on either side of them, to show the margin of the defaults.
    SpikeDetectorSettings settings;
    QTest::newRow("defaults") << settings;
    settings.sensitivity = 6.0;
    QTest::newRow("sensitivity 6") << settings;
    settings.sensitivity = 10.0;
    QTest::newRow("sensitivity 10") << settings;
    settings = SpikeDetectorSettings();
    settings.window = 50;
    QTest::newRow("window 50") << settings;
    settings.window = 200;
    QTest::newRow("window 200") << settings;
}

void TestSpikeDetector::injectedSpikesFound()
{
    QFETCH(SpikeDetectorSettings, settings);

    int falseEvents = 0;
    Score total;
    for (Family family : allFamilies) {
        Score familyScore;
        for (int index = 0; index < curvesPerFamily; ++index) {
            const Curve quiet = makeCurve(family, index, false);
            const std::vector<SpikeEvent> quietEvents = detect(quiet.loss, settings);
            if (!quietEvents.empty()) {
                qInfo("%s without spikes: %s", qPrintable(quiet.name),
                    qPrintable(describe(quietEvents)));
            }
            falseEvents += int(quietEvents.size());

            const Curve curve = makeCurve(family, index, true);
            const std::vector<SpikeEvent> events = detect(curve.loss, settings);
            const Score score = scoreCurve(curve, events);
            if (score.matched != score.injected || score.detected != score.matched) {
                qInfo("%s: %d of %d spikes found, %s", qPrintable(curve.name), score.matched,
                    score.injected, qPrintable(describe(events)));
            }
            familyScore.add(score);
        }
        qInfo("%s: %d curves, %d spikes injected, %d events, precision %.4f, recall %.4f",
            qPrintable(familyName(family)), familyScore.curves, familyScore.injected,
            familyScore.detected, familyScore.precision(), familyScore.recall());
        total.add(familyScore);
    }

    qInfo("sensitivity %g, window %d, minRatio %g, warmup %d: %d curves with spikes, %d "
          "without; %d spikes injected, %d events, precision %.4f, recall %.4f; of %d matched "
          "events, %d start at the spike and %d end within it; %d events on the curves without "
          "spikes",
        settings.sensitivity, settings.window, settings.minRatio, settings.warmup, total.curves,
        total.curves, total.injected, total.detected, total.precision(), total.recall(),
        total.matched, total.exactStarts, total.endsInside, falseEvents);
    QVERIFY2(total.curves * 2 >= 200, "the suite needs at least 200 curves");
    QVERIFY2(total.injected >= 300, qPrintable(QString::number(total.injected)));
    QCOMPARE(falseEvents, 0);
    QVERIFY2(total.precision() >= 0.95, qPrintable(QString::number(total.precision())));
    QVERIFY2(total.recall() >= 0.95, qPrintable(QString::number(total.recall())));
}

QTEST_GUILESS_MAIN(TestSpikeDetector)
#include "tst_spikedetector.moc"
