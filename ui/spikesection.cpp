#include "spikesection.h"

#include "configform.h"
#include "numberspinbox.h"

#include <QFormLayout>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <vector>

namespace initlab {
namespace {

using configform::integerBox;
using configform::keyToolTip;
using Limits = SpikeDetectorLimits;

} // namespace

SpikeSection::SpikeSection(QWidget *parent)
    : QGroupBox(tr("Spike detection"), parent)
    , m_sensitivity(new NumberSpinBox)
    , m_advanced(new QToolButton)
    , m_advancedPart(new QWidget)
    , m_window(integerBox(QStringLiteral("spikeWindow"), Limits::minWindow, Limits::maxWindow, 10))
    , m_minRatio(new NumberSpinBox)
    , m_warmup(integerBox(QStringLiteral("spikeWarmup"), Limits::minWarmup, Limits::maxWarmup, 10))
{
    m_sensitivity->setObjectName(QStringLiteral("spikeSensitivity"));
    m_sensitivity->setBounds(Limits::minSensitivity, Limits::maxSensitivity);
    m_sensitivity->setSingleStep(0.5);
    m_minRatio->setObjectName(QStringLiteral("spikeMinRatio"));
    m_minRatio->setBounds(Limits::minMinRatio, Limits::maxMinRatio);
    m_minRatio->setSingleStep(0.5);

    m_advanced->setObjectName(QStringLiteral("spikeAdvanced"));
    m_advanced->setText(tr("Advanced"));
    m_advanced->setCheckable(true);
    m_advanced->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_advanced->setArrowType(Qt::RightArrow);
    m_advanced->setAutoRaise(true);
    m_advanced->setToolTip(tr("Show the window, minimum ratio and warm-up of the detector."));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    configform::addRow(form, tr("Sensitivity"), m_sensitivity,
                       keyToolTip(tr("How many robust standard deviations (1.4826 MAD) of the "
                                     "log loss a value must rise above the baseline to count as "
                                     "a spike, %1 to %2. Lower values find smaller spikes and "
                                     "more noise.")
                                      .arg(Limits::minSensitivity)
                                      .arg(Limits::maxSensitivity),
                                  QStringLiteral("spikes.sensitivity")));

    auto *advancedForm = new QFormLayout(m_advancedPart);
    advancedForm->setContentsMargins(0, 0, 0, 0);
    advancedForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    configform::addRow(advancedForm, tr("Window"), m_window,
                       keyToolTip(tr("Number of trailing values outside events from which the "
                                     "baseline and scale are computed, %1 to %2.")
                                      .arg(Limits::minWindow)
                                      .arg(Limits::maxWindow),
                                  QStringLiteral("spikes.window")));
    configform::addRow(advancedForm, tr("Min. ratio"), m_minRatio,
                       keyToolTip(tr("Factor by which a spike must at least multiply the "
                                     "baseline loss, 1 to 1,000,000."),
                                  QStringLiteral("spikes.minRatio")));
    configform::addRow(advancedForm, tr("Warm-up"), m_warmup,
                       keyToolTip(tr("Number of values at the start of a run that are never "
                                     "flagged, 0 to 1,000,000,000."),
                                  QStringLiteral("spikes.warmup")));
    m_advancedPart->setVisible(false);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_advanced, 0, Qt::AlignLeft);
    layout->addWidget(m_advancedPart);

    connect(m_advanced, &QToolButton::toggled, this, [this](bool shown) {
        m_advanced->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
        m_advancedPart->setVisible(shown);
    });
    connect(m_sensitivity, &NumberSpinBox::valueChanged, this, &SpikeSection::changed);
    connect(m_minRatio, &NumberSpinBox::valueChanged, this, &SpikeSection::changed);
    connect(m_window, &QSpinBox::valueChanged, this, &SpikeSection::changed);
    connect(m_warmup, &QSpinBox::valueChanged, this, &SpikeSection::changed);
}

void SpikeSection::setConfig(const SpikeDetectorSettings &spikes)
{
    std::vector<QSignalBlocker> blockers;
    for (QObject *control :
         std::initializer_list<QObject *>{m_sensitivity, m_window, m_minRatio, m_warmup})
        blockers.emplace_back(control);
    m_sensitivity->setValue(spikes.sensitivity);
    m_window->setValue(spikes.window);
    m_minRatio->setValue(spikes.minRatio);
    m_warmup->setValue(spikes.warmup);
}

void SpikeSection::apply(SpikeDetectorSettings &spikes) const
{
    spikes.sensitivity = m_sensitivity->value();
    spikes.window = m_window->value();
    spikes.minRatio = m_minRatio->value();
    spikes.warmup = m_warmup->value();
}

} // namespace initlab
