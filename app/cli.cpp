#include "cli.h"

#include "progress.h"

#include "datasetloader.h"
#include "errors.h"
#include "historycsv.h"
#include "losslog.h"
#include "presets.h"
#include "runconfig.h"
#include "spikereport.h"
#include "trainer.h"
#include "weightsjson.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

#include <cstdio>
#include <memory>
#include <new>
#include <unistd.h>

namespace {

// Invalid command-line usage; reported with exit status 2 like configuration and data errors.
class UsageError : public std::runtime_error
{
public:
    explicit UsageError(const QString &message)
        : std::runtime_error(message.toStdString())
    {}
};

constexpr int exitSuccess = 0;
constexpr int exitFailure = 1;
constexpr int exitInvalid = 2;

void printOut(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
}

void printError(const QString &message)
{
    const QString line = QStringLiteral("initlab-cli: error: ") + message + QLatin1Char('\n');
    std::fputs(line.toLocal8Bit().constData(), stderr);
}

QString errorText(const std::exception &error)
{
    return QString::fromStdString(error.what());
}

const QString mainUsage = QStringLiteral(
    "Usage: initlab-cli <command> [options]\n"
    "\n"
    "Trains small neural networks headless and records every iteration.\n"
    "\n"
    "Commands:\n"
    "  train     train a preset or a configuration file and write its history\n"
    "  presets   list the shipped presets\n"
    "  spikes    find and list the loss spikes in a loss log written by another tool\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "  --version      show the version\n"
    "\n"
    "Run 'initlab-cli <command> --help' for the options of a command.\n");

// Parses arguments of a subcommand; "--help" prints the help and returns false. Positional
// arguments are errors unless acceptPositional is set.
bool parseCommand(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                  bool acceptPositional = false)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    if (!parser.parse(QStringList{QStringLiteral("initlab-cli")} + arguments)) {
        // QCommandLineParser's messages are sentences ("Unknown option 'x'."); fit them into ours.
        QString text = parser.errorText();
        if (text.endsWith(QLatin1Char('.')))
            text.chop(1);
        if (!text.isEmpty())
            text[0] = text[0].toLower();
        throw UsageError(text + QStringLiteral("; see 'initlab-cli %1 --help'").arg(command));
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        const qsizetype lineEnd = text.indexOf(QLatin1Char('\n'));
        // The first line names the program as started; name the command instead, keeping what
        // follows (options and positional arguments).
        const qsizetype options = text.indexOf(QStringLiteral(" [options]"));
        const qsizetype tail = options >= 0 && options < lineEnd ? options : lineEnd;
        text.replace(0, tail, QStringLiteral("Usage: initlab-cli %1").arg(command));
        printOut(text);
        return false;
    }
    if (!acceptPositional && !parser.positionalArguments().isEmpty())
        throw UsageError(QStringLiteral("unexpected argument \"%1\"; see 'initlab-cli %2 --help'")
                             .arg(parser.positionalArguments().constFirst(), command));
    return true;
}

// An output file opened before training, so that a bad path fails at once. A regular file is
// written to a temporary file that replaces it at the end, so it is written whole or not at all.
// An existing device or pipe such as /dev/null is written directly, because replacing it with a
// regular file would destroy it.
struct OutputFile
{
    std::unique_ptr<QFileDevice> device;
    QString path;
};

std::unique_ptr<OutputFile> openOutput(const QString &path, const QString &option)
{
    if (path.isEmpty())
        return nullptr;
    const QFileInfo info(path);
    if (info.isDir()) {
        throw UsageError(QStringLiteral("cannot write %1 file \"%2\": it is a directory; choose a "
                                        "file path")
                             .arg(option, path));
    }
    auto output = std::make_unique<OutputFile>();
    output->path = path;
    if (info.exists() && !info.isFile())
        output->device = std::make_unique<QFile>(path);
    else
        output->device = std::make_unique<QSaveFile>(path);
    if (!output->device->open(QIODevice::WriteOnly)) {
        throw UsageError(QStringLiteral("cannot write %1 file \"%2\": %3; choose a writable path")
                             .arg(option, path, output->device->errorString()));
    }
    return output;
}

bool finishOutput(OutputFile &output)
{
    if (auto *saveFile = qobject_cast<QSaveFile *>(output.device.get()))
        return saveFile->commit();
    output.device->close();
    return output.device->error() == QFileDevice::NoError;
}

bool writeOutput(OutputFile &output, const QByteArray &content)
{
    const bool written = output.device->write(content) == content.size();
    return finishOutput(output) && written;
}

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

QString spikeTable(const std::vector<initlab::SpikeReport> &reports);

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

// Reads a number option; throws UsageError when its text is not a number.
double numberOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const double value = QLocale::c().toDouble(parser.value(option), &ok);
    if (!ok) {
        throw UsageError(QStringLiteral("--%1 expects a number, got \"%2\"")
                             .arg(option.names().constFirst(), parser.value(option)));
    }
    return value;
}

// Reads a whole-number option; throws UsageError naming the option when it is not one.
int integerOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const int value = QLocale::c().toInt(parser.value(option), &ok);
    if (!ok) {
        throw UsageError(QStringLiteral("--%1 expects a whole number, got \"%2\"")
                             .arg(option.names().constFirst(), parser.value(option)));
    }
    return value;
}

QString formatLoss(double value)
{
    return QString::number(value, 'g', 4);
}

// One line per event: start, peak, end, ratio, cause and explanation.
QString spikeTable(const std::vector<initlab::SpikeReport> &reports)
{
    QString table = QStringLiteral("%1 %2 %3 %4 %5 %6  %7\n")
                        .arg(QStringLiteral("start"), 9)
                        .arg(QStringLiteral("peak"), 9)
                        .arg(QStringLiteral("end"), 9)
                        .arg(QStringLiteral("baseline"), 11)
                        .arg(QStringLiteral("peak loss"), 11)
                        .arg(QStringLiteral("ratio"), 9)
                        .arg(QStringLiteral("cause"));
    for (const initlab::SpikeReport &report : reports) {
        const initlab::SpikeEvent &event = report.event;
        table += QStringLiteral("%1 %2 %3 %4 %5 %6  %7: %8\n")
                     .arg(event.start, 9)
                     .arg(event.peak, 9)
                     .arg(event.end, 9)
                     .arg(formatLoss(event.baseline), 11)
                     .arg(formatLoss(event.peakLoss), 11)
                     .arg(event.divergence ? QStringLiteral("diverged")
                                           : formatLoss(event.ratio) + QLatin1Char('x'),
                          9)
                     .arg(initlab::toString(report.diagnosis.cause),
                          event.levelShift ? QStringLiteral("level shift: the loss stayed at the "
                                                            "new level for a whole window.")
                          : report.measurements.available || event.divergence
                              ? report.diagnosis.explanation
                              : QStringLiteral("no measurements in a log."));
    }
    return table;
}

int runSpikes(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Finds loss spikes in LOG.csv, a loss log from TensorBoard's CSV export, PyTorch "
        "Lightning's metrics.csv, Keras' CSVLogger, initlab-cli's --csv history or any CSV with a "
        "loss column, and prints a table of them."));
    parser.addPositionalArgument(QStringLiteral("LOG.csv"), QStringLiteral("The loss log to read."));
    const QCommandLineOption columnOption(QStringLiteral("column"),
                                          QStringLiteral("Read the loss from column <name> (or "
                                                         "1-based number) instead of guessing."),
                                          QStringLiteral("name"));
    const QCommandLineOption stepOption(QStringLiteral("step-column"),
                                        QStringLiteral("Read steps from column <name> (or 1-based "
                                                       "number)."),
                                        QStringLiteral("name"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Write the events as a JSON array to <file>."),
                                        QStringLiteral("file"));
    const initlab::SpikeDetectorSettings defaults;
    const QCommandLineOption sensitivityOption(
        QStringLiteral("sensitivity"),
        QStringLiteral("Threshold in robust-scale units (default %1).").arg(defaults.sensitivity),
        QStringLiteral("number"));
    const QCommandLineOption windowOption(
        QStringLiteral("window"),
        QStringLiteral("Trailing values for the baseline (default %1).").arg(defaults.window),
        QStringLiteral("count"));
    const QCommandLineOption ratioOption(
        QStringLiteral("min-ratio"),
        QStringLiteral("Smallest jump over the baseline that counts (default %1).")
            .arg(defaults.minRatio),
        QStringLiteral("factor"));
    const QCommandLineOption warmupOption(
        QStringLiteral("warmup"),
        QStringLiteral("Values at the start that are never flagged (default %1).")
            .arg(defaults.warmup),
        QStringLiteral("count"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Print no table."));
    parser.addOptions({columnOption, stepOption, jsonOption, sensitivityOption, windowOption,
                       ratioOption, warmupOption, quietOption});

    if (!parseCommand(parser, QStringLiteral("spikes"), arguments, true))
        return exitSuccess;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        throw UsageError(positional.isEmpty()
                             ? QStringLiteral("missing LOG.csv; see 'initlab-cli spikes --help'")
                             : QStringLiteral("expected one log file, got %1; see 'initlab-cli "
                                              "spikes --help'")
                                   .arg(positional.size()));
    }

    initlab::SpikeDetectorSettings settings;
    if (parser.isSet(sensitivityOption))
        settings.sensitivity = numberOption(parser, sensitivityOption);
    if (parser.isSet(windowOption))
        settings.window = integerOption(parser, windowOption);
    if (parser.isSet(ratioOption))
        settings.minRatio = numberOption(parser, ratioOption);
    if (parser.isSet(warmupOption))
        settings.warmup = integerOption(parser, warmupOption);
    initlab::validate(settings);

    const QString logPath = positional.constFirst();
    if (QFileInfo(parser.value(jsonOption)).absoluteFilePath() == QFileInfo(logPath).absoluteFilePath())
        throw UsageError(QStringLiteral("--json would overwrite the log \"%1\"; choose another path")
                             .arg(logPath));
    auto jsonFile = openOutput(parser.value(jsonOption), QStringLiteral("--json"));
    const initlab::LossLog log = initlab::readLossLog(logPath, parser.value(columnOption),
                                                      parser.value(stepOption));
    const std::vector<initlab::SpikeReport> reports = initlab::detectSpikes(log, settings);

    if (!parser.isSet(quietOption)) {
        printOut(QStringLiteral("%1: %2 values of column \"%3\" (%4 format), steps %5 to %6; %7 "
                                "event(s)\n")
                     .arg(logPath)
                     .arg(log.values.size())
                     .arg(log.valueColumn, log.format)
                     .arg(log.steps.empty() ? 0 : log.steps.front())
                     .arg(log.steps.empty() ? 0 : log.steps.back())
                     .arg(reports.size()));
        for (const initlab::StepRestart &restart : log.restarts) {
            printOut(QStringLiteral("note: line %1 has step %2, not after the previous step %3; "
                                    "it replaces %4 earlier value(s) from step %2 on\n")
                         .arg(restart.line)
                         .arg(restart.step)
                         .arg(restart.previousStep)
                         .arg(restart.droppedValues));
        }
        if (!reports.empty()) {
            printOut(QStringLiteral("Causes need training measurements, which a log does not "
                                    "contain; train in InitLab to diagnose spikes.\n"));
            printOut(spikeTable(reports));
        }
    }
    if (jsonFile) {
        const QByteArray json = QJsonDocument(initlab::toJson(reports)).toJson();
        if (!writeOutput(*jsonFile, json)) {
            printError(QStringLiteral("writing \"%1\" failed; no partial file was left")
                           .arg(jsonFile->path));
            return exitFailure;
        }
    }
    return exitSuccess;
}

int runPresets(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the shipped presets."));
    if (!parseCommand(parser, QStringLiteral("presets"), arguments))
        return exitSuccess;

    const QStringList names = initlab::presetNames();
    qsizetype width = 0;
    for (const QString &name : names)
        width = std::max(width, name.size());
    for (const QString &name : names) {
        const initlab::RunConfig preset = initlab::loadPreset(name);
        printOut(name.leftJustified(width + 2) + preset.description + QLatin1Char('\n'));
    }
    return exitSuccess;
}

} // namespace

int runCli(const QStringList &arguments)
{
    try {
        if (arguments.isEmpty()) {
            std::fputs(mainUsage.toLocal8Bit().constData(), stderr);
            return exitInvalid;
        }
        const QString &command = arguments.constFirst();
        const QStringList rest = arguments.mid(1);
        if (command == QStringLiteral("-h") || command == QStringLiteral("--help")) {
            printOut(mainUsage);
            return exitSuccess;
        }
        if (command == QStringLiteral("--version") || command == QStringLiteral("-v")) {
            printOut(QStringLiteral("initlab-cli %1\n").arg(QCoreApplication::applicationVersion()));
            return exitSuccess;
        }
        if (command == QStringLiteral("train"))
            return runTrain(rest);
        if (command == QStringLiteral("presets"))
            return runPresets(rest);
        if (command == QStringLiteral("spikes"))
            return runSpikes(rest);
        throw UsageError(QStringLiteral("unknown command \"%1\"; expected train, presets or spikes "
                                        "(see 'initlab-cli --help')")
                             .arg(command));
    } catch (const UsageError &error) {
        printError(errorText(error));
    } catch (const initlab::ConfigError &error) {
        printError(errorText(error));
    } catch (const initlab::DataError &error) {
        printError(errorText(error));
    } catch (const std::bad_alloc &) {
        printError(QStringLiteral("out of memory; use fewer iterations, samples or units"));
        return exitFailure;
    }
    return exitInvalid;
}
