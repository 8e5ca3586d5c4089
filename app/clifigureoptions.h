#pragma once

// The command-line options of initlab-cli figure and the checks of their values, each made
// before any training so that a bad value ends the command with status 2.

#include "comparisonfigure.h"
#include "figure.h"
#include "figuresettings.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace cli {

struct FigureCommandOptions
{
    FigureCommandOptions();

    // Every option, in the order of the help text.
    QList<QCommandLineOption> all() const;
    // The options that take a value and may be given only once.
    QList<QCommandLineOption> single() const;

    QCommandLineOption preset;
    QCommandLineOption config;
    QCommandLineOption set;
    QCommandLineOption out;
    QCommandLineOption compare;
    QCommandLineOption labels;
    QCommandLineOption seeds;
    QCommandLineOption targetMse;
    QCommandLineOption size;
    QCommandLineOption dpi;
    QCommandLineOption title;
    QCommandLineOption xLabel;
    QCommandLineOption yLabel;
    QCommandLineOption logY;
    QCommandLineOption legend;
    QCommandLineOption fontSize;
    QCommandLineOption theme;
    QCommandLineOption noSpikes;
    QCommandLineOption causeLabels;
    QCommandLineOption center;
    QCommandLineOption band;
    QCommandLineOption csv;
    QCommandLineOption saveConfig;
    QCommandLineOption quiet;
};

// The figure settings given on the command line; an unset member keeps the figure file's or the
// default setting.
struct FigureOverrides
{
    std::optional<QString> title;
    std::optional<QString> xLabel;
    std::optional<QString> yLabel;
    bool logY = false;
    std::optional<initlab::LegendPosition> legend;
    std::optional<double> fontPoints;
    std::optional<bool> printTheme;
    bool noSpikes = false;
    bool causeLabels = false;
    std::optional<initlab::CurveCenter> center;
    std::optional<initlab::CurveBand> band;
    std::optional<initlab::FigureSize> size; // its dpi is not used
    std::optional<int> dpi;
};

// Reads and checks the figure settings of the command line. Throws UsageError naming the option,
// the value and what is allowed.
FigureOverrides figureOverrides(const QCommandLineParser &parser,
    const FigureCommandOptions &options);

// Sets the members of settings that overrides gives.
void applyOverrides(const FigureOverrides &overrides, initlab::FigureSettings &settings);

struct CompareRequest
{
    QString key;
    QStringList values;
};

// Splits "KEY=V1,V2,..." as splitList() does; throws UsageError for a missing key or value.
CompareRequest parseCompare(const QString &text);

// Splits a list on semicolons when the text has one, else on commas, and trims each item.
// Throws UsageError naming option and text when an item is empty.
QStringList splitList(const QString &text, const QString &option);

// Reads a finite number of at least 0 for --target-mse.
double parseTargetMse(const QCommandLineParser &parser, const QCommandLineOption &option);

} // namespace cli
