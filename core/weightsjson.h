#pragma once

#include "trainer.h"

#include <QJsonObject>

namespace initlab {

// Converts parameters to {"layers": [{"weights": [[...one row per unit...]], "bias": [...]}, ...]}.
// Each weight row contains that unit's incoming weights, so layers[l].weights is (units x inputs).
QJsonObject parametersToJson(const NetworkParameters &parameters);

// Converts a trainer's initial and current parameters to {"initial": {...}, "final": {...}}.
QJsonObject weightsToJson(const Trainer &trainer);

} // namespace initlab
