#pragma once

#include "enums.h"
#include "spikedetector.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace initlab {

// A complete run: data, network, initialization, training and spike detection. docs/config.md
// documents the default and the range of every field. The JSON key of each field is its dotted
// path, for example "training.learningRate".

struct DatasetConfig
{
    DatasetKind kind = DatasetKind::Sine;
    QString path;          // CSV file, for kind csv
    QStringList targets;   // CSV target columns by header name or 1-based number; empty: the last
    bool standardize = true;
    int samples = 200;
    double noise = 0.0;            // standard deviation of the Gaussian noise
    double outlierFraction = 0.0;  // share of training samples whose targets are shifted
    double outlierMagnitude = 5.0; // size of that shift, in target units
    double testFraction = 0.0;     // share of samples held out as a test set
};

struct NetworkConfig
{
    std::vector<int> hidden{4}; // units per hidden layer
    Activation activation = Activation::Tanh;
};

struct InitConfig
{
    WeightInit weights = WeightInit::XavierUniform;
    BiasInit bias = BiasInit::Zeros;
    // Gain for xavier_*, he_* and orthogonal. Unset: 1 for xavier and orthogonal, the activation's
    // recommended gain for he.
    std::optional<double> gain;
    FanMode mode = FanMode::FanIn; // he_* only
    double value = 0.0;      // weights for constant
    double limit = 0.05;     // half-width for uniform
    double stddev = 0.05;    // standard deviation for normal and truncated_normal
    double biasValue = 0.0;  // biases for bias constant
};

struct TrainingConfig
{
    Optimizer optimizer = Optimizer::Sgd;
    double learningRate = 0.1;
    int batchSize = 0; // 0: full batch
    int iterations = 10000;
    Precision precision = Precision::Float64;

    double momentum = 0.9;      // momentum and nesterov
    double beta1 = 0.9;         // adam
    double beta2 = 0.999;       // adam
    double epsilon = 1e-8;      // adam and rmsprop
    double rmsAlpha = 0.99;     // rmsprop smoothing constant
    double weightDecay = 0.0;   // L2 penalty coefficient, added to every gradient
    double clipNorm = 0.0;      // maximum global gradient norm; 0: no clipping

    Schedule schedule = Schedule::Constant;
    int warmupIterations = 0;   // linear warm-up length, before any schedule
    int stepSize = 1000;        // step: iterations between decays
    double stepGamma = 0.5;     // step: factor applied at each decay
    double minLearningRate = 0.0; // cosine: the floor reached at the last iteration
};

struct RunConfig
{
    QString name;
    QString description;
    std::uint64_t seed = 1;
    DatasetConfig dataset;
    NetworkConfig network;
    InitConfig init;
    TrainingConfig training;
    SpikeDetectorSettings spikes;
};

// Largest seed accepted: JSON numbers are doubles, which hold integers exactly up to 2^53 - 1.
inline constexpr std::uint64_t maxSeed = (std::uint64_t(1) << 53) - 1;

// Parses JSON text that must be an object. Throws ConfigError naming source and the line and
// column of a syntax error.
QJsonObject parseJsonObject(const QByteArray &json, const QString &source);

// Parses and validates a JSON run configuration. source names the file or preset in messages.
// Throws ConfigError naming the key, the value and the allowed range; unknown keys are errors.
RunConfig parseRunConfig(const QByteArray &json, const QString &source);
RunConfig runConfigFromJson(const QJsonObject &object, const QString &source);

// Returns the full configuration, every key present, in the nested form parseRunConfig() reads.
QJsonObject toJson(const RunConfig &config);

// Sets one key, by dotted name, in a nested JSON configuration from a command-line string:
// "training.learningRate" with "0.5", "network.hidden" with "8,8", "init.gain" with "auto".
// The string is converted to the key's type; throws ConfigError for an unknown key or a value
// that does not convert. Range checks happen when the result is parsed.
void applyOverride(QJsonObject &config, const QString &dottedKey, const QString &value);

} // namespace initlab
