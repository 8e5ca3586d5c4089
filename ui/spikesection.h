#pragma once

#include "spikedetector.h"

#include <QGroupBox>

class QSpinBox;
class QToolButton;

namespace initlab {

class NumberSpinBox;

// The spike-detection part of the experiment panel: the sensitivity, and behind an "Advanced"
// toggle the window, minimum ratio and warm-up (docs/spikes.md explains each).
class SpikeSection : public QGroupBox
{
    Q_OBJECT

public:
    explicit SpikeSection(QWidget *parent = nullptr);

    // Shows spikes without emitting changed().
    void setConfig(const SpikeDetectorSettings &spikes);
    // Writes the values shown into spikes.
    void apply(SpikeDetectorSettings &spikes) const;

signals:
    // The user changed a value.
    void changed();

private:
    NumberSpinBox *m_sensitivity = nullptr;
    QToolButton *m_advanced = nullptr;
    QWidget *m_advancedPart = nullptr;
    QSpinBox *m_window = nullptr;
    NumberSpinBox *m_minRatio = nullptr;
    QSpinBox *m_warmup = nullptr;
};

} // namespace initlab
