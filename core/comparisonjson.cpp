#include "comparisonjson.h"

#include "errors.h"
#include "runconfigkeys.h"

#include <QJsonArray>

#include <cmath>

namespace initlab {

using namespace runconfigkeys;

namespace {

const QStringList documentKeys {QStringLiteral("base"), QStringLiteral("compare"),
    QStringLiteral("seeds"), QStringLiteral("targetMse"), QStringLiteral("figure")};
const QStringList compareKeys {
    QStringLiteral("key"), QStringLiteral("values"), QStringLiteral("labels")};

[[noreturn]] void fail(const QString &source, const QString &key, const QString &message)
{
    throw ConfigError(key, sourcePrefix(source) + key + QStringLiteral(": ") + message);
}

// Rejects a member of object that is not in allowed, suggesting the nearest allowed name.
void rejectUnknownKeys(const QJsonObject &object, const QStringList &allowed,
    const QString &prefix, const QString &source)
{
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (allowed.contains(it.key()))
            continue;
        const QString suggestion = nearestName(it.key(), allowed);
        const QString message = suggestion.isEmpty()
            ? QStringLiteral("unknown key; the keys allowed here are %1")
                  .arg(allowed.join(QStringLiteral(", ")))
            : QStringLiteral("unknown key; did you mean %1?").arg(prefix + suggestion);
        fail(source, prefix + it.key(), message);
    }
}

// Reads a non-empty array of non-empty strings.
QStringList readTexts(const QJsonValue &value, const QString &key, const QString &example,
    const QString &source)
{
    if (!value.isArray() || value.toArray().isEmpty()) {
        fail(source, key,
            QStringLiteral("expected a non-empty array of strings such as %1, got %2")
                .arg(example, describeWrongValue(value)));
    }
    QStringList texts;
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString element = QStringLiteral("%1[%2]").arg(key).arg(i);
        if (!array[i].isString()) {
            fail(source, element,
                QStringLiteral("expected a string, got %1; write numbers in quotes, "
                               "such as \"0.05\"")
                    .arg(describeWrongValue(array[i])));
        }
        const QString text = array[i].toString().trimmed();
        if (text.isEmpty())
            fail(source, element, QStringLiteral("is empty; give a value or remove the element"));
        texts.append(text);
    }
    return texts;
}

void readCompare(const QJsonValue &value, ComparisonDocument &document, const QString &source)
{
    const QString key = QStringLiteral("compare");
    if (!value.isObject()) {
        fail(source, key,
            QStringLiteral("expected an object {\"key\": ..., \"values\": [...]}, got %1")
                .arg(describeWrongValue(value)));
    }
    const QJsonObject compare = value.toObject();
    rejectUnknownKeys(compare, compareKeys, key + QLatin1Char('.'), source);

    const QJsonValue name = compare.value(QStringLiteral("key"));
    if (!name.isString() || name.toString().trimmed().isEmpty()) {
        fail(source, QStringLiteral("compare.key"),
            QStringLiteral("expected a dotted configuration key such as \"init.weights\", got %1")
                .arg(name.isUndefined() ? QStringLiteral("nothing") : describeWrongValue(name)));
    }
    document.comparing = true;
    document.spec.key = name.toString().trimmed();
    document.spec.values = readTexts(compare.value(QStringLiteral("values")),
        QStringLiteral("compare.values"), QStringLiteral("[\"xavier_uniform\", \"he_normal\"]"),
        source);
    if (compare.contains(QStringLiteral("labels"))) {
        document.labels = readTexts(compare.value(QStringLiteral("labels")),
            QStringLiteral("compare.labels"), QStringLiteral("[\"Xavier\", \"He\"]"), source);
        if (document.labels.size() != document.spec.values.size()) {
            fail(source, QStringLiteral("compare.labels"),
                QStringLiteral("has %1 labels for %2 values; give one label per value")
                    .arg(document.labels.size())
                    .arg(document.spec.values.size()));
        }
    }
}

int readSeeds(const QJsonValue &value, const QString &source)
{
    const double seeds = value.toDouble(-1);
    if (!value.isDouble() || seeds != std::trunc(seeds) || seeds < 1
        || seeds > maxComparisonSeeds) {
        fail(source, QStringLiteral("seeds"),
            QStringLiteral("%1 is not allowed; expected an integer from 1 to %2")
                .arg(formatValue(value))
                .arg(maxComparisonSeeds));
    }
    return int(seeds);
}

double readTargetMse(const QJsonValue &value, const QString &source)
{
    const double target = value.toDouble(-1);
    if (!value.isDouble() || !std::isfinite(target) || target < 0) {
        fail(source, QStringLiteral("targetMse"),
            QStringLiteral("%1 is not allowed; expected a finite number of at least 0")
                .arg(formatValue(value)));
    }
    return target;
}

} // namespace

bool isComparisonDocument(const QJsonObject &object)
{
    return object.contains(QStringLiteral("base"));
}

QJsonObject toJson(const ComparisonDocument &document)
{
    QJsonObject object;
    object.insert(QStringLiteral("base"), toJson(document.spec.base));
    if (document.comparing) {
        QJsonObject compare;
        compare.insert(QStringLiteral("key"), document.spec.key);
        compare.insert(QStringLiteral("values"), QJsonArray::fromStringList(document.spec.values));
        if (!document.labels.isEmpty())
            compare.insert(QStringLiteral("labels"), QJsonArray::fromStringList(document.labels));
        object.insert(QStringLiteral("compare"), compare);
    }
    object.insert(QStringLiteral("seeds"), document.spec.seeds);
    if (std::isfinite(document.spec.targetMse))
        object.insert(QStringLiteral("targetMse"), document.spec.targetMse);
    if (!document.figure.isEmpty())
        object.insert(QStringLiteral("figure"), document.figure);
    return object;
}

ComparisonDocument comparisonDocumentFromJson(const QJsonObject &object, const QString &source)
{
    rejectUnknownKeys(object, documentKeys, QString(), source);
    const QJsonValue base = object.value(QStringLiteral("base"));
    if (!base.isObject()) {
        fail(source, QStringLiteral("base"),
            QStringLiteral("expected the run configuration as an object, got %1")
                .arg(base.isUndefined() ? QStringLiteral("nothing") : describeWrongValue(base)));
    }

    ComparisonDocument document;
    // Keys of the base are named as in a plain configuration, so the source names the member.
    document.spec.base = runConfigFromJson(base.toObject(),
        QStringLiteral("%1, in \"base\"").arg(source.isEmpty() ? QStringLiteral("document") : source));
    if (object.contains(QStringLiteral("compare"))) {
        readCompare(object.value(QStringLiteral("compare")), document, source);
    } else {
        document.spec.key = QStringLiteral("seed");
        document.spec.values = {QString::number(document.spec.base.seed)};
    }
    if (object.contains(QStringLiteral("seeds")))
        document.spec.seeds = readSeeds(object.value(QStringLiteral("seeds")), source);
    if (object.contains(QStringLiteral("targetMse")))
        document.spec.targetMse = readTargetMse(object.value(QStringLiteral("targetMse")), source);
    if (object.contains(QStringLiteral("figure"))) {
        const QJsonValue figure = object.value(QStringLiteral("figure"));
        if (!figure.isObject()) {
            fail(source, QStringLiteral("figure"),
                QStringLiteral("expected an object of figure settings, got %1")
                    .arg(describeWrongValue(figure)));
        }
        document.figure = figure.toObject();
    }

    try {
        comparisonConfigs(document.spec);
    } catch (const ConfigError &error) {
        throw ConfigError(error.key(),
            sourcePrefix(source) + QStringLiteral("compare: ") + QString::fromStdString(error.what()));
    }
    return document;
}

} // namespace initlab
