#pragma once

// Sharpness: the largest eigenvalue of the loss's Hessian with respect to the parameters.
// Gradient descent with learning rate lr on a quadratic is stable only while
// lr * sharpness < 2 (Cohen et al., "Gradient Descent on Neural Networks Typically Occurs at the
// Edge of Stability", ICLR 2021), which makes lr * sharpness the measure of whether a learning
// rate is too high for the local curvature.

#include "random.h"

#include <Eigen/Core>

#include <functional>

namespace initlab {

struct SharpnessEstimate
{
    double eigenvalue = 0.0; // the dominant eigenvalue (largest in magnitude), signed
    int iterations = 0;      // power iterations performed
    bool converged = false;  // relative change below the tolerance before the iteration limit
};

// Writes the gradient of the loss at parameters into gradient.
using GradientFunction = std::function<void(const Eigen::VectorXd &parameters,
                                            Eigen::VectorXd &gradient)>;

// Estimates the dominant Hessian eigenvalue at parameters by power iteration on Hessian-vector
// products. Each product is a centred difference of two gradients,
//   H v ~ (g(p + h v) - g(p - h v)) / (2 h),  h = 1e-4 (1 + |p|) for a unit vector v,
// which is exact for a quadratic loss up to rounding. The start vector is drawn from rng.
// Stops when the eigenvalue changes by less than tolerance (relative) or after maxIterations.
SharpnessEstimate estimateSharpness(const GradientFunction &gradient,
                                    const Eigen::VectorXd &parameters, Rng &rng,
                                    int maxIterations = 50, double tolerance = 1e-4);

// Estimates the dominant eigenvalue of S H S, with S = diag(scaling) and H the Hessian. When
// scaling contains the square roots of per-parameter step sizes, this is the step-size-weighted
// ("preconditioned") sharpness that decides the stability of an adaptive optimizer. When every
// entry is sqrt(lr), it is lr times the sharpness. scaling must have the parameters' size.
SharpnessEstimate estimateScaledSharpness(const GradientFunction &gradient,
                                          const Eigen::VectorXd &parameters,
                                          const Eigen::VectorXd &scaling, Rng &rng,
                                          int maxIterations = 50, double tolerance = 1e-4);

} // namespace initlab
