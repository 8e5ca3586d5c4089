// Figure export speed: exportFigure() of one run's figure as PNG, SVG and PDF. The run is the
// default preset trained headless for 10,000 and for 1,000,000 iterations. Its figure has the
// curves that the window exports: the training MSE with a marker and cause label per spike, and
// its debiased moving average at weight 0.9. The size is the export default, 16 x 10 cm at
// 300 dpi (1890 x 1181 pixels).
//
// Usage: bench_figure [--repeats N] [--quick]
// Each export runs once to warm up, then N times (default 5). The median, minimum and maximum
// time and the file size are printed. --quick exports a run of 2,000 iterations once, as a smoke
// test. Without QT_QPA_PLATFORM set, the offscreen platform is used.

#include "datasetloader.h"
#include "debiasedema.h"
#include "figure.h"
#include "presets.h"
#include "runfigure.h"
#include "trainer.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace initlab;

namespace {

constexpr double smoothingWeight = 0.9;

// Trains the default preset for iterations updates and returns the run as the chart stores it.
LossChartData trainRun(int iterations)
{
    RunConfig config = loadPreset(QStringLiteral("default"));
    config.training.iterations = iterations;
    Trainer trainer(config, loadDataset(config));
    trainer.run();
    trainer.finishSpikes();

    LossChartData data;
    data.train = trainer.history().mseColumn();
    data.smoothingWeight = smoothingWeight;
    DebiasedEma ema(smoothingWeight);
    data.smoothed.reserve(data.train.size());
    for (const double mse : data.train)
        data.smoothed.push_back(ema.add(mse));
    data.spikes = trainer.spikes();
    return data;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const std::size_t middle = values.size() / 2;
    return values.size() % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2.0;
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
        QStringLiteral("Timed exports per run and format."), QStringLiteral("n"),
        QStringLiteral("5"));
    const QCommandLineOption quickOption(
        QStringLiteral("quick"), QStringLiteral("One export of a short run, as a smoke test."));
    parser.addOptions({repeatsOption, quickOption});
    parser.process(app);

    const bool quick = parser.isSet(quickOption);
    const int repeats = quick ? 1 : std::max(1, parser.value(repeatsOption).toInt());
    const std::vector<int> runLengths = quick ? std::vector<int> {2000}
                                              : std::vector<int> {10'000, 1'000'000};

    QTemporaryDir dir;
    if (!dir.isValid()) {
        std::fprintf(stderr, "bench_figure: cannot create a temporary folder: %s\n",
            qPrintable(dir.errorString()));
        return 1;
    }
    const FigureStyle style;
    const FigureSize size;
    const QSize pixels = pixelSize(size);
    std::printf("default preset; figure %g x %g cm at %d dpi (%d x %d px); %d export(s) each\n",
        size.width, size.height, size.dpi, pixels.width(), pixels.height(), repeats);
    std::printf("%-12s %-6s %8s %12s %10s %10s %10s\n", "iterations", "format", "spikes",
        "file bytes", "median ms", "min ms", "max ms");

    for (const int iterations : runLengths) {
        const LossChartData data = trainRun(iterations);
        const std::vector<FigureCurve> curves = runCurves(data);
        const auto spikeCount = curves.empty() ? 0 : curves.front().spikePeaks.size();
        for (const char *format : {"png", "svg", "pdf"}) {
            const QString path = dir.filePath(QStringLiteral("run.") + QLatin1String(format));
            std::vector<double> times;
            for (int repeat = quick ? 0 : -1; repeat < repeats; ++repeat) {
                QElapsedTimer timer;
                timer.start();
                QString error;
                if (!exportFigure(curves, style, size, path, &error)) {
                    std::fprintf(stderr, "bench_figure: exporting %s failed: %s\n",
                        qPrintable(path), qPrintable(error));
                    return 1;
                }
                if (repeat >= 0)
                    times.push_back(double(timer.nsecsElapsed()) * 1e-6);
            }
            std::printf("%-12d %-6s %8zu %12lld %10.1f %10.1f %10.1f\n", iterations, format,
                spikeCount, static_cast<long long>(QFileInfo(path).size()), median(times),
                *std::min_element(times.begin(), times.end()),
                *std::max_element(times.begin(), times.end()));
        }
    }
    return 0;
}
