#pragma once

#include <QElapsedTimer>
#include <QString>

#include <cstdio>

// A one-line progress bar redrawn in place on a terminal: bar, percentage, iteration, current MSE
// and speed. Redraws at most ten times a second; draws nothing when disabled.
class ProgressBar
{
public:
    ProgressBar(std::FILE *stream, bool enabled, qint64 total);

    // Redraws when the last redraw is at least 100 ms old or force is set.
    void update(qint64 done, double mse, bool force = false);
    // Clears the line so that later output starts on a clean line.
    void finish();

private:
    std::FILE *m_stream;
    bool m_enabled;
    qint64 m_total;
    QElapsedTimer m_sinceStart;
    qint64 m_lastDrawMs = -1;
};
