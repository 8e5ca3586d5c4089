// applyOverride(): sets one key of a JSON run configuration from command-line text.

#include "runconfig.h"

#include "errors.h"
#include "runconfigkeys.h"

#include <QJsonArray>

#include <charconv>
#include <climits>
#include <cmath>

namespace initlab {

using namespace runconfigkeys;

namespace {

[[noreturn]] void failOverride(const QString &key, const QString &text, const QString &problem)
{
    throw ConfigError(key, QStringLiteral("%1: %2 %3").arg(key, quoted(text), problem));
}

// Parses a decimal number independently of the locale: "0.5", "-2", "1e-3", " +4 ". Returns
// std::nullopt for anything else, including group separators, hexadecimal and inner spaces.
std::optional<double> parseNumber(QStringView text)
{
    const QByteArray bytes = text.trimmed().toLatin1();
    const char *begin = bytes.constData();
    const char *end = begin + bytes.size();
    if (begin != end && *begin == '+' && end - begin > 1 && begin[1] != '-')
        ++begin;
    if (begin == end)
        return std::nullopt;

    double value = 0;
    const auto [stop, error] = std::from_chars(begin, end, value);
    if (error != std::errc() || stop != end)
        return std::nullopt;
    return value;
}

QJsonValue convertNumber(const QString &key, const QString &text)
{
    const std::optional<double> number = parseNumber(text);
    const QString expected = QStringLiteral("expected a decimal number such as 0.5 or 1e-3");
    if (!number)
        failOverride(key, text, QStringLiteral("is not a number; ") + expected);
    if (!std::isfinite(*number))
        failOverride(key, text, QStringLiteral("is not a finite number; ") + expected);
    return *number;
}

// Integers may be written with an exponent ("1e4") when the value is whole. A value beyond what a
// double represents exactly is passed on as a number, so that parsing reports it with the key's range.
QJsonValue convertInteger(const QString &key, const QString &text)
{
    const std::optional<double> number = parseNumber(text);
    if (!number || !std::isfinite(*number) || *number != std::trunc(*number)) {
        failOverride(key, text,
                     QStringLiteral("is not an integer; expected a whole number such as 100"));
    }
    if (std::abs(*number) > double(maxSeed))
        return *number;
    return qint64(*number);
}

QJsonValue convertBoolean(const QString &key, const QString &text)
{
    const QString word = text.trimmed().toLower();
    if (word == QLatin1StringView("true") || word == QLatin1StringView("yes")
        || word == QLatin1StringView("1"))
        return true;
    if (word == QLatin1StringView("false") || word == QLatin1StringView("no")
        || word == QLatin1StringView("0"))
        return false;
    failOverride(key, text,
                 QStringLiteral("is not a boolean; expected true, false, yes, no, 1 or 0"));
}

// Splits "a,b", "[a, b]" or "a" into trimmed items. An empty text or "[]" gives no items.
QStringList splitList(const QString &text)
{
    QString body = text.trimmed();
    if (body.startsWith(QLatin1Char('[')) && body.endsWith(QLatin1Char(']')))
        body = body.mid(1, body.size() - 2).trimmed();
    if (body.isEmpty())
        return QStringList();
    QStringList items = body.split(QLatin1Char(','));
    for (QString &item : items)
        item = item.trimmed();
    return items;
}

QJsonValue convertLayerSizes(const QString &key, const QString &text)
{
    QJsonArray sizes;
    for (const QString &item : splitList(text)) {
        const std::optional<double> number = parseNumber(item);
        if (!number || !std::isfinite(*number) || *number != std::trunc(*number)
            || std::abs(*number) > double(INT_MAX)) {
            failOverride(key, text,
                         QStringLiteral("is not a list of layer sizes because %1 is not an "
                                        "integer; expected integers separated by commas, such "
                                        "as 8,8 or [8, 8]")
                             .arg(quoted(item)));
        }
        sizes.append(qint64(*number));
    }
    return sizes;
}

// Column names may be quoted, as in ["y", "z"], so that the JSON form works too.
QJsonValue convertColumns(const QString &text)
{
    QJsonArray columns;
    for (QString item : splitList(text)) {
        const bool isQuoted = item.size() >= 2 && item.startsWith(QLatin1Char('"'))
            && item.endsWith(QLatin1Char('"'));
        if (isQuoted)
            item = item.mid(1, item.size() - 2);
        columns.append(item);
    }
    return columns;
}

QJsonValue convertOverride(const KeyInfo &info, const QString &key, const QString &text)
{
    switch (info.type) {
    case KeyType::String:
        return text;
    case KeyType::Choice:
        return text.trimmed();
    case KeyType::Boolean:
        return convertBoolean(key, text);
    case KeyType::Integer:
        return convertInteger(key, text);
    case KeyType::Number:
        return convertNumber(key, text);
    case KeyType::StringList:
        return convertColumns(text);
    case KeyType::IntegerList:
        return convertLayerSizes(key, text);
    case KeyType::Gain:
        if (text.trimmed().compare(QLatin1StringView("auto"), Qt::CaseInsensitive) == 0)
            return QStringLiteral("auto");
        if (!parseNumber(text)) {
            failOverride(key, text,
                         QStringLiteral("is not a valid gain; expected a number such as 1.5, or "
                                        "auto"));
        }
        return convertNumber(key, text);
    }
    return QJsonValue();
}

} // namespace

void applyOverride(QJsonObject &config, const QString &dottedKey, const QString &value)
{
    if (isSection(dottedKey)) {
        const QString keys = namesInSection(dottedKey).join(QStringLiteral(", "));
        throw ConfigError(dottedKey, QStringLiteral("%1: this is a section, not a key; set one of "
                                                    "its keys instead: %2")
                                         .arg(dottedKey, keys));
    }
    const KeyInfo *info = findKey(dottedKey);
    if (!info)
        throw ConfigError(dottedKey,
                          dottedKey + QStringLiteral(": ") + unknownKeyMessage(dottedKey));

    const QJsonValue converted = convertOverride(*info, dottedKey, value);
    const QString name = QString::fromLatin1(info->name);
    if (*info->section == '\0') {
        config.insert(name, converted);
        return;
    }

    const QString section = QString::fromLatin1(info->section);
    const QJsonValue existing = config.value(section);
    if (!existing.isUndefined() && !existing.isObject()) {
        throw ConfigError(section, QStringLiteral("%1: expected an object, got %2; cannot set %3")
                                       .arg(section, describeWrongValue(existing), dottedKey));
    }
    QJsonObject object = existing.toObject();
    object.insert(name, converted);
    config.insert(section, object);
}

} // namespace initlab
