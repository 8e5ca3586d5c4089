#include "choicelabels.h"

#include <QComboBox>
#include <QCoreApplication>

// Formulas follow core/initializers.cpp, core/activation.h, core/datagenerators.cpp and
// docs/config.md, which give their sources.

namespace initlab::choicelabels {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("initlab::choicelabels", text);
}

} // namespace

QString label(Activation value)
{
    switch (value) {
    case Activation::Linear: return tr("Linear (identity)");
    case Activation::Sigmoid: return tr("Sigmoid");
    case Activation::Tanh: return tr("Tanh");
    case Activation::Relu: return tr("ReLU");
    case Activation::LeakyRelu: return tr("Leaky ReLU");
    case Activation::Elu: return tr("ELU");
    case Activation::Selu: return tr("SELU");
    case Activation::Gelu: return tr("GELU");
    case Activation::Softplus: return tr("Softplus");
    }
    return toString(value);
}

QString description(Activation value)
{
    switch (value) {
    case Activation::Linear: return tr("f(z) = z: the network stays a linear function.");
    case Activation::Sigmoid: return tr("f(z) = 1 / (1 + e^-z), output in (0, 1).");
    case Activation::Tanh: return tr("f(z) = tanh(z), output in (-1, 1).");
    case Activation::Relu: return tr("f(z) = max(0, z).");
    case Activation::LeakyRelu: return tr("f(z) = z for z > 0, 0.01 z otherwise.");
    case Activation::Elu: return tr("f(z) = z for z > 0, e^z - 1 otherwise (alpha = 1).");
    case Activation::Selu:
        return tr("f(z) = lambda z for z > 0, lambda alpha (e^z - 1) otherwise, with the "
                  "constants of Klambauer et al. 2017 (lambda = 1.0507, alpha = 1.6733).");
    case Activation::Gelu:
        return tr("f(z) = z Phi(z), Phi the standard normal distribution function (exact erf "
                  "form).");
    case Activation::Softplus: return tr("f(z) = log(1 + e^z), a smooth ReLU.");
    }
    return {};
}

QString label(WeightInit value)
{
    switch (value) {
    case WeightInit::Zeros: return tr("Zeros");
    case WeightInit::Constant: return tr("Constant");
    case WeightInit::Uniform: return tr("Uniform");
    case WeightInit::Normal: return tr("Normal");
    case WeightInit::TruncatedNormal: return tr("Truncated normal");
    case WeightInit::XavierUniform: return tr("Xavier/Glorot uniform");
    case WeightInit::XavierNormal: return tr("Xavier/Glorot normal");
    case WeightInit::HeUniform: return tr("He/Kaiming uniform");
    case WeightInit::HeNormal: return tr("He/Kaiming normal");
    case WeightInit::LecunUniform: return tr("LeCun uniform");
    case WeightInit::LecunNormal: return tr("LeCun normal");
    case WeightInit::Orthogonal: return tr("Orthogonal");
    case WeightInit::PytorchDefault: return tr("PyTorch default");
    }
    return toString(value);
}

QString description(WeightInit value)
{
    switch (value) {
    case WeightInit::Zeros:
        return tr("W = 0. Every unit of a layer computes the same and gets the same gradient, so "
                  "the units never differ.");
    case WeightInit::Constant: return tr("W = value (init.value) for every weight.");
    case WeightInit::Uniform: return tr("U(-limit, limit), limit = init.limit.");
    case WeightInit::Normal: return tr("N(0, stddev^2), stddev = init.stddev.");
    case WeightInit::TruncatedNormal:
        return tr("N(0, stddev^2), stddev = init.stddev, redrawing any value beyond 2 stddev, as "
                  "tf.random.truncated_normal does. The result's standard deviation is about "
                  "0.88 stddev.");
    case WeightInit::XavierUniform:
        return tr("U(-a, a), a = gain * sqrt(6 / (fan_in + fan_out)), gain 1 unless set. Glorot "
                  "and Bengio 2010; torch.nn.init.xavier_uniform_.");
    case WeightInit::XavierNormal:
        return tr("N(0, s^2), s = gain * sqrt(2 / (fan_in + fan_out)), gain 1 unless set. Glorot "
                  "and Bengio 2010; torch.nn.init.xavier_normal_.");
    case WeightInit::HeUniform:
        return tr("U(-b, b), b = gain * sqrt(3 / fan), fan = fan_in or fan_out by the mode; gain "
                  "defaults to the activation's recommended gain. He et al. 2015; "
                  "torch.nn.init.kaiming_uniform_.");
    case WeightInit::HeNormal:
        return tr("N(0, gain^2 / fan), fan = fan_in or fan_out by the mode; gain defaults to the "
                  "activation's recommended gain. He et al. 2015; "
                  "torch.nn.init.kaiming_normal_.");
    case WeightInit::LecunUniform:
        return tr("U(-c, c), c = sqrt(3 / fan_in). LeCun et al., \"Efficient BackProp\", 1998.");
    case WeightInit::LecunNormal:
        return tr("N(0, 1 / fan_in), not truncated. LeCun et al., \"Efficient BackProp\", 1998.");
    case WeightInit::Orthogonal:
        return tr("gain * Q, Q a random orthogonal matrix from the QR decomposition of a Gaussian "
                  "matrix; gain 1 unless set. Saxe et al. 2014; torch.nn.init.orthogonal_.");
    case WeightInit::PytorchDefault:
        return tr("U(-1 / sqrt(fan_in), 1 / sqrt(fan_in)), what torch.nn.Linear does by default "
                  "(kaiming_uniform_ with a = sqrt(5)).");
    }
    return {};
}

QString label(BiasInit value)
{
    switch (value) {
    case BiasInit::Zeros: return tr("Zeros");
    case BiasInit::Constant: return tr("Constant");
    case BiasInit::PytorchDefault: return tr("PyTorch default");
    }
    return toString(value);
}

QString description(BiasInit value)
{
    switch (value) {
    case BiasInit::Zeros: return tr("b = 0.");
    case BiasInit::Constant: return tr("b = bias value (init.biasValue) for every bias.");
    case BiasInit::PytorchDefault:
        return tr("U(-1 / sqrt(fan_in), 1 / sqrt(fan_in)), the bias rule of torch.nn.Linear.");
    }
    return {};
}

QString label(FanMode value)
{
    switch (value) {
    case FanMode::FanIn: return tr("fan-in");
    case FanMode::FanOut: return tr("fan-out");
    }
    return toString(value);
}

QString description(FanMode value)
{
    switch (value) {
    case FanMode::FanIn:
        return tr("fan = number of inputs of the layer: keeps the variance of the activations "
                  "in the forward pass.");
    case FanMode::FanOut:
        return tr("fan = number of units of the layer: keeps the variance of the gradients in "
                  "the backward pass.");
    }
    return {};
}

QString label(Optimizer value)
{
    switch (value) {
    case Optimizer::Sgd: return tr("SGD");
    case Optimizer::Momentum: return tr("SGD with momentum");
    case Optimizer::Nesterov: return tr("Nesterov momentum");
    case Optimizer::RmsProp: return tr("RMSprop");
    case Optimizer::Adam: return tr("Adam");
    }
    return toString(value);
}

QString description(Optimizer value)
{
    switch (value) {
    case Optimizer::Sgd: return tr("theta <- theta - lr g. PyTorch SGD(lr).");
    case Optimizer::Momentum:
        return tr("b <- mu b + g; theta <- theta - lr b. PyTorch SGD(lr, momentum=mu).");
    case Optimizer::Nesterov:
        return tr("b <- mu b + g; theta <- theta - lr (g + mu b). PyTorch SGD(lr, momentum=mu, "
                  "nesterov=True).");
    case Optimizer::RmsProp:
        return tr("v <- alpha v + (1 - alpha) g^2; theta <- theta - lr g / (sqrt(v) + eps). "
                  "PyTorch RMSprop(lr, alpha, eps).");
    case Optimizer::Adam:
        return tr("m <- beta1 m + (1 - beta1) g; v <- beta2 v + (1 - beta2) g^2; theta <- theta "
                  "- lr m_hat / (sqrt(v_hat) + eps), with bias-corrected averages. PyTorch "
                  "Adam(lr, betas, eps).");
    }
    return {};
}

QString label(Schedule value)
{
    switch (value) {
    case Schedule::Constant: return tr("Constant");
    case Schedule::Step: return tr("Step decay");
    case Schedule::Cosine: return tr("Cosine");
    case Schedule::Warmup: return tr("Warm-up, then constant");
    }
    return toString(value);
}

QString description(Schedule value)
{
    switch (value) {
    case Schedule::Constant: return tr("The learning rate stays lr after any warm-up.");
    case Schedule::Step:
        return tr("lr * gamma^floor((t - w) / step size): multiplies the rate by gamma every "
                  "step size iterations after the warm-up of w iterations.");
    case Schedule::Cosine:
        return tr("min lr + (lr - min lr) (1 + cos(pi (t - w) / (iterations - w))) / 2: falls "
                  "from lr towards the minimum learning rate along half a cosine.");
    case Schedule::Warmup:
        return tr("Rises linearly to lr over the warm-up iterations (at least 1), then stays at "
                  "lr.");
    }
    return {};
}

QString label(Precision value)
{
    switch (value) {
    case Precision::Float64: return tr("float64 (double)");
    case Precision::Float32: return tr("float32 (single)");
    }
    return toString(value);
}

QString description(Precision value)
{
    switch (value) {
    case Precision::Float64:
        return tr("Training arithmetic in 64-bit doubles, about 16 significant digits.");
    case Precision::Float32:
        return tr("Training arithmetic in 32-bit floats, about 7 significant digits; values "
                  "beyond about 3.4e38 overflow to infinity.");
    }
    return {};
}

QString label(DatasetKind value)
{
    switch (value) {
    case DatasetKind::Sine: return tr("Sine");
    case DatasetKind::Linear: return tr("Linear");
    case DatasetKind::Xor: return tr("XOR");
    case DatasetKind::TwoMoons: return tr("Two moons");
    case DatasetKind::Circles: return tr("Circles");
    case DatasetKind::Spiral: return tr("Spiral");
    case DatasetKind::GaussianBlobs: return tr("Gaussian blobs");
    case DatasetKind::Csv: return tr("CSV file");
    }
    return toString(value);
}

QString description(DatasetKind value)
{
    switch (value) {
    case DatasetKind::Sine:
        return tr("1 input, 1 output: y = sin(x) + noise on evenly spaced x in [-pi, pi].");
    case DatasetKind::Linear:
        return tr("1 input, 1 output: y = 0.8 x + 0.3 + noise on evenly spaced x in [-1, 1].");
    case DatasetKind::Xor:
        return tr("2 inputs, 1 output: the four corners (+-1, +-1) with jitter; target 1 where "
                  "the signs differ.");
    case DatasetKind::TwoMoons:
        return tr("2 inputs, 1 output: two interleaved half circles, targets 0 and 1, as "
                  "scikit-learn's make_moons.");
    case DatasetKind::Circles:
        return tr("2 inputs, 1 output: circles of radius 1 and 0.5, targets 0 and 1, as "
                  "scikit-learn's make_circles.");
    case DatasetKind::Spiral:
        return tr("2 inputs, 1 output: two interleaved spiral arms of 1.5 turns, targets 0 "
                  "and 1.");
    case DatasetKind::GaussianBlobs:
        return tr("2 inputs, 3 outputs: three Gaussian blobs with one-hot targets.");
    case DatasetKind::Csv:
        return tr("Your own data from a CSV file: choose the file with Open CSV and the target "
                  "column below it.");
    }
    return {};
}

void addItem(QComboBox *combo, const QString &text, const QString &name, const QString &toolTip)
{
    combo->addItem(text, name);
    combo->setItemData(combo->count() - 1, toolTip, Qt::ToolTipRole);
}

bool selectName(QComboBox *combo, const QString &name)
{
    const int index = combo->findData(name);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    return true;
}

QString selectedName(const QComboBox *combo)
{
    return combo->currentData().toString();
}

} // namespace initlab::choicelabels
