#pragma once

#include "trainer.h"

#include <QJsonObject>

namespace initlab {

// {"layers": [{"weights": [[...one row per unit...]], "bias": [...]}, ...]}, each weight row
// holding that unit's incoming weights, so layers[l].weights is (units x inputs).
QJsonObject parametersToJson(const NetworkParameters &parameters);

// {"initial": {...}, "final": {...}} for a trainer's initial and current parameters.
QJsonObject weightsToJson(const Trainer &trainer);

} // namespace initlab
