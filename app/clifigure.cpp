#include "clicommon.h"
#include "clifigureoptions.h"

#include "comparison.h"
#include "comparisonjson.h"
#include "comparisonfigure.h"
#include "figure.h"
#include "figuresettings.h"
#include "runconfig.h"

#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSaveFile>

#include <algorithm>
#include <cmath>


namespace cli {
namespace {

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
    const QSize pixels = initlab::pixelSize(size);
    if (suffix == QLatin1String("png")
        && (pixels.width() > initlab::maxFigurePixels
            || pixels.height() > initlab::maxFigurePixels)) {
        throw UsageError(QStringLiteral("the figure size %1x%2 at %3 dpi is %4x%5 pixels, more "
                                        "than %6 per side; choose a smaller --size or --dpi")
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
    // The description up to its first full stop, colon or semicolon. A full stop counts only
    // before a space or the end, so that a number such as 0.05 stays whole.
    static const QRegularExpression clauseEnd(QStringLiteral("[.:;](\\s|$)"));
    QString title = loaded.config.description;
    const qsizetype stop = title.indexOf(clauseEnd);
    if (stop > 0)
        title.truncate(stop);
    // A longer clause would not fit on one line of a figure 16 cm wide at 10 points, and Qt
    // Charts would cut it short. The run's name or label is taken instead.
    constexpr qsizetype maxTitleLength = 60;
    if (title.trimmed().isEmpty() || title.size() > maxTitleLength)
        title = loaded.config.name.isEmpty() ? singleLabel : loaded.config.name;
    if (spec.seeds > 1)
        title += QStringLiteral(": mean over %1 seeds").arg(spec.seeds);
    return title.trimmed();
}

// Returns the legend text per value that --labels gives, checked against the values.
QStringList labelsOption(const QString &text, const initlab::ComparisonSpec &spec, bool comparing)
{
    const QStringList labels = splitList(text, QStringLiteral("--labels"));
    if (comparing && labels.size() != spec.values.size()) {
        throw UsageError(QStringLiteral("--labels \"%1\" gives %2 for the %3 values of %4; "
                                        "give one label per value, separated as the values are")
                             .arg(text)
                             .arg(labels.size() == 1 ? QStringLiteral("1 label")
                                                     : QStringLiteral("%1 labels").arg(labels.size()))
                             .arg(spec.values.size())
                             .arg(spec.key));
    }
    if (!comparing && labels.size() != 1) {
        throw UsageError(QStringLiteral("--labels \"%1\" gives %2 labels, but without --compare "
                                        "the figure has one curve; give one label")
                             .arg(text)
                             .arg(labels.size()));
    }
    return labels;
}

// Returns the base configuration for a figure file. A relative dataset.path becomes absolute,
// because the file may be written to another folder than the one it is relative to.
initlab::RunConfig savedBase(const initlab::ComparisonSpec &spec)
{
    initlab::RunConfig base = spec.base;
    if (base.dataset.kind == initlab::DatasetKind::Csv && QFileInfo(base.dataset.path).isRelative())
        base.dataset.path = QDir(spec.baseDir).absoluteFilePath(base.dataset.path);
    return base;
}

QString summaryCell(double value)
{
    return std::isfinite(value) ? formatLoss(value) : QStringLiteral("-");
}

// One aligned row per value: median final MSE, the target columns when a target is set, spikes
// and divergences over the seeds.
QString summaryTable(const initlab::ComparisonResult &result, const QStringList &names,
    const QString &header)
{
    const bool target = std::isfinite(result.targetMse);
    QList<QStringList> rows;
    QStringList titles {header, QStringLiteral("median final MSE")};
    if (target)
        titles << QStringLiteral("iterations to %1").arg(formatLoss(result.targetMse))
               << QStringLiteral("reached");
    titles << QStringLiteral("spikes") << QStringLiteral("divergences");
    rows.append(titles);

    for (std::size_t i = 0; i < result.values.size(); ++i) {
        const initlab::ComparisonSummary &summary = result.values[i].summary;
        const int runs = int(result.values[i].runs.size());
        QStringList row {names.value(qsizetype(i), result.values[i].value),
            summaryCell(summary.medianFinalMse)};
        if (target) {
            row << (summary.iterationsToTarget >= 0
                           ? QString::number(qint64(summary.iterationsToTarget))
                           : QStringLiteral("not reached"))
                << QStringLiteral("%1/%2").arg(summary.reachedTargetCount).arg(runs);
        }
        row << QString::number(summary.spikeCount)
            << QStringLiteral("%1/%2").arg(summary.divergenceCount).arg(runs);
        rows.append(row);
    }

    return alignedTable(rows, true);
}
} // namespace

int runFigure(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Trains a preset or a run configuration, or one run per value of a key with --compare, "
        "and draws the training MSE per iteration as a PNG, SVG or PDF figure. Each value gets "
        "one curve labelled with the value; a single run is labelled with the preset name or the "
        "config file's base name, unless --labels gives other text. With more than one seed a "
        "curve is the mean over the seeds with a band from their minimum to their maximum, "
        "unless --center and --band choose others. Every seed's spikes are marked on its "
        "value's curve. Unless -q is given, a summary per value follows: the median final MSE, "
        "the iterations to --target-mse, and the spikes and divergences over the seeds. Without "
        "--preset or --config it trains the default preset."));
    const FigureCommandOptions options;
    parser.addOptions(options.all());
    if (!parseCommand(parser, QStringLiteral("figure"), arguments))
        return exitSuccess;

    if (parser.isSet(options.preset) && parser.isSet(options.config))
        throw UsageError(QStringLiteral("--preset and --config exclude each other; give one"));
    for (const QCommandLineOption &option : options.single()) {
        if (parser.values(option).size() > 1) {
            throw UsageError(QStringLiteral("--%1 was given %2 times; give it once")
                                 .arg(option.names().constFirst())
                                 .arg(parser.values(option).size()));
        }
    }
    const QString outPath = parser.value(options.out);
    if (outPath.isEmpty())
        throw UsageError(QStringLiteral("--out is missing; give the figure file, for example "
                                        "--out loss.png"));
    const FigureOverrides overrides = figureOverrides(parser, options);

    // The comparison: from the figure file when --config names one, changed by the options.
    const LoadedConfig loaded = loadConfig(
        parser.value(options.preset), parser.value(options.config), parser.values(options.set));
    initlab::ComparisonDocument document;
    if (!loaded.document.isEmpty())
        document = initlab::comparisonDocumentFromJson(loaded.document, loaded.configPath);
    initlab::ComparisonSpec &spec = document.spec;
    spec.base = loaded.config;
    spec.baseDir = loaded.baseDirectory;
    if (parser.isSet(options.seeds)) {
        spec.seeds = integerOption(parser, options.seeds);
        if (spec.seeds < 1 || spec.seeds > initlab::maxComparisonSeeds) {
            throw UsageError(QStringLiteral("--seeds %1 is out of range; use 1 to %2")
                                 .arg(spec.seeds)
                                 .arg(initlab::maxComparisonSeeds));
        }
    }
    if (parser.isSet(options.targetMse))
        spec.targetMse = parseTargetMse(parser, options.targetMse);
    if (parser.isSet(options.compare)) {
        const CompareRequest request = parseCompare(parser.value(options.compare));
        document.comparing = true;
        spec.key = request.key;
        spec.values = request.values;
        document.labels.clear(); // those of the file's values
    } else if (!document.comparing) {
        // One value that changes nothing: the base seed itself.
        spec.key = QStringLiteral("seed");
        spec.values = {QString::number(spec.base.seed)};
    }
    // Validates the key, the values and the seed count before any output is opened.
    initlab::comparisonConfigs(spec);
    const bool comparing = document.comparing;
    QStringList labels = document.labels;
    if (parser.isSet(options.labels))
        labels = labelsOption(parser.value(options.labels), spec, comparing);

    // The figure settings: defaults, then the file's, then the options.
    initlab::FigureSettings settings;
    if (!comparing) {
        settings.curves.singleLabel = loaded.configPath.isEmpty()
            ? (parser.isSet(options.preset) ? parser.value(options.preset)
                                            : QStringLiteral("default"))
            : QFileInfo(loaded.configPath).completeBaseName();
    }
    settings.style.title = defaultTitle(loaded, spec, comparing, settings.curves.singleLabel);
    if (!document.figure.isEmpty())
        settings = initlab::figureSettingsFromJson(document.figure, loaded.configPath, settings);
    applyOverrides(overrides, settings);
    const bool titleGiven =
        overrides.title.has_value() || document.figure.contains(QStringLiteral("title"));
    if (comparing)
        settings.curves.labels = labels;
    else if (!labels.isEmpty())
        settings.curves.singleLabel = labels.constFirst();
    checkFigureOutput(outPath, settings.size);

    checkOutputPaths({{QStringLiteral("--out"), outPath},
                         {QStringLiteral("--csv"), parser.value(options.csv)},
                         {QStringLiteral("--save-config"), parser.value(options.saveConfig)}},
        loaded);
    auto csvFile = openOutput(parser.value(options.csv), QStringLiteral("--csv"));
    auto configFile = openOutput(parser.value(options.saveConfig), QStringLiteral("--save-config"));

    const initlab::ComparisonResult result = initlab::runComparison(spec);

    const std::vector<initlab::FigureCurve> curves =
        initlab::comparisonCurves(result, settings.curves);
    QString exportError;
    QStringList shortened;
    if (!initlab::exportFigure(
            curves, settings.style, settings.size, outPath, &exportError, &shortened)) {
        printError(asErrorLine(exportError));
        return exitFailure;
    }
    if (!shortened.isEmpty()) {
        printWarning(QStringLiteral("%1 did not fit in the figure; give a smaller --font-size "
                                    "(now %2), a larger --size (now %3), shorter --labels, or "
                                    "another --legend place or none")
                         .arg(initlab::describeShortenedTexts(shortened))
                         .arg(settings.style.fontPoints)
                         .arg(initlab::figureSizeText(settings.size)));
    }

    bool written = true;
    QStringList wrote {QStringLiteral("figure: ") + outPath};
    if (csvFile) {
        const bool ok = initlab::writeComparisonCsv(result, *csvFile->device);
        written = finishOutput(*csvFile, ok) && written;
        wrote.append(QStringLiteral("curves: ") + csvFile->path);
    }
    if (configFile) {
        initlab::ComparisonDocument saved;
        saved.spec = spec;
        saved.spec.base = savedBase(spec);
        saved.comparing = comparing;
        saved.labels = comparing ? labels : QStringList();
        saved.figure = initlab::toJson(settings);
        // A default title is left out, so that it is worked out again from the runs that the
        // file gives, after --seeds or --compare have changed them.
        if (!titleGiven)
            saved.figure.remove(QStringLiteral("title"));
        written = writeOutput(*configFile, QJsonDocument(initlab::toJson(saved)).toJson())
            && written;
        wrote.append(QStringLiteral("figure file: ") + configFile->path);
    }
    if (!written) {
        printError(QStringLiteral("writing the output files failed (disk full or the folder "
                                  "was removed?); no partial file was left"));
        return exitFailure;
    }
    if (!parser.isSet(options.quiet)) {
        QStringList names;
        for (const initlab::FigureCurve &curve : curves)
            names.append(curve.label);
        printOut(summaryTable(result, names, comparing ? spec.key : QStringLiteral("run")));
        for (const QString &line : std::as_const(wrote))
            printOut(line + QLatin1Char('\n'));
    }
    return exitSuccess;
}

} // namespace cli
