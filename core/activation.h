#pragma once

// Hidden-layer activation functions and their derivatives, applied element-wise to
// (units x samples) blocks. Definitions follow PyTorch 2.x (torch.nn): GELU in its exact erf form,
// ELU with alpha 1, leaky ReLU with slope 0.01, SELU with the constants of Klambauer et al. 2017,
// Softplus with beta 1 and no linear threshold. At z = 0 the derivatives of ReLU and leaky ReLU take
// the values PyTorch's autograd uses: 0 and 0.01.

#include "enums.h"
#include "fasttanh.h"

#include <Eigen/Core>

#include <cmath>
#include <numbers>

namespace initlab {

inline constexpr double leakyReluSlope = 0.01;

inline constexpr double seluAlpha = 1.6732632423543772848170429916717;
inline constexpr double seluLambda = 1.0507009873554804934193349852946;

// Writes f(z) to a. z and a have the same shape; a may not alias z.
template<typename InDerived, typename OutDerived>
void applyActivation(Activation activation, const Eigen::MatrixBase<InDerived> &z,
                     const Eigen::MatrixBase<OutDerived> &aConst)
{
    using Scalar = typename InDerived::Scalar;
    auto &a = const_cast<Eigen::MatrixBase<OutDerived> &>(aConst);
    const auto zs = z.array();
    switch (activation) {
    case Activation::Linear:
        a = z;
        break;
    case Activation::Sigmoid:
        a.array() = Scalar(1) / (Scalar(1) + (-zs).exp());
        break;
    case Activation::Tanh:
        fastTanh(zs, a.array());
        break;
    case Activation::Relu:
        a.array() = zs.max(Scalar(0));
        break;
    case Activation::LeakyRelu:
        a.array() = (zs > Scalar(0)).select(zs, Scalar(leakyReluSlope) * zs);
        break;
    case Activation::Elu:
        a.array() = (zs > Scalar(0)).select(zs, zs.unaryExpr([](Scalar v) { return std::expm1(v); }));
        break;
    case Activation::Selu:
        a.array() = Scalar(seluLambda)
            * (zs > Scalar(0))
                  .select(zs, Scalar(seluAlpha)
                                  * zs.unaryExpr([](Scalar v) { return std::expm1(v); }));
        break;
    case Activation::Gelu:
        a.array() = zs.unaryExpr([](Scalar v) {
            return Scalar(0.5) * v * (Scalar(1) + std::erf(v / std::numbers::sqrt2_v<Scalar>));
        });
        break;
    case Activation::Softplus:
        // log(1 + e^z) = max(z, 0) + log1p(e^-|z|), which neither overflows nor loses small values.
        a.array() = zs.max(Scalar(0)) + (-zs.abs()).exp().log1p();
        break;
    }
}

// Multiplies the gradient with respect to the activations, dA, by f'(z) in place, turning it into
// the gradient with respect to the pre-activations: dZ = dA * f'(Z), element-wise. a is f(z).
template<typename ZDerived, typename ADerived, typename GradDerived>
void multiplyByDerivative(Activation activation, const Eigen::MatrixBase<ZDerived> &z,
                          const Eigen::MatrixBase<ADerived> &a,
                          const Eigen::MatrixBase<GradDerived> &gradConst)
{
    using Scalar = typename ZDerived::Scalar;
    auto &grad = const_cast<Eigen::MatrixBase<GradDerived> &>(gradConst);
    const auto zs = z.array();
    const auto as = a.array();
    auto g = grad.array();
    switch (activation) {
    case Activation::Linear:
        break;
    case Activation::Sigmoid:
        g *= as * (Scalar(1) - as);
        break;
    case Activation::Tanh:
        g *= Scalar(1) - as.square();
        break;
    case Activation::Relu:
        g = (zs > Scalar(0)).select(g, Scalar(0));
        break;
    case Activation::LeakyRelu:
        g = (zs > Scalar(0)).select(g, Scalar(leakyReluSlope) * g);
        break;
    case Activation::Elu:
        // For z <= 0, f'(z) = e^z = f(z) + 1.
        g = (zs > Scalar(0)).select(g, g * (as + Scalar(1)));
        break;
    case Activation::Selu:
        // For z <= 0, f'(z) = lambda alpha e^z = f(z) + lambda alpha.
        g *= (zs > Scalar(0)).select(Scalar(seluLambda), as + Scalar(seluLambda * seluAlpha));
        break;
    case Activation::Gelu:
        // f'(z) = Phi(z) + z phi(z), with Phi and phi the standard normal CDF and density.
        g *= zs.unaryExpr([](Scalar v) {
            const Scalar cdf = Scalar(0.5) * (Scalar(1) + std::erf(v / std::numbers::sqrt2_v<Scalar>));
            const Scalar pdf = std::exp(Scalar(-0.5) * v * v)
                * (std::numbers::inv_sqrtpi_v<Scalar> / std::numbers::sqrt2_v<Scalar>);
            return cdf + v * pdf;
        });
        break;
    case Activation::Softplus:
        // f'(z) = sigmoid(z).
        g *= Scalar(1) / (Scalar(1) + (-zs).exp());
        break;
    }
}

} // namespace initlab
