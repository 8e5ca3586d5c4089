#pragma once

#include "dataset.h"

#include <QString>

namespace initlab {

struct RunConfig;

// Builds the dataset a run trains on. Generated data draws from the run's data stream; kind csv
// reads config.dataset.path, taken relative to baseDirectory when relative. A test split then
// draws from the split stream, and csv data with dataset.standardize is standardized with the
// training statistics. Throws DataError for unreadable or invalid files and ConfigError for
// invalid settings.
Dataset loadDataset(const RunConfig &config, const QString &baseDirectory = QString());

} // namespace initlab
