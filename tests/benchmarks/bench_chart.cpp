// Loss chart speed: a run of 1,000,000 iterations fed to a LossChart in batches of 3,400 points,
// as the training controller hands them over at 30 batches a second from a trainer doing about
// 100,000 iterations a second. Each frame is one appendBatch() and one repaint() of the whole
// widget into its backing store, as the window does. A grab() into a new pixmap after it is timed
// on its own. At the end, with every point in, zooms and a smoothing change are timed.
//
// With --scale, it measures long runs instead: for 1, 10 and 100 million points (or the counts of
// --sizes), the min/max decimator alone (append, decimation of a frame, memory), then a LossChart
// fed with every point (append, one frame, peak memory).
//
// Usage: bench_chart [--repeats N] [--points N] [--batch N] [--scale] [--sizes N,N,...] [--quick]
// Each run feeds a new chart; the median over runs of each statistic is printed. --quick feeds
// 20,000 points once (with --scale, 100,000 points), as a smoke test. Without QT_QPA_PLATFORM set,
// the offscreen platform is used so that the numbers do not depend on a display.

#include "losschart.h"
#include "minmaxdecimator.h"
#include "processmemory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPixmap>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <vector>

using namespace initlab;

namespace {

// CPU time of the whole process, all threads, in milliseconds.
double processCpuMs()
{
    timespec now {};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
    return double(now.tv_sec) * 1e3 + double(now.tv_nsec) * 1e-6;
}

// Wall-clock and CPU milliseconds of one timed piece of work. On a machine shared with other
// work the wall clock includes waiting for a core; the CPU time does not.
class Stopwatch
{
public:
    Stopwatch()
        : m_cpuStart(processCpuMs())
    {
        m_timer.start();
    }
    double wallMs() const { return double(m_timer.nsecsElapsed()) * 1e-6; }
    double cpuMs() const { return processCpuMs() - m_cpuStart; }

private:
    QElapsedTimer m_timer;
    double m_cpuStart;
};

double median(std::vector<double> values)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
}

double maximum(const std::vector<double> &values)
{
    return values.empty() ? 0.0 : *std::max_element(values.begin(), values.end());
}

// A falling loss with noise, a spike every 100,000 iterations and a test MSE every 100.
double lossAt(qint64 iteration)
{
    const double noise =
        0.004 * std::sin(double(iteration) * 0.7) * std::cos(double(iteration) * 0.013);
    double loss = 0.5 * std::exp(-double(iteration) / 20'000.0) + 0.02 + noise;
    const qint64 sinceSpike = iteration % 100'000;
    if (iteration > 0 && sinceSpike < 40)
        loss *= 1.0 + 30.0 * std::exp(-double(sinceSpike) / 8.0);
    return loss;
}

TrainingBatch makeBatch(qint64 first, qint64 count)
{
    TrainingBatch batch;
    batch.points.reserve(std::size_t(count));
    for (qint64 iteration = first; iteration < first + count; ++iteration) {
        TrainingPoint point;
        point.iteration = iteration;
        point.mse = lossAt(iteration);
        point.testMse = iteration % 100 == 0 ? 1.2 * lossAt(iteration)
                                             : std::numeric_limits<double>::quiet_NaN();
        batch.points.push_back(point);
        if (iteration > 0 && iteration % 100'000 == 0) {
            SpikeUpdate update;
            update.index = int(iteration / 100'000 - 1);
            update.report.event.start = iteration;
            update.report.event.peak = iteration;
            update.report.event.end = iteration + 40;
            update.report.event.peakLoss = lossAt(iteration);
            update.report.event.baseline = lossAt(iteration - 1);
            update.report.event.ratio = update.report.event.peakLoss / update.report.event.baseline;
            update.report.diagnosis.cause = SpikeCause::ExplodingGradient;
            batch.spikes.push_back(update);
        }
    }
    return batch;
}

// Wall-clock and CPU times of repeated work, in milliseconds.
struct Timings
{
    std::vector<double> wall;
    std::vector<double> cpu;

    void add(const Stopwatch &stopwatch)
    {
        wall.push_back(stopwatch.wallMs());
        cpu.push_back(stopwatch.cpuMs());
    }
    // The last tenth of the timings.
    Timings tail() const
    {
        const auto count = std::max<std::ptrdiff_t>(std::ptrdiff_t(wall.size() / 10), 1);
        return {{wall.end() - std::min(count, std::ptrdiff_t(wall.size())), wall.end()},
            {cpu.end() - std::min(count, std::ptrdiff_t(cpu.size())), cpu.end()}};
    }
};

struct RunResult
{
    Timings frames; // appendBatch + repaint
    Timings appends; // appendBatch alone
    Timings grabs; // grab() alone
    Timings zooms; // showSpike() or resetZoom() alone, at the full run
    Timings zoomFrames; // the same plus a repaint
    Timings smoothing; // setSmoothing() at the full run, once
    int drawnPoints = 0;
    int plotWidth = 0;
    qint64 points = 0;
};

RunResult feedChart(qint64 totalPoints, qint64 batchSize, int zoomRepeats)
{
    RunResult result;
    LossChart chart;
    chart.resize(1200, 700);
    chart.show();
    QCoreApplication::processEvents();

    TrainingPoint initial;
    initial.mse = lossAt(0);
    initial.testMse = 1.2 * lossAt(0);
    chart.startRun(totalPoints - 1, initial);
    QCoreApplication::processEvents();

    for (qint64 first = 1; first < totalPoints; first += batchSize) {
        const TrainingBatch batch = makeBatch(first, std::min(batchSize, totalPoints - first));
        const Stopwatch frame;
        chart.appendBatch(batch);
        result.appends.add(frame);
        QCoreApplication::processEvents();
        chart.repaint();
        result.frames.add(frame);

        const Stopwatch grab;
        const QPixmap picture = chart.grab();
        result.grabs.add(grab);
    }

    for (int repeat = 0; repeat < zoomRepeats; ++repeat) {
        const bool zoomIn = repeat % 2 == 0 && chart.spikeCount() > 0;
        const Stopwatch zoom;
        if (zoomIn)
            chart.showSpike(repeat / 2 % chart.spikeCount());
        else
            chart.resetZoom();
        result.zooms.add(zoom);
        QCoreApplication::processEvents();
        chart.repaint();
        result.zoomFrames.add(zoom);
    }

    chart.resetZoom();
    const Stopwatch smoothing;
    chart.setSmoothing(0.95);
    result.smoothing.add(smoothing);

    result.drawnPoints = chart.drawnPointCount();
    result.plotWidth = chart.width();
    result.points = chart.pointCount();
    return result;
}

// Median and maximum of each run's timings, wall and CPU, collected over runs.
struct Summary
{
    std::vector<double> wallMedian, wallMax, cpuMedian, cpuMax;

    void add(const Timings &timings)
    {
        wallMedian.push_back(median(timings.wall));
        wallMax.push_back(maximum(timings.wall));
        cpuMedian.push_back(median(timings.cpu));
        cpuMax.push_back(maximum(timings.cpu));
    }
    void print(const char *name) const
    {
        std::printf("%-46s %9.2f %9.2f %9.2f %9.2f\n", name, median(wallMedian), median(wallMax),
            median(cpuMedian), median(cpuMax));
    }
};

// Pixel columns of the decimator's queries: an estimate of the plot width of the 1200-pixel-wide
// chart, whose axes take the rest.
constexpr int scaleColumns = 1100;

// Measures the min/max decimator alone with count values: appending them in batches of batchSize,
// then decimating the whole run and a zoom on its last spike onto scaleColumns columns, each from
// scratch as after a zoom or resize, repeats times.
void measureDecimator(qint64 count, qint64 batchSize, int repeats)
{
    const double residentBefore = bench::residentMib();
    bench::resetPeakResident();
    MinMaxDecimator decimator;
    std::vector<double> batch;
    double appendMs = 0.0;
    for (qint64 first = 0; first < count; first += batchSize) {
        batch.clear();
        for (qint64 i = first; i < std::min(count, first + batchSize); ++i)
            batch.push_back(lossAt(i));
        QElapsedTimer timer;
        timer.start();
        decimator.append(batch);
        appendMs += double(timer.nsecsElapsed()) * 1e-6;
    }
    batch = {};
    const double residentMib = bench::residentMib() - residentBefore;
    const double peakMib = bench::peakResidentMib() - residentBefore;

    const double lastSpike = double((count - 1) / 100'000 * 100'000);
    std::vector<double> wholeMs, zoomMs;
    std::size_t samples = 0;
    for (int repeat = 0; repeat < repeats; ++repeat) {
        MinMaxDecimator::Decimation whole;
        QElapsedTimer timer;
        timer.start();
        decimator.decimate(0.0, double(count - 1), scaleColumns, MinMaxDecimator::Filter::Positive,
            whole);
        wholeMs.push_back(double(timer.nsecsElapsed()) * 1e-6);
        samples = whole.samples.size();

        MinMaxDecimator::Decimation zoom;
        timer.restart();
        decimator.decimate(std::max(0.0, lastSpike - 1000.0), lastSpike + 4000.0, scaleColumns,
            MinMaxDecimator::Filter::Positive, zoom);
        zoomMs.push_back(double(timer.nsecsElapsed()) * 1e-6);
    }
    std::printf("%-12lld %12.0f %10.1f %14.3f %14.3f %10zu %12.0f %12.0f\n",
        static_cast<long long>(count), appendMs, appendMs * 1e6 / double(count), median(wholeMs),
        median(zoomMs), samples, residentMib, peakMib);
}

// Measures a LossChart of 1200 x 700 pixels fed with count points in batches of batchSize, without
// a repaint between batches, then one frame (repaint) and one grab() with every point in.
bool measureChart(qint64 count, qint64 batchSize)
{
    const double residentBefore = bench::residentMib();
    bench::resetPeakResident();
    double appendMs = 0.0;
    double frameMs = 0.0;
    double grabMs = 0.0;
    qint64 points = 0;
    double residentMib = 0.0;
    {
        LossChart chart;
        chart.resize(1200, 700);
        chart.show();
        QCoreApplication::processEvents();
        TrainingPoint initial;
        initial.mse = lossAt(0);
        initial.testMse = 1.2 * lossAt(0);
        chart.startRun(count - 1, initial);

        for (qint64 first = 1; first < count; first += batchSize) {
            const TrainingBatch batch = makeBatch(first, std::min(batchSize, count - first));
            QElapsedTimer timer;
            timer.start();
            chart.appendBatch(batch);
            appendMs += double(timer.nsecsElapsed()) * 1e-6;
        }
        QElapsedTimer timer;
        timer.start();
        QCoreApplication::processEvents();
        chart.repaint();
        frameMs = double(timer.nsecsElapsed()) * 1e-6;
        timer.restart();
        const QPixmap picture = chart.grab();
        grabMs = double(timer.nsecsElapsed()) * 1e-6;
        points = chart.pointCount();
        residentMib = bench::residentMib() - residentBefore;
    }
    const double peakMib = bench::peakResidentMib() - residentBefore;
    std::printf("%-12lld %12.0f %10.1f %14.1f %14.1f %12.0f %12.0f\n",
        static_cast<long long>(count), appendMs, appendMs * 1e6 / double(count), frameMs, grabMs,
        residentMib, peakMib);
    if (points != count) {
        std::fprintf(stderr, "bench_chart: the chart kept %lld of %lld points\n",
            static_cast<long long>(points), static_cast<long long>(count));
        return false;
    }
    return true;
}

int runScale(const std::vector<qint64> &sizes, int repeats)
{
    if (!bench::resetPeakResident())
        std::fprintf(stderr, "bench_chart: cannot reset the peak resident memory; peaks below "
                             "include earlier sizes\n");
    std::printf("min/max decimator alone: append in batches of 3,400; decimation onto %d columns "
                "from scratch, median of %d\n",
        scaleColumns, repeats);
    std::printf("%-12s %12s %10s %14s %14s %10s %12s %12s\n", "points", "append ms",
        "ns/point", "whole run ms", "zoom ms", "samples", "held MiB", "peak MiB");
    for (const qint64 count : sizes)
        measureDecimator(count, 3400, repeats);

    std::printf("\nLossChart 1200x700, training and test MSE with smoothing 0.9, fed in batches "
                "of 1,000,000 points\n");
    std::printf("%-12s %12s %10s %14s %14s %12s %12s\n", "points", "append ms", "ns/point",
        "frame ms", "grab() ms", "held MiB", "peak MiB");
    for (const qint64 count : sizes) {
        if (!measureChart(count, 1'000'000))
            return 1;
    }
    std::printf("(held MiB: resident memory added while the data is in; peak MiB: the largest "
                "addition on the way, reallocations included)\n");
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (!qEnvironmentVariableIsSet("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption repeatsOption(QStringLiteral("repeats"),
        QStringLiteral("Runs, each feeding a new chart."), QStringLiteral("n"),
        QStringLiteral("5"));
    const QCommandLineOption pointsOption(QStringLiteral("points"),
        QStringLiteral("Points per run, row 0 included."), QStringLiteral("n"),
        QStringLiteral("1000000"));
    const QCommandLineOption batchOption(QStringLiteral("batch"),
        QStringLiteral("Points per appendBatch() call."), QStringLiteral("n"),
        QStringLiteral("3400"));
    const QCommandLineOption quickOption(
        QStringLiteral("quick"), QStringLiteral("One run of 20,000 points, as a smoke test."));
    const QCommandLineOption scaleOption(QStringLiteral("scale"),
        QStringLiteral("Measure the decimator and the chart at 1, 10 and 100 million points."));
    const QCommandLineOption sizesOption(QStringLiteral("sizes"),
        QStringLiteral("Point counts of --scale, comma-separated."), QStringLiteral("n,n,..."),
        QStringLiteral("1000000,10000000,100000000"));
    parser.addOptions(
        {repeatsOption, pointsOption, batchOption, quickOption, scaleOption, sizesOption});
    parser.process(app);

    const bool quick = parser.isSet(quickOption);
    if (parser.isSet(scaleOption)) {
        std::vector<qint64> sizes;
        for (const QString &text : parser.value(sizesOption).split(QLatin1Char(','))) {
            bool ok = false;
            const qint64 count = text.trimmed().toLongLong(&ok);
            if (!ok || count < 2) {
                std::fprintf(stderr, "bench_chart: invalid point count \"%s\" in --sizes; give "
                                     "integers of at least 2, such as 1000000,10000000\n",
                    qPrintable(text));
                return 2;
            }
            sizes.push_back(count);
        }
        if (quick)
            sizes = {100'000};
        return runScale(sizes, quick ? 1 : std::max(1, parser.value(repeatsOption).toInt()));
    }
    const int repeats = quick ? 1 : std::max(1, parser.value(repeatsOption).toInt());
    const qint64 points =
        quick ? 20'000 : std::max<qint64>(2, parser.value(pointsOption).toLongLong());
    const qint64 batchSize = std::max<qint64>(1, parser.value(batchOption).toLongLong());
    const int zoomRepeats = quick ? 4 : 20;

    Summary frames, lastFrames, appends, grabs, zooms, zoomFrames, smoothing;
    for (int run = 0; run < repeats; ++run) {
        const RunResult result = feedChart(points, batchSize, zoomRepeats);
        if (result.points != points || result.drawnPoints > 4 * result.plotWidth + 2) {
            std::fprintf(stderr,
                "bench_chart: run %d kept %lld of %lld points and drew %d points on a %d pixel "
                "wide widget; expected every point and at most 4 per pixel column\n",
                run + 1, static_cast<long long>(result.points), static_cast<long long>(points),
                result.drawnPoints, result.plotWidth);
            return 1;
        }
        frames.add(result.frames);
        // The last tenth of the frames, when the chart contains 90% to 100% of the run.
        lastFrames.add(result.frames.tail());
        appends.add(result.appends);
        grabs.add(result.grabs);
        zooms.add(result.zooms);
        zoomFrames.add(result.zoomFrames);
        smoothing.add(result.smoothing);
    }

    std::printf("%lld points in batches of %lld, %d run(s); medians over runs, in ms\n",
        static_cast<long long>(points), static_cast<long long>(batchSize), repeats);
    std::printf("%-46s %9s %9s %9s %9s\n", "measure", "wall med", "wall max", "CPU med", "CPU max");
    frames.print("frame: appendBatch + repaint()");
    lastFrames.print("frame, last 10% of the run");
    appends.print("appendBatch alone");
    grabs.print("grab() into a new pixmap, alone");
    zooms.print("zoom at the full run: showSpike()/resetZoom()");
    zoomFrames.print("zoom at the full run, with repaint()");
    smoothing.print("setSmoothing() at the full run");
    return 0;
}
