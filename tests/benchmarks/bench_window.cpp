// Responsiveness of the desktop window while it trains at full speed, as the run grows to its
// full length. It measures how late the GUI thread's event loop serves a timer (event-loop
// latency). It also measures how long the window takes to take in one batch from the worker
// (spike table, status bar, chart decimation), how long the chart takes to draw one frame, and the
// peak resident memory of the process during each run.
//
// Usage: bench_window [--iterations N] [--repeats N] [--quick]
// Each repeat trains the default preset, with iterations set to N (default 1,000,000), in a
// shown main window; run it with QT_QPA_PLATFORM=offscreen or on a display. The medians over the
// repeats are printed. --quick trains 20,000 iterations once, as a smoke test. For the longest
// run the configuration accepts: --iterations 10000000.

#include "losschart.h"
#include "mainwindow.h"
#include "presets.h"
#include "processmemory.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <vector>

using namespace initlab;

namespace {

struct Sample
{
    std::vector<double> latencyMs; // lateness of a 5 ms timer
    std::vector<double> batchMs; // the window's handling of one queued call from the worker
    std::vector<double> batchCpuMs; // the same in CPU time of the GUI thread
    std::vector<double> frameMs; // one full render of the chart
    double seconds = 0.0;
    qint64 points = 0;
    double peakResidentMib = 0.0; // VmHWM of the process since the run started
};

// Times the delivery of every queued call to one object: for the training controller, the
// batches and state changes that the training thread sends, with all the window does with them.
class TimingApplication : public QApplication
{
public:
    using QApplication::QApplication;

    void watch(QObject *receiver, std::vector<double> *durationsMs, std::vector<double> *cpuMs)
    {
        m_receiver = receiver;
        m_durationsMs = durationsMs;
        m_cpuMs = cpuMs;
    }

    bool notify(QObject *receiver, QEvent *event) override
    {
        if (receiver != m_receiver || event->type() != QEvent::MetaCall)
            return QApplication::notify(receiver, event);
        QElapsedTimer timer;
        timer.start();
        const double cpuStart = threadCpuMs();
        const bool result = QApplication::notify(receiver, event);
        m_durationsMs->push_back(double(timer.nsecsElapsed()) * 1e-6);
        m_cpuMs->push_back(threadCpuMs() - cpuStart);
        return result;
    }

private:
    // CPU time of the calling thread in milliseconds. Unlike the wall clock it leaves out the
    // time the thread waits for a core, which a machine shared with other work adds.
    static double threadCpuMs()
    {
        timespec now {};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
        return double(now.tv_sec) * 1e3 + double(now.tv_nsec) * 1e-6;
    }

    QObject *m_receiver = nullptr;
    std::vector<double> *m_durationsMs = nullptr;
    std::vector<double> *m_cpuMs = nullptr;
};

double quantile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = std::size_t(q * double(values.size() - 1) + 0.5);
    return values[std::min(index, values.size() - 1)];
}

double median(std::vector<double> values)
{
    return quantile(std::move(values), 0.5);
}

Sample measure(const QString &configPath, qint64 iterations)
{
    Sample sample;
    if (!bench::resetPeakResident())
        qWarning("cannot reset the peak resident memory; peaks include earlier runs");
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.resize(1400, 900);
    window.show();
    window.setSpeed(0);
    if (!window.openConfig(configPath))
        qFatal("cannot open %s", qPrintable(configPath));

    QElapsedTimer clock;
    clock.start();
    bool done = false;
    bool started = false;

    TrainingController *controller = window.controller();
    auto *application = static_cast<TimingApplication *>(QCoreApplication::instance());
    // The worker's signals reach the GUI thread as queued calls to the controller, which
    // passes them on to the window directly.
    application->watch(controller, &sample.batchMs, &sample.batchCpuMs);

    QObject::connect(
        controller, &TrainingController::stateChanged, &window, [&](TrainingState state) {
            if (state == TrainingState::Ready && !started) {
                started = true;
                clock.restart();
                controller->start();
            } else if (state == TrainingState::Finished || state == TrainingState::Diverged) {
                sample.seconds = double(clock.nsecsElapsed()) * 1e-9;
                done = true;
            }
        });

    QTimer tick;
    tick.setInterval(5);
    tick.setTimerType(Qt::PreciseTimer);
    qint64 lastTick = -1;
    QObject::connect(&tick, &QTimer::timeout, &window, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (started && lastTick >= 0)
            sample.latencyMs.push_back(std::max(0.0, double(now - lastTick) * 1e-6 - 5.0));
        lastTick = now;
    });
    tick.start();

    // A frame: the chart rendered completely, as the screen would show it, about 10 times a second.
    QTimer frame;
    frame.setInterval(100);
    QObject::connect(&frame, &QTimer::timeout, &window, [&] {
        if (!started)
            return;
        QElapsedTimer render;
        render.start();
        const QPixmap pixels = window.chart()->grab();
        sample.frameMs.push_back(double(render.nsecsElapsed()) * 1e-6);
        Q_UNUSED(pixels);
    });
    frame.start();

    while (!done)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    application->watch(nullptr, nullptr, nullptr);
    sample.points = window.chart()->pointCount();
    if (sample.points != iterations + 1)
        qFatal("the chart holds %lld points, expected %lld", sample.points, iterations + 1);
    sample.peakResidentMib = bench::peakResidentMib();
    return sample;
}

} // namespace

int main(int argc, char *argv[])
{
    TimingApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("InitLabBenchmarks"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption repeatsOption(QStringLiteral("repeats"), QStringLiteral("Timed runs."),
        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption iterationsOption(QStringLiteral("iterations"),
        QStringLiteral("Iterations per run."), QStringLiteral("n"), QStringLiteral("1000000"));
    const QCommandLineOption quickOption(
        QStringLiteral("quick"), QStringLiteral("One short run, as a smoke test."));
    parser.addOptions({repeatsOption, iterationsOption, quickOption});
    parser.process(app);

    const bool quick = parser.isSet(quickOption);
    const qint64 iterations = quick ? 20000 : parser.value(iterationsOption).toLongLong();
    const int repeats = quick ? 1 : std::max(1, parser.value(repeatsOption).toInt());

    QTemporaryDir dir;
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = int(iterations);
    const QString path = dir.filePath(QStringLiteral("run.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(toJson(config)).toJson()) < 0)
        qFatal("cannot write %s", qPrintable(path));
    file.close();

    std::printf("default preset, %lld iterations, full speed, window 1400x900, %d run(s)\n",
        iterations, repeats);
    std::printf("%-4s %8s %8s %8s %8s %9s %9s %9s %9s %9s %9s %9s %9s\n", "run", "it/s",
        "lat p50", "lat p99", "lat max", "batch p50", "batch max", "bcpu p50", "bcpu max",
        "frame p50", "frame p99", "frame max", "peak MiB");
    std::vector<double> rates, latency50, latency99, latencyMax, batch50, batchMax, batchCpu50,
        batchCpuMax, frame50, frame99, frameMax, peaks;
    for (int run = 0; run < repeats; ++run) {
        const Sample sample = measure(path, iterations);
        rates.push_back(double(iterations) / sample.seconds);
        latency50.push_back(median(sample.latencyMs));
        latency99.push_back(quantile(sample.latencyMs, 0.99));
        latencyMax.push_back(quantile(sample.latencyMs, 1.0));
        batch50.push_back(median(sample.batchMs));
        batchMax.push_back(quantile(sample.batchMs, 1.0));
        batchCpu50.push_back(median(sample.batchCpuMs));
        batchCpuMax.push_back(quantile(sample.batchCpuMs, 1.0));
        frame50.push_back(median(sample.frameMs));
        frame99.push_back(quantile(sample.frameMs, 0.99));
        frameMax.push_back(quantile(sample.frameMs, 1.0));
        peaks.push_back(sample.peakResidentMib);
        std::printf("%-4d %8.0f %8.2f %8.2f %8.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f "
                    "%9.1f\n",
            run + 1, rates.back(), latency50.back(), latency99.back(), latencyMax.back(),
            batch50.back(), batchMax.back(), batchCpu50.back(), batchCpuMax.back(), frame50.back(),
            frame99.back(), frameMax.back(), peaks.back());
    }
    std::printf("%-4s %8.0f %8.2f %8.2f %8.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.2f %9.1f\n",
        "med", median(rates), median(latency50), median(latency99), median(latencyMax),
        median(batch50), median(batchMax), median(batchCpu50), median(batchCpuMax),
        median(frame50), median(frame99), median(frameMax), median(peaks));
    std::printf("(latency: ms a 5 ms timer fired late; batch: ms the window spent on one batch, "
                "bcpu: the same in GUI-thread CPU time; frame: ms to render the chart; peak MiB: "
                "peak resident memory of the process during the run)\n");
    return 0;
}
