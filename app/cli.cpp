#include "cli.h"

#include "progress.h"

#include "datasetloader.h"
#include "errors.h"
#include "historycsv.h"
#include "presets.h"
#include "runconfig.h"
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
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "  --version      show the version\n"
    "\n"
    "Run 'initlab-cli <command> --help' for the options of a command.\n");

// Parses arguments of a subcommand; "--help" prints the help and returns false.
bool parseCommand(QCommandLineParser &parser, const QString &command, const QStringList &arguments)
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
        text.replace(0, lineEnd, QStringLiteral("Usage: initlab-cli %1 [options]").arg(command));
        printOut(text);
        return false;
    }
    if (!parser.positionalArguments().isEmpty())
        throw UsageError(QStringLiteral("unexpected argument \"%1\"; see 'initlab-cli %2 --help'")
                             .arg(parser.positionalArguments().constFirst(), command));
    return true;
}

// An output file opened before training, so that a bad path fails at once. A regular file is
// written to a temporary file that replaces it at the end, so it is written whole or not at all;
// an existing device or pipe such as /dev/null is written directly, since replacing it with a
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
    const QCommandLineOption saveConfigOption(
        QStringLiteral("save-config"),
        QStringLiteral("Write the complete configuration of the run, every key included, to <file>."),
        QStringLiteral("file"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
                                         QStringLiteral("Print neither progress nor summary."));
    parser.addOptions({presetOption, configOption, setOption, csvOption, weightsOption,
                       saveConfigOption, quietOption});
    if (!parseCommand(parser, QStringLiteral("train"), arguments))
        return exitSuccess;

    if (parser.isSet(presetOption) && parser.isSet(configOption))
        throw UsageError(QStringLiteral("--preset and --config exclude each other; give one"));
    for (const QCommandLineOption &option : {presetOption, configOption, csvOption, weightsOption,
                                             saveConfigOption}) {
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
                      {QStringLiteral("--save-config"), parser.value(saveConfigOption)}},
                     loaded);
    auto csvFile = openOutput(parser.value(csvOption), QStringLiteral("--csv"));
    auto weightsFile = openOutput(parser.value(weightsOption), QStringLiteral("--weights"));
    auto configFile = openOutput(parser.value(saveConfigOption), QStringLiteral("--save-config"));

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

    if (!quiet) {
        const qint64 iterations = trainer.iteration();
        QString outcome = trainer.hasDiverged()
            ? QStringLiteral("diverged at iteration %1").arg(iterations)
            : QStringLiteral("did not diverge");
        printOut(QStringLiteral("%1: %2 iterations in %3 s (%4 iterations/s), final MSE %5, %6\n")
                     .arg(loaded.source)
                     .arg(iterations)
                     .arg(seconds, 0, 'f', 3)
                     .arg(formatCount(seconds > 0 ? double(iterations) / seconds : 0.0))
                     .arg(trainer.currentMse(), 0, 'g', 6)
                     .arg(outcome));
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
        throw UsageError(QStringLiteral("unknown command \"%1\"; expected train or presets (see "
                                        "'initlab-cli --help')")
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
