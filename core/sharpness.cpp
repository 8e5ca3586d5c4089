#include "sharpness.h"

#include <cmath>

namespace initlab {

SharpnessEstimate estimateSharpness(const GradientFunction &gradient,
                                    const Eigen::VectorXd &parameters, Rng &rng,
                                    int maxIterations, double tolerance)
{
    return estimateScaledSharpness(gradient, parameters, Eigen::VectorXd::Ones(parameters.size()),
                                   rng, maxIterations, tolerance);
}

SharpnessEstimate estimateScaledSharpness(const GradientFunction &gradient,
                                          const Eigen::VectorXd &parameters,
                                          const Eigen::VectorXd &scaling, Rng &rng,
                                          int maxIterations, double tolerance)
{
    const Eigen::Index n = parameters.size();
    SharpnessEstimate estimate;
    if (n == 0)
        return estimate;

    Eigen::VectorXd v(n);
    for (Eigen::Index i = 0; i < n; ++i)
        v(i) = rng.normal();
    v.normalize();

    const double step = 1e-4 * (1.0 + parameters.norm());
    Eigen::VectorXd plus(n);
    Eigen::VectorXd minus(n);
    Eigen::VectorXd shifted(n);
    Eigen::VectorXd product(n);
    Eigen::VectorXd direction(n);
    double previous = 0.0;

    for (int k = 1; k <= maxIterations; ++k) {
        // S H S v: the Hessian applied to u = S v by a centred difference along u's direction.
        direction = scaling.cwiseProduct(v);
        const double length = direction.norm();
        if (!(length > 0.0) || !std::isfinite(length))
            break;
        shifted = parameters + (step / length) * direction;
        gradient(shifted, plus);
        shifted = parameters - (step / length) * direction;
        gradient(shifted, minus);
        product = scaling.cwiseProduct((plus - minus) * (length / (2.0 * step)));

        // Rayleigh quotient of the current unit vector, then the next vector of the iteration.
        const double eigenvalue = v.dot(product);
        estimate.eigenvalue = eigenvalue;
        estimate.iterations = k;
        const double norm = product.norm();
        if (!std::isfinite(norm) || norm == 0.0)
            break;
        v = product / norm;
        if (k > 1 && std::abs(eigenvalue - previous) <= tolerance * std::abs(eigenvalue)) {
            estimate.converged = true;
            break;
        }
        previous = eigenvalue;
    }
    return estimate;
}

} // namespace initlab
