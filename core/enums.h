#pragma once

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace initlab {

// The choices a run configuration offers, with the names used in JSON, on the command line and
// in the user interface. fromString() accepts exactly the names returned by toString().

enum class Activation { Linear, Sigmoid, Tanh, Relu, LeakyRelu, Elu, Selu, Gelu, Softplus };

enum class WeightInit {
    Zeros,
    Constant,
    Uniform,
    Normal,
    TruncatedNormal,
    XavierUniform,
    XavierNormal,
    HeUniform,
    HeNormal,
    LecunUniform,
    LecunNormal,
    Orthogonal,
    PytorchDefault,
};

enum class BiasInit { Zeros, Constant, PytorchDefault };

enum class FanMode { FanIn, FanOut };

enum class Optimizer { Sgd, Momentum, Nesterov, RmsProp, Adam };

enum class Schedule { Constant, Step, Cosine, Warmup };

enum class Precision { Float64, Float32 };

enum class DatasetKind { Sine, Linear, Xor, TwoMoons, Circles, Spiral, GaussianBlobs, Csv };

QString toString(Activation value);
QString toString(WeightInit value);
QString toString(BiasInit value);
QString toString(FanMode value);
QString toString(Optimizer value);
QString toString(Schedule value);
QString toString(Precision value);
QString toString(DatasetKind value);

std::optional<Activation> activationFromString(QStringView name);
std::optional<WeightInit> weightInitFromString(QStringView name);
std::optional<BiasInit> biasInitFromString(QStringView name);
std::optional<FanMode> fanModeFromString(QStringView name);
std::optional<Optimizer> optimizerFromString(QStringView name);
std::optional<Schedule> scheduleFromString(QStringView name);
std::optional<Precision> precisionFromString(QStringView name);
std::optional<DatasetKind> datasetKindFromString(QStringView name);

// All names of one enum, in declaration order, for error messages and menus.
QStringList activationNames();
QStringList weightInitNames();
QStringList biasInitNames();
QStringList fanModeNames();
QStringList optimizerNames();
QStringList scheduleNames();
QStringList precisionNames();
QStringList datasetKindNames();

} // namespace initlab
