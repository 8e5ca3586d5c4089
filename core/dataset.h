#pragma once

#include "random.h"

#include <Eigen/Core>
#include <QString>
#include <QStringList>

namespace initlab {

// Training and test data in the layout the network consumes: one sample per column.
//   trainInputs   inputs  x trainSamples
//   trainTargets  outputs x trainSamples
//   testInputs    inputs  x testSamples   (zero columns when no test split is configured)
//   testTargets   outputs x testSamples
struct Dataset
{
    Eigen::MatrixXd trainInputs;
    Eigen::MatrixXd trainTargets;
    Eigen::MatrixXd testInputs;
    Eigen::MatrixXd testTargets;

    QStringList inputNames;
    QStringList targetNames;

    // When standardized, value = (raw - mean) / scale per row; empty vectors when not standardized.
    Eigen::VectorXd inputMean;
    Eigen::VectorXd inputScale;
    Eigen::VectorXd targetMean;
    Eigen::VectorXd targetScale;

    // Indices (columns of trainInputs) of the samples made outliers on purpose; empty otherwise.
    std::vector<int> outlierSamples;

    Eigen::Index inputCount() const { return trainInputs.rows(); }
    Eigen::Index outputCount() const { return trainTargets.rows(); }
    Eigen::Index trainCount() const { return trainInputs.cols(); }
    Eigen::Index testCount() const { return testInputs.cols(); }
};

// Moves a random share of the samples (columns) of inputs and targets into the test set.
// The count held out is round(fraction * samples), and at least one sample stays for training.
// Sample order within each part follows the original order. fraction must be in [0, 1).
void splitTrainTest(Dataset &dataset, double fraction, Rng &rng);

// Standardizes inputs and targets row by row to zero mean and unit standard deviation, using
// statistics of the training part only, and records them in the dataset. A row with zero spread
// is only centred (scale 1).
void standardize(Dataset &dataset);

} // namespace initlab
