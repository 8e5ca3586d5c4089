#pragma once

// The per-iteration record of a run, stored column by column.
//
// Row 0 is the initial model before any update, and row t contains the values of update t.
// Always-kept columns cost 29 bytes per row: the training MSE as a double, five further values as
// floats, and one byte of flags. Per-layer gradient norms are kept every layerStride() rows.

#include <Eigen/Core>
#include <QtGlobal>

#include <cstdint>
#include <span>
#include <vector>

namespace initlab {

// The values of one iteration in full precision, as the trainer hands them to observers.
// Values that do not exist for a row are NaN: row 0 has no batch MSE, gradient or update,
// and testMse is NaN without a test split.
struct IterationRecord
{
    qint64 iteration = 0;
    double mse = 0.0;          // MSE on the whole training set after the update
    double batchMse = 0.0;     // MSE of the batch used for the update, before it
    double gradNorm = 0.0;     // global Euclidean norm of the gradient, before clipping
    double learningRate = 0.0; // learning rate of the update
    double updateRatio = 0.0;  // ||update|| / ||parameters before the update||
    double testMse = 0.0;      // MSE on the test set after the update
    bool nonFinite = false;    // any of the values above or a parameter is NaN or infinite
    std::span<const double> layerGradNorms; // per layer, weights and biases together
    // Training-set columns of the mini-batch used for the update; empty for a full-batch update.
    std::span<const Eigen::Index> batchSamples;
};

class History
{
public:
    enum Flag : std::uint8_t {
        NonFinite = 0x01,
        Spike = 0x02, // inside a spike event: from its start up to, not including, its end
    };

    // Stride between rows that keep per-layer gradient norms, so that a run keeps at most about
    // maxLayerRows of them.
    static qint64 layerStrideFor(qint64 iterations);
    static constexpr qint64 maxLayerRows = 100000;

    History() = default;
    History(int layerCount, qint64 iterations);

    // Reserves room for every row of the run, so that append() does not allocate.
    void reserve(qint64 rows);
    void append(const IterationRecord &record);
    void clear();
    // Keeps the first rows rows and drops the rest; the reserved room stays.
    void truncate(qint64 rows);

    qint64 size() const { return qint64(m_mse.size()); }
    bool isEmpty() const { return m_mse.empty(); }
    int layerCount() const { return m_layerCount; }
    qint64 layerStride() const { return m_layerStride; }

    double mse(qint64 row) const { return m_mse[std::size_t(row)]; }
    float batchMse(qint64 row) const { return m_batchMse[std::size_t(row)]; }
    float gradNorm(qint64 row) const { return m_gradNorm[std::size_t(row)]; }
    float learningRate(qint64 row) const { return m_learningRate[std::size_t(row)]; }
    float updateRatio(qint64 row) const { return m_updateRatio[std::size_t(row)]; }
    float testMse(qint64 row) const { return m_testMse[std::size_t(row)]; }
    std::uint8_t flags(qint64 row) const { return m_flags[std::size_t(row)]; }
    bool isNonFinite(qint64 row) const { return m_flags[std::size_t(row)] & NonFinite; }
    bool isSpike(qint64 row) const { return m_flags[std::size_t(row)] & Spike; }
    void setFlag(qint64 row, Flag flag, bool on);

    // Whether row keeps per-layer values, and the gradient norm of layer at that row.
    bool hasLayerDetails(qint64 row) const { return row % m_layerStride == 0; }
    float layerGradNorm(qint64 row, int layer) const;

    const std::vector<double> &mseColumn() const { return m_mse; }

    // Bytes per row of the always-kept columns.
    static constexpr std::size_t bytesPerRow = sizeof(double) + 5 * sizeof(float)
        + sizeof(std::uint8_t);

private:
    std::vector<double> m_mse;
    std::vector<float> m_batchMse;
    std::vector<float> m_gradNorm;
    std::vector<float> m_learningRate;
    std::vector<float> m_updateRatio;
    std::vector<float> m_testMse;
    std::vector<std::uint8_t> m_flags;
    std::vector<float> m_layerGradNorms; // layerCount values per detailed row
    int m_layerCount = 0;
    qint64 m_layerStride = 1;
};

} // namespace initlab
