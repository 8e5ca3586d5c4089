#pragma once

// Spike events with their diagnosis, as InitLab reports them: in JSON files and in tables.

#include "diagnosis.h"
#include "losslog.h"
#include "spikedetector.h"

#include <QJsonArray>
#include <QJsonObject>

#include <vector>

namespace initlab {

struct SpikeReport
{
    SpikeEvent event;
    SpikeMeasurements measurements;
    Diagnosis diagnosis;
};

// {"start", "peak", "end", "baseline", "peak_loss", "ratio", "divergence", "level_shift",
//  "cause", "explanation", "measurements": {...}}. Measurements that were not taken are null. A
// non-finite peak_loss or ratio is the string "inf", "-inf" or "nan", since JSON has no such
// numbers.
QJsonObject toJson(const SpikeReport &report);
QJsonArray toJson(const std::vector<SpikeReport> &reports);

// Runs the detector over an imported log and closes any event still open at its end. Imported
// logs carry no measurements, so the cause of every event, divergences included, is unknown.
std::vector<SpikeReport> detectSpikes(const LossLog &log, const SpikeDetectorSettings &settings);

} // namespace initlab
