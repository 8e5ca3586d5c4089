#pragma once

#include "runconfig.h"

#include <QString>
#include <QStringList>

namespace initlab {

// Run configurations shipped with InitLab, compiled in from resources/presets/NAME.json.

// Names of all presets, sorted, "default" first.
QStringList presetNames();

// Loads a preset; throws ConfigError for an unknown name, listing the known ones.
RunConfig loadPreset(const QString &name);

// The preset's raw JSON object, for applying --set overrides before validation.
QJsonObject presetJson(const QString &name);

} // namespace initlab
