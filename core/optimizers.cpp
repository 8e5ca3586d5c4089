#include "optimizers.h"

#include "runconfig.h"

#include <cmath>

namespace initlab {

template<typename Scalar>
OptimizerState<Scalar>::OptimizerState(const TrainingConfig &config, Eigen::Index parameterCount)
    : m_first(Vector::Zero(parameterCount))
    , m_second(Vector::Zero(config.optimizer == Optimizer::Adam ? parameterCount : 0))
{
    setHyperparameters(config);
}

template<typename Scalar>
void OptimizerState<Scalar>::setHyperparameters(const TrainingConfig &config)
{
    m_kind = config.optimizer;
    m_momentum = Scalar(config.momentum);
    m_beta1 = Scalar(config.beta1);
    m_beta2 = Scalar(config.beta2);
    m_epsilon = Scalar(config.epsilon);
    m_rmsAlpha = Scalar(config.rmsAlpha);
    m_weightDecay = Scalar(config.weightDecay);
    if (m_kind == Optimizer::Adam && m_second.size() != m_first.size())
        m_second = Vector::Zero(m_first.size());
}

template<typename Scalar>
void OptimizerState<Scalar>::step(Vector &parameters, Vector &gradient, Scalar learningRate,
                                  Vector &update)
{
    ++m_step;
    if (m_weightDecay != Scalar(0))
        gradient += m_weightDecay * parameters;

    switch (m_kind) {
    case Optimizer::Sgd:
        update = learningRate * gradient;
        break;
    case Optimizer::Momentum:
        m_first = m_momentum * m_first + gradient;
        update = learningRate * m_first;
        break;
    case Optimizer::Nesterov:
        m_first = m_momentum * m_first + gradient;
        update = learningRate * (gradient + m_momentum * m_first);
        break;
    case Optimizer::RmsProp:
        m_first = m_rmsAlpha * m_first + (Scalar(1) - m_rmsAlpha) * gradient.cwiseAbs2();
        update.array() = learningRate * gradient.array() / (m_first.array().sqrt() + m_epsilon);
        break;
    case Optimizer::Adam: {
        m_first = m_beta1 * m_first + (Scalar(1) - m_beta1) * gradient;
        m_second = m_beta2 * m_second + (Scalar(1) - m_beta2) * gradient.cwiseAbs2();
        const auto t = Scalar(m_step);
        const Scalar correction1 = Scalar(1) - std::pow(m_beta1, t);
        const Scalar correction2Root = std::sqrt(Scalar(1) - std::pow(m_beta2, t));
        const Scalar stepSize = learningRate / correction1;
        update.array() = stepSize * m_first.array()
            / (m_second.array().sqrt() / correction2Root + m_epsilon);
        break;
    }
    }
    parameters -= update;
}

template<typename Scalar>
void clipGradientNorm(VectorX<Scalar> &gradient, Scalar norm, Scalar maxNorm)
{
    if (maxNorm <= Scalar(0))
        return;
    const Scalar coefficient = maxNorm / (norm + Scalar(1e-6));
    if (coefficient < Scalar(1))
        gradient *= coefficient;
}

template class OptimizerState<float>;
template class OptimizerState<double>;
template void clipGradientNorm<float>(VectorX<float> &, float, float);
template void clipGradientNorm<double>(VectorX<double> &, double, double);

} // namespace initlab
