#include "clicommon.h"

#include "errors.h"
#include "losslog.h"
#include "spikedetector.h"
#include "spikereport.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonDocument>

namespace cli {

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

} // namespace cli
