#include "debiasedema.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace initlab {

DebiasedEma::DebiasedEma(double weight)
    : m_weight(std::isnan(weight) ? 0.0 : std::clamp(weight, 0.0, maxWeight))
{ }

double DebiasedEma::add(double x)
{
    if (!std::isfinite(x))
        return std::numeric_limits<double>::quiet_NaN();
    m_ema = m_weight * m_ema + (1.0 - m_weight) * x;
    m_weightPower *= m_weight;
    ++m_count;
    return m_ema / (1.0 - m_weightPower);
}

void DebiasedEma::reset()
{
    m_ema = 0.0;
    m_weightPower = 1.0;
    m_count = 0;
}

} // namespace initlab
