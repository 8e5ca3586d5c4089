#include "history.h"

#include <algorithm>
#include <limits>

namespace initlab {

qint64 History::layerStrideFor(qint64 iterations)
{
    return std::max<qint64>(1, (iterations + maxLayerRows - 1) / maxLayerRows);
}

History::History(int layerCount, qint64 iterations)
    : m_layerCount(layerCount)
    , m_layerStride(layerStrideFor(iterations))
{}

void History::reserve(qint64 rows)
{
    const auto n = std::size_t(rows);
    m_mse.reserve(n);
    m_batchMse.reserve(n);
    m_gradNorm.reserve(n);
    m_learningRate.reserve(n);
    m_updateRatio.reserve(n);
    m_testMse.reserve(n);
    m_flags.reserve(n);
    const auto detailedRows = std::size_t((rows + m_layerStride - 1) / m_layerStride);
    m_layerGradNorms.reserve(detailedRows * std::size_t(m_layerCount));
}

void History::append(const IterationRecord &record)
{
    const qint64 row = size();
    m_mse.push_back(record.mse);
    m_batchMse.push_back(float(record.batchMse));
    m_gradNorm.push_back(float(record.gradNorm));
    m_learningRate.push_back(float(record.learningRate));
    m_updateRatio.push_back(float(record.updateRatio));
    m_testMse.push_back(float(record.testMse));
    m_flags.push_back(record.nonFinite ? NonFinite : 0);

    if (row % m_layerStride == 0) {
        for (int layer = 0; layer < m_layerCount; ++layer) {
            const bool present = std::size_t(layer) < record.layerGradNorms.size();
            m_layerGradNorms.push_back(present ? float(record.layerGradNorms[std::size_t(layer)])
                                               : std::numeric_limits<float>::quiet_NaN());
        }
    }
}

void History::clear()
{
    m_mse.clear();
    m_batchMse.clear();
    m_gradNorm.clear();
    m_learningRate.clear();
    m_updateRatio.clear();
    m_testMse.clear();
    m_flags.clear();
    m_layerGradNorms.clear();
}

void History::setFlag(qint64 row, Flag flag, bool on)
{
    std::uint8_t &flags = m_flags[std::size_t(row)];
    flags = on ? std::uint8_t(flags | flag) : std::uint8_t(flags & ~flag);
}

void History::truncate(qint64 rows)
{
    if (rows >= size())
        return;
    const auto kept = std::size_t(std::max<qint64>(rows, 0));
    m_mse.resize(kept);
    m_batchMse.resize(kept);
    m_gradNorm.resize(kept);
    m_learningRate.resize(kept);
    m_updateRatio.resize(kept);
    m_testMse.resize(kept);
    m_flags.resize(kept);
    const auto detailedRows = (kept + std::size_t(m_layerStride) - 1) / std::size_t(m_layerStride);
    m_layerGradNorms.resize(detailedRows * std::size_t(m_layerCount));
}

float History::layerGradNorm(qint64 row, int layer) const
{
    Q_ASSERT(hasLayerDetails(row) && layer >= 0 && layer < m_layerCount);
    const auto index = std::size_t(row / m_layerStride) * std::size_t(m_layerCount)
        + std::size_t(layer);
    return m_layerGradNorms[index];
}

} // namespace initlab
