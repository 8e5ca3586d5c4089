#include "initsection.h"

#include "choicelabels.h"
#include "configform.h"
#include "initializers.h"
#include "numberspinbox.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>

#include <limits>
#include <vector>

namespace initlab {
namespace {

using configform::keyToolTip;

constexpr WeightInit weightInits[] = {
    WeightInit::Zeros,        WeightInit::Constant,     WeightInit::Uniform,
    WeightInit::Normal,       WeightInit::TruncatedNormal, WeightInit::XavierUniform,
    WeightInit::XavierNormal, WeightInit::HeUniform,    WeightInit::HeNormal,
    WeightInit::LecunUniform, WeightInit::LecunNormal,  WeightInit::Orthogonal,
    WeightInit::PytorchDefault,
};

bool isHe(WeightInit weights)
{
    return weights == WeightInit::HeUniform || weights == WeightInit::HeNormal;
}

bool usesGain(WeightInit weights)
{
    return isHe(weights) || weights == WeightInit::XavierUniform
           || weights == WeightInit::XavierNormal || weights == WeightInit::Orthogonal;
}

NumberSpinBox *numberBox(const QString &name, double minimum, double maximum, double step)
{
    auto *box = new NumberSpinBox;
    box->setObjectName(name);
    box->setBounds(minimum, maximum);
    box->setSingleStep(step);
    return box;
}

QString weightsToolTip(WeightInit weights)
{
    return keyToolTip(QObject::tr("Weight initializer. %1: %2")
                          .arg(choicelabels::label(weights), choicelabels::description(weights)),
                      QStringLiteral("init.weights"));
}

} // namespace

InitSection::InitSection(QWidget *parent)
    : QGroupBox(tr("Initialization"), parent)
    , m_weights(new QComboBox)
    , m_mode(new QComboBox)
    , m_gain(new NumberSpinBox)
    , m_effectiveGain(new QLabel)
    , m_value(numberBox(QStringLiteral("initValue"), -1e6, 1e6, 0.01))
    , m_limit(numberBox(QStringLiteral("initLimit"), 0.0, 1e6, 0.01))
    , m_stddev(numberBox(QStringLiteral("initStddev"), 0.0, 1e6, 0.01))
    , m_bias(new QComboBox)
    , m_biasValue(numberBox(QStringLiteral("biasValue"), -1e6, 1e6, 0.01))
{
    m_weights->setObjectName(QStringLiteral("weightInit"));
    for (WeightInit weights : weightInits)
        choicelabels::addChoice(m_weights, weights);
    m_mode->setObjectName(QStringLiteral("fanMode"));
    choicelabels::addChoice(m_mode, FanMode::FanIn);
    choicelabels::addChoice(m_mode, FanMode::FanOut);
    m_bias->setObjectName(QStringLiteral("biasInit"));
    for (BiasInit bias : {BiasInit::Zeros, BiasInit::Constant, BiasInit::PytorchDefault})
        choicelabels::addChoice(m_bias, bias);

    // 0 stands for "auto": a gain must be greater than 0, so no real gain is lost.
    m_gain->setObjectName(QStringLiteral("gain"));
    m_gain->setBounds(0.0, std::numeric_limits<double>::max(), true);
    m_gain->setSpecialValueText(tr("auto"));
    m_gain->setSingleStep(0.1);
    m_effectiveGain->setObjectName(QStringLiteral("effectiveGain"));
    m_effectiveGain->setToolTip(tr("The gain that \"auto\" stands for with this initializer and "
                                   "activation."));
    m_gainRow = new QWidget;
    auto *gainLayout = new QHBoxLayout(m_gainRow);
    gainLayout->setContentsMargins(0, 0, 0, 0);
    gainLayout->addWidget(m_gain);
    gainLayout->addWidget(m_effectiveGain, 1);

    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    configform::addRow(m_form, tr("Weights"), m_weights, weightsToolTip(WeightInit::XavierUniform));
    configform::addRow(m_form, tr("Fan mode"), m_mode,
                       keyToolTip(tr("Which fan scales the He/Kaiming initializers: fan-in (the "
                                     "layer's inputs) keeps the forward signal's variance, "
                                     "fan-out (its units) the gradient's. Used by He only."),
                                  QStringLiteral("init.mode")));
    const QString gainToolTip = keyToolTip(
        tr("Gain for Xavier/Glorot, He/Kaiming and orthogonal, greater than 0. \"auto\" leaves it "
           "unset: 1 for Xavier and orthogonal, and for He the activation's recommended gain as "
           "torch.nn.init.calculate_gain gives it (ReLU sqrt(2), tanh 5/3, SELU 3/4, others 1)."),
        QStringLiteral("init.gain"));
    configform::addRow(m_form, tr("Gain"), m_gainRow, gainToolTip);
    m_gain->setToolTip(gainToolTip);
    configform::addRow(m_form, tr("Value"), m_value,
                       keyToolTip(tr("Every weight, for the constant initializer; -1,000,000 to "
                                     "1,000,000."),
                                  QStringLiteral("init.value")));
    configform::addRow(m_form, tr("Limit"), m_limit,
                       keyToolTip(tr("Half-width of the interval [-limit, limit], for the uniform "
                                     "initializer; 0 to 1,000,000."),
                                  QStringLiteral("init.limit")));
    configform::addRow(m_form, tr("Std. deviation"), m_stddev,
                       keyToolTip(tr("Standard deviation, for the normal and truncated normal "
                                     "initializers; 0 to 1,000,000."),
                                  QStringLiteral("init.stddev")));
    configform::addRow(m_form, tr("Biases"), m_bias,
                       keyToolTip(tr("Bias initializer: zeros, a constant, or PyTorch's "
                                     "U(-1 / sqrt(fan_in), 1 / sqrt(fan_in))."),
                                  QStringLiteral("init.bias")));
    configform::addRow(m_form, tr("Bias value"), m_biasValue,
                       keyToolTip(tr("Every bias, for the constant bias initializer; -1,000,000 "
                                     "to 1,000,000."),
                                  QStringLiteral("init.biasValue")));

    connect(m_weights, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        emit changed();
    });
    connect(m_bias, &QComboBox::currentIndexChanged, this, [this] {
        updateRows();
        emit changed();
    });
    connect(m_mode, &QComboBox::currentIndexChanged, this, &InitSection::changed);
    connect(m_gain, &NumberSpinBox::valueChanged, this, [this] {
        updateEffectiveGain();
        emit changed();
    });
    for (NumberSpinBox *box : {m_value, m_limit, m_stddev, m_biasValue})
        connect(box, &NumberSpinBox::valueChanged, this, &InitSection::changed);

    updateRows();
}

void InitSection::setConfig(const InitConfig &init)
{
    std::vector<QSignalBlocker> blockers;
    for (QObject *control : std::initializer_list<QObject *>{
             m_weights, m_mode, m_gain, m_value, m_limit, m_stddev, m_bias, m_biasValue})
        blockers.emplace_back(control);

    choicelabels::selectName(m_weights, toString(init.weights));
    choicelabels::selectName(m_mode, toString(init.mode));
    m_gain->setValue(init.gain.value_or(0.0));
    m_value->setValue(init.value);
    m_limit->setValue(init.limit);
    m_stddev->setValue(init.stddev);
    choicelabels::selectName(m_bias, toString(init.bias));
    m_biasValue->setValue(init.biasValue);
    updateRows();
}

void InitSection::apply(InitConfig &init) const
{
    init.weights = weights();
    init.mode = fanModeFromString(choicelabels::selectedName(m_mode)).value_or(init.mode);
    init.gain = m_gain->value() > 0.0 ? std::optional<double>(m_gain->value()) : std::nullopt;
    init.value = m_value->value();
    init.limit = m_limit->value();
    init.stddev = m_stddev->value();
    init.bias = biasInitFromString(choicelabels::selectedName(m_bias)).value_or(init.bias);
    init.biasValue = m_biasValue->value();
}

void InitSection::setActivation(Activation activation)
{
    m_activation = activation;
    updateEffectiveGain();
}

WeightInit InitSection::weights() const
{
    return weightInitFromString(choicelabels::selectedName(m_weights))
        .value_or(WeightInit::XavierUniform);
}

// Shows only the parameters the chosen initializers read.
void InitSection::updateRows()
{
    const WeightInit current = weights();
    m_form->setRowVisible(m_gainRow, usesGain(current));
    m_mode->setEnabled(isHe(current));
    m_form->setRowVisible(m_value, current == WeightInit::Constant);
    m_form->setRowVisible(m_limit, current == WeightInit::Uniform);
    m_form->setRowVisible(m_stddev, current == WeightInit::Normal
                                        || current == WeightInit::TruncatedNormal);
    const bool constantBias = choicelabels::selectedName(m_bias) == toString(BiasInit::Constant);
    m_form->setRowVisible(m_biasValue, constantBias);
    m_weights->setToolTip(weightsToolTip(current));
    updateEffectiveGain();
}

void InitSection::updateEffectiveGain()
{
    if (m_gain->value() > 0.0) {
        m_effectiveGain->clear();
        return;
    }
    if (isHe(weights())) {
        m_effectiveGain->setText(tr("= %1 for %2")
                                     .arg(QString::number(recommendedGain(m_activation), 'g', 4),
                                          choicelabels::label(m_activation)));
    } else {
        m_effectiveGain->setText(tr("= 1"));
    }
}

} // namespace initlab
