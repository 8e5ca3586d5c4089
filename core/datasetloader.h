#pragma once

#include "dataset.h"

#include <QString>

namespace initlab {

struct RunConfig;

// Builds the dataset a run trains on: generated from the run's data stream, or read from
// config.dataset.path for kind csv (a relative path is taken relative to baseDirectory), then
// split into training and test sets from the split stream, then, for csv data with
// dataset.standardize, standardized with the training statistics.
// Throws DataError for unreadable or invalid files and ConfigError for invalid settings.
Dataset loadDataset(const RunConfig &config, const QString &baseDirectory = QString());

} // namespace initlab
