#pragma once

// Online detection of loss spikes: sudden upward jumps of the loss over its recent level.
//
// The detector receives one loss at a time and looks only backwards, so it can mark a spike at the
// iteration where it happens, during training as well as over an imported log. It works on
// log(loss), so that a curve scaled by any positive factor gives the same events. The algorithm,
// its thresholds and their defaults are described in docs/spikes.md, section "Detection".

#include <QtGlobal>

#include <optional>
#include <vector>

namespace initlab {

// Settings of a SpikeDetector. A default-constructed value contains the defaults, which the run
// configuration is meant to offer as the keys spikes.sensitivity, spikes.window, spikes.minRatio
// and spikes.warmup, with the ranges in SpikeDetectorLimits.
struct SpikeDetectorSettings
{
    // Threshold in robust-scale units: a spike must exceed the baseline log loss by more than
    // sensitivity times the scale (1.4826 x MAD of the window's log losses).
    double sensitivity = 8.0;
    // Number of trailing values, not iterations, from which the baseline and scale are computed.
    // Values inside events are left out.
    int window = 100;
    // A spike must also multiply the baseline loss by at least this factor.
    double minRatio = 2.0;
    // Number of values at the start of a run, or after reset(), that are never flagged.
    int warmup = 50;
};

// Allowed ranges of the settings, all bounds included. validate() enforces them.
struct SpikeDetectorLimits
{
    static constexpr double minSensitivity = 1.0;
    static constexpr double maxSensitivity = 100.0;
    static constexpr int minWindow = 5;
    static constexpr int maxWindow = 100000;
    static constexpr double minMinRatio = 1.0;
    static constexpr double maxMinRatio = 1e6;
    static constexpr int minWarmup = 0;
    static constexpr int maxWarmup = 1000000000;
};

// Throws ConfigError for the first setting outside SpikeDetectorLimits (or not finite). The
// error's key is spikes.sensitivity, spikes.window, spikes.minRatio or spikes.warmup, and its
// message names the value and the allowed range.
void validate(const SpikeDetectorSettings &settings);

// One detected spike, or a divergence.
struct SpikeEvent
{
    qint64 start = 0; // first flagged iteration
    qint64 peak = 0;  // iteration of the largest loss in the event
    // First iteration whose loss is back near the baseline; the last iteration seen when
    // finish() closed the event; -1 while the event is open.
    qint64 end = -1;
    double baseline = 0.0; // baseline loss when the event started: exp(median of log losses)
    double peakLoss = 0.0;
    double ratio = 0.0;    // peakLoss / baseline; infinite for a divergence
    // The loss stayed above the end threshold for a whole window. The event was closed at end
    // and its level became the new baseline.
    bool levelShift = false;
    // A NaN or infinite loss: start, peak and end are that iteration and peakLoss is that value.
    bool divergence = false;
};

class SpikeDetector
{
public:
    // Result of one add().
    enum class Change {
        None,     // no event started, grew or ended
        Started,  // a new event is open
        Grew,     // the open event has a new peak
        Ended,    // the open event was closed and appended to events()
        Diverged, // a divergence event was appended to events()
    };

    // Throws ConfigError when settings are invalid (see validate()). Allocates all buffers here,
    // with room for 64 events, so that add() allocates only when events() grows past that.
    explicit SpikeDetector(const SpikeDetectorSettings &settings = {});

    // Feeds the loss of one iteration. Iterations must increase from call to call but may skip
    // numbers, as in a log that records every tenth iteration. A NaN or infinite loss appends a
    // divergence event, once; every later call is ignored until reset(). A loss of 0 or less has
    // no logarithm: it ends an open event and is otherwise ignored. Throws std::invalid_argument
    // when iteration is not greater than the previous one. Takes amortized O(1) time,
    // independent of the window (see recomputeDivisor).
    Change add(qint64 iteration, double loss);

    // Closes an open event at the last iteration seen. Call it when a run or a log ends.
    void finish();

    // Clears all state and events for a new run, keeping the settings and the buffers.
    void reset();

    // Closed spike events and the divergence event, in the order they ended.
    const std::vector<SpikeEvent> &events() const { return m_events; }
    // The event still open, if any. Its end is -1.
    std::optional<SpikeEvent> openEvent() const;
    bool isOpen() const { return m_isOpen; }
    bool hasDiverged() const { return m_diverged; }

    // Current baseline loss, exp(median of the window's log losses), frozen while an event is
    // open; NaN before the first positive finite loss.
    double baseline() const;
    // Current robust scale of the log loss: 1.4826 x MAD, at least scaleFloor.
    double scale() const { return m_scale; }

    const SpikeDetectorSettings &settings() const { return m_settings; }

    // Smallest scale, in natural-log units, so that a perfectly smooth curve, whose MAD is
    // zero, does not flag every tiny wiggle. 0.01 is a 1% change of the loss.
    static constexpr double scaleFloor = 0.01;
    // Consistency constant 1 / Phi^-1(3/4) that makes the MAD estimate the standard deviation
    // of normally distributed values (Rousseeuw and Croux, 1993).
    static constexpr double madToSigma = 1.4826;
    // Median and MAD are recomputed after every max(1, n / recomputeDivisor) new values, where n
    // is the number of values in the window. Each recomputation costs O(n), so a value costs
    // O(recomputeDivisor) amortized, and the baseline misses at most the newest n / 25 values.
    static constexpr int recomputeDivisor = 25;
    // Values in a row back near the baseline that end an event; fewer, and a rebound continues it.
    static constexpr int settleCount = 10;

private:
    Change diverge(qint64 iteration, double loss);
    Change continueEvent(qint64 iteration, double loss, double logLoss);
    void startEvent(qint64 iteration, double loss, double logLoss);
    void closeEvent(qint64 end);
    void adoptEventLevel();
    void push(double logLoss);
    void recompute();
    bool isSpike(double logLoss) const;

    SpikeDetectorSettings m_settings;

    // Ring buffer of the last window log losses outside events: the baseline's values.
    std::vector<double> m_window;
    int m_windowHead = 0;  // index of the next write
    int m_windowCount = 0; // values stored, at most settings.window
    // Log losses of the open event, in order; never more than settings.window.
    std::vector<double> m_eventValues;
    int m_eventCount = 0;
    int m_quietCount = 0;      // values in a row near the baseline inside the open event
    qint64 m_quietStart = 0;   // iteration of the first of them
    // Work space for median and MAD, so that recomputing allocates nothing.
    std::vector<double> m_scratch;
    int m_sinceRecompute = 0;

    double m_median = 0.0; // median log loss of the window
    double m_scale = scaleFloor;
    bool m_hasBaseline = false;

    qint64 m_valuesSeen = 0;
    qint64 m_lastIteration = 0;
    bool m_hasLastIteration = false;

    bool m_isOpen = false;
    SpikeEvent m_open;
    double m_endThreshold = 0.0; // log-loss excess below which the open event ends
    bool m_diverged = false;

    std::vector<SpikeEvent> m_events;
};

} // namespace initlab
