#pragma once

// Reading numbers from CSV cells, independent of the C and Qt locales.

#include <QChar>
#include <QString>
#include <QStringView>

namespace initlab::csv {

enum class NumberStatus {
    Ok,
    Empty,     // the cell is empty or contains only spaces
    Invalid,   // not a plain decimal number
    OutOfRange // too large or too small in magnitude for a double
};

// Checks plain decimal syntax without surrounding spaces: an optional sign, digits with at most one
// decimal separator and at least one digit, and an optional exponent with optional sign.
// "nan", "inf", hexadecimal, thousands separators and inner spaces fail.
bool hasNumberSyntax(QStringView text, QChar decimalSeparator);

// ',' when decimalComma is set, else '.'.
QChar decimalSeparatorOf(bool decimalComma);

// Parses a cell, ignoring surrounding spaces, as the nearest double. value is set only for Ok.
NumberStatus parseNumber(const QString &cell, bool decimalComma, double &value);

// Returns whether a cell contains text, meaning it is neither empty nor a number.
bool isTextCell(const QString &cell, bool decimalComma);

} // namespace initlab::csv
