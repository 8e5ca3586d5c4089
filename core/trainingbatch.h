#pragma once

// Value types that carry a run's progress from the training thread to a front end. They own all
// their data, so a queued signal can copy them across threads.

#include "runconfig.h"
#include "spikereport.h"

#include <QMetaType>
#include <QString>

#include <vector>

namespace initlab {

// One history row as a front end draws it. Values that do not exist are NaN, as in
// IterationRecord: row 0 has no gradient norm, and testMse is NaN without a test split.
struct TrainingPoint
{
    qint64 iteration = 0;
    double mse = 0.0;
    double testMse = 0.0;
    double gradNorm = 0.0;
    double learningRate = 0.0;
    bool nonFinite = false;
};

// A new or changed spike event. index is its position in the run's list of events, oldest first:
// an index past the end of the front end's list adds the event, any other replaces it (an open
// event grows, then ends).
struct SpikeUpdate
{
    int index = 0;
    SpikeReport report;
    SpikeDetector::Change change = SpikeDetector::Change::None;
};

// Something that happened to a run at an iteration, other than a spike: a hyperparameter changed
// during training ("learning rate 0.1 -> 0.5"), a pause, a stop.
struct TrainingEvent
{
    qint64 iteration = 0;
    QString text;
};

// Everything new since the previous batch, in order.
struct TrainingBatch
{
    std::vector<TrainingPoint> points;
    // Gradient norm of each layer (weights and biases together, before clipping), layerCount
    // values per point in the order of points, layer 1 first. NaN where a point has none, as
    // row 0 and the rows a rewind restores from a history that kept them only every few rows.
    int layerCount = 0;
    std::vector<float> layerGradNorms;
    std::vector<SpikeUpdate> spikes;
    std::vector<TrainingEvent> events;
};

// Facts about a run that has just been set up, before its first update.
struct RunInfo
{
    RunConfig config;
    qint64 totalIterations = 0;
    qint64 trainSamples = 0;
    qint64 testSamples = 0;
    int inputs = 0;
    int outputs = 0;
    qint64 parameterCount = 0;
    qint64 updatesPerEpoch = 1; // ceil(trainSamples / batch size); 1 for full batch
    TrainingPoint initial;      // row 0: the initial model
};

} // namespace initlab

Q_DECLARE_METATYPE(initlab::TrainingBatch)
Q_DECLARE_METATYPE(initlab::RunInfo)
