#include "clifigureoptions.h"

#include "clicommon.h"
#include "figurestyleform.h"

#include <QLocale>

#include <cmath>

namespace cli {

FigureCommandOptions::FigureCommandOptions()
    : preset(QStringLiteral("preset"), QStringLiteral("Train the shipped preset <name>."),
          QStringLiteral("name"))
    , config(QStringLiteral("config"),
          QStringLiteral("Train the JSON run configuration <file>, or draw the figure file that "
                         "--save-config wrote."),
          QStringLiteral("file"))
    , set(QStringLiteral("set"),
          QStringLiteral("Override one configuration key of the base run, for example "
                         "--set training.iterations=500. Repeatable."),
          QStringLiteral("key=value"))
    , out(QStringLiteral("out"),
          QStringLiteral("Write the figure to <file>; the extension .png, .svg or .pdf chooses "
                         "the format. Required."),
          QStringLiteral("file"))
    , compare(QStringLiteral("compare"),
          QStringLiteral("Train one run per value of a configuration key, for example "
                         "init.weights=xavier_uniform,he_normal. Values are separated by commas, "
                         "or by semicolons when the text contains one, so that values with "
                         "commas can be given: network.hidden=8,8;16,16."),
          QStringLiteral("key=values"))
    , labels(QStringLiteral("labels"),
          QStringLiteral("Legend text of the curves, one per value of --compare and separated as "
                         "its values are; without --compare, the text of the one curve. "
                         "Default: the values."),
          QStringLiteral("texts"))
    , seeds(QStringLiteral("seeds"),
          QStringLiteral("Train each value with <n> seeds, the configured seed and the ones "
                         "after it (1 to %1, default 1).")
              .arg(initlab::maxComparisonSeeds),
          QStringLiteral("n"))
    , targetMse(QStringLiteral("target-mse"),
          QStringLiteral("MSE that counts as reached. The summary then lists per value the "
                         "median iteration at which the seeds reach it and how many do."),
          QStringLiteral("mse"))
    , size(QStringLiteral("size"),
          QStringLiteral("Figure size as WIDTHxHEIGHT in pixels, or followed by cm or in "
                         "(default 16x10cm)."),
          QStringLiteral("size"))
    , dpi(QStringLiteral("dpi"),
          QStringLiteral("Dots per inch, %1 to %2: the pixels of a PNG of a physical size, and "
                         "the physical size of a pixel size in SVG and PDF (default 300).")
              .arg(initlab::minFigureDpi)
              .arg(initlab::maxFigureDpi),
          QStringLiteral("n"))
    , title(QStringLiteral("title"),
          QStringLiteral("Figure title; an empty text draws none. Default: \"<key>: mean over "
                         "<n> seeds\" with --compare, else the configuration's description up "
                         "to its first full stop, colon or semicolon if that is 1 to 60 "
                         "characters long, else the configuration's name or the run's label."),
          QStringLiteral("text"))
    , xLabel(QStringLiteral("x-label"),
          QStringLiteral("Title of the x-axis (default \"Iteration\")."), QStringLiteral("text"))
    , yLabel(QStringLiteral("y-label"),
          QStringLiteral("Title of the y-axis (default \"MSE\")."), QStringLiteral("text"))
    , logY(QStringLiteral("log-y"), QStringLiteral("Draw the MSE on a logarithmic axis."))
    , legend(QStringLiteral("legend"),
          QStringLiteral("Legend position: top, bottom, left, right or none (default bottom). "
                         "A legend above or below that does not fit in one row moves to the "
                         "right."),
          QStringLiteral("position"))
    , fontSize(QStringLiteral("font-size"),
          QStringLiteral("Size of axis titles, tick labels and legend in points on the page, "
                         "%1 to %2 (default 10); the title is 20 % larger.")
              .arg(initlab::minFigureFontPoints)
              .arg(initlab::maxFigureFontPoints),
          QStringLiteral("points"))
    , theme(QStringLiteral("theme"),
          QStringLiteral("print: white background, black text and a light grid (default); "
                         "light: Qt Charts' light theme as it is."),
          QStringLiteral("name"))
    , noSpikes(QStringLiteral("no-spikes"), QStringLiteral("Do not mark the spikes."))
    , causeLabels(QStringLiteral("cause-labels"),
          QStringLiteral("Write the diagnosed cause beside each spike marker, with the seeds "
                         "that had the spike when there are several."))
    , center(QStringLiteral("center"),
          QStringLiteral("Centre line of a value over its seeds: mean or median (default mean)."),
          QStringLiteral("statistic"))
    , band(QStringLiteral("band"),
          QStringLiteral("Band of a value over its seeds: minmax from the minimum to the maximum "
                         "(default), std for the mean plus and minus one standard deviation, or "
                         "none."),
          QStringLiteral("kind"))
    , csv(QStringLiteral("csv"),
          QStringLiteral("Write the curves as CSV to <file>: a column \"iteration\", then per "
                         "value <value>_mean, _median, _min, _max and _std, or one column <value> "
                         "with one seed."),
          QStringLiteral("file"))
    , saveConfig(QStringLiteral("save-config"),
          QStringLiteral("Write a figure file to <file>: JSON with the base configuration, every "
                         "key included, the compared key, values and labels, the seed count, "
                         "the target MSE and the figure settings. --config <file> draws the same "
                         "figure from it."),
          QStringLiteral("file"))
    , quiet({QStringLiteral("q"), QStringLiteral("quiet")},
          QStringLiteral("Print neither the summary nor the files written."))
{}

QList<QCommandLineOption> FigureCommandOptions::all() const
{
    return {preset, config, set, out, compare, labels, seeds, targetMse, size, dpi, title, xLabel,
        yLabel, logY, legend, fontSize, theme, noSpikes, causeLabels, center, band, csv,
        saveConfig, quiet};
}

QList<QCommandLineOption> FigureCommandOptions::single() const
{
    return {preset, config, out, compare, labels, seeds, targetMse, size, dpi, title, xLabel,
        yLabel, legend, fontSize, theme, center, band, csv, saveConfig};
}

namespace {

QString optionName(const QCommandLineOption &option)
{
    return QStringLiteral("--") + option.names().constFirst();
}

// Reads a name that fromName() converts; allowed lists the names for the message.
template<typename T, typename Convert>
std::optional<T> choiceOption(const QCommandLineParser &parser, const QCommandLineOption &option,
    Convert fromName, const QString &allowed)
{
    if (!parser.isSet(option))
        return std::nullopt;
    const std::optional<T> choice = fromName(parser.value(option).trimmed());
    if (!choice) {
        throw UsageError(QStringLiteral("%1 \"%2\" is not allowed; use %3")
                             .arg(optionName(option), parser.value(option), allowed));
    }
    return choice;
}

std::optional<bool> printThemeFromName(const QString &name)
{
    if (name == QLatin1String("print"))
        return true;
    if (name == QLatin1String("light"))
        return false;
    return std::nullopt;
}

} // namespace

FigureOverrides figureOverrides(const QCommandLineParser &parser,
    const FigureCommandOptions &options)
{
    FigureOverrides overrides;
    if (parser.isSet(options.title))
        overrides.title = parser.value(options.title);
    if (parser.isSet(options.xLabel))
        overrides.xLabel = parser.value(options.xLabel);
    if (parser.isSet(options.yLabel))
        overrides.yLabel = parser.value(options.yLabel);
    overrides.logY = parser.isSet(options.logY);
    overrides.legend = choiceOption<initlab::LegendPosition>(parser, options.legend,
        initlab::legendPositionFromName, QStringLiteral("top, bottom, left, right or none"));
    overrides.printTheme = choiceOption<bool>(
        parser, options.theme, printThemeFromName, QStringLiteral("print or light"));
    overrides.center = choiceOption<initlab::CurveCenter>(
        parser, options.center, initlab::centerFromName, QStringLiteral("mean or median"));
    overrides.band = choiceOption<initlab::CurveBand>(
        parser, options.band, initlab::bandFromName, QStringLiteral("minmax, std or none"));

    if (parser.isSet(options.fontSize)) {
        bool ok = false;
        const double points = QLocale::c().toDouble(parser.value(options.fontSize).trimmed(), &ok);
        if (!ok || !(points >= initlab::minFigureFontPoints
                && points <= initlab::maxFigureFontPoints)) {
            throw UsageError(QStringLiteral("--font-size \"%1\" is not allowed; use a number of "
                                            "points from %2 to %3")
                                 .arg(parser.value(options.fontSize))
                                 .arg(initlab::minFigureFontPoints)
                                 .arg(initlab::maxFigureFontPoints));
        }
        overrides.fontPoints = points;
    }

    overrides.noSpikes = parser.isSet(options.noSpikes);
    overrides.causeLabels = parser.isSet(options.causeLabels);
    if (overrides.noSpikes && overrides.causeLabels) {
        throw UsageError(QStringLiteral("--cause-labels writes the cause beside each spike "
                                        "marker, which --no-spikes removes; give one of them"));
    }

    if (parser.isSet(options.size)) {
        QString error;
        overrides.size = initlab::parseFigureSize(parser.value(options.size), &error);
        if (!overrides.size) {
            if (error.endsWith(QLatin1Char('.')))
                error.chop(1);
            if (!error.isEmpty())
                error[0] = error[0].toLower();
            throw UsageError(QStringLiteral("--size: ") + error);
        }
    }
    if (parser.isSet(options.dpi)) {
        const int dpi = integerOption(parser, options.dpi);
        if (dpi < initlab::minFigureDpi || dpi > initlab::maxFigureDpi) {
            throw UsageError(QStringLiteral("--dpi %1 is out of range; use %2 to %3")
                                 .arg(dpi)
                                 .arg(initlab::minFigureDpi)
                                 .arg(initlab::maxFigureDpi));
        }
        overrides.dpi = dpi;
    }
    return overrides;
}

void applyOverrides(const FigureOverrides &overrides, initlab::FigureSettings &settings)
{
    initlab::FigureStyle &style = settings.style;
    if (overrides.title)
        style.title = *overrides.title;
    if (overrides.xLabel)
        style.xLabel = *overrides.xLabel;
    if (overrides.yLabel)
        style.yLabel = *overrides.yLabel;
    if (overrides.logY)
        style.logY = true;
    if (overrides.legend)
        style.legend = *overrides.legend;
    if (overrides.fontPoints)
        style.fontPoints = *overrides.fontPoints;
    if (overrides.printTheme)
        style.printTheme = *overrides.printTheme;
    if (overrides.noSpikes) {
        style.showSpikes = false;
        style.showCauseLabels = false;
    }
    if (overrides.causeLabels) {
        style.showSpikes = true;
        style.showCauseLabels = true;
    }
    if (overrides.center)
        settings.curves.center = *overrides.center;
    if (overrides.band)
        settings.curves.band = *overrides.band;
    if (overrides.size) {
        const int dpi = settings.size.dpi;
        settings.size = *overrides.size;
        settings.size.dpi = dpi;
    }
    if (overrides.dpi)
        settings.size.dpi = *overrides.dpi;
}

QStringList splitList(const QString &text, const QString &option)
{
    const QChar separator = text.contains(QLatin1Char(';')) ? QLatin1Char(';') : QLatin1Char(',');
    QStringList items;
    for (const QString &item : text.split(separator)) {
        if (item.trimmed().isEmpty()) {
            throw UsageError(QStringLiteral("%1 \"%2\" has an empty item; separate the items by "
                                            "single commas, or by semicolons when an item "
                                            "contains a comma")
                                 .arg(option, text));
        }
        items.append(item.trimmed());
    }
    return items;
}

CompareRequest parseCompare(const QString &text)
{
    const qsizetype equals = text.indexOf(QLatin1Char('='));
    if (equals <= 0 || equals == text.size() - 1) {
        throw UsageError(QStringLiteral("--compare expects KEY=V1,V2,..., got \"%1\"; for example "
                                        "--compare init.weights=xavier_uniform,he_normal")
                             .arg(text));
    }
    CompareRequest request;
    request.key = text.left(equals).trimmed();
    request.values = splitList(text.mid(equals + 1), QStringLiteral("--compare"));
    return request;
}

double parseTargetMse(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    bool ok = false;
    const double target = QLocale::c().toDouble(parser.value(option).trimmed(), &ok);
    if (!ok || !std::isfinite(target) || target < 0) {
        throw UsageError(QStringLiteral("--target-mse \"%1\" is not allowed; use a finite number "
                                        "of at least 0, such as 1e-3")
                             .arg(parser.value(option)));
    }
    return target;
}

} // namespace cli
