#pragma once

#include "history.h"

#include <QByteArray>
#include <QStringList>

class QIODevice;

namespace initlab {

// Writes a run's history as CSV, one row per iteration, in the column order of historyCsvHeader().
// Numbers are written in the shortest form that reads back to the same value (std::to_chars), so
// the file contains exactly the values of the history. Cells of values that do not exist for a row
// (row 0's gradient, a ratio with all-zero parameters, per-layer values between kept rows) are
// empty; NaN and infinite values are written as nan, inf and -inf. The test_mse column is present
// only when hasTestSet is true. Returns false when the device reports a write error.
bool writeHistoryCsv(const History &history, bool hasTestSet, QIODevice &device);

// Column names: iteration, mse, batch_mse, grad_norm, learning_rate, update_ratio, [test_mse,]
// non_finite, spike, grad_norm_layer1, ..., grad_norm_layerN.
QStringList historyCsvHeader(int layerCount, bool hasTestSet);

} // namespace initlab
