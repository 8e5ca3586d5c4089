#include "enums.h"

#include <array>
#include <utility>

namespace initlab {
namespace {

template<typename Enum, std::size_t N>
using NameTable = std::array<std::pair<Enum, const char *>, N>;

constexpr NameTable<Activation, 9> activationTable{{
    {Activation::Linear, "linear"},
    {Activation::Sigmoid, "sigmoid"},
    {Activation::Tanh, "tanh"},
    {Activation::Relu, "relu"},
    {Activation::LeakyRelu, "leaky_relu"},
    {Activation::Elu, "elu"},
    {Activation::Selu, "selu"},
    {Activation::Gelu, "gelu"},
    {Activation::Softplus, "softplus"},
}};

constexpr NameTable<WeightInit, 13> weightInitTable{{
    {WeightInit::Zeros, "zeros"},
    {WeightInit::Constant, "constant"},
    {WeightInit::Uniform, "uniform"},
    {WeightInit::Normal, "normal"},
    {WeightInit::TruncatedNormal, "truncated_normal"},
    {WeightInit::XavierUniform, "xavier_uniform"},
    {WeightInit::XavierNormal, "xavier_normal"},
    {WeightInit::HeUniform, "he_uniform"},
    {WeightInit::HeNormal, "he_normal"},
    {WeightInit::LecunUniform, "lecun_uniform"},
    {WeightInit::LecunNormal, "lecun_normal"},
    {WeightInit::Orthogonal, "orthogonal"},
    {WeightInit::PytorchDefault, "pytorch_default"},
}};

constexpr NameTable<BiasInit, 3> biasInitTable{{
    {BiasInit::Zeros, "zeros"},
    {BiasInit::Constant, "constant"},
    {BiasInit::PytorchDefault, "pytorch_default"},
}};

constexpr NameTable<FanMode, 2> fanModeTable{{
    {FanMode::FanIn, "fan_in"},
    {FanMode::FanOut, "fan_out"},
}};

constexpr NameTable<Optimizer, 5> optimizerTable{{
    {Optimizer::Sgd, "sgd"},
    {Optimizer::Momentum, "momentum"},
    {Optimizer::Nesterov, "nesterov"},
    {Optimizer::RmsProp, "rmsprop"},
    {Optimizer::Adam, "adam"},
}};

constexpr NameTable<Schedule, 4> scheduleTable{{
    {Schedule::Constant, "constant"},
    {Schedule::Step, "step"},
    {Schedule::Cosine, "cosine"},
    {Schedule::Warmup, "warmup"},
}};

constexpr NameTable<Precision, 2> precisionTable{{
    {Precision::Float64, "float64"},
    {Precision::Float32, "float32"},
}};

constexpr NameTable<DatasetKind, 8> datasetKindTable{{
    {DatasetKind::Sine, "sine"},
    {DatasetKind::Linear, "linear"},
    {DatasetKind::Xor, "xor"},
    {DatasetKind::TwoMoons, "two_moons"},
    {DatasetKind::Circles, "circles"},
    {DatasetKind::Spiral, "spiral"},
    {DatasetKind::GaussianBlobs, "gaussian_blobs"},
    {DatasetKind::Csv, "csv"},
}};

template<typename Enum, std::size_t N>
QString nameOf(const NameTable<Enum, N> &table, Enum value)
{
    for (const auto &[entry, name] : table) {
        if (entry == value)
            return QString::fromLatin1(name);
    }
    return QString();
}

template<typename Enum, std::size_t N>
std::optional<Enum> valueOf(const NameTable<Enum, N> &table, QStringView name)
{
    for (const auto &[entry, entryName] : table) {
        if (name == QLatin1StringView(entryName))
            return entry;
    }
    return std::nullopt;
}

template<typename Enum, std::size_t N>
QStringList namesOf(const NameTable<Enum, N> &table)
{
    QStringList names;
    for (const auto &entry : table)
        names.append(QString::fromLatin1(entry.second));
    return names;
}

} // namespace

QString toString(Activation value) { return nameOf(activationTable, value); }
QString toString(WeightInit value) { return nameOf(weightInitTable, value); }
QString toString(BiasInit value) { return nameOf(biasInitTable, value); }
QString toString(FanMode value) { return nameOf(fanModeTable, value); }
QString toString(Optimizer value) { return nameOf(optimizerTable, value); }
QString toString(Schedule value) { return nameOf(scheduleTable, value); }
QString toString(Precision value) { return nameOf(precisionTable, value); }
QString toString(DatasetKind value) { return nameOf(datasetKindTable, value); }

std::optional<Activation> activationFromString(QStringView name) { return valueOf(activationTable, name); }
std::optional<WeightInit> weightInitFromString(QStringView name) { return valueOf(weightInitTable, name); }
std::optional<BiasInit> biasInitFromString(QStringView name) { return valueOf(biasInitTable, name); }
std::optional<FanMode> fanModeFromString(QStringView name) { return valueOf(fanModeTable, name); }
std::optional<Optimizer> optimizerFromString(QStringView name) { return valueOf(optimizerTable, name); }
std::optional<Schedule> scheduleFromString(QStringView name) { return valueOf(scheduleTable, name); }
std::optional<Precision> precisionFromString(QStringView name) { return valueOf(precisionTable, name); }
std::optional<DatasetKind> datasetKindFromString(QStringView name) { return valueOf(datasetKindTable, name); }

QStringList activationNames() { return namesOf(activationTable); }
QStringList weightInitNames() { return namesOf(weightInitTable); }
QStringList biasInitNames() { return namesOf(biasInitTable); }
QStringList fanModeNames() { return namesOf(fanModeTable); }
QStringList optimizerNames() { return namesOf(optimizerTable); }
QStringList scheduleNames() { return namesOf(scheduleTable); }
QStringList precisionNames() { return namesOf(precisionTable); }
QStringList datasetKindNames() { return namesOf(datasetKindTable); }

} // namespace initlab
