#pragma once

// How the spread of signals changes through a deep stack of equal layers at initialization: the
// classic argument behind the Xavier and He initializers. Inputs of unit variance go forward
// through the layers, and gradients of unit variance come back from the last one.

#include "enums.h"
#include "runconfig.h"

#include <QString>
#include <QStringList>

#include <stop_token>
#include <vector>

namespace initlab {

struct PropagationSpec
{
    Activation activation = Activation::Relu;
    int layers = 20; // hidden layers, each of width x width weights
    int width = 256;
    int samples = 1000; // input vectors drawn from a standard normal distribution
    std::uint64_t seed = 1;
    // Initializers as "NAME" or "NAME:VALUE", VALUE setting init.stddev for normal and
    // truncated_normal, init.limit for uniform, init.value for constant and init.gain for the
    // Xavier, He and orthogonal initializers: "he_normal", "normal:0.01", "xavier_uniform:1.5".
    QStringList inits;
};

inline constexpr int maxPropagationLayers = 1000;
inline constexpr int maxPropagationWidth = 4096;
inline constexpr int maxPropagationSamples = 100000;

struct PropagationColumn
{
    QString init; // as given in the spec
    // Per layer l = 1..layers, at index l - 1: the standard deviation over all units and samples
    // of the pre-activations z_l = W_l a_(l-1), and of the gradient of the loss with respect to
    // them. Biases are left out, because they do not change the spread.
    std::vector<double> forwardStd;
    std::vector<double> backwardStd;
};

// Reads "NAME" or "NAME:VALUE" as PropagationSpec::inits describes. Throws ConfigError naming
// the text and the choices.
InitConfig parsePropagationInit(const QString &text);

// Draws the weights of every layer with each initializer, from the same random streams for every
// column, and measures the spread layer by layer. Validates spec first and throws ConfigError
// naming the value, its range or the choices. Stops between two layers once stop is requested
// and returns no columns then, so that a closed view need not wait for a deep network.
std::vector<PropagationColumn> propagate(const PropagationSpec &spec, std::stop_token stop = {});

} // namespace initlab
