#include "initializers.h"

#include "activation.h"
#include "errors.h"
#include "runconfig.h"

#include <Eigen/QR>

#include <QLocale>
#include <QString>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

// Weight initializers. W is (units x inputs), fan_in = inputs (columns), fan_out = units (rows),
// gain g. PyTorch references are to torch.nn.init in PyTorch 2.x.
//
//   zeros             W = 0
//   constant          W = init.value
//   uniform           U(-init.limit, init.limit)
//   normal            N(0, init.stddev^2)
//   truncated_normal  N(0, init.stddev^2), but a draw beyond 2 init.stddev is discarded and
//                     drawn again, as tf.random.truncated_normal (TensorFlow 2.x) does. The
//                     result's standard deviation is about 0.88 init.stddev (0.87962566 for
//                     truncation at 2 sigma).
//   xavier_uniform    U(-a, a), a = g sqrt(6 / (fan_in + fan_out)), g default 1.
//                     Glorot and Bengio, "Understanding the difficulty of training deep feedforward
//                     neural networks", AISTATS 2010; torch.nn.init.xavier_uniform_.
//   xavier_normal     N(0, s^2), s = g sqrt(2 / (fan_in + fan_out)), g default 1.
//                     Same paper; torch.nn.init.xavier_normal_.
//   he_uniform        U(-b, b), b = g sqrt(3 / fan), fan = fan_in or fan_out by init.mode.
//                     He, Zhang, Ren and Sun, "Delving deep into rectifiers", ICCV 2015;
//                     torch.nn.init.kaiming_uniform_.
//   he_normal         N(0, s^2), s = g / sqrt(fan). Same paper; torch.nn.init.kaiming_normal_.
//                     For he_*, g defaults to recommendedGain(activation).
//   lecun_uniform     U(-c, c), c = sqrt(3 / fan_in).
//                     LeCun, Bottou, Orr and Mueller, "Efficient BackProp", 1998.
//   lecun_normal      N(0, 1 / fan_in). Same paper. Keras' lecun_normal (2.x and 3.x) draws from a
//                     truncated normal instead, rescaled to the same variance. This one does
//                     not truncate.
//   orthogonal        g Q, with Q from the thin QR decomposition of a Gaussian matrix, its columns'
//                     signs fixed so that R has a positive diagonal. Q is then uniform (Haar)
//                     distributed: Mezzadri, "How to generate random matrices from the classical
//                     compact groups", Notices of the AMS 54(5), 2007. Saxe, McClelland and
//                     Ganguli, "Exact solutions to the nonlinear dynamics of learning in deep
//                     linear neural networks", ICLR 2014; torch.nn.init.orthogonal_. g default 1.
//   pytorch_default   U(-1 / sqrt(fan_in), 1 / sqrt(fan_in)), which is what torch.nn.Linear's
//                     reset_parameters() gets from kaiming_uniform_ with a = sqrt(5):
//                     g = sqrt(2 / (1 + 5)), bound = g sqrt(3 / fan_in) = 1 / sqrt(fan_in).
//
// Bias initializers: zeros; constant (init.biasValue); pytorch_default U(-1 / sqrt(fan_in),
// 1 / sqrt(fan_in)), the bias rule of torch.nn.Linear.reset_parameters().
//
// The draw order is part of the reproducibility contract. Weights come first, row by row: (0,0),
// (0,1), ..., (1,0), ..., one draw per element plus truncated_normal's redraws. The biases follow,
// from element 0 up. zeros and constant draw nothing.

namespace initlab {
namespace {

// Truncation point of truncated_normal, in standard deviations.
constexpr double truncationSigmas = 2.0;

QString formatNumber(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

void requireNonNegative(double value, const QString &key, const QString &meaning)
{
    if (std::isfinite(value) && value >= 0.0)
        return;
    throw ConfigError(key,
        QStringLiteral("Invalid %1 %2: %3 must be a finite number >= 0.")
            .arg(key, formatNumber(value), meaning));
}

void requireFinite(double value, const QString &key, const QString &meaning)
{
    if (std::isfinite(value))
        return;
    throw ConfigError(key,
        QStringLiteral("Invalid %1 %2: %3 must be a finite number.")
            .arg(key, formatNumber(value), meaning));
}

// Checks every field, whichever initializer is selected, so that a bad value is reported before
// the user switches to the initializer that reads it.
void validateConfig(const InitConfig &config)
{
    requireNonNegative(config.limit, QStringLiteral("init.limit"),
        QStringLiteral("the half-width of the uniform initializer"));
    requireNonNegative(config.stddev, QStringLiteral("init.stddev"),
        QStringLiteral("the standard deviation of normal and truncated_normal"));
    requireFinite(config.value, QStringLiteral("init.value"),
        QStringLiteral("the weight of the constant initializer"));
    requireFinite(config.biasValue, QStringLiteral("init.biasValue"),
        QStringLiteral("the bias of the constant bias initializer"));

    if (config.gain && !(std::isfinite(*config.gain) && *config.gain > 0.0)) {
        const QString key = QStringLiteral("init.gain");
        throw ConfigError(key,
            QStringLiteral("Invalid %1 %2: the gain must be a finite number > 0. "
                           "Leave %1 unset for the initializer's default gain.")
                .arg(key, formatNumber(*config.gain)));
    }
}

void validateShape(const Eigen::MatrixXd &weights)
{
    if (weights.rows() > 0 && weights.cols() > 0)
        return;
    throw std::invalid_argument("initializeLayer: the weight matrix is "
        + std::to_string(weights.rows()) + " x " + std::to_string(weights.cols())
        + ", but a layer needs at least one unit and one input. "
          "Size the matrix (units x inputs) before initializing it.");
}

// Fills matrix in row-major order whatever Eigen's storage order, so a seed gives the same matrix
// if the storage order ever changes.
template<typename Draw>
void fillRowByRow(Eigen::MatrixXd &matrix, Draw draw)
{
    for (Eigen::Index row = 0; row < matrix.rows(); ++row) {
        for (Eigen::Index column = 0; column < matrix.cols(); ++column)
            matrix(row, column) = draw();
    }
}

void fillUniform(Eigen::MatrixXd &weights, double limit, Rng &rng)
{
    fillRowByRow(weights, [&rng, limit] { return rng.uniform(-limit, limit); });
}

void fillNormal(Eigen::MatrixXd &weights, double stddev, Rng &rng)
{
    fillRowByRow(weights, [&rng, stddev] { return rng.normal(0.0, stddev); });
}

void fillTruncatedNormal(Eigen::MatrixXd &weights, double stddev, Rng &rng)
{
    fillRowByRow(weights, [&rng, stddev] {
        // Rejection keeps about 95.4 % of the draws, so the loop ends quickly.
        double z = rng.normal();
        while (std::abs(z) > truncationSigmas)
            z = rng.normal();
        return stddev * z;
    });
}

void fillOrthogonal(Eigen::MatrixXd &weights, double gain, Rng &rng)
{
    Eigen::MatrixXd gaussian(weights.rows(), weights.cols());
    fillRowByRow(gaussian, [&rng] { return rng.normal(); });

    // The thin QR decomposition needs at least as many rows as columns, so a wide matrix is
    // decomposed transposed. tall is (m x n) with m >= n.
    const bool wide = weights.rows() < weights.cols();
    Eigen::MatrixXd tall;
    if (wide)
        tall = gaussian.transpose();
    else
        tall = std::move(gaussian);

    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(tall);
    const Eigen::Index m = tall.rows();
    const Eigen::Index n = tall.cols();
    // First n columns of the (m x m) Q: an (m x n) matrix with orthonormal columns.
    Eigen::MatrixXd q = qr.householderQ() * Eigen::MatrixXd::Identity(m, n);

    // tall = Q R with R = matrixQR()'s upper triangle. Flipping column j of Q together with row j
    // of R keeps the product and makes R's diagonal positive, which makes Q Haar distributed.
    // A zero diagonal entry has probability 0 and leaves its column as it is.
    const Eigen::VectorXd rDiagonal = qr.matrixQR().diagonal();
    for (Eigen::Index j = 0; j < n; ++j) {
        if (rDiagonal(j) < 0.0)
            q.col(j) *= -1.0;
    }

    if (wide)
        weights = gain * q.transpose();
    else
        weights = gain * q;
}

double fanOf(const Eigen::MatrixXd &weights, FanMode mode)
{
    return mode == FanMode::FanIn ? double(weights.cols()) : double(weights.rows());
}

void fillWeights(
    Eigen::MatrixXd &weights, const InitConfig &config, Activation activation, Rng &rng)
{
    const double fanIn = double(weights.cols());
    const double fanOut = double(weights.rows());

    switch (config.weights) {
    case WeightInit::Zeros:
        weights.setZero();
        return;
    case WeightInit::Constant:
        weights.setConstant(config.value);
        return;
    case WeightInit::Uniform:
        fillUniform(weights, config.limit, rng);
        return;
    case WeightInit::Normal:
        fillNormal(weights, config.stddev, rng);
        return;
    case WeightInit::TruncatedNormal:
        fillTruncatedNormal(weights, config.stddev, rng);
        return;
    case WeightInit::XavierUniform:
        fillUniform(weights, config.gain.value_or(1.0) * std::sqrt(6.0 / (fanIn + fanOut)), rng);
        return;
    case WeightInit::XavierNormal:
        fillNormal(weights, config.gain.value_or(1.0) * std::sqrt(2.0 / (fanIn + fanOut)), rng);
        return;
    case WeightInit::HeUniform: {
        const double gain = config.gain.value_or(recommendedGain(activation));
        fillUniform(weights, gain * std::sqrt(3.0 / fanOf(weights, config.mode)), rng);
        return;
    }
    case WeightInit::HeNormal: {
        const double gain = config.gain.value_or(recommendedGain(activation));
        fillNormal(weights, gain / std::sqrt(fanOf(weights, config.mode)), rng);
        return;
    }
    case WeightInit::LecunUniform:
        fillUniform(weights, std::sqrt(3.0 / fanIn), rng);
        return;
    case WeightInit::LecunNormal:
        fillNormal(weights, 1.0 / std::sqrt(fanIn), rng);
        return;
    case WeightInit::Orthogonal:
        fillOrthogonal(weights, config.gain.value_or(1.0), rng);
        return;
    case WeightInit::PytorchDefault:
        fillUniform(weights, 1.0 / std::sqrt(fanIn), rng);
        return;
    }
    throw std::invalid_argument("initializeLayer: unknown weight initializer "
        + std::to_string(static_cast<int>(config.weights)));
}

void fillBiases(Eigen::VectorXd &biases, const InitConfig &config, double fanIn, Rng &rng)
{
    switch (config.bias) {
    case BiasInit::Zeros:
        biases.setZero();
        return;
    case BiasInit::Constant:
        biases.setConstant(config.biasValue);
        return;
    case BiasInit::PytorchDefault: {
        const double bound = 1.0 / std::sqrt(fanIn);
        for (Eigen::Index i = 0; i < biases.size(); ++i)
            biases(i) = rng.uniform(-bound, bound);
        return;
    }
    }
    throw std::invalid_argument("initializeLayer: unknown bias initializer "
        + std::to_string(static_cast<int>(config.bias)));
}

} // namespace

SecondMoments initialSecondMoments(const InitConfig &config, Activation activation,
                                   Eigen::Index units, Eigen::Index inputs)
{
    const double fanIn = double(inputs);
    const double fanOut = double(units);
    const double fan = config.mode == FanMode::FanIn ? fanIn : fanOut;
    const auto uniform = [](double limit) { return limit * limit / 3.0; };
    // E[z^2] of a standard normal truncated at +-2: 1 - 2 * 2 phi(2) / (2 Phi(2) - 1).
    constexpr double truncatedShare = 0.77374025;

    SecondMoments moments;
    switch (config.weights) {
    case WeightInit::Zeros:
        break;
    case WeightInit::Constant:
        moments.weights = config.value * config.value;
        break;
    case WeightInit::Uniform:
        moments.weights = uniform(config.limit);
        break;
    case WeightInit::Normal:
        moments.weights = config.stddev * config.stddev;
        break;
    case WeightInit::TruncatedNormal:
        moments.weights = truncatedShare * config.stddev * config.stddev;
        break;
    case WeightInit::XavierUniform:
    case WeightInit::XavierNormal: {
        const double gain = config.gain.value_or(1.0);
        moments.weights = gain * gain * 2.0 / (fanIn + fanOut);
        break;
    }
    case WeightInit::HeUniform:
    case WeightInit::HeNormal: {
        const double gain = config.gain.value_or(recommendedGain(activation));
        moments.weights = gain * gain / fan;
        break;
    }
    case WeightInit::LecunUniform:
    case WeightInit::LecunNormal:
        moments.weights = 1.0 / fanIn;
        break;
    case WeightInit::Orthogonal: {
        const double gain = config.gain.value_or(1.0);
        moments.weights = gain * gain / std::max(fanIn, fanOut);
        break;
    }
    case WeightInit::PytorchDefault:
        moments.weights = uniform(1.0 / std::sqrt(fanIn));
        break;
    }

    switch (config.bias) {
    case BiasInit::Zeros:
        break;
    case BiasInit::Constant:
        moments.biases = config.biasValue * config.biasValue;
        break;
    case BiasInit::PytorchDefault:
        moments.biases = uniform(1.0 / std::sqrt(fanIn));
        break;
    }
    return moments;
}

double recommendedGain(Activation activation)
{
    switch (activation) {
    case Activation::Relu:
        return std::sqrt(2.0);
    case Activation::LeakyRelu:
        return std::sqrt(2.0 / (1.0 + leakyReluSlope * leakyReluSlope));
    case Activation::Tanh:
        return 5.0 / 3.0;
    case Activation::Selu:
        return 3.0 / 4.0;
    case Activation::Linear:
    case Activation::Sigmoid:
        return 1.0;
    // torch.nn.init.calculate_gain has no entry for these. 1 keeps the initializer's plain
    // variance.
    case Activation::Elu:
    case Activation::Gelu:
    case Activation::Softplus:
        return 1.0;
    }
    return 1.0;
}

void initializeLayer(Eigen::MatrixXd &weights, Eigen::VectorXd &biases, const InitConfig &config,
    Activation activation, Rng &rng)
{
    validateConfig(config);
    validateShape(weights);

    fillWeights(weights, config, activation, rng);

    biases.resize(weights.rows());
    fillBiases(biases, config, double(weights.cols()), rng);
}

} // namespace initlab
