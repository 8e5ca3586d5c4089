// Training speed: iterations per second of the full training loop (forward, backward, optimizer
// step, history record, spike detection) on the default preset in float64 and float32, with the
// window's snapshots for rewinding, on wider and deeper networks and with mini-batches.
//
// Usage: bench_training [--repeats N] [--iterations N] [--quick]
// Each workload runs N times (default 7) after one warm-up run. The median is printed with the
// minimum and maximum. --quick runs each workload once with few iterations, as a smoke test.

#include "datasetloader.h"
#include "presets.h"
#include "trainer.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace initlab;

namespace {

struct Workload
{
    const char *name;
    RunConfig config;
    qint64 snapshotInterval = 0;
};

double iterationsPerSecond(const Workload &workload, const Dataset &data)
{
    Trainer trainer(workload.config, data);
    trainer.setSnapshotInterval(workload.snapshotInterval);
    QElapsedTimer timer;
    timer.start();
    const qint64 done = trainer.run();
    const double seconds = double(timer.nsecsElapsed()) * 1e-9;
    return double(done) / seconds;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption repeatsOption(QStringLiteral("repeats"),
                                           QStringLiteral("Timed runs per workload."),
                                           QStringLiteral("n"), QStringLiteral("7"));
    const QCommandLineOption iterationsOption(QStringLiteral("iterations"),
                                              QStringLiteral("Iterations per run of the default "
                                                             "preset."),
                                              QStringLiteral("n"), QStringLiteral("200000"));
    const QCommandLineOption quickOption(QStringLiteral("quick"),
                                         QStringLiteral("One short run per workload."));
    parser.addOptions({repeatsOption, iterationsOption, quickOption});
    parser.process(app);

    const bool quick = parser.isSet(quickOption);
    const int repeats = quick ? 1 : std::max(1, parser.value(repeatsOption).toInt());
    const int iterations = quick ? 200 : std::max(1, parser.value(iterationsOption).toInt());

    RunConfig base = loadPreset(QStringLiteral("default"));
    base.training.iterations = iterations;

    std::vector<Workload> workloads;
    workloads.push_back({"default preset, float64", base});
    workloads.push_back({"default preset, snapshots every 100", base, 100});
    RunConfig narrow = base;
    narrow.training.precision = Precision::Float32;
    workloads.push_back({"default preset, float32", narrow});
    RunConfig wide = base;
    wide.network.hidden = {64, 64};
    wide.training.learningRate = 0.01;
    wide.training.iterations = std::max(1, iterations / 20);
    workloads.push_back({"sine 200 samples, 64-64 tanh, float64", wide});
    RunConfig miniBatch = base;
    miniBatch.training.batchSize = 32;
    workloads.push_back({"default preset, batch 32, float64", miniBatch});
    RunConfig wideSingle = wide;
    wideSingle.network.hidden = {1024};
    wideSingle.training.iterations = std::max(1, iterations / 50);
    workloads.push_back({"sine 200 samples, 1024 tanh, float64", wideSingle});
    RunConfig widePair = wide;
    widePair.network.hidden = {512, 512};
    widePair.training.iterations = std::max(1, iterations / 4000);
    workloads.push_back({"sine 200 samples, 512-512 tanh, float64", widePair});
    RunConfig deep = wide;
    deep.network.hidden = std::vector<int>(16, 32);
    deep.training.iterations = std::max(1, iterations / 100);
    workloads.push_back({"sine 200 samples, 16 x 32 tanh, float64", deep});

    std::printf("%-40s %12s %12s %12s %6s\n", "workload", "median it/s", "min it/s", "max it/s",
                "runs");
    for (const Workload &workload : workloads) {
        const Dataset data = loadDataset(workload.config);
        if (!quick)
            iterationsPerSecond(workload, data);
        std::vector<double> rates;
        for (int r = 0; r < repeats; ++r)
            rates.push_back(iterationsPerSecond(workload, data));
        std::sort(rates.begin(), rates.end());
        const double median = rates.size() % 2 == 1
            ? rates[rates.size() / 2]
            : (rates[rates.size() / 2 - 1] + rates[rates.size() / 2]) / 2.0;
        std::printf("%-40s %12.0f %12.0f %12.0f %6d\n", workload.name, median, rates.front(),
                    rates.back(), repeats);
        if (!(median > 0.0)) {
            std::fprintf(stderr, "bench_training: %s did not run\n", workload.name);
            return 1;
        }
    }
    return 0;
}
