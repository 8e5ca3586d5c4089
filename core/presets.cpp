#include "presets.h"

#include "errors.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>

namespace initlab {
namespace {

const QString presetDirectory = QStringLiteral(":/presets");

QString presetPath(const QString &name)
{
    return presetDirectory + QLatin1Char('/') + name + QStringLiteral(".json");
}

QByteArray readPreset(const QString &name)
{
    QFile file(presetPath(name));
    if (name.isEmpty() || name.contains(QLatin1Char('/')) || !file.open(QIODevice::ReadOnly)) {
        throw ConfigError(QString(), QStringLiteral("unknown preset \"%1\"; available presets: %2")
                                         .arg(name, presetNames().join(QStringLiteral(", "))));
    }
    return file.readAll();
}

} // namespace

QStringList presetNames()
{
    QStringList names;
    const QStringList files = QDir(presetDirectory).entryList({QStringLiteral("*.json")},
                                                              QDir::Files, QDir::Name);
    for (const QString &file : files)
        names.append(file.chopped(5));
    if (names.removeOne(QStringLiteral("default")))
        names.prepend(QStringLiteral("default"));
    return names;
}

RunConfig loadPreset(const QString &name)
{
    return parseRunConfig(readPreset(name), QStringLiteral("preset %1").arg(name));
}

QJsonObject presetJson(const QString &name)
{
    // Shipped presets are valid JSON objects; the preset tests check each one.
    return QJsonDocument::fromJson(readPreset(name)).object();
}

} // namespace initlab
