#include "clicommon.h"

#include "progress.h"

#include "datasetloader.h"
#include "errors.h"
#include "historycsv.h"
#include "presets.h"
#include "runconfig.h"
#include "trainer.h"
#include "weightsjson.h"

#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLocale>

#include <cstdio>
#include <unistd.h>

namespace cli {
namespace {

QString formatCount(double value)
{
    return QLocale::c().toString(qint64(value + 0.5));
}

} // namespace

int runTrain(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains a preset or a run configuration headless. Without --preset or --config it trains "
        "the default preset."));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
                                          QStringLiteral("Train the shipped preset <name>."),
                                          QStringLiteral("name"));
    const QCommandLineOption configOption(QStringLiteral("config"),
                                          QStringLiteral("Train the JSON run configuration <file>."),
                                          QStringLiteral("file"));
    const QCommandLineOption setOption(
        QStringLiteral("set"),
        QStringLiteral("Override one configuration key, for example "
                       "--set init.weights=he_normal or --set network.hidden=8,8. Repeatable."),
        QStringLiteral("key=value"));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
                                       QStringLiteral("Write the per-iteration history as CSV to "
                                                      "<file>."),
                                       QStringLiteral("file"));
    const QCommandLineOption weightsOption(
        QStringLiteral("weights"),
        QStringLiteral("Write the initial and final weights and biases as JSON to <file>."),
        QStringLiteral("file"));
    const QCommandLineOption spikesOption(
        QStringLiteral("spikes"),
        QStringLiteral("Write the loss spikes found during training, with their diagnosed causes, "
                       "as a JSON array to <file>."),
        QStringLiteral("file"));
    const QCommandLineOption saveConfigOption(
        QStringLiteral("save-config"),
        QStringLiteral("Write the complete configuration of the run, every key included, to <file>."),
        QStringLiteral("file"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Print neither progress nor summary."));
    parser.addOptions({presetOption, configOption, setOption, csvOption, weightsOption,
                       spikesOption, saveConfigOption, quietOption});
    if (!parseCommand(parser, QStringLiteral("train"), arguments))
        return exitSuccess;

    if (parser.isSet(presetOption) && parser.isSet(configOption))
        throw UsageError(QStringLiteral("--preset and --config exclude each other; give one"));
    for (const QCommandLineOption &option : {presetOption, configOption, csvOption, weightsOption,
                                             spikesOption, saveConfigOption}) {
        if (parser.values(option).size() > 1) {
            throw UsageError(QStringLiteral("--%1 was given %2 times; give it once")
                                 .arg(option.names().constFirst())
                                 .arg(parser.values(option).size()));
        }
    }
    const bool quiet = parser.isSet(quietOption);

    const LoadedConfig loaded = loadConfig(parser.value(presetOption), parser.value(configOption),
                                           parser.values(setOption));
    if (!loaded.document.isEmpty()) {
        throw UsageError(QStringLiteral("config file \"%1\" is a figure file with a \"base\" "
                                        "configuration; draw it with 'initlab-cli figure --config "
                                        "%1', or give a plain run configuration")
                             .arg(loaded.configPath));
    }
    const initlab::RunConfig &config = loaded.config;

    checkOutputPaths({{QStringLiteral("--csv"), parser.value(csvOption)},
                      {QStringLiteral("--weights"), parser.value(weightsOption)},
                      {QStringLiteral("--spikes"), parser.value(spikesOption)},
                      {QStringLiteral("--save-config"), parser.value(saveConfigOption)}},
                     loaded);
    auto csvFile = openOutput(parser.value(csvOption), QStringLiteral("--csv"));
    auto weightsFile = openOutput(parser.value(weightsOption), QStringLiteral("--weights"));
    auto configFile = openOutput(parser.value(saveConfigOption), QStringLiteral("--save-config"));
    auto spikesFile = openOutput(parser.value(spikesOption), QStringLiteral("--spikes"));

    initlab::Dataset dataset = initlab::loadDataset(config, loaded.baseDirectory);
    const bool hasTestSet = dataset.testCount() > 0;
    initlab::Trainer trainer(config, std::move(dataset));

    ProgressBar progress(stderr, !quiet && ::isatty(STDERR_FILENO), trainer.totalIterations());
    QElapsedTimer timer;
    timer.start();
    while (!trainer.isFinished()) {
        trainer.run(256);
        progress.update(trainer.iteration(), trainer.currentMse());
    }
    const double seconds = double(timer.nsecsElapsed()) * 1e-9;
    trainer.finishSpikes();
    progress.update(trainer.iteration(), trainer.currentMse(), true);
    progress.finish();

    bool written = true;
    QStringList wrote;
    if (csvFile) {
        const bool ok = initlab::writeHistoryCsv(trainer.history(), hasTestSet, *csvFile->device);
        written = finishOutput(*csvFile, ok) && written;
        wrote.append(QStringLiteral("history: ") + csvFile->path);
    }
    if (weightsFile) {
        const QByteArray json = QJsonDocument(initlab::weightsToJson(trainer)).toJson();
        written = writeOutput(*weightsFile, json) && written;
        wrote.append(QStringLiteral("weights: ") + weightsFile->path);
    }
    if (configFile) {
        const QByteArray json = QJsonDocument(initlab::toJson(config)).toJson();
        written = writeOutput(*configFile, json) && written;
        wrote.append(QStringLiteral("config: ") + configFile->path);
    }
    if (spikesFile) {
        const QByteArray json = QJsonDocument(initlab::toJson(trainer.spikes())).toJson();
        written = writeOutput(*spikesFile, json) && written;
        wrote.append(QStringLiteral("spikes: ") + spikesFile->path);
    }

    if (!quiet) {
        const qint64 iterations = trainer.iteration();
        QString outcome = trainer.hasDiverged()
            ? QStringLiteral("diverged at iteration %1").arg(iterations)
            : QStringLiteral("did not diverge");
        printOut(QStringLiteral("%1: %2 iterations in %3 s (%4 iterations/s), final MSE %5, %6, "
                                "%7 spike(s)\n")
                     .arg(loaded.source)
                     .arg(iterations)
                     .arg(seconds, 0, 'f', 3)
                     .arg(formatCount(seconds > 0 ? double(iterations) / seconds : 0.0))
                     .arg(trainer.currentMse(), 0, 'g', 6)
                     .arg(outcome)
                     .arg(trainer.spikes().size()));
        if (!trainer.spikes().empty())
            printOut(spikeTable(trainer.spikes()));
        if (written) {
            for (const QString &line : std::as_const(wrote))
                printOut(line + QLatin1Char('\n'));
        }
    }
    if (!written) {
        printError(QStringLiteral("writing the output files failed (disk full or the folder "
                                  "was removed?); no partial file was left"));
        return exitFailure;
    }
    return exitSuccess;
}

} // namespace cli
