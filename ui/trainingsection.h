#pragma once

#include "runconfig.h"

#include <QGroupBox>

#include <cstdint>

class QComboBox;
class QFormLayout;
class QPushButton;
class QSpinBox;

namespace initlab {

class LogScaleEdit;
class NumberSpinBox;

// The training part of the experiment panel: optimizer and its own parameters, learning rate on a
// logarithmic slider, batch size, iterations, schedule, weight decay, clipping, precision and the
// run's seed. Optimizer and schedule parameters that do not apply are hidden but keep their values.
class TrainingSection : public QGroupBox
{
    Q_OBJECT

public:
    explicit TrainingSection(QWidget *parent = nullptr);

    // Shows training and seed without emitting a signal.
    void setConfig(const TrainingConfig &training, std::uint64_t seed);
    // Writes the values shown into training and seed.
    void apply(TrainingConfig &training, std::uint64_t &seed) const;

signals:
    // The user changed a value that a running training can take over: learning rate, optimizer
    // parameters, schedule settings, weight decay or clipping.
    void trainingParametersEdited();
    // The user changed a value that needs a new run: optimizer, batch size, iterations,
    // precision or seed.
    void runSettingsEdited();

private:
    void buildControls();
    void addRows();
    void connectControls();
    Optimizer optimizer() const;
    Schedule schedule() const;
    void updateRows();
    void updateLimits();
    void drawNewSeed();

    QFormLayout *m_form = nullptr;
    QComboBox *m_optimizer = nullptr;
    LogScaleEdit *m_learningRate = nullptr;
    NumberSpinBox *m_momentum = nullptr;
    NumberSpinBox *m_beta1 = nullptr;
    NumberSpinBox *m_beta2 = nullptr;
    NumberSpinBox *m_epsilon = nullptr;
    NumberSpinBox *m_rmsAlpha = nullptr;
    QSpinBox *m_batchSize = nullptr;
    QSpinBox *m_iterations = nullptr;
    QComboBox *m_schedule = nullptr;
    QSpinBox *m_warmup = nullptr;
    QSpinBox *m_stepSize = nullptr;
    NumberSpinBox *m_stepGamma = nullptr;
    NumberSpinBox *m_minLearningRate = nullptr;
    NumberSpinBox *m_weightDecay = nullptr;
    NumberSpinBox *m_clipNorm = nullptr;
    QComboBox *m_precision = nullptr;
    NumberSpinBox *m_seed = nullptr;
    QPushButton *m_newSeed = nullptr;
    QWidget *m_seedRow = nullptr;
};

} // namespace initlab
