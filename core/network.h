#pragma once

// A dense multilayer perceptron with MSE loss, templated on the scalar type (float or double).
//
// Shapes, with m the number of samples in a batch (one sample per column):
//   X       inputs x m          input batch, A_0 = X
//   W_l     units_l x units_l-1 weights of layer l (fan_in = columns, fan_out = rows)
//   b_l     units_l             biases
//   Z_l     units_l x m         Z_l = W_l A_l-1 + b_l 1^T
//   A_l     units_l x m         A_l = f(Z_l) for hidden layers, A_L = Z_L for the linear output
//   Y       outputs x m         targets
// Loss: MSE = sum((A_L - Y)^2) / (m * outputs), the mean over samples and outputs, the same as
// PyTorch's MSELoss with reduction "mean".
//
// All parameters live in one flat vector, layer by layer, each layer's weights (column-major) then
// its biases, so optimizers and norms work on a single vector. The gradient uses the same layout.

#include "enums.h"

#include <Eigen/Core>

#include <vector>

namespace initlab {

template<typename Scalar>
using MatrixX = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;
template<typename Scalar>
using VectorX = Eigen::Matrix<Scalar, Eigen::Dynamic, 1>;

// Shape of one layer and the position of its parameters in the flat parameter vector.
struct LayerShape
{
    Eigen::Index units = 0;
    Eigen::Index inputs = 0;
    Eigen::Index offset = 0; // index of the first weight; biases follow the units * inputs weights

    Eigen::Index weightCount() const { return units * inputs; }
    Eigen::Index parameterCount() const { return units * inputs + units; }
    Eigen::Index biasOffset() const { return offset + units * inputs; }
};

// Activations cached by a forward pass for the backward pass, sized for a maximum batch. The cache
// stores samples as rows, the transpose of the layout of the public interface, so that each unit's
// values over a batch are contiguous. For the narrow layers of a teaching network every product
// then becomes a few long vector operations instead of many tiny ones.
template<typename Scalar>
struct ForwardCache
{
    MatrixX<Scalar> inputs;          // capacity x inputs, the transposed input batch A_0^T
    std::vector<MatrixX<Scalar>> z;  // per layer, capacity x units, Z_l^T
    std::vector<MatrixX<Scalar>> a;  // per layer, capacity x units, A_l^T; a.back() is the output
    // Scratch for the backward pass, maxUnits * capacity values each, viewed as contiguous
    // (m x units) matrices dLoss/dZ_l^T.
    VectorX<Scalar> delta;
    VectorX<Scalar> deltaNext;
    Eigen::Index capacity = 0;
};

template<typename Scalar>
class Network
{
public:
    using Matrix = MatrixX<Scalar>;
    using Vector = VectorX<Scalar>;
    using MatrixMap = Eigen::Map<Matrix>;
    using ConstMatrixMap = Eigen::Map<const Matrix>;
    using VectorMap = Eigen::Map<Vector>;
    using ConstVectorMap = Eigen::Map<const Vector>;

    // hidden lists the units of each hidden layer; the output layer is linear.
    Network(Eigen::Index inputs, const std::vector<int> &hidden, Eigen::Index outputs,
            Activation activation);

    Activation activation() const { return m_activation; }
    const std::vector<LayerShape> &layers() const { return m_layers; }
    Eigen::Index parameterCount() const { return m_parameters.size(); }
    Eigen::Index inputCount() const { return m_layers.front().inputs; }
    Eigen::Index outputCount() const { return m_layers.back().units; }
    Eigen::Index maxUnits() const { return m_maxUnits; }

    Vector &parameters() { return m_parameters; }
    const Vector &parameters() const { return m_parameters; }

    MatrixMap weights(std::size_t layer);
    ConstMatrixMap weights(std::size_t layer) const;
    VectorMap biases(std::size_t layer);
    ConstVectorMap biases(std::size_t layer) const;

    // Allocates a cache for batches of up to capacity samples.
    ForwardCache<Scalar> makeCache(Eigen::Index capacity) const;

    // Runs the forward pass on the first m = inputs.cols() columns of the cache and returns the MSE
    // against targets. inputs.cols() must not exceed the cache's capacity. Allocates nothing.
    Scalar forward(const Eigen::Ref<const Matrix> &inputs, const Eigen::Ref<const Matrix> &targets,
                   ForwardCache<Scalar> &cache) const;

    // Back-propagates the MSE of the last forward() on the same inputs and targets and writes the
    // gradient with respect to every parameter into gradient (flat layout). Allocates nothing.
    void backward(const Eigen::Ref<const Matrix> &inputs, const Eigen::Ref<const Matrix> &targets,
                  ForwardCache<Scalar> &cache, Vector &gradient) const;

    // Predicts outputs (outputs x samples) for inputs (inputs x samples); allocates.
    Matrix predict(const Eigen::Ref<const Matrix> &inputs) const;

private:
    std::vector<LayerShape> m_layers;
    Vector m_parameters;
    Activation m_activation;
    Eigen::Index m_maxUnits = 0;
};

extern template class Network<float>;
extern template class Network<double>;

} // namespace initlab
