#include "numberspinbox.h"

#include <QLineEdit>
#include <QRegularExpression>
#include <QStyle>
#include <QStyleOptionSpinBox>

#include <cmath>
#include <limits>

namespace initlab {
namespace {

// Text that is, or may become by typing more, a number in the format of the configuration files.
const QRegularExpression &partialNumberPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral("^[+-]?[0-9]*(\\.[0-9]*)?([eE][+-]?[0-9]*)?$"));
    return pattern;
}

const QRegularExpression &partialIntegerPattern()
{
    static const QRegularExpression pattern(QStringLiteral("^[+-]?[0-9]*$"));
    return pattern;
}

// Removes the '+' and leading zeros that QString::number writes in exponents: 1e-08 -> 1e-8.
QString tidyExponent(QString text)
{
    static const QRegularExpression exponent(QStringLiteral("e([+-])0*([0-9])"));
    text.replace(exponent, QStringLiteral("e\\1\\2"));
    text.replace(QStringLiteral("e+"), QStringLiteral("e"));
    return text;
}

double roundToSignificantDigits(double value, int digits)
{
    return QString::number(value, 'g', digits).toDouble();
}

// Maximum number of characters the size hint makes room for; longer values scroll inside the box.
constexpr qsizetype maxHintCharacters = 16;

} // namespace

NumberSpinBox::NumberSpinBox(QWidget *parent)
    : QDoubleSpinBox(parent)
{
    setDecimals(323);
    setKeyboardTracking(false);
    setRange(-std::numeric_limits<double>::max(), std::numeric_limits<double>::max());
}

void NumberSpinBox::setBounds(double minimum, double maximum, bool minimumExclusive,
                              bool maximumExclusive)
{
    m_minimumExclusive = minimumExclusive;
    m_maximumExclusive = maximumExclusive;
    setRange(minimum, maximum);
    updateGeometry();
}

void NumberSpinBox::setIntegerOnly(bool integerOnly)
{
    m_integerOnly = integerOnly;
    updateGeometry();
}

void NumberSpinBox::setLogarithmicSteps(int stepsPerDecade)
{
    m_stepsPerDecade = std::max(0, stepsPerDecade);
}

bool NumberSpinBox::accepts(double value) const
{
    if (!std::isfinite(value))
        return false;
    if (!specialValueText().isEmpty() && value == minimum())
        return true;
    if (m_integerOnly && value != std::trunc(value))
        return false;
    const bool aboveMinimum = m_minimumExclusive ? value > minimum() : value >= minimum();
    const bool belowMaximum = m_maximumExclusive ? value < maximum() : value <= maximum();
    return aboveMinimum && belowMaximum;
}

QValidator::State NumberSpinBox::validate(QString &text, int &position) const
{
    Q_UNUSED(position);
    const QString trimmed = text.trimmed();
    const QString special = specialValueText();
    if (!special.isEmpty() && trimmed == special)
        return QValidator::Acceptable;
    if (trimmed.isEmpty())
        return QValidator::Intermediate;

    const QRegularExpression &pattern =
        m_integerOnly ? partialIntegerPattern() : partialNumberPattern();
    if (!pattern.match(trimmed).hasMatch()) {
        // Lets the user type the special text letter by letter. A decimal comma, a group
        // separator or a fraction in an integer stays visible but cannot be committed, so that
        // "0,5" is never read as 05.
        static const QRegularExpression numberLike(QStringLiteral("^[0-9+\\-.,eE\\s]*$"));
        if (special.startsWith(trimmed) || numberLike.match(trimmed).hasMatch())
            return QValidator::Intermediate;
        return QValidator::Invalid;
    }

    bool ok = false;
    const double number = trimmed.toDouble(&ok);
    if (!ok)
        return QValidator::Intermediate; // "-", "1e", "." and overflowing exponents
    return accepts(number) ? QValidator::Acceptable : QValidator::Intermediate;
}

double NumberSpinBox::valueFromText(const QString &text) const
{
    const QString trimmed = text.trimmed();
    if (!specialValueText().isEmpty() && trimmed == specialValueText())
        return minimum();
    bool ok = false;
    const double number = trimmed.toDouble(&ok);
    return ok ? number : value();
}

QString NumberSpinBox::textFromValue(double value) const
{
    if (m_integerOnly)
        return QString::number(value, 'f', 0);
    const double magnitude = std::abs(value);
    if (magnitude != 0.0 && (magnitude < 1e-4 || magnitude >= 1e9))
        return tidyExponent(QString::number(value, 'e', QLocale::FloatingPointShortest));
    return QString::number(value, 'f', QLocale::FloatingPointShortest);
}

void NumberSpinBox::fixup(QString &input) const
{
    Q_UNUSED(input);
}

double NumberSpinBox::steppedValue(int steps) const
{
    double next = 0.0;
    if (m_stepsPerDecade > 0 && value() > 0.0) {
        next = value() * std::pow(10.0, double(steps) / m_stepsPerDecade);
        next = roundToSignificantDigits(next, 3);
    } else {
        // Snaps to a multiple of the step, without the binary noise of repeated addition.
        const double step = singleStep();
        next = value() + steps * step;
        if (step > 0.0)
            next = roundToSignificantDigits(std::round(next / step) * step, 12);
    }
    return std::clamp(next, minimum(), maximum());
}

void NumberSpinBox::stepBy(int steps)
{
    // Commits typed text first, so that the step starts from the text shown.
    QString text = lineEdit()->displayText();
    int position = lineEdit()->cursorPosition();
    if (validate(text, position) == QValidator::Acceptable)
        setValue(valueFromText(text));

    const double next = steppedValue(steps);
    if (accepts(next))
        setValue(next);
    selectAll();
}

QAbstractSpinBox::StepEnabled NumberSpinBox::stepEnabled() const
{
    if (isReadOnly())
        return StepNone;
    StepEnabled enabled = StepNone;
    const double up = steppedValue(1);
    const double down = steppedValue(-1);
    if (up != value() && accepts(up))
        enabled |= StepUpEnabled;
    if (down != value() && accepts(down))
        enabled |= StepDownEnabled;
    return enabled;
}

QSize NumberSpinBox::sizeHint() const
{
    ensurePolished();
    const QFontMetrics metrics = fontMetrics();
    QStringList samples{textFromValue(minimum()), textFromValue(maximum()), specialValueText(),
                        QStringLiteral("0.000123")};
    int width = 0;
    for (const QString &sample : samples)
        width = std::max(width, metrics.horizontalAdvance(sample.left(maxHintCharacters)));
    width += 2; // room for the cursor, as QAbstractSpinBox leaves

    QStyleOptionSpinBox option;
    initStyleOption(&option);
    const QSize content(width, lineEdit()->sizeHint().height());
    return style()->sizeFromContents(QStyle::CT_SpinBox, &option, content, this);
}

QSize NumberSpinBox::minimumSizeHint() const
{
    return sizeHint();
}

} // namespace initlab
