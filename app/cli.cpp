#include "cli.h"

#include "clicommon.h"

#include "errors.h"
#include "presets.h"
#include "runconfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <cstdio>
#include <new>

using namespace cli;

namespace {

const QString mainUsage = QStringLiteral(
    "Usage: initlab-cli <command> [options]\n"
    "\n"
    "Trains small neural networks headless and records every iteration.\n"
    "\n"
    "Commands:\n"
    "  train     train a preset or a configuration file and write its history\n"
    "  presets   list the shipped presets\n"
    "  spikes    find and list the loss spikes in a loss log written by another tool\n"
    "  figure    train one or more runs and draw their loss curves as PNG, SVG or PDF\n"
    "  propagate show how initializers keep or lose the signal through a deep stack\n"
    "\n"
    "Options:\n"
    "  -h, --help     show this help\n"
    "  --version      show the version\n"
    "\n"
    "Run 'initlab-cli <command> --help' for the options of a command.\n");

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
        if (command == QStringLiteral("figure"))
            return runFigure(rest);
        if (command == QStringLiteral("propagate"))
            return runPropagate(rest);
        throw UsageError(QStringLiteral("unknown command \"%1\"; expected train, presets, spikes, "
                                        "figure or propagate (see 'initlab-cli --help')")
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

