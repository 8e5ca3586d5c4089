#include "progress.h"

#include <algorithm>

ProgressBar::ProgressBar(std::FILE *stream, bool enabled, qint64 total)
    : m_stream(stream)
    , m_enabled(enabled)
    , m_total(std::max<qint64>(1, total))
{
    m_sinceStart.start();
}

void ProgressBar::update(qint64 done, double mse, bool force)
{
    if (!m_enabled)
        return;
    const qint64 now = m_sinceStart.elapsed();
    if (!force && m_lastDrawMs >= 0 && now - m_lastDrawMs < 100)
        return;
    m_lastDrawMs = now;

    constexpr int width = 30;
    const double fraction = std::clamp(double(done) / double(m_total), 0.0, 1.0);
    const int filled = int(fraction * width);
    QString bar(width, QLatin1Char(' '));
    for (int i = 0; i < filled; ++i)
        bar[i] = QLatin1Char('=');
    if (filled < width)
        bar[filled] = QLatin1Char('>');

    const double seconds = std::max(1e-9, double(now) / 1000.0);
    const QString line = QStringLiteral("\r[%1] %2%  %3/%4  MSE %5  %6 it/s ")
                             .arg(bar)
                             .arg(int(fraction * 100.0), 3)
                             .arg(done)
                             .arg(m_total)
                             .arg(mse, 0, 'g', 4)
                             .arg(qint64(double(done) / seconds));
    std::fputs(line.toLocal8Bit().constData(), m_stream);
    std::fflush(m_stream);
}

void ProgressBar::finish()
{
    if (!m_enabled || m_lastDrawMs < 0)
        return;
    std::fputs("\r\033[K", m_stream);
    std::fflush(m_stream);
}
