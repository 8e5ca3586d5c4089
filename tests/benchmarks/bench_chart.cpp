// Loss chart speed: a run of 1,000,000 iterations fed to a LossChart in batches of 3,400 points,
// as the training controller hands them over at 30 batches a second from a trainer doing about
// 100,000 iterations a second. Each frame is one appendBatch() and one repaint() of the whole
// widget into its backing store, as the window does. A grab() into a new pixmap after it is timed
// on its own. At the end, with every point in, zooms and a smoothing change are timed.
//
// Usage: bench_chart [--repeats N] [--points N] [--batch N] [--quick]
// Each run feeds a new chart; the median over runs of each statistic is printed. --quick feeds
// 20,000 points once, as a smoke test. Without QT_QPA_PLATFORM set, the offscreen platform is
// used so that the numbers do not depend on a display.

#include "losschart.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QPixmap>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

using namespace initlab;

namespace {

// Milliseconds of one timed piece of work.
class Stopwatch
{
public:
    Stopwatch() { m_timer.start(); }
    double elapsedMs() const { return double(m_timer.nsecsElapsed()) * 1e-6; }

private:
    QElapsedTimer m_timer;
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

struct RunResult
{
    std::vector<double> frameMs; // appendBatch + repaint
    std::vector<double> appendMs; // appendBatch alone
    std::vector<double> grabMs; // grab() alone
    std::vector<double> zoomMs; // showSpike() or resetZoom() alone, at the full run
    std::vector<double> zoomFrameMs; // the same plus a repaint
    double smoothingMs = 0.0; // setSmoothing() at the full run
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
        result.appendMs.push_back(frame.elapsedMs());
        QCoreApplication::processEvents();
        chart.repaint();
        result.frameMs.push_back(frame.elapsedMs());

        const Stopwatch grab;
        const QPixmap picture = chart.grab();
        result.grabMs.push_back(grab.elapsedMs());
    }

    for (int repeat = 0; repeat < zoomRepeats; ++repeat) {
        const bool zoomIn = repeat % 2 == 0 && chart.spikeCount() > 0;
        const Stopwatch zoom;
        if (zoomIn)
            chart.showSpike(repeat / 2 % chart.spikeCount());
        else
            chart.resetZoom();
        result.zoomMs.push_back(zoom.elapsedMs());
        QCoreApplication::processEvents();
        chart.repaint();
        result.zoomFrameMs.push_back(zoom.elapsedMs());
    }

    chart.resetZoom();
    const Stopwatch smoothing;
    chart.setSmoothing(0.95);
    result.smoothingMs = smoothing.elapsedMs();

    result.drawnPoints = chart.drawnPointCount();
    result.plotWidth = chart.width();
    result.points = chart.pointCount();
    return result;
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
    parser.addOptions({repeatsOption, pointsOption, batchOption, quickOption});
    parser.process(app);

    const bool quick = parser.isSet(quickOption);
    const int repeats = quick ? 1 : std::max(1, parser.value(repeatsOption).toInt());
    const qint64 points =
        quick ? 20'000 : std::max<qint64>(2, parser.value(pointsOption).toLongLong());
    const qint64 batchSize = std::max<qint64>(1, parser.value(batchOption).toLongLong());
    const int zoomRepeats = quick ? 4 : 20;

    std::vector<double> frameMedian, frameMax, appendMedian, appendMax, grabMedian, grabMax,
        lastFrames, zoomMedian, zoomMax, zoomFrameMedian, zoomFrameMax, smoothing;
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
        frameMedian.push_back(median(result.frameMs));
        frameMax.push_back(maximum(result.frameMs));
        appendMedian.push_back(median(result.appendMs));
        appendMax.push_back(maximum(result.appendMs));
        grabMedian.push_back(median(result.grabMs));
        grabMax.push_back(maximum(result.grabMs));
        // The last tenth of the frames, when the chart contains 90% to 100% of the run.
        const auto tail = std::ptrdiff_t(result.frameMs.size() / 10);
        lastFrames.push_back(median(
            {result.frameMs.end() - std::max<std::ptrdiff_t>(tail, 1), result.frameMs.end()}));
        zoomMedian.push_back(median(result.zoomMs));
        zoomMax.push_back(maximum(result.zoomMs));
        zoomFrameMedian.push_back(median(result.zoomFrameMs));
        zoomFrameMax.push_back(maximum(result.zoomFrameMs));
        smoothing.push_back(result.smoothingMs);
    }

    std::printf("%lld points in batches of %lld, %d run(s); medians over runs, in ms\n",
        static_cast<long long>(points), static_cast<long long>(batchSize), repeats);
    std::printf("%-52s %10s %10s\n", "measure", "median", "max");
    const auto row = [](const char *name, const std::vector<double> &medians,
                         const std::vector<double> &maxima) {
        std::printf("%-52s %10.2f %10.2f\n", name, median(medians), median(maxima));
    };
    row("frame: appendBatch + repaint()", frameMedian, frameMax);
    row("appendBatch alone", appendMedian, appendMax);
    row("frame, last 10% of the run (median)", lastFrames, lastFrames);
    row("grab() into a new pixmap, alone", grabMedian, grabMax);
    row("zoom at the full run: showSpike() / resetZoom()", zoomMedian, zoomMax);
    row("zoom at the full run, with repaint()", zoomFrameMedian, zoomFrameMax);
    row("setSmoothing() at the full run", smoothing, smoothing);
    return 0;
}
