#include "logscaleedit.h"

#include "numberspinbox.h"

#include <QHBoxLayout>
#include <QSignalBlocker>
#include <QSlider>

#include <algorithm>
#include <cmath>

namespace initlab {

LogScaleEdit::LogScaleEdit(QWidget *parent)
    : QWidget(parent)
    , m_slider(new QSlider(Qt::Horizontal, this))
    , m_entry(new NumberSpinBox(this))
{
    m_slider->setTickPosition(QSlider::TicksBelow);
    m_entry->setLogarithmicSteps(10);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_slider, 1);
    layout->addWidget(m_entry);

    setRanges(1e-5, 10.0, 100, 1000.0);
    connect(m_slider, &QSlider::valueChanged, this, &LogScaleEdit::sliderMoved);
    connect(m_slider, &QSlider::sliderReleased, this, &LogScaleEdit::sliderReleased);
    connect(m_entry, &NumberSpinBox::valueChanged, this, &LogScaleEdit::entryChanged);
}

void LogScaleEdit::setRanges(double sliderMinimum, double sliderMaximum, int positionsPerDecade,
                             double entryMaximum)
{
    m_minimumExponent = std::log10(sliderMinimum);
    m_positionsPerDecade = positionsPerDecade;
    const double decades = std::log10(sliderMaximum) - m_minimumExponent;

    const QSignalBlocker sliderBlocker(m_slider);
    const QSignalBlocker entryBlocker(m_entry);
    m_slider->setRange(0, int(std::lround(decades * positionsPerDecade)));
    m_slider->setSingleStep(std::max(1, positionsPerDecade / 10));
    m_slider->setPageStep(positionsPerDecade);
    m_slider->setTickInterval(positionsPerDecade);
    m_entry->setBounds(0.0, entryMaximum, true, false);
    m_slider->setValue(positionOf(m_entry->value()));
}

double LogScaleEdit::value() const
{
    return m_entry->value();
}

void LogScaleEdit::setValue(double value)
{
    const QSignalBlocker sliderBlocker(m_slider);
    const QSignalBlocker entryBlocker(m_entry);
    m_entry->setValue(value);
    m_slider->setValue(positionOf(m_entry->value()));
    m_lastEmitted = m_entry->value();
}

int LogScaleEdit::positionOf(double value) const
{
    if (!(value > 0.0))
        return m_slider->minimum();
    const double position = (std::log10(value) - m_minimumExponent) * m_positionsPerDecade;
    const double clamped = std::clamp(position, double(m_slider->minimum()),
                                      double(m_slider->maximum()));
    return int(std::lround(clamped));
}

double LogScaleEdit::valueAt(int position) const
{
    const double exact =
        std::pow(10.0, m_minimumExponent + double(position) / m_positionsPerDecade);
    return QString::number(exact, 'g', 3).toDouble();
}

void LogScaleEdit::sliderMoved(int position)
{
    {
        const QSignalBlocker entryBlocker(m_entry);
        m_entry->setValue(valueAt(position));
    }
    // While the handle is dragged the entry follows, and the value is emitted once on release.
    if (!m_slider->isSliderDown())
        emitIfChanged();
}

void LogScaleEdit::sliderReleased()
{
    emitIfChanged();
}

void LogScaleEdit::entryChanged(double value)
{
    {
        const QSignalBlocker sliderBlocker(m_slider);
        m_slider->setValue(positionOf(value));
    }
    emitIfChanged();
}

void LogScaleEdit::emitIfChanged()
{
    const double current = m_entry->value();
    if (current == m_lastEmitted)
        return;
    m_lastEmitted = current;
    emit valueEdited(current);
}

} // namespace initlab
