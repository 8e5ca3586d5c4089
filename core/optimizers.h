#pragma once

// Gradient-descent optimizers on a flat parameter vector, with PyTorch's update rules
// (torch.optim, 2.x) and the hyperparameters of a run's TrainingConfig. With g the gradient after
// clipping, wd the weight decay and t the 1-based step count:
//   all          g <- g + wd * p                                   (L2 penalty, as weight_decay)
//   sgd          p <- p - lr g
//   momentum     v <- mu v + g;  p <- p - lr v                      (v starts at 0, dampening 0)
//   nesterov     v <- mu v + g;  p <- p - lr (g + mu v)
//   rmsprop      s <- alpha s + (1 - alpha) g^2;  p <- p - lr g / (sqrt(s) + eps)
//   adam         m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2;
//                p <- p - (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps)

#include "network.h"

namespace initlab {

struct TrainingConfig;

template<typename Scalar>
class OptimizerState
{
public:
    using Vector = VectorX<Scalar>;

    OptimizerState(const TrainingConfig &config, Eigen::Index parameterCount);

    // Computes the update for gradient at learning rate lr into update and subtracts it from
    // parameters: p <- p - update. gradient is modified in place when weight decay is on.
    // Allocates nothing.
    void step(Vector &parameters, Vector &gradient, Scalar learningRate, Vector &update);

    // Changes hyperparameters between steps, keeping the accumulated state.
    void setHyperparameters(const TrainingConfig &config);

    long long stepCount() const { return m_step; }
    Optimizer kind() const { return m_kind; }
    // Momentum buffer, RMSprop's square average or Adam's first moment; Adam's second moment.
    const Vector &firstState() const { return m_first; }
    const Vector &secondState() const { return m_second; }

private:
    Optimizer m_kind;
    Scalar m_momentum;
    Scalar m_beta1;
    Scalar m_beta2;
    Scalar m_epsilon;
    Scalar m_rmsAlpha;
    Scalar m_weightDecay;
    Vector m_first;  // momentum buffer, RMSprop square average or Adam's first moment
    Vector m_second; // Adam's second moment
    long long m_step = 0;
};

// Scales gradient in place so that its Euclidean norm is at most maxNorm, as
// torch.nn.utils.clip_grad_norm_ does: by maxNorm / (norm + 1e-6) when norm exceeds maxNorm.
// maxNorm <= 0 turns clipping off. norm is the gradient's norm before clipping.
template<typename Scalar>
void clipGradientNorm(VectorX<Scalar> &gradient, Scalar norm, Scalar maxNorm);

extern template class OptimizerState<float>;
extern template class OptimizerState<double>;

} // namespace initlab
