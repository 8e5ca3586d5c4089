#pragma once

// Pieces shared by the initlab-cli commands: errors, argument parsing, output files and the spike
// table.

#include "runconfig.h"
#include "spikereport.h"

#include <QCommandLineParser>
#include <QFileDevice>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <stdexcept>
#include <utility>
#include <vector>

namespace cli {

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

void printOut(const QString &text);
// Prints "initlab-cli: error: message" as one line on stderr.
void printError(const QString &message);
// Prints "initlab-cli: warning: message" as one line on stderr.
void printWarning(const QString &message);
QString errorText(const std::exception &error);

// Parses arguments of a subcommand; "--help" prints the help and returns false. Positional
// arguments are errors unless acceptPositional is set.
bool parseCommand(QCommandLineParser &parser, const QString &command, const QStringList &arguments,
                  bool acceptPositional = false);

// An output file opened before the work starts, so that a bad path fails at once. A regular file
// is written to a temporary file that replaces it at the end, so it is written whole or not at
// all. An existing device or pipe such as /dev/null is written directly, because replacing it
// with a regular file would destroy it.
struct OutputFile
{
    std::unique_ptr<QFileDevice> device;
    QString path;
};

// Opens path for writing; returns null for an empty path. Throws UsageError naming option.
std::unique_ptr<OutputFile> openOutput(const QString &path, const QString &option);
// Commits or closes the file and returns whether it was written whole. With written false (the
// caller's writes failed), a regular file is discarded and the target keeps its earlier content.
bool finishOutput(OutputFile &output, bool written);
bool writeOutput(OutputFile &output, const QByteArray &content);

// A run configuration loaded from a preset or a JSON file, with the --set overrides applied.
struct LoadedConfig
{
    initlab::RunConfig config;
    QString source;
    QString configPath;    // empty for a preset
    QString baseDirectory; // for a relative dataset.path
    // The whole file when it is a figure file, {"base": config, ...} as core/comparisonjson.h
    // reads it, with the --set overrides applied to its base; empty for a plain configuration.
    QJsonObject document;
};

// Loads the preset (the default preset when both are empty) or the configuration file, which may
// be a figure file, and applies each KEY=VALUE override to the run configuration. Throws UsageError or ConfigError naming the file, key or value.
LoadedConfig loadConfig(const QString &presetName, const QString &configPath,
                        const QStringList &overrides);
// Rejects two outputs on one file and an output on one of the run's inputs, which would be lost.
// Each pair is an option name and its path; empty paths are skipped.
void checkOutputPaths(const QList<std::pair<QString, QString>> &outputs,
                      const LoadedConfig &loaded);

// Reads a number or a whole-number option; throws UsageError naming the option otherwise.
double numberOption(const QCommandLineParser &parser, const QCommandLineOption &option);
int integerOption(const QCommandLineParser &parser, const QCommandLineOption &option);

QString formatLoss(double value);
// Returns rows as lines of columns two spaces apart, each column as wide as its widest cell. Cells
// are right-aligned, those of the first column left-aligned when firstColumnLeft is set.
QString alignedTable(const QList<QStringList> &rows, bool firstColumnLeft);
// One line per event: start, peak, end, baseline, peak loss, ratio, cause and explanation.
QString spikeTable(const std::vector<initlab::SpikeReport> &reports);

int runTrain(const QStringList &arguments);
int runSpikes(const QStringList &arguments);
int runFigure(const QStringList &arguments);
int runPropagate(const QStringList &arguments);

} // namespace cli
