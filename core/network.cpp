#include "network.h"

#include "activation.h"

#include <QtGlobal>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace initlab {
namespace {

// Layers whose products take fewer multiply-adds than this run them as one vector operation of
// length m per weight (affineRows() and backward()). Larger ones use Eigen's blocked GEMM, whose
// packing and setup cost more than the whole product for the small layers of a teaching network
// (4 units on 200 samples). A 64-unit layer next to a one-dimensional input or output on 200
// samples stays below the limit, a 64 x 64 layer on 200 samples above it.
constexpr Eigen::Index smallProductLimit = 16384;

bool isSmallProduct(const LayerShape &shape, Eigen::Index samples)
{
    return shape.units * shape.inputs * samples < smallProductLimit;
}

// Computes Z^T = A^T W^T + 1 b^T, that is Z = W A + b 1^T with samples as rows. inputsT is
// m x inputs, outputsT m x units; outputsT may not alias inputsT.
template<typename Weights, typename Biases, typename InDerived, typename OutDerived>
void affineRows(const Weights &weights, const Biases &biases, bool small,
                const Eigen::MatrixBase<InDerived> &inputsT,
                const Eigen::MatrixBase<OutDerived> &outputsConst)
{
    auto &outputsT = const_cast<Eigen::MatrixBase<OutDerived> &>(outputsConst);
    if (!small) {
        outputsT.noalias() = inputsT * weights.transpose();
        outputsT.rowwise() += biases.transpose();
        return;
    }
    // Column i of Z^T is b_i + sum over k of W(i, k) times column k of A^T.
    for (Eigen::Index i = 0; i < weights.rows(); ++i) {
        outputsT.col(i).setConstant(biases(i));
        for (Eigen::Index k = 0; k < weights.cols(); ++k)
            outputsT.col(i) += weights(i, k) * inputsT.col(k);
    }
}

} // namespace

template<typename Scalar>
Network<Scalar>::Network(Eigen::Index inputs, const std::vector<int> &hidden, Eigen::Index outputs,
                         Activation activation)
    : m_activation(activation)
{
    if (inputs < 1 || outputs < 1)
        throw std::invalid_argument("a network needs at least one input and one output, got "
                                    + std::to_string(inputs) + " and " + std::to_string(outputs));

    Eigen::Index offset = 0;
    Eigen::Index previous = inputs;
    auto addLayer = [&](Eigen::Index units) {
        LayerShape shape{units, previous, offset};
        m_layers.push_back(shape);
        offset += shape.parameterCount();
        m_maxUnits = std::max(m_maxUnits, units);
        previous = units;
    };
    for (int units : hidden) {
        if (units < 1)
            throw std::invalid_argument("hidden layer sizes must be at least 1, got "
                                        + std::to_string(units));
        addLayer(units);
    }
    addLayer(outputs);
    m_maxUnits = std::max(m_maxUnits, inputs);
    m_parameters = Vector::Zero(offset);
}

template<typename Scalar>
typename Network<Scalar>::MatrixMap Network<Scalar>::weights(std::size_t layer)
{
    const LayerShape &shape = m_layers[layer];
    return MatrixMap(m_parameters.data() + shape.offset, shape.units, shape.inputs);
}

template<typename Scalar>
typename Network<Scalar>::ConstMatrixMap Network<Scalar>::weights(std::size_t layer) const
{
    const LayerShape &shape = m_layers[layer];
    return ConstMatrixMap(m_parameters.data() + shape.offset, shape.units, shape.inputs);
}

template<typename Scalar>
typename Network<Scalar>::VectorMap Network<Scalar>::biases(std::size_t layer)
{
    const LayerShape &shape = m_layers[layer];
    return VectorMap(m_parameters.data() + shape.biasOffset(), shape.units);
}

template<typename Scalar>
typename Network<Scalar>::ConstVectorMap Network<Scalar>::biases(std::size_t layer) const
{
    const LayerShape &shape = m_layers[layer];
    return ConstVectorMap(m_parameters.data() + shape.biasOffset(), shape.units);
}

template<typename Scalar>
ForwardCache<Scalar> Network<Scalar>::makeCache(Eigen::Index capacity) const
{
    ForwardCache<Scalar> cache;
    cache.capacity = capacity;
    cache.inputs.resize(capacity, inputCount());
    for (const LayerShape &shape : m_layers) {
        cache.z.emplace_back(capacity, shape.units);
        cache.a.emplace_back(capacity, shape.units);
    }
    cache.delta.resize(m_maxUnits * capacity);
    cache.deltaNext.resize(m_maxUnits * capacity);
    return cache;
}

template<typename Scalar>
Scalar Network<Scalar>::forward(const Eigen::Ref<const Matrix> &inputs,
                                const Eigen::Ref<const Matrix> &targets,
                                ForwardCache<Scalar> &cache) const
{
    const Eigen::Index m = inputs.cols();
    Q_ASSERT(m <= cache.capacity);
    const std::size_t last = m_layers.size() - 1;

    cache.inputs.topRows(m) = inputs.transpose();
    for (std::size_t l = 0; l <= last; ++l) {
        const bool small = isSmallProduct(m_layers[l], m);
        Eigen::Block<Matrix> zT = cache.z[l].topRows(m);
        if (l == 0)
            affineRows(weights(0), biases(0), small, cache.inputs.topRows(m), zT);
        else
            affineRows(weights(l), biases(l), small, cache.a[l - 1].topRows(m), zT);

        if (l < last)
            applyActivation(m_activation, zT, cache.a[l].topRows(m));
        else
            cache.a[l].topRows(m) = zT;
    }

    const Scalar count = Scalar(m) * Scalar(outputCount());
    return (cache.a[last].topRows(m) - targets.transpose()).squaredNorm() / count;
}

template<typename Scalar>
void Network<Scalar>::backward(const Eigen::Ref<const Matrix> &inputs,
                               const Eigen::Ref<const Matrix> &targets, ForwardCache<Scalar> &cache,
                               Vector &gradient) const
{
    const Eigen::Index m = inputs.cols();
    const std::size_t last = m_layers.size() - 1;
    const Scalar count = Scalar(m) * Scalar(outputCount());

    // delta is dLoss/dZ_l^T (m x units) for the current layer l, starting at the output:
    // dLoss/dZ_L = 2 (A_L - Y) / (m * outputs).
    MatrixMap(cache.delta.data(), m, outputCount()) = (cache.a[last].topRows(m)
                                                       - targets.transpose())
        * (Scalar(2) / count);

    for (std::size_t l = last + 1; l-- > 0;) {
        const LayerShape &shape = m_layers[l];
        const bool small = isSmallProduct(shape, m);
        const ConstMatrixMap dzT(cache.delta.data(), m, shape.units);
        const Matrix &previous = l == 0 ? cache.inputs : cache.a[l - 1];
        const Eigen::Block<const Matrix> inputsT = previous.topRows(m);
        MatrixMap gradWeights(gradient.data() + shape.offset, shape.units, shape.inputs);
        VectorMap gradBiases(gradient.data() + shape.biasOffset(), shape.units);

        // dW_l = dZ_l A_l-1^T and db_l = dZ_l 1. A small layer takes one dot product of two
        // columns of length m per weight.
        if (small) {
            for (Eigen::Index i = 0; i < shape.units; ++i) {
                gradBiases(i) = dzT.col(i).sum();
                for (Eigen::Index k = 0; k < shape.inputs; ++k)
                    gradWeights(i, k) = dzT.col(i).dot(inputsT.col(k));
            }
        } else {
            gradWeights.noalias() = dzT.transpose() * inputsT;
            gradBiases = dzT.colwise().sum().transpose();
        }

        if (l == 0)
            break;

        // dA_l-1^T = dZ_l^T W_l, then dZ_l-1 = dA_l-1 * f'(Z_l-1) element-wise.
        MatrixMap nextT(cache.deltaNext.data(), m, shape.inputs);
        if (small) {
            for (Eigen::Index k = 0; k < shape.inputs; ++k) {
                nextT.col(k) = weights(l)(0, k) * dzT.col(0);
                for (Eigen::Index i = 1; i < shape.units; ++i)
                    nextT.col(k) += weights(l)(i, k) * dzT.col(i);
            }
        } else {
            nextT.noalias() = dzT * weights(l);
        }
        multiplyByDerivative(m_activation, cache.z[l - 1].topRows(m), cache.a[l - 1].topRows(m),
                             nextT);
        cache.delta.swap(cache.deltaNext);
    }
}

template<typename Scalar>
typename Network<Scalar>::Matrix Network<Scalar>::predict(const Eigen::Ref<const Matrix> &inputs) const
{
    ForwardCache<Scalar> cache = makeCache(inputs.cols());
    const Matrix noTargets = Matrix::Zero(outputCount(), inputs.cols());
    forward(inputs, noTargets, cache);
    return cache.a.back().topRows(inputs.cols()).transpose();
}

template class Network<float>;
template class Network<double>;

} // namespace initlab
