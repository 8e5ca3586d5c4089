#include "clicommon.h"

#include "csvtext.h"
#include "enums.h"
#include "propagation.h"

#include <QCommandLineParser>

namespace cli {
namespace {

const QStringList defaultInits {QStringLiteral("xavier_uniform"), QStringLiteral("he_normal"),
    QStringLiteral("lecun_normal"), QStringLiteral("orthogonal"), QStringLiteral("pytorch_default"),
    QStringLiteral("normal:0.01")};

// Returns value with four significant digits, in exponent form below 0.0001 and from 10000 on,
// as printf's %g does.
QString formatSpread(double value)
{
    return QString::number(value, 'g', 4);
}

QString table(
    const QString &title, const std::vector<initlab::PropagationColumn> &columns, bool forward)
{
    QList<QStringList> rows;
    QStringList header {QStringLiteral("layer")};
    for (const initlab::PropagationColumn &column : columns)
        header.append(column.init);
    rows.append(header);
    const std::size_t layers = columns.front().forwardStd.size();
    for (std::size_t l = 0; l < layers; ++l) {
        QStringList row {QString::number(l + 1)};
        for (const initlab::PropagationColumn &column : columns)
            row.append(formatSpread(forward ? column.forwardStd[l] : column.backwardStd[l]));
        rows.append(row);
    }
    return title + QLatin1Char('\n') + alignedTable(rows, false);
}

} // namespace

int runPropagate(const QStringList &arguments)
{
    const initlab::PropagationSpec defaults;
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Sends inputs of unit variance forward through a deep stack of equal layers at "
        "initialization, and gradients of unit variance back from the last layer, once for each "
        "initializer. Prints per layer the standard deviation of the pre-activations, then that of "
        "the gradients with respect to them, one column per initializer. Biases are left out."));
    const QCommandLineOption activationOption(QStringLiteral("activation"),
        QStringLiteral("Activation of every layer: %1 (default relu).")
            .arg(initlab::activationNames().join(QStringLiteral(", "))),
        QStringLiteral("name"), QStringLiteral("relu"));
    const QCommandLineOption layersOption(QStringLiteral("layers"),
        QStringLiteral("Number of layers, 1 to %1 (default %2).")
            .arg(initlab::maxPropagationLayers)
            .arg(defaults.layers),
        QStringLiteral("n"), QString::number(defaults.layers));
    const QCommandLineOption widthOption(QStringLiteral("width"),
        QStringLiteral("Units of every layer, 1 to %1 (default %2).")
            .arg(initlab::maxPropagationWidth)
            .arg(defaults.width),
        QStringLiteral("n"), QString::number(defaults.width));
    const QCommandLineOption samplesOption(QStringLiteral("samples"),
        QStringLiteral("Input vectors, 2 to %1 (default %2).")
            .arg(initlab::maxPropagationSamples)
            .arg(defaults.samples),
        QStringLiteral("n"), QString::number(defaults.samples));
    const QCommandLineOption seedOption(QStringLiteral("seed"),
        QStringLiteral("Seed of the inputs, weights and gradients (default %1).")
            .arg(defaults.seed),
        QStringLiteral("n"), QString::number(defaults.seed));
    const QCommandLineOption initOption(QStringLiteral("init"),
        QStringLiteral("An initializer, NAME or NAME:VALUE, where VALUE is the standard deviation "
                       "of normal, the limit of uniform, the value of constant or the gain of the "
                       "Xavier, He and orthogonal initializers. Repeatable. Default: %1.")
            .arg(defaultInits.join(QStringLiteral(", "))),
        QStringLiteral("init"));
    const QCommandLineOption csvOption(QStringLiteral("csv"),
        QStringLiteral("Also write the table as CSV to <file>: a column \"layer\", then per "
                       "initializer <init>_forward and <init>_backward."),
        QStringLiteral("file"));
    parser.addOptions({activationOption, layersOption, widthOption, samplesOption, seedOption,
        initOption, csvOption});
    if (!parseCommand(parser, QStringLiteral("propagate"), arguments))
        return exitSuccess;

    initlab::PropagationSpec spec;
    const QString activation = parser.value(activationOption);
    const std::optional<initlab::Activation> parsed = initlab::activationFromString(activation);
    if (!parsed) {
        throw UsageError(
            QStringLiteral("--activation \"%1\" is unknown; use one of %2")
                .arg(activation, initlab::activationNames().join(QStringLiteral(", "))));
    }
    spec.activation = *parsed;
    // Checked here as well as in propagate(), so that the message names the option.
    const auto rangeOption = [&parser](const QCommandLineOption &option, int low, int high) {
        const int value = integerOption(parser, option);
        if (value < low || value > high) {
            throw UsageError(QStringLiteral("--%1 %2 is out of range; use %3 to %4")
                                 .arg(option.names().constFirst())
                                 .arg(value)
                                 .arg(low)
                                 .arg(high));
        }
        return value;
    };
    spec.layers = rangeOption(layersOption, 1, initlab::maxPropagationLayers);
    spec.width = rangeOption(widthOption, 1, initlab::maxPropagationWidth);
    spec.samples = rangeOption(samplesOption, 2, initlab::maxPropagationSamples);
    const int seed = integerOption(parser, seedOption);
    if (seed < 0)
        throw UsageError(QStringLiteral("--seed %1 is negative; use 0 or more").arg(seed));
    spec.seed = std::uint64_t(seed);
    spec.inits = parser.isSet(initOption) ? parser.values(initOption) : defaultInits;
    // Validates everything before the CSV file is opened and the work starts.
    for (const QString &init : std::as_const(spec.inits))
        initlab::parsePropagationInit(init);
    auto csvFile = openOutput(parser.value(csvOption), QStringLiteral("--csv"));

    const std::vector<initlab::PropagationColumn> columns = initlab::propagate(spec);
    printOut(table(
        QStringLiteral("Standard deviation of the pre-activations of each layer:"), columns, true));
    printOut(QStringLiteral("\n"));
    printOut(table(QStringLiteral("Standard deviation of the gradient with respect to them:"),
        columns, false));

    if (csvFile) {
        QStringList header {QStringLiteral("layer")};
        for (const initlab::PropagationColumn &column : columns)
            header << initlab::csv::field(column.init + QStringLiteral("_forward"))
                   << initlab::csv::field(column.init + QStringLiteral("_backward"));
        QByteArray csv = header.join(QLatin1Char(',')).toUtf8() + '\n';
        for (std::size_t l = 0; l < columns.front().forwardStd.size(); ++l) {
            QStringList cells {QString::number(l + 1)};
            for (const initlab::PropagationColumn &column : columns) {
                cells << initlab::csv::number(column.forwardStd[l])
                      << initlab::csv::number(column.backwardStd[l]);
            }
            csv += cells.join(QLatin1Char(',')).toUtf8() + '\n';
        }
        if (!writeOutput(*csvFile, csv)) {
            printError(QStringLiteral("writing --csv %1 failed (disk full?); no partial file was "
                                      "left")
                           .arg(csvFile->path));
            return exitFailure;
        }
    }
    return exitSuccess;
}

} // namespace cli
