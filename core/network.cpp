#include "network.h"

#include "activation.h"

#include <QtGlobal>

#include <algorithm>
#include <stdexcept>
#include <string>

namespace initlab {
namespace {

// Products with fewer multiply-adds than this use Eigen's coefficient-based product: the blocked
// GEMM packs its operands first, which costs more than the whole product for the small layers of
// a teaching network (4 units on 200 samples). Chosen with bench_training; see docs/benchmarks.md.
constexpr Eigen::Index smallProductLimit = 16384;

template<typename Destination, typename Lhs, typename Rhs>
void assignProduct(Destination &&destination, const Lhs &lhs, const Rhs &rhs)
{
    if (lhs.rows() * lhs.cols() * rhs.cols() < smallProductLimit)
        destination.noalias() = lhs.lazyProduct(rhs);
    else
        destination.noalias() = lhs * rhs;
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
    for (const LayerShape &shape : m_layers) {
        cache.z.emplace_back(shape.units, capacity);
        cache.a.emplace_back(shape.units, capacity);
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

    for (std::size_t l = 0; l <= last; ++l) {
        auto z = cache.z[l].leftCols(m);
        if (l == 0)
            assignProduct(z, weights(0), inputs);
        else
            assignProduct(z, weights(l), cache.a[l - 1].leftCols(m));
        z.colwise() += biases(l);

        if (l < last)
            applyActivation(m_activation, z, cache.a[l].leftCols(m));
        else
            cache.a[l].leftCols(m) = z;
    }

    const Scalar count = Scalar(m) * Scalar(outputCount());
    return (cache.a[last].leftCols(m) - targets).squaredNorm() / count;
}

template<typename Scalar>
void Network<Scalar>::backward(const Eigen::Ref<const Matrix> &inputs,
                               const Eigen::Ref<const Matrix> &targets, ForwardCache<Scalar> &cache,
                               Vector &gradient) const
{
    const Eigen::Index m = inputs.cols();
    const std::size_t last = m_layers.size() - 1;
    const Scalar count = Scalar(m) * Scalar(outputCount());

    // delta is dLoss/dZ_l for the current layer l, starting at the output:
    // dLoss/dZ_L = 2 (A_L - Y) / (m * outputs).
    MatrixMap(cache.delta.data(), outputCount(), m) = (cache.a[last].leftCols(m) - targets)
        * (Scalar(2) / count);

    for (std::size_t l = last + 1; l-- > 0;) {
        const LayerShape &shape = m_layers[l];
        const MatrixMap dz(cache.delta.data(), shape.units, m);
        MatrixMap gradWeights(gradient.data() + shape.offset, shape.units, shape.inputs);
        VectorMap gradBiases(gradient.data() + shape.biasOffset(), shape.units);

        // dW_l = dZ_l A_l-1^T and db_l = dZ_l 1.
        if (l == 0)
            assignProduct(gradWeights, dz, inputs.transpose());
        else
            assignProduct(gradWeights, dz, cache.a[l - 1].leftCols(m).transpose());
        gradBiases = dz.rowwise().sum();

        if (l == 0)
            break;

        // dA_l-1 = W_l^T dZ_l, then dZ_l-1 = dA_l-1 * f'(Z_l-1) element-wise.
        MatrixMap next(cache.deltaNext.data(), shape.inputs, m);
        assignProduct(next, weights(l).transpose(), dz);
        multiplyByDerivative(m_activation, cache.z[l - 1].leftCols(m), cache.a[l - 1].leftCols(m),
                             next);
        cache.delta.swap(cache.deltaNext);
    }
}

template<typename Scalar>
typename Network<Scalar>::Matrix Network<Scalar>::predict(const Eigen::Ref<const Matrix> &inputs) const
{
    ForwardCache<Scalar> cache = makeCache(inputs.cols());
    const Matrix noTargets = Matrix::Zero(outputCount(), inputs.cols());
    forward(inputs, noTargets, cache);
    return cache.a.back().leftCols(inputs.cols());
}

template class Network<float>;
template class Network<double>;

} // namespace initlab
