#pragma once

// Seeded synthetic datasets. See datagenerators.cpp for each generator's definition.

#include "dataset.h"

namespace initlab {

struct DatasetConfig;

// Builds the generated dataset config.kind (any kind but csv) with config.samples samples,
// drawing every random number from rng. Applies noise and outliers as configured, but neither the
// test split nor standardization (the caller does those). Throws ConfigError, naming the key, for
// kind csv, a sample count below the generator's minimum, or an invalid noise or outlier setting.
Dataset generateDataset(const DatasetConfig &config, Rng &rng);

} // namespace initlab
