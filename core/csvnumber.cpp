#include "csvnumber.h"

#include <charconv>
#include <string>
#include <system_error>

namespace initlab::csv {

bool hasNumberSyntax(QStringView text, QChar decimalSeparator)
{
    qsizetype i = 0;
    const auto isDigitAt = [&](qsizetype k) {
        return k < text.size() && text[k] >= u'0' && text[k] <= u'9';
    };

    if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
        ++i;
    int mantissaDigits = 0;
    while (isDigitAt(i)) {
        ++i;
        ++mantissaDigits;
    }
    if (i < text.size() && text[i] == decimalSeparator) {
        ++i;
        while (isDigitAt(i)) {
            ++i;
            ++mantissaDigits;
        }
    }
    if (mantissaDigits == 0)
        return false;

    if (i < text.size() && (text[i] == u'e' || text[i] == u'E')) {
        ++i;
        if (i < text.size() && (text[i] == u'+' || text[i] == u'-'))
            ++i;
        if (!isDigitAt(i))
            return false;
        while (isDigitAt(i))
            ++i;
    }
    return i == text.size();
}

QChar decimalSeparatorOf(bool decimalComma)
{
    return decimalComma ? QChar(u',') : QChar(u'.');
}

NumberStatus parseNumber(const QString &cell, bool decimalComma, double &value)
{
    const QStringView text = QStringView(cell).trimmed();
    if (text.isEmpty())
        return NumberStatus::Empty;
    const QChar separator = decimalSeparatorOf(decimalComma);
    if (!hasNumberSyntax(text, separator))
        return NumberStatus::Invalid;

    // The syntax check leaves only ASCII. std::from_chars takes no leading '+' and only '.'.
    std::string ascii;
    ascii.reserve(std::size_t(text.size()));
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (i == 0 && c == u'+')
            continue;
        ascii += c == separator ? '.' : char(c.unicode());
    }

    const char *end = ascii.data() + ascii.size();
    const auto [ptr, error] = std::from_chars(ascii.data(), end, value);
    if (error == std::errc::result_out_of_range)
        return NumberStatus::OutOfRange;
    if (error != std::errc() || ptr != end)
        return NumberStatus::Invalid;
    return NumberStatus::Ok;
}

bool isTextCell(const QString &cell, bool decimalComma)
{
    const QStringView text = QStringView(cell).trimmed();
    return !text.isEmpty() && !hasNumberSyntax(text, decimalSeparatorOf(decimalComma));
}

} // namespace initlab::csv
