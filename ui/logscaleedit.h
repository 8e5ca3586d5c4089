#pragma once

#include <QWidget>

class QSlider;

namespace initlab {

class NumberSpinBox;

// A positive number on a logarithmic slider, with an entry box beside it that keeps the exact value
// typed. Moving the slider picks 10^(position / positionsPerDecade), rounded to 3 significant
// digits. Typing a value moves the slider to the nearest position without changing the value.
// Values outside the slider's range stay exact in the entry while the slider rests at its end.
class LogScaleEdit : public QWidget
{
    Q_OBJECT

public:
    explicit LogScaleEdit(QWidget *parent = nullptr);

    // The slider covers [minimum, maximum], both powers of ten, with positionsPerDecade steps
    // per factor of 10. The entry accepts (0, entryMaximum].
    void setRanges(double sliderMinimum, double sliderMaximum, int positionsPerDecade,
                   double entryMaximum);

    double value() const;
    // Shows value in both controls without emitting valueEdited.
    void setValue(double value);

    NumberSpinBox *entry() const { return m_entry; }
    QSlider *slider() const { return m_slider; }

signals:
    // The user changed the value: once per committed entry, slider step or slider drag.
    void valueEdited(double value);

private:
    void sliderMoved(int position);
    void sliderReleased();
    void entryChanged(double value);
    int positionOf(double value) const;
    double valueAt(int position) const;
    void emitIfChanged();

    QSlider *m_slider = nullptr;
    NumberSpinBox *m_entry = nullptr;
    double m_minimumExponent = -5.0;
    int m_positionsPerDecade = 100;
    double m_lastEmitted = 0.0;
};

} // namespace initlab
