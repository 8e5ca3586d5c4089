#include "trainingsection.h"

#include "choicelabels.h"
#include "configform.h"
#include "logscaleedit.h"
#include "numberspinbox.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>

#include <climits>
#include <limits>
#include <vector>

namespace initlab {
namespace {

using configform::integerBox;
using configform::keyToolTip;

// Ranges of parseRunConfig(), listed in docs/config.md.
constexpr double maxLearningRate = 1000.0;
constexpr int maxBatchSize = 10'000'000;
constexpr int maxIterations = 10'000'000;

NumberSpinBox *numberBox(const QString &name, double minimum, double maximum, double step,
                         bool minimumExclusive = false, bool maximumExclusive = false)
{
    auto *box = new NumberSpinBox;
    box->setObjectName(name);
    box->setBounds(minimum, maximum, minimumExclusive, maximumExclusive);
    box->setSingleStep(step);
    return box;
}

} // namespace

TrainingSection::TrainingSection(QWidget *parent)
    : QGroupBox(tr("Training"), parent)
{
    buildControls();
    addRows();
    connectControls();
    updateRows();
    updateLimits();
}

void TrainingSection::buildControls()
{
    m_optimizer = new QComboBox;
    m_optimizer->setObjectName(QStringLiteral("optimizer"));
    for (Optimizer optimizer : {Optimizer::Sgd, Optimizer::Momentum, Optimizer::Nesterov,
                                Optimizer::RmsProp, Optimizer::Adam})
        choicelabels::addChoice(m_optimizer, optimizer);

    m_learningRate = new LogScaleEdit;
    m_learningRate->setRanges(1e-5, 10.0, 100, maxLearningRate);
    m_learningRate->entry()->setObjectName(QStringLiteral("learningRate"));
    m_learningRate->slider()->setObjectName(QStringLiteral("learningRateSlider"));

    m_momentum = numberBox(QStringLiteral("momentum"), 0.0, 1.0, 0.01, false, true);
    m_beta1 = numberBox(QStringLiteral("beta1"), 0.0, 1.0, 0.01, false, true);
    m_beta2 = numberBox(QStringLiteral("beta2"), 0.0, 1.0, 0.001, false, true);
    m_epsilon = numberBox(QStringLiteral("epsilon"), 0.0, 1.0, 0.0, true, false);
    m_epsilon->setLogarithmicSteps(1);
    m_rmsAlpha = numberBox(QStringLiteral("rmsAlpha"), 0.0, 1.0, 0.01, false, true);

    m_batchSize = integerBox(QStringLiteral("batchSize"), 0, maxBatchSize, 1);
    m_batchSize->setSpecialValueText(tr("full batch"));
    m_iterations = integerBox(QStringLiteral("iterations"), 1, maxIterations, 100);

    m_schedule = new QComboBox;
    m_schedule->setObjectName(QStringLiteral("schedule"));
    for (Schedule schedule : {Schedule::Constant, Schedule::Step, Schedule::Cosine,
                              Schedule::Warmup})
        choicelabels::addChoice(m_schedule, schedule);
    m_warmup = integerBox(QStringLiteral("warmupIterations"), 0, maxIterations, 10);
    m_stepSize = integerBox(QStringLiteral("stepSize"), 1, INT_MAX, 100);
    m_stepGamma = numberBox(QStringLiteral("stepGamma"), 0.0, 1.0, 0.05, true, false);
    m_minLearningRate = numberBox(QStringLiteral("minLearningRate"), 0.0, maxLearningRate, 0.001);

    m_weightDecay = numberBox(QStringLiteral("weightDecay"), 0.0, 10.0, 0.0001);
    // 0 turns clipping off and is shown as "off".
    m_clipNorm = numberBox(QStringLiteral("clipNorm"), 0.0, std::numeric_limits<double>::max(),
                           0.5);
    m_clipNorm->setSpecialValueText(tr("off"));

    m_precision = new QComboBox;
    m_precision->setObjectName(QStringLiteral("precision"));
    choicelabels::addChoice(m_precision, Precision::Float64);
    choicelabels::addChoice(m_precision, Precision::Float32);

    m_seed = numberBox(QStringLiteral("seed"), 0.0, double(maxSeed), 1.0);
    m_seed->setIntegerOnly(true);
    m_newSeed = new QPushButton(tr("New seed"));
    m_newSeed->setObjectName(QStringLiteral("newSeed"));
    m_seedRow = new QWidget;
    auto *seedLayout = new QHBoxLayout(m_seedRow);
    seedLayout->setContentsMargins(0, 0, 0, 0);
    seedLayout->addWidget(m_seed, 1);
    seedLayout->addWidget(m_newSeed);
}

void TrainingSection::addRows()
{
    m_form = new QFormLayout(this);
    m_form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    configform::addRow(m_form, tr("Optimizer"), m_optimizer,
                       keyToolTip(tr("Update rule, as PyTorch's SGD, RMSprop and Adam compute "
                                     "it. Each optimizer shows only its own parameters."),
                                  QStringLiteral("training.optimizer")));

    const QString learningRateTip = keyToolTip(
        tr("Step size, greater than 0 and at most %1. The slider covers 1e-5 to 10 on a "
           "logarithmic scale; the box keeps exactly the value typed. Schedules start from it.")
            .arg(maxLearningRate),
        QStringLiteral("training.learningRate"));
    configform::addRow(m_form, tr("Learning rate"), m_learningRate, learningRateTip);
    m_learningRate->entry()->setToolTip(learningRateTip);
    m_learningRate->slider()->setToolTip(learningRateTip);

    configform::addRow(m_form, tr("Momentum"), m_momentum,
                       keyToolTip(tr("Momentum mu of momentum and Nesterov SGD, at least 0 and "
                                     "less than 1."),
                                  QStringLiteral("training.momentum")));
    configform::addRow(m_form, tr("Beta 1"), m_beta1,
                       keyToolTip(tr("Decay rate of Adam's first-moment (mean) average, at "
                                     "least 0 and less than 1."),
                                  QStringLiteral("training.beta1")));
    configform::addRow(m_form, tr("Beta 2"), m_beta2,
                       keyToolTip(tr("Decay rate of Adam's second-moment (squared gradient) "
                                     "average, at least 0 and less than 1."),
                                  QStringLiteral("training.beta2")));
    configform::addRow(m_form, tr("Alpha"), m_rmsAlpha,
                       keyToolTip(tr("Smoothing constant of RMSprop's squared-gradient average, "
                                     "at least 0 and less than 1."),
                                  QStringLiteral("training.rmsAlpha")));
    configform::addRow(m_form, tr("Epsilon"), m_epsilon,
                       keyToolTip(tr("Added to the denominator of Adam and RMSprop, greater "
                                     "than 0 and at most 1. The arrows multiply or divide by "
                                     "10."),
                                  QStringLiteral("training.epsilon")));
    configform::addRow(m_form, tr("Batch size"), m_batchSize,
                       keyToolTip(tr("Samples per step. 0 (full batch) uses the whole training "
                                     "set every step; otherwise the set is reshuffled each epoch "
                                     "and cut into mini-batches. 0 to %1.")
                                      .arg(maxBatchSize),
                                  QStringLiteral("training.batchSize")));
    configform::addRow(m_form, tr("Iterations"), m_iterations,
                       keyToolTip(tr("Number of optimizer steps, 1 to %1.").arg(maxIterations),
                                  QStringLiteral("training.iterations")));
    configform::addRow(m_form, tr("Schedule"), m_schedule,
                       keyToolTip(tr("How the learning rate changes over the run."),
                                  QStringLiteral("training.schedule")));
    configform::addRow(m_form, tr("Warm-up"), m_warmup,
                       keyToolTip(tr("Iterations of linear warm-up before any schedule: the "
                                     "rate rises to the learning rate. 0 to the number of "
                                     "iterations; at least 1 for the warm-up schedule."),
                                  QStringLiteral("training.warmupIterations")));
    configform::addRow(m_form, tr("Step size"), m_stepSize,
                       keyToolTip(tr("Step decay: iterations between two decays, at least 1."),
                                  QStringLiteral("training.stepSize")));
    configform::addRow(m_form, tr("Step gamma"), m_stepGamma,
                       keyToolTip(tr("Step decay: factor applied at each decay, greater than 0 "
                                     "and at most 1."),
                                  QStringLiteral("training.stepGamma")));
    configform::addRow(m_form, tr("Min. learning rate"), m_minLearningRate,
                       keyToolTip(tr("Cosine: the floor the rate falls towards, from 0 to the "
                                     "learning rate."),
                                  QStringLiteral("training.minLearningRate")));
    configform::addRow(m_form, tr("Weight decay"), m_weightDecay,
                       keyToolTip(tr("L2 penalty lambda: lambda times each parameter is added "
                                     "to its gradient before the update, as PyTorch's "
                                     "weight_decay does. 0 to 10."),
                                  QStringLiteral("training.weightDecay")));
    configform::addRow(m_form, tr("Gradient clipping"), m_clipNorm,
                       keyToolTip(tr("Maximum global gradient norm: all gradients are scaled "
                                     "together so their joint L2 norm stays below it, as "
                                     "torch.nn.utils.clip_grad_norm_ does. 0 (off) turns "
                                     "clipping off."),
                                  QStringLiteral("training.clipNorm")));
    configform::addRow(m_form, tr("Precision"), m_precision,
                       keyToolTip(tr("Floating-point type of the training arithmetic."),
                                  QStringLiteral("training.precision")));

    const QString seedTip = keyToolTip(
        tr("Seed of the run's random numbers: data, test split, initialization and mini-batch "
           "order. The same seed gives the same run. 0 to 2^53 - 1."),
        QStringLiteral("seed"));
    configform::addRow(m_form, tr("Seed"), m_seedRow, seedTip);
    m_seed->setToolTip(seedTip);
    m_newSeed->setToolTip(keyToolTip(tr("Draw a random seed from 0 to 2^53 - 1."),
                                     QStringLiteral("seed")));
}

void TrainingSection::connectControls()
{
    auto trainingParameter = [this] { emit trainingParametersEdited(); };
    auto runSetting = [this] { emit runSettingsEdited(); };

    connect(m_optimizer, &QComboBox::currentIndexChanged, this, [this, runSetting] {
        updateRows();
        runSetting();
    });
    connect(m_learningRate, &LogScaleEdit::valueEdited, this, [this, trainingParameter] {
        updateLimits();
        trainingParameter();
    });
    for (NumberSpinBox *box : {m_momentum, m_beta1, m_beta2, m_epsilon, m_rmsAlpha, m_stepGamma,
                               m_minLearningRate, m_weightDecay, m_clipNorm})
        connect(box, &NumberSpinBox::valueChanged, this, trainingParameter);
    for (QSpinBox *box : {m_warmup, m_stepSize})
        connect(box, &QSpinBox::valueChanged, this, trainingParameter);
    connect(m_schedule, &QComboBox::currentIndexChanged, this, [this, trainingParameter] {
        updateRows();
        updateLimits();
        trainingParameter();
    });

    connect(m_batchSize, &QSpinBox::valueChanged, this, runSetting);
    connect(m_iterations, &QSpinBox::valueChanged, this, [this, runSetting] {
        updateLimits();
        runSetting();
    });
    connect(m_precision, &QComboBox::currentIndexChanged, this, runSetting);
    connect(m_seed, &NumberSpinBox::valueChanged, this, runSetting);
    connect(m_newSeed, &QPushButton::clicked, this, &TrainingSection::drawNewSeed);
}

void TrainingSection::setConfig(const TrainingConfig &training, std::uint64_t seed)
{
    std::vector<QSignalBlocker> blockers;
    for (QObject *control : std::initializer_list<QObject *>{
             m_optimizer, m_learningRate, m_momentum, m_beta1, m_beta2, m_epsilon, m_rmsAlpha,
             m_batchSize, m_iterations, m_schedule, m_warmup, m_stepSize, m_stepGamma,
             m_minLearningRate, m_weightDecay, m_clipNorm, m_precision, m_seed})
        blockers.emplace_back(control);

    choicelabels::selectName(m_optimizer, toString(training.optimizer));
    m_learningRate->setValue(training.learningRate);
    m_momentum->setValue(training.momentum);
    m_beta1->setValue(training.beta1);
    m_beta2->setValue(training.beta2);
    m_epsilon->setValue(training.epsilon);
    m_rmsAlpha->setValue(training.rmsAlpha);
    m_batchSize->setValue(training.batchSize);
    m_iterations->setValue(training.iterations);
    choicelabels::selectName(m_schedule, toString(training.schedule));
    // The limits of warm-up and minimum learning rate depend on the values set above.
    updateLimits();
    m_warmup->setValue(training.warmupIterations);
    m_stepSize->setValue(training.stepSize);
    m_stepGamma->setValue(training.stepGamma);
    m_minLearningRate->setValue(training.minLearningRate);
    m_weightDecay->setValue(training.weightDecay);
    m_clipNorm->setValue(training.clipNorm);
    choicelabels::selectName(m_precision, toString(training.precision));
    m_seed->setValue(double(seed));
    updateRows();
}

void TrainingSection::apply(TrainingConfig &training, std::uint64_t &seed) const
{
    training.optimizer = optimizer();
    training.learningRate = m_learningRate->value();
    training.momentum = m_momentum->value();
    training.beta1 = m_beta1->value();
    training.beta2 = m_beta2->value();
    training.epsilon = m_epsilon->value();
    training.rmsAlpha = m_rmsAlpha->value();
    training.batchSize = m_batchSize->value();
    training.iterations = m_iterations->value();
    training.schedule = schedule();
    training.warmupIterations = m_warmup->value();
    training.stepSize = m_stepSize->value();
    training.stepGamma = m_stepGamma->value();
    training.minLearningRate = m_minLearningRate->value();
    training.weightDecay = m_weightDecay->value();
    training.clipNorm = m_clipNorm->value();
    training.precision =
        precisionFromString(choicelabels::selectedName(m_precision)).value_or(training.precision);
    seed = std::uint64_t(m_seed->value());
}

Optimizer TrainingSection::optimizer() const
{
    return optimizerFromString(choicelabels::selectedName(m_optimizer)).value_or(Optimizer::Sgd);
}

Schedule TrainingSection::schedule() const
{
    return scheduleFromString(choicelabels::selectedName(m_schedule))
        .value_or(Schedule::Constant);
}

// Shows only the parameters of the chosen optimizer and schedule.
void TrainingSection::updateRows()
{
    const Optimizer current = optimizer();
    const bool momentum = current == Optimizer::Momentum || current == Optimizer::Nesterov;
    const bool adam = current == Optimizer::Adam;
    const bool rmsProp = current == Optimizer::RmsProp;
    m_form->setRowVisible(m_momentum, momentum);
    m_form->setRowVisible(m_beta1, adam);
    m_form->setRowVisible(m_beta2, adam);
    m_form->setRowVisible(m_epsilon, adam || rmsProp);
    m_form->setRowVisible(m_rmsAlpha, rmsProp);

    const Schedule currentSchedule = schedule();
    m_form->setRowVisible(m_stepSize, currentSchedule == Schedule::Step);
    m_form->setRowVisible(m_stepGamma, currentSchedule == Schedule::Step);
    m_form->setRowVisible(m_minLearningRate, currentSchedule == Schedule::Cosine);
}

// Keeps the limits that depend on other values, which parseRunConfig() checks: warm-up at most the
// iterations and at least 1 for the warm-up schedule, and the minimum learning rate at most the
// learning rate. A value outside its new limit is moved to it; the caller emits the one signal.
void TrainingSection::updateLimits()
{
    const QSignalBlocker warmupBlocker(m_warmup);
    const QSignalBlocker minimumBlocker(m_minLearningRate);
    const int warmupMinimum = schedule() == Schedule::Warmup ? 1 : 0;
    m_warmup->setRange(warmupMinimum, m_iterations->value());
    m_minLearningRate->setBounds(0.0, m_learningRate->value());
}

void TrainingSection::drawNewSeed()
{
    // The top 53 bits of a 64-bit draw are uniform on [0, 2^53 - 1] = [0, maxSeed].
    const std::uint64_t seed = QRandomGenerator::global()->generate64() >> 11;
    m_seed->setValue(double(seed));
}

} // namespace initlab
