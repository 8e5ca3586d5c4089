#include "runconfigkeys.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <vector>

namespace initlab::runconfigkeys {
namespace {

// Every key of the schema, in the order docs/config.md lists them.
constexpr KeyInfo knownKeys[] = {
    {"", "name", KeyType::String},
    {"", "description", KeyType::String},
    {"", "seed", KeyType::Integer},
    {"dataset", "kind", KeyType::Choice},
    {"dataset", "path", KeyType::String},
    {"dataset", "targets", KeyType::StringList},
    {"dataset", "standardize", KeyType::Boolean},
    {"dataset", "samples", KeyType::Integer},
    {"dataset", "noise", KeyType::Number},
    {"dataset", "outlierFraction", KeyType::Number},
    {"dataset", "outlierMagnitude", KeyType::Number},
    {"dataset", "testFraction", KeyType::Number},
    {"network", "hidden", KeyType::IntegerList},
    {"network", "activation", KeyType::Choice},
    {"init", "weights", KeyType::Choice},
    {"init", "bias", KeyType::Choice},
    {"init", "gain", KeyType::Gain},
    {"init", "mode", KeyType::Choice},
    {"init", "value", KeyType::Number},
    {"init", "limit", KeyType::Number},
    {"init", "stddev", KeyType::Number},
    {"init", "biasValue", KeyType::Number},
    {"training", "optimizer", KeyType::Choice},
    {"training", "learningRate", KeyType::Number},
    {"training", "batchSize", KeyType::Integer},
    {"training", "iterations", KeyType::Integer},
    {"training", "precision", KeyType::Choice},
    {"training", "momentum", KeyType::Number},
    {"training", "beta1", KeyType::Number},
    {"training", "beta2", KeyType::Number},
    {"training", "epsilon", KeyType::Number},
    {"training", "rmsAlpha", KeyType::Number},
    {"training", "weightDecay", KeyType::Number},
    {"training", "clipNorm", KeyType::Number},
    {"training", "schedule", KeyType::Choice},
    {"training", "warmupIterations", KeyType::Integer},
    {"training", "stepSize", KeyType::Integer},
    {"training", "stepGamma", KeyType::Number},
    {"training", "minLearningRate", KeyType::Number},
    {"spikes", "sensitivity", KeyType::Number},
    {"spikes", "window", KeyType::Integer},
    {"spikes", "minRatio", KeyType::Number},
    {"spikes", "warmup", KeyType::Integer},
};

constexpr const char *sectionNames[] = {"dataset", "network", "init", "training", "spikes"};

// Levenshtein distance, ignoring case, so that "learningrate" is the nearest to "learningRate".
qsizetype editDistance(const QString &first, const QString &second)
{
    const QString a = first.toLower();
    const QString b = second.toLower();
    std::vector<qsizetype> previous(b.size() + 1);
    std::vector<qsizetype> current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = j;

    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const qsizetype substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

constexpr qsizetype maxSuggestionDistance = 2;

} // namespace

QString dottedKey(const KeyInfo &key)
{
    const QString name = QString::fromLatin1(key.name);
    if (*key.section == '\0')
        return name;
    return QString::fromLatin1(key.section) + QLatin1Char('.') + name;
}

bool isSection(QStringView name)
{
    return std::any_of(std::begin(sectionNames), std::end(sectionNames),
                       [name](const char *section) { return name == QLatin1StringView(section); });
}

const KeyInfo *findKey(QStringView dotted)
{
    for (const KeyInfo &key : knownKeys) {
        if (dotted == dottedKey(key))
            return &key;
    }
    return nullptr;
}

QStringList namesInSection(QStringView section)
{
    QStringList names;
    for (const KeyInfo &key : knownKeys) {
        if (section == QLatin1StringView(key.section))
            names.append(QString::fromLatin1(key.name));
    }
    if (section.isEmpty()) {
        for (const char *name : sectionNames)
            names.append(QString::fromLatin1(name));
    }
    return names;
}

QString nearestName(const QString &text, const QStringList &candidates)
{
    QString best;
    qsizetype bestDistance = maxSuggestionDistance + 1;
    for (const QString &candidate : candidates) {
        const qsizetype distance = editDistance(text, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

namespace {

// Suggests a known dotted key for an unknown one: a near spelling first, then the same name in
// another section ("training.samples" suggests "dataset.samples").
QString suggestKey(const QString &unknown)
{
    QStringList candidates;
    for (const KeyInfo &key : knownKeys)
        candidates.append(dottedKey(key));
    for (const char *section : sectionNames)
        candidates.append(QString::fromLatin1(section));

    const QString spelling = nearestName(unknown, candidates);
    if (!spelling.isEmpty())
        return spelling;

    const QString leaf = unknown.section(QLatin1Char('.'), -1);
    for (const KeyInfo &key : knownKeys) {
        if (leaf.compare(QLatin1StringView(key.name), Qt::CaseInsensitive) == 0)
            return dottedKey(key);
    }
    return QString();
}

} // namespace

QString unknownKeyMessage(const QString &unknown)
{
    const QString suggestion = suggestKey(unknown);
    if (!suggestion.isEmpty())
        return QStringLiteral("unknown key; did you mean %1?").arg(suggestion);

    const QString section = unknown.section(QLatin1Char('.'), 0, -2);
    const bool inSection = isSection(section);
    const QStringList allowed = namesInSection(inSection ? section : QString());
    const QString level = inSection ? QStringLiteral("in ") + section
                                    : QStringLiteral("at the top level");
    return QStringLiteral("unknown key; the keys allowed %1 are %2")
        .arg(level, allowed.join(QStringLiteral(", ")));
}

QString sourcePrefix(const QString &source)
{
    return source.isEmpty() ? QString() : source + QStringLiteral(": ");
}

QString formatNumber(double value)
{
    if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < 1e18)
        return QString::number(qint64(value));
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

QString quoted(const QString &text)
{
    return QLatin1Char('"') + text + QLatin1Char('"');
}

QString formatValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        // toInteger() is exact for integers that the parser stored as 64-bit integers.
        const double number = value.toDouble();
        if (std::isfinite(number) && number == std::trunc(number) && std::abs(number) < 9e18)
            return QString::number(value.toInteger());
        return formatNumber(number);
    }
    case QJsonValue::String:
        return quoted(value.toString());
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("nothing");
}

QString describeWrongValue(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return QStringLiteral("the string %1").arg(formatValue(value));
    case QJsonValue::Array:
        return QStringLiteral("the array %1").arg(formatValue(value));
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Double:
        return QStringLiteral("the number %1").arg(formatValue(value));
    default:
        return formatValue(value);
    }
}

} // namespace initlab::runconfigkeys
