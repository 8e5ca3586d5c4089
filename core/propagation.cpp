#include "propagation.h"

#include "activation.h"
#include "errors.h"
#include "initializers.h"
#include "random.h"

#include <Eigen/Core>

#include <cmath>

namespace initlab {
namespace {

void checkRange(const QString &name, qint64 value, qint64 min, qint64 max)
{
    if (value < min || value > max) {
        throw ConfigError(name,
            QStringLiteral("%1 %2 is out of range; use %3 to %4")
                .arg(name)
                .arg(value)
                .arg(min)
                .arg(max));
    }
}

// Returns a rows x columns matrix of standard normal values, filled column by column.
Eigen::MatrixXd standardNormal(Eigen::Index rows, Eigen::Index columns, Rng &rng)
{
    Eigen::MatrixXd values(rows, columns);
    for (Eigen::Index j = 0; j < columns; ++j) {
        for (Eigen::Index i = 0; i < rows; ++i)
            values(i, j) = rng.normal();
    }
    return values;
}

// Returns the standard deviation about the mean over every entry.
double spread(const Eigen::MatrixXd &values)
{
    const double mean = values.mean();
    const double meanSquare = values.array().square().mean();
    return std::sqrt(std::max(0.0, meanSquare - mean * mean));
}

} // namespace

InitConfig parsePropagationInit(const QString &text)
{
    const QString name = text.section(QLatin1Char(':'), 0, 0).trimmed();
    const std::optional<WeightInit> weights = weightInitFromString(name);
    if (!weights) {
        throw ConfigError(QStringLiteral("init"),
            QStringLiteral("unknown initializer \"%1\"; choose one of %2, optionally followed by "
                           ":VALUE such as normal:0.01")
                .arg(text, weightInitNames().join(QStringLiteral(", "))));
    }
    InitConfig config;
    config.weights = *weights;
    if (!text.contains(QLatin1Char(':')))
        return config;

    bool ok = false;
    const QString valueText = text.section(QLatin1Char(':'), 1).trimmed();
    const double value = valueText.toDouble(&ok);
    if (!ok || !std::isfinite(value)) {
        throw ConfigError(QStringLiteral("init"),
            QStringLiteral("\"%1\": \"%2\" is not a number; write NAME:VALUE such as "
                           "normal:0.01")
                .arg(text, valueText));
    }
    switch (config.weights) {
    case WeightInit::Normal:
    case WeightInit::TruncatedNormal:
        config.stddev = value;
        break;
    case WeightInit::Uniform:
        config.limit = value;
        break;
    case WeightInit::Constant:
        config.value = value;
        break;
    case WeightInit::XavierUniform:
    case WeightInit::XavierNormal:
    case WeightInit::HeUniform:
    case WeightInit::HeNormal:
    case WeightInit::Orthogonal:
        config.gain = value;
        break;
    case WeightInit::Zeros:
    case WeightInit::LecunUniform:
    case WeightInit::LecunNormal:
    case WeightInit::PytorchDefault:
        throw ConfigError(QStringLiteral("init"),
            QStringLiteral("\"%1\": %2 takes no value; give the name alone").arg(text, name));
    }
    return config;
}

std::vector<PropagationColumn> propagate(const PropagationSpec &spec, std::stop_token stop)
{
    checkRange(QStringLiteral("layers"), spec.layers, 1, maxPropagationLayers);
    checkRange(QStringLiteral("width"), spec.width, 1, maxPropagationWidth);
    checkRange(QStringLiteral("samples"), spec.samples, 2, maxPropagationSamples);
    if (spec.inits.isEmpty())
        throw ConfigError(
            QStringLiteral("init"), QStringLiteral("no initializer given; name at least one"));
    std::vector<InitConfig> configs;
    for (const QString &text : spec.inits)
        configs.push_back(parsePropagationInit(text));

    const Eigen::Index width = spec.width;
    const Eigen::Index samples = spec.samples;
    std::vector<PropagationColumn> columns;
    for (std::size_t c = 0; c < configs.size(); ++c) {
        // The same streams for every column, so the columns differ only by their initializer.
        Rng inputRng(spec.seed, RandomStream::Data);
        Rng weightRng(spec.seed, RandomStream::Init);
        Rng gradientRng(spec.seed, RandomStream::Diagnosis);

        std::vector<Eigen::MatrixXd> weights(std::size_t(spec.layers));
        Eigen::VectorXd biases;
        for (Eigen::MatrixXd &layer : weights) {
            if (stop.stop_requested())
                return {};
            layer.resize(width, width);
            initializeLayer(layer, biases, configs[c], spec.activation, weightRng);
        }

        PropagationColumn column;
        column.init = spec.inits[qsizetype(c)];
        std::vector<Eigen::MatrixXd> z(std::size_t(spec.layers));
        std::vector<Eigen::MatrixXd> a(std::size_t(spec.layers));
        const Eigen::MatrixXd input = standardNormal(width, samples, inputRng);
        for (std::size_t l = 0; l < weights.size(); ++l) {
            if (stop.stop_requested())
                return {};
            z[l].noalias() = weights[l] * (l == 0 ? input : a[l - 1]);
            a[l].resize(width, samples);
            applyActivation(spec.activation, z[l], a[l]);
            column.forwardStd.push_back(spread(z[l]));
        }

        // The gradient with respect to the last layer's activations is a standard normal, as
        // from a loss that weighs every output alike.
        Eigen::MatrixXd gradient = standardNormal(width, samples, gradientRng);
        column.backwardStd.assign(weights.size(), 0.0);
        for (std::size_t l = weights.size(); l-- > 0;) {
            if (stop.stop_requested())
                return {};
            multiplyByDerivative(spec.activation, z[l], a[l], gradient);
            column.backwardStd[l] = spread(gradient);
            // Eigen evaluates a product into a temporary, so gradient may appear on both sides.
            if (l > 0)
                gradient = weights[l].transpose() * gradient;
        }
        columns.push_back(std::move(column));
    }
    return columns;
}

} // namespace initlab
