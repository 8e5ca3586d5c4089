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

struct LoadedConfig
{
    initlab::RunConfig config;
    QString source;
    QString configPath;    // empty for a preset
    QString baseDirectory; // for a relative dataset.path
};

LoadedConfig loadConfig(const QString &presetName, const QString &configPath,
                        const QStringList &overrides)
{
    LoadedConfig loaded;
    QJsonObject json;
    if (!configPath.isEmpty()) {
        QFile file(configPath);
        if (!file.open(QIODevice::ReadOnly)) {
            throw UsageError(QStringLiteral("cannot read config file \"%1\": %2; check the path")
                                 .arg(configPath, file.errorString()));
        }
        const QByteArray content = file.readAll();
        if (content.trimmed().isEmpty()) {
            throw UsageError(QStringLiteral("config file \"%1\" is empty; write a JSON object, "
                                            "for example {} for all defaults")
                                 .arg(configPath));
        }
        loaded.source = configPath;
        loaded.configPath = configPath;
        loaded.baseDirectory = QFileInfo(configPath).absolutePath();
        // Validates the file as written, so that syntax errors name its line and column.
        initlab::parseRunConfig(content, loaded.source);
        json = QJsonDocument::fromJson(content).object();
    } else {
        const QString name = presetName.isEmpty() ? QStringLiteral("default") : presetName;
        json = initlab::presetJson(name);
        loaded.source = QStringLiteral("preset %1").arg(name);
        loaded.baseDirectory = QDir::currentPath();
    }

    for (const QString &assignment : overrides) {
        const qsizetype equals = assignment.indexOf(QLatin1Char('='));
        if (equals <= 0) {
            throw UsageError(QStringLiteral("--set expects KEY=VALUE, got \"%1\"; for example "
                                            "--set training.learningRate=0.5")
                                 .arg(assignment));
        }
        const QString key = assignment.left(equals).trimmed();
        QString value = assignment.mid(equals + 1).trimmed();
        // A path given on the command line is relative to the current directory.
        if (key == QStringLiteral("dataset.path") && !value.isEmpty())
            value = QFileInfo(value).absoluteFilePath();
        initlab::applyOverride(json, key, value);
    }

    // After overrides, a problem may come from a --set value rather than from the file.
    if (!overrides.isEmpty())
        loaded.source += QStringLiteral(" with --set overrides");
    loaded.config = initlab::runConfigFromJson(json, loaded.source);
    return loaded;
}

// Rejects two outputs on one file and an output on one of the run's inputs, which would be lost.
void checkOutputPaths(const QList<std::pair<QString, QString>> &outputs, const LoadedConfig &loaded)
{
    QStringList inputs;
    if (!loaded.configPath.isEmpty())
        inputs.append(QFileInfo(loaded.configPath).absoluteFilePath());
    if (loaded.config.dataset.kind == initlab::DatasetKind::Csv) {
        inputs.append(QFileInfo(QDir(loaded.baseDirectory), loaded.config.dataset.path)
                          .absoluteFilePath());
    }
    QList<std::pair<QString, QString>> seen;
    for (const auto &[option, path] : outputs) {
        if (path.isEmpty())
            continue;
        const QString absolute = QFileInfo(path).absoluteFilePath();
        if (inputs.contains(absolute)) {
            throw UsageError(QStringLiteral("%1 \"%2\" is an input of this run and would be "
                                            "overwritten; choose another path")
                                 .arg(option, path));
        }
        for (const auto &[otherOption, otherPath] : std::as_const(seen)) {
            if (otherPath == absolute) {
                throw UsageError(QStringLiteral("%1 and %2 name the same file \"%3\"; give each "
                                                "its own path")
                                     .arg(otherOption, option, path));
            }
        }
        seen.append({option, absolute});
    }
}

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
        written = finishOutput(*csvFile) && ok && written;
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
