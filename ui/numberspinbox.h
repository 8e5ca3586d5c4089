#pragma once

#include <QDoubleSpinBox>

namespace initlab {

// A spin box for one number of a run configuration, which keeps exactly the value typed or set.
//
// QDoubleSpinBox rounds every value to its number of decimals and shows a fixed number of them, so
// 1e-8, 0.99999 or 5/3 would not survive a round trip. This box sets the maximum of 323 decimals,
// where rounding leaves every double above about 1e-300 unchanged. It shows the shortest text that
// reads back to the value and accepts exponents such as 3e-4. Like the configuration files, it
// reads '.' as the decimal point whatever the locale.
//
// Bounds may exclude their end, for ranges such as (0, 1000]. Text that is not a number, or lies
// outside the range, is Intermediate: it cannot be committed, and leaving the box restores the
// last value. With a special value text, the minimum is shown as that text ("auto", "off") and is
// accepted even when the minimum is excluded.
class NumberSpinBox : public QDoubleSpinBox
{
    Q_OBJECT

public:
    explicit NumberSpinBox(QWidget *parent = nullptr);

    void setBounds(double minimum, double maximum, bool minimumExclusive = false,
                   bool maximumExclusive = false);
    // Accepts only whole numbers, shown without exponent; exact up to 2^53.
    void setIntegerOnly(bool integerOnly);
    // Makes the arrows multiply or divide by 10^(1 / stepsPerDecade), rounding the result to
    // 3 significant digits. For ranges of positive numbers only; 0 restores linear steps.
    void setLogarithmicSteps(int stepsPerDecade);

    // True when value lies in the range, or is the minimum shown as the special value text.
    bool accepts(double value) const;

    QValidator::State validate(QString &text, int &position) const override;
    double valueFromText(const QString &text) const override;
    QString textFromValue(double value) const override;
    // Leaves the text as typed. QDoubleSpinBox's fixup() drops group separators, which would
    // commit "0,5" as 5.
    void fixup(QString &input) const override;
    void stepBy(int steps) override;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    StepEnabled stepEnabled() const override;

private:
    double steppedValue(int steps) const;

    bool m_minimumExclusive = false;
    bool m_maximumExclusive = false;
    bool m_integerOnly = false;
    int m_stepsPerDecade = 0;
};

} // namespace initlab
