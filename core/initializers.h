#pragma once

// Weight and bias initializers. A layer's weight matrix is (units x inputs): fan_in is the number
// of columns, fan_out the number of rows. Formulas and sources are listed in initializers.cpp.

#include "enums.h"
#include "random.h"

#include <Eigen/Core>

namespace initlab {

struct InitConfig;

// Gain recommended for an activation, as torch.nn.init.calculate_gain defines it (PyTorch 2.x):
// relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2)) with slope 0.01, tanh 5/3, selu 3/4, others 1.
double recommendedGain(Activation activation);

// Mean squares E[w^2] of the weights and E[b^2] of the biases that an initializer draws for a
// layer of (units x inputs) weights, as expectations over the random draw. They are limit^2 / 3
// for a uniform initializer, stddev^2 for a normal one, 0.7737 stddev^2 for truncated_normal,
// gain^2 / max(inputs, units) for orthogonal (every row or column has unit length) and value^2
// for constant. They give the spread the initializer aims for, whatever one draw gave.
struct SecondMoments
{
    double weights = 0.0;
    double biases = 0.0;
};
SecondMoments initialSecondMoments(const InitConfig &config, Activation activation,
                                   Eigen::Index units, Eigen::Index inputs);

// Fills weights (units x inputs) by config.weights and biases (units) by config.bias, drawing from
// rng. weights must already have its shape; biases is resized to units. activation is the layer's
// activation, used for the gain of he_*. Throws std::invalid_argument for a parameter outside its
// range (a ConfigError naming the key, for example init.stddev) and for a layer without units or
// inputs, in both cases before anything is drawn or written.
void initializeLayer(Eigen::MatrixXd &weights, Eigen::VectorXd &biases, const InitConfig &config,
                     Activation activation, Rng &rng);

} // namespace initlab
