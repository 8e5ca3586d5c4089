#pragma once

#include "runconfig.h"

#include <QGroupBox>

class QComboBox;
class QFormLayout;
class QLabel;

namespace initlab {

class NumberSpinBox;

// The initialization part of the experiment panel: the weight initializer with the parameters it
// uses, and the bias initializer. Parameters the chosen initializer ignores are hidden but keep
// their values.
class InitSection : public QGroupBox
{
    Q_OBJECT

public:
    explicit InitSection(QWidget *parent = nullptr);

    // Shows init without emitting changed().
    void setConfig(const InitConfig &init);
    // Writes the values shown into init.
    void apply(InitConfig &init) const;
    // Sets the activation whose recommended gain "auto" stands for with He initializers.
    void setActivation(Activation activation);

signals:
    // The user changed a value.
    void changed();

private:
    WeightInit weights() const;
    void updateRows();
    void updateEffectiveGain();

    QFormLayout *m_form = nullptr;
    QComboBox *m_weights = nullptr;
    QComboBox *m_mode = nullptr;
    NumberSpinBox *m_gain = nullptr;
    QLabel *m_effectiveGain = nullptr;
    QWidget *m_gainRow = nullptr;
    NumberSpinBox *m_value = nullptr;
    NumberSpinBox *m_limit = nullptr;
    NumberSpinBox *m_stddev = nullptr;
    QComboBox *m_bias = nullptr;
    NumberSpinBox *m_biasValue = nullptr;
    Activation m_activation = Activation::Tanh;
};

} // namespace initlab
