#include "clicommon.h"

#include "comparison.h"
#include "comparisonfigure.h"
#include "figure.h"
#include "runconfig.h"

#include <QCommandLineParser>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>


namespace cli {
namespace {

struct CompareRequest
{
    QString key;
    QStringList values;
};

// Splits "KEY=V1,V2,..." on semicolons when the text has one, else on commas.
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
    const QString list = text.mid(equals + 1);
    const QChar separator = list.contains(QLatin1Char(';')) ? QLatin1Char(';') : QLatin1Char(',');
    for (const QString &value : list.split(separator)) {
        if (value.trimmed().isEmpty()) {
            throw UsageError(QStringLiteral("--compare \"%1\" has an empty value; separate the "
                                            "values of %2 by single commas")
                                 .arg(text, request.key));
        }
        request.values.append(value.trimmed());
    }
    return request;
}

// Rejects an unknown extension, an unwritable path and an impossible size before any training.
void checkFigureOutput(const QString &path, const initlab::FigureSize &size)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg")
        && suffix != QLatin1String("pdf")) {
        throw UsageError(QStringLiteral("--out \"%1\" has an unknown figure format; end the name "
                                        "in .png, .svg or .pdf")
                             .arg(path));
    }
    if (size.dpi < initlab::minFigureDpi || size.dpi > initlab::maxFigureDpi) {
        throw UsageError(QStringLiteral("--dpi %1 is out of range; use %2 to %3")
                             .arg(size.dpi)
                             .arg(initlab::minFigureDpi)
                             .arg(initlab::maxFigureDpi));
    }
    const QSize pixels = initlab::pixelSize(size);
    if (suffix == QLatin1String("png")
        && (pixels.width() > initlab::maxFigurePixels
            || pixels.height() > initlab::maxFigurePixels)) {
        throw UsageError(QStringLiteral("--size %1x%2 at %3 dpi is %4x%5 pixels, more than %6 per "
                                        "side; choose a smaller size or dpi")
                             .arg(size.width)
                             .arg(size.height)
                             .arg(size.dpi)
                             .arg(pixels.width())
                             .arg(pixels.height())
                             .arg(initlab::maxFigurePixels));
    }

    if (QFileInfo(path).isDir()) {
        throw UsageError(QStringLiteral("cannot write --out file \"%1\": it is a directory; "
                                        "choose a file path")
                             .arg(path));
    }
    // exportFigure() writes a temporary file beside path and renames it, so the probe opens the
    // same folder. A cancelled QSaveFile leaves nothing behind.
    QSaveFile probe(path);
    if (!probe.open(QIODevice::WriteOnly)) {
        throw UsageError(
            QStringLiteral("cannot write --out file \"%1\": %2; choose a writable path")
                .arg(path, probe.errorString()));
    }
    probe.cancelWriting();
}

// Returns a message of exportFigure() in the form of the other errors: lower case, no final stop.
QString asErrorLine(QString message)
{
    if (message.endsWith(QLatin1Char('.')))
        message.chop(1);
    if (!message.isEmpty())
        message[0] = message[0].toLower();
    return message;
}

QString defaultTitle(const LoadedConfig &loaded, const initlab::ComparisonSpec &spec,
    bool comparing, const QString &singleLabel)
{
    if (comparing) {
        return spec.seeds > 1
            ? QStringLiteral("%1: mean over %2 seeds").arg(spec.key).arg(spec.seeds)
            : spec.key;
    }
    QString title = loaded.config.description;
    const qsizetype stop = title.indexOf(QLatin1Char('.'));
    if (stop > 0)
        title.truncate(stop);
    if (title.trimmed().isEmpty())
        title = singleLabel;
    if (spec.seeds > 1)
        title += QStringLiteral(": mean over %1 seeds").arg(spec.seeds);
    return title.trimmed();
}

QByteArray savedConfigJson(const initlab::ComparisonSpec &spec, bool comparing)
{
    if (!comparing && spec.seeds == 1)
        return QJsonDocument(initlab::toJson(spec.base)).toJson();
    QJsonObject object;
    object.insert(QStringLiteral("base"), initlab::toJson(spec.base));
    if (comparing) {
        QJsonObject compare;
        compare.insert(QStringLiteral("key"), spec.key);
        compare.insert(QStringLiteral("values"), QJsonArray::fromStringList(spec.values));
        object.insert(QStringLiteral("compare"), compare);
    }
    object.insert(QStringLiteral("seeds"), spec.seeds);
    return QJsonDocument(object).toJson();
}

} // namespace

int runFigure(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains a preset or a run configuration, or one run per value of a key with --compare, "
        "and draws the training MSE per iteration as a PNG, SVG or PDF figure. Each value gets "
        "one curve labelled with the value; a single run is labelled with the preset name or the "
        "config file's base name. With more than one seed a curve is the mean over the seeds "
        "with a band from their minimum to their maximum. The spike peaks of the first seed's "
        "run are marked. Without --preset or --config it trains the default preset."));
    const QCommandLineOption presetOption(QStringLiteral("preset"),
        QStringLiteral("Train the shipped preset <name>."), QStringLiteral("name"));
    const QCommandLineOption configOption(QStringLiteral("config"),
        QStringLiteral("Train the JSON run configuration <file>."), QStringLiteral("file"));
    const QCommandLineOption setOption(QStringLiteral("set"),
        QStringLiteral("Override one configuration key of the base run, for example "
                       "--set training.iterations=500. Repeatable."),
        QStringLiteral("key=value"));
    const QCommandLineOption outOption(QStringLiteral("out"),
        QStringLiteral("Write the figure to <file>; the extension .png, .svg or .pdf chooses the "
                       "format. Required."),
        QStringLiteral("file"));
    const QCommandLineOption compareOption(QStringLiteral("compare"),
        QStringLiteral("Train one run per value of a configuration key, for example "
                       "init.weights=xavier_uniform,he_normal. Values are separated by commas, "
                       "or by semicolons when the text contains one, so that values with commas "
                       "can be given: network.hidden=8,8;16,16."),
        QStringLiteral("key=values"));
    const QCommandLineOption seedsOption(QStringLiteral("seeds"),
        QStringLiteral("Train each value with <n> seeds, the configured seed and the ones after "
                       "it (1 to %1, default 1).")
            .arg(initlab::maxComparisonSeeds),
        QStringLiteral("n"), QStringLiteral("1"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
        QStringLiteral("Figure size as WIDTHxHEIGHT in pixels, or followed by cm or in "
                       "(default 16x10cm)."),
        QStringLiteral("size"), QStringLiteral("16x10cm"));
    const QCommandLineOption dpiOption(QStringLiteral("dpi"),
        QStringLiteral("Dots per inch: the pixels of a PNG of a physical size, and the physical "
                       "size of a pixel size in SVG and PDF (default 300)."),
        QStringLiteral("n"), QStringLiteral("300"));
    const QCommandLineOption titleOption(QStringLiteral("title"),
        QStringLiteral("Figure title; an empty text draws none. Default: \"<key>: mean over <n> "
                       "seeds\" with --compare, else the first sentence of the configuration's "
                       "description, or the run's label when it has none."),
        QStringLiteral("text"));
    const QCommandLineOption logYOption(
        QStringLiteral("log-y"), QStringLiteral("Draw the MSE on a logarithmic axis."));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
        QStringLiteral("Write the curves as CSV to <file>: a column \"iteration\", then per value "
                       "<value>_mean, _median, _min, _max and _std, or one column <value> with "
                       "one seed."),
        QStringLiteral("file"));
    const QCommandLineOption saveConfigOption(QStringLiteral("save-config"),
        QStringLiteral("Write the base configuration, every key included, as JSON to <file>. "
                       "With --compare or more than one seed it is wrapped as {\"base\": config, "
                       "\"compare\": {\"key\": key, \"values\": [values]}, \"seeds\": n}, "
                       "\"compare\" only with --compare."),
        QStringLiteral("file"));
    const QCommandLineOption quietOption({QStringLiteral("q"), QStringLiteral("quiet")},
        QStringLiteral("Do not list the files written."));
    parser.addOptions({presetOption, configOption, setOption, outOption, compareOption, seedsOption,
        sizeOption, dpiOption, titleOption, logYOption, csvOption, saveConfigOption, quietOption});
    if (!parseCommand(parser, QStringLiteral("figure"), arguments))
        return exitSuccess;

    if (parser.isSet(presetOption) && parser.isSet(configOption))
        throw UsageError(QStringLiteral("--preset and --config exclude each other; give one"));
    for (const QCommandLineOption &option : {presetOption, configOption, outOption, compareOption,
             seedsOption, sizeOption, dpiOption, titleOption, csvOption, saveConfigOption}) {
        if (parser.values(option).size() > 1) {
            throw UsageError(QStringLiteral("--%1 was given %2 times; give it once")
                                 .arg(option.names().constFirst())
                                 .arg(parser.values(option).size()));
        }
    }
    const QString outPath = parser.value(outOption);
    if (outPath.isEmpty())
        throw UsageError(QStringLiteral("--out is missing; give the figure file, for example "
                                        "--out loss.png"));

    QString sizeError;
    std::optional<initlab::FigureSize> size =
        initlab::parseFigureSize(parser.value(sizeOption), &sizeError);
    if (!size)
        throw UsageError(QStringLiteral("--size: ") + asErrorLine(sizeError));
    size->dpi = integerOption(parser, dpiOption);
    checkFigureOutput(outPath, *size);

    const LoadedConfig loaded = loadConfig(
        parser.value(presetOption), parser.value(configOption), parser.values(setOption));
    const bool comparing = parser.isSet(compareOption);
    initlab::ComparisonSpec spec;
    spec.base = loaded.config;
    spec.baseDir = loaded.baseDirectory;
    spec.seeds = integerOption(parser, seedsOption);
    if (spec.seeds < 1 || spec.seeds > initlab::maxComparisonSeeds) {
        throw UsageError(QStringLiteral("--seeds %1 is out of range; use 1 to %2")
                             .arg(spec.seeds)
                             .arg(initlab::maxComparisonSeeds));
    }
    if (comparing) {
        const CompareRequest request = parseCompare(parser.value(compareOption));
        spec.key = request.key;
        spec.values = request.values;
    } else {
        // One value that changes nothing: the base seed itself.
        spec.key = QStringLiteral("seed");
        spec.values = {QString::number(loaded.config.seed)};
    }
    // Validates the key, the values and the seed count before any output is opened.
    initlab::comparisonConfigs(spec);

    checkOutputPaths(
        {{QStringLiteral("--out"), outPath}, {QStringLiteral("--csv"), parser.value(csvOption)},
            {QStringLiteral("--save-config"), parser.value(saveConfigOption)}},
        loaded);
    auto csvFile = openOutput(parser.value(csvOption), QStringLiteral("--csv"));
    auto configFile = openOutput(parser.value(saveConfigOption), QStringLiteral("--save-config"));

    const initlab::ComparisonResult result = initlab::runComparison(spec);

    QString singleLabel;
    if (!comparing) {
        singleLabel = loaded.configPath.isEmpty()
            ? (parser.isSet(presetOption) ? parser.value(presetOption) : QStringLiteral("default"))
            : QFileInfo(loaded.configPath).completeBaseName();
    }
    initlab::ComparisonFigureOptions curveOptions;
    curveOptions.singleLabel = singleLabel;
    initlab::FigureStyle style;
    style.logY = parser.isSet(logYOption);
    style.title = parser.isSet(titleOption) ? parser.value(titleOption)
                                            : defaultTitle(loaded, spec, comparing, singleLabel);

    QString exportError;
    if (!initlab::exportFigure(
            initlab::comparisonCurves(result, curveOptions), style, *size, outPath, &exportError)) {
        printError(asErrorLine(exportError));
        return exitFailure;
    }

    bool written = true;
    QStringList wrote {QStringLiteral("figure: ") + outPath};
    if (csvFile) {
        const bool ok = initlab::writeComparisonCsv(result, *csvFile->device);
        written = finishOutput(*csvFile) && ok && written;
        wrote.append(QStringLiteral("curves: ") + csvFile->path);
    }
    if (configFile) {
        written = writeOutput(*configFile, savedConfigJson(spec, comparing)) && written;
        wrote.append(QStringLiteral("config: ") + configFile->path);
    }
    if (!written) {
        printError(QStringLiteral("writing the output files failed (disk full or the folder "
                                  "was removed?); no partial file was left"));
        return exitFailure;
    }
    if (!parser.isSet(quietOption)) {
        for (const QString &line : std::as_const(wrote))
            printOut(line + QLatin1Char('\n'));
    }
    return exitSuccess;
}

} // namespace cli
