#pragma once

// The debiased exponential moving average with which TensorBoard's scalar dashboard smooths curves
// (since the debiasing change of 2017, tensorflow/tensorboard pull request 639).

#include <QtGlobal>

namespace initlab {

// ema_t = w * ema_(t-1) + (1 - w) * x_t with ema_0 = 0, reported as ema_t / (1 - w^t), where t
// counts the finite values added so far. Dividing by 1 - w^t removes the pull towards 0 of the
// first values, so the average starts at x_1 instead of (1 - w) * x_1.
class DebiasedEma
{
public:
    // weight is w, clamped to [0, maxWeight]; a NaN weight counts as 0. With w = 0 the average is
    // the latest value.
    explicit DebiasedEma(double weight = 0.0);

    // Adds x and returns the debiased average. A NaN or infinite x leaves the average unchanged
    // and returns NaN, so that the smoothed curve has a gap where the raw one has.
    double add(double x);
    void reset();

    double weight() const { return m_weight; }
    qint64 count() const { return m_count; }

    static constexpr double maxWeight = 0.999;

private:
    double m_weight = 0.0;
    double m_ema = 0.0;
    double m_weightPower = 1.0; // w^t
    qint64 m_count = 0;
};

} // namespace initlab
