#include "spikedetector.h"

#include "errors.h"

#include <QString>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace initlab {
namespace {

QString formatSetting(double value)
{
    return QString::number(value, 'g', 17);
}

void checkNumber(const char *key, double value, double min, double max, double defaultValue)
{
    if (!std::isfinite(value)) {
        throw ConfigError(QLatin1StringView(key),
            QStringLiteral("%1: %2 is not a finite number; expected a number from %3 to %4 "
                           "(default %5)")
                .arg(QLatin1StringView(key), formatSetting(value), formatSetting(min),
                    formatSetting(max), formatSetting(defaultValue)));
    }
    if (value < min || value > max) {
        throw ConfigError(QLatin1StringView(key),
            QStringLiteral("%1: %2 is out of range; expected a number from %3 to %4 "
                           "(default %5)")
                .arg(QLatin1StringView(key), formatSetting(value), formatSetting(min),
                    formatSetting(max), formatSetting(defaultValue)));
    }
}

void checkInteger(const char *key, int value, int min, int max, int defaultValue)
{
    if (value < min || value > max) {
        throw ConfigError(QLatin1StringView(key),
            QStringLiteral("%1: %2 is out of range; expected an integer from %3 to %4 "
                           "(default %5)")
                .arg(QLatin1StringView(key))
                .arg(value)
                .arg(min)
                .arg(max)
                .arg(defaultValue));
    }
}

// Median of values[0, count), reordering them. count must be positive.
double medianInPlace(double *values, int count)
{
    double *middle = values + count / 2;
    std::nth_element(values, middle, values + count);
    if (count % 2 == 1)
        return *middle;
    // nth_element leaves the lower half before middle, so its largest is the other middle value.
    const double lower = *std::max_element(values, middle);
    return lower + (*middle - lower) / 2.0;
}

} // namespace

void validate(const SpikeDetectorSettings &settings)
{
    using Limits = SpikeDetectorLimits;
    const SpikeDetectorSettings defaults;
    checkNumber("spikes.sensitivity", settings.sensitivity, Limits::minSensitivity,
        Limits::maxSensitivity, defaults.sensitivity);
    checkInteger("spikes.window", settings.window, Limits::minWindow, Limits::maxWindow,
        defaults.window);
    checkNumber("spikes.minRatio", settings.minRatio, Limits::minMinRatio, Limits::maxMinRatio,
        defaults.minRatio);
    checkInteger("spikes.warmup", settings.warmup, Limits::minWarmup, Limits::maxWarmup,
        defaults.warmup);
}

SpikeDetector::SpikeDetector(const SpikeDetectorSettings &settings)
    : m_settings(settings)
{
    validate(settings);
    m_window.resize(std::size_t(settings.window));
    m_eventValues.resize(std::size_t(settings.window));
    m_scratch.resize(std::size_t(settings.window));
    m_events.reserve(64);
}

SpikeDetector::Change SpikeDetector::add(qint64 iteration, double loss)
{
    if (m_diverged)
        return Change::None;
    if (m_hasLastIteration && iteration <= m_lastIteration) {
        throw std::invalid_argument(
            QStringLiteral("spike detector: iteration %1 does not follow the previous iteration "
                           "%2; add losses in increasing iteration order, or call reset() before "
                           "starting another run")
                .arg(iteration)
                .arg(m_lastIteration)
                .toStdString());
    }
    m_lastIteration = iteration;
    m_hasLastIteration = true;

    if (!std::isfinite(loss))
        return diverge(iteration, loss);

    ++m_valuesSeen;
    if (loss <= 0.0) {
        // Below any positive baseline, so an open event is over; there is no log to keep.
        if (!m_isOpen)
            return Change::None;
        closeEvent(iteration);
        return Change::Ended;
    }

    const double logLoss = std::log(loss);
    if (m_isOpen)
        return continueEvent(iteration, loss, logLoss);

    if (m_valuesSeen > m_settings.warmup && isSpike(logLoss)) {
        startEvent(iteration, loss, logLoss);
        return Change::Started;
    }
    push(logLoss);
    return Change::None;
}

void SpikeDetector::finish()
{
    if (m_isOpen)
        closeEvent(m_quietCount > 0 ? m_quietStart : m_lastIteration);
}

void SpikeDetector::reset()
{
    m_windowHead = 0;
    m_windowCount = 0;
    m_eventCount = 0;
    m_sinceRecompute = 0;
    m_median = 0.0;
    m_scale = scaleFloor;
    m_hasBaseline = false;
    m_valuesSeen = 0;
    m_lastIteration = 0;
    m_hasLastIteration = false;
    m_isOpen = false;
    m_open = SpikeEvent();
    m_endThreshold = 0.0;
    m_diverged = false;
    m_events.clear();
}

std::optional<SpikeEvent> SpikeDetector::openEvent() const
{
    if (!m_isOpen)
        return std::nullopt;
    return m_open;
}

double SpikeDetector::baseline() const
{
    if (!m_hasBaseline)
        return std::numeric_limits<double>::quiet_NaN();
    return std::exp(m_median);
}

SpikeDetector::Change SpikeDetector::diverge(qint64 iteration, double loss)
{
    if (m_isOpen)
        closeEvent(iteration);

    SpikeEvent event;
    event.start = iteration;
    event.peak = iteration;
    event.end = iteration;
    event.baseline = baseline();
    event.peakLoss = loss;
    event.ratio = std::numeric_limits<double>::infinity();
    event.divergence = true;
    m_events.push_back(event);
    m_diverged = true;
    return Change::Diverged;
}

bool SpikeDetector::isSpike(double logLoss) const
{
    if (!m_hasBaseline)
        return false;
    // Both tests in log units, so that scaling the loss cannot change the outcome.
    const double excess = logLoss - m_median;
    return excess > m_settings.sensitivity * m_scale && excess >= std::log(m_settings.minRatio);
}

void SpikeDetector::startEvent(qint64 iteration, double loss, double logLoss)
{
    m_isOpen = true;
    m_open = SpikeEvent();
    m_open.start = iteration;
    m_open.peak = iteration;
    m_open.baseline = baseline();
    m_open.peakLoss = loss;
    m_open.ratio = std::exp(logLoss - m_median);

    // Hysteresis: the event ends only once the excess is below half the start threshold, so
    // noise on the way down does not split one spike into several events.
    const double startThreshold = std::max(m_settings.sensitivity * m_scale,
        std::log(m_settings.minRatio));
    m_endThreshold = startThreshold / 2.0;

    m_eventValues[0] = logLoss;
    m_eventCount = 1;
}

SpikeDetector::Change SpikeDetector::continueEvent(qint64 iteration, double loss, double logLoss)
{
    // The event ends at the first value back near the baseline, once settleCount values in a row
    // have stayed there. A rebound before that, the ringing after a spike, belongs to the event.
    const bool quiet = logLoss - m_median < m_endThreshold;
    if (quiet) {
        if (m_quietCount == 0)
            m_quietStart = iteration;
        ++m_quietCount;
        if (m_quietCount >= settleCount) {
            const int quietValues = m_quietCount;
            const int firstQuiet = m_eventCount - (quietValues - 1);
            closeEvent(m_quietStart);
            for (int k = 0; k < quietValues - 1; ++k)
                push(m_eventValues[std::size_t(firstQuiet + k)]);
            push(logLoss);
            return Change::Ended;
        }
    } else {
        m_quietCount = 0;
    }

    Change change = Change::None;
    if (loss > m_open.peakLoss) {
        m_open.peak = iteration;
        m_open.peakLoss = loss;
        m_open.ratio = std::exp(logLoss - m_median);
        change = Change::Grew;
    }

    m_eventValues[std::size_t(m_eventCount)] = logLoss;
    ++m_eventCount;
    if (m_eventCount == m_settings.window) {
        // Up for a whole window: this is the loss's new level rather than a spike.
        m_open.levelShift = true;
        closeEvent(iteration);
        adoptEventLevel();
        return Change::Ended;
    }
    return change;
}

void SpikeDetector::closeEvent(qint64 end)
{
    m_open.end = end;
    m_events.push_back(m_open);
    m_isOpen = false;
    m_eventCount = 0;
    m_quietCount = 0;
}

// Replaces the window by the values of the event just closed as a level shift.
void SpikeDetector::adoptEventLevel()
{
    std::copy(m_eventValues.begin(), m_eventValues.end(), m_window.begin());
    m_windowCount = m_settings.window;
    m_windowHead = 0;
    recompute();
}

void SpikeDetector::push(double logLoss)
{
    m_window[std::size_t(m_windowHead)] = logLoss;
    m_windowHead = (m_windowHead + 1) % m_settings.window;
    m_windowCount = std::min(m_windowCount + 1, m_settings.window);

    ++m_sinceRecompute;
    if (m_sinceRecompute >= std::max(1, m_windowCount / recomputeDivisor))
        recompute();
}

void SpikeDetector::recompute()
{
    double *values = m_scratch.data();
    std::copy_n(m_window.begin(), m_windowCount, values);
    m_median = medianInPlace(values, m_windowCount);

    for (int i = 0; i < m_windowCount; ++i)
        values[i] = std::abs(values[i] - m_median);
    const double mad = medianInPlace(values, m_windowCount);

    m_scale = std::max(madToSigma * mad, scaleFloor);
    m_hasBaseline = true;
    m_sinceRecompute = 0;
}

} // namespace initlab
