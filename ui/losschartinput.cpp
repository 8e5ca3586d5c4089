#include "losschart_p.h"

#include "losschartview.h"
#include "spikestyle.h"

#include <QChart>
#include <QCheckBox>
#include <QLabel>
#include <QToolTip>

#include <cmath>

namespace initlab {

namespace {

QString formatValue(double value)
{
    if (std::isnan(value))
        return QStringLiteral("NaN");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    return QString::number(value, 'g', 4);
}

QString formatRatio(double ratio)
{
    if (!std::isfinite(ratio))
        return LossChart::tr("infinite");
    return QString::number(ratio, ratio < 1000.0 ? 'f' : 'g', ratio < 1000.0 ? 1 : 3);
}

} // namespace

void LossChart::Private::stopFollowing()
{
    m_follow = false;
    const QSignalBlocker blocker(m_followBox);
    m_followBox->setChecked(false);
}

// Shows [min, max] after a user zoom or pan, clamped to the run and at least minXWidth wide.
// Stops following.
void LossChart::Private::zoomTo(double min, double max)
{
    const double fullWidth = fullMax() - fullMin();
    double width = std::clamp(max - min, minXWidth, fullWidth);
    if (width >= fullWidth) {
        m_zoomed = false;
    } else {
        // The centre stays within the run, so some of it is always in view.
        const double centre = std::clamp((min + max) / 2.0, fullMin(), fullMax());
        m_xMin = centre - width / 2.0;
        m_xMax = centre + width / 2.0;
        m_zoomed = true;
    }
    m_revealedPeak.reset();
    stopFollowing();
    updateView();
}

void LossChart::Private::zoomToRect(const QRectF &sceneRect, bool xOnly)
{
    const QRectF rect = sceneRect.intersected(plotRect());
    if (rect.width() < 1.0 || m_iterations.empty())
        return;
    if (!xOnly && rect.height() >= 1.0) {
        AxisRange range {sceneToY(rect.bottom()), sceneToY(rect.top())};
        if (std::isfinite(range.min) && std::isfinite(range.max) && range.max > range.min)
            m_manualY = range;
    }
    zoomTo(sceneToX(rect.left()), sceneToX(rect.right()));
}

void LossChart::Private::zoomAround(double anchor, double factor)
{
    const double min = anchor - (anchor - m_xMin) * factor;
    const double max = anchor + (m_xMax - anchor) * factor;
    zoomTo(min, max);
}

void LossChart::Private::pan(const QPointF &delta)
{
    const QRectF plot = plotRect();
    if (plot.width() < 1.0 || plot.height() < 1.0)
        return;
    const double shift = -delta.x() / plot.width() * (m_xMax - m_xMin);
    if (m_manualY) {
        const double share = delta.y() / plot.height();
        if (m_log) {
            const double shift = share * logSpan(*m_manualY);
            const double low = std::log10(m_manualY->min) + shift;
            const double high = std::log10(m_manualY->max) + shift;
            if (low >= -logRangeLimit && high <= logRangeLimit)
                m_manualY = AxisRange {std::pow(10.0, low), std::pow(10.0, high)};
        } else {
            const double offset = share * (m_manualY->max - m_manualY->min);
            m_manualY = AxisRange {m_manualY->min + offset, m_manualY->max + offset};
        }
    }
    if (!m_zoomed) {
        // Panning the whole run only moves a user-chosen y range.
        stopFollowing();
        updateView();
        return;
    }
    zoomTo(m_xMin + shift, m_xMax + shift);
}

int LossChart::Private::spikeAtMarker(const QPointF &scenePosition) const
{
    const double reach = pinnedMarkerSize * markerScale() / 2.0 + 3.0;
    const double pinnedY = yToScene(pinnedValue());
    int found = -1;
    double best = reach;
    for (std::size_t index = 0; index < m_spikes.size(); ++index) {
        const SpikeReport &report = m_spikes[index];
        const double y = isPinned(report) ? pinnedY : yToScene(report.event.peakLoss);
        const QPointF marker(xToScene(double(report.event.peak)), y);
        const double distance =
            std::hypot(marker.x() - scenePosition.x(), marker.y() - scenePosition.y());
        if (distance <= best) {
            best = distance;
            found = int(index);
        }
    }
    return found;
}

int LossChart::Private::spikeAtBand(double sceneX) const
{
    const double halfWidth = minBandWidth * m_scale / 2.0;
    for (std::size_t index = m_spikes.size(); index-- > 0;) {
        const SpikeReport &report = m_spikes[index];
        const double left = xToScene(double(report.event.start));
        const double right = xToScene(double(spikeEnd(report)));
        const double centre = (left + right) / 2.0;
        if (sceneX >= std::min(left, centre - halfWidth)
            && sceneX <= std::max(right, centre + halfWidth))
            return int(index);
    }
    return -1;
}

int LossChart::Private::eventAtLine(double sceneX) const
{
    const double reach = 3.0 * m_scale;
    for (std::size_t index = m_events.size(); index-- > 0;) {
        if (std::abs(xToScene(double(m_events[index].iteration)) - sceneX) <= reach)
            return int(index);
    }
    return -1;
}

QString LossChart::Private::spikeToolTip(int index) const
{
    const SpikeReport &report = m_spikes[std::size_t(index)];
    const SpikeEvent &event = report.event;
    QStringList lines;
    if (event.divergence)
        lines << LossChart::tr("<b>Divergence at iteration %1</b>: MSE %2")
                     .arg(event.peak)
                     .arg(formatValue(event.peakLoss));
    else
        lines << LossChart::tr("<b>Spike, peak at iteration %1</b>: MSE %2")
                     .arg(event.peak)
                     .arg(formatValue(event.peakLoss));
    if (event.end >= 0)
        lines << LossChart::tr("Iterations %1\u2013%2").arg(event.start).arg(event.end);
    else
        lines << LossChart::tr("Iterations %1\u2013%2, still open")
                     .arg(event.start)
                     .arg(spikeEnd(report));
    lines << LossChart::tr("Jump \u00d7%1 over the baseline MSE %2")
                 .arg(formatRatio(event.ratio), formatValue(event.baseline));
    if (event.levelShift)
        lines << LossChart::tr("The loss stayed high; its new level became the baseline.");
    lines << LossChart::tr("Cause: %1").arg(causeLabel(report.diagnosis.cause));
    if (!report.diagnosis.explanation.isEmpty())
        lines << report.diagnosis.explanation.toHtmlEscaped();
    if (isPinned(report))
        lines << LossChart::tr("<i>The peak lies above the visible range; its marker is pinned to "
                               "the top edge.</i>");
    return lines.join(QStringLiteral("<br>"));
}

void LossChart::Private::hover(const QPointF &scenePosition, const QPoint &globalPosition)
{
    const QRectF plot = plotRect();
    if (!plot.contains(scenePosition) || m_iterations.empty()) {
        leave();
        return;
    }

    const qint64 index = nearestIndex(sceneToX(scenePosition.x()));
    if (index != m_hoverIndex) {
        m_hoverIndex = index;
        m_readout->setText(readoutText(index));
        m_readout->setForegroundRole(QPalette::WindowText);
        emit q->hovered(m_iterations[std::size_t(index)], m_train.value(index));
    }

    QString tip;
    if (const int spike = spikeAtMarker(scenePosition); spike >= 0) {
        tip = spikeToolTip(spike);
    } else if (const int event = eventAtLine(scenePosition.x()); event >= 0) {
        tip = LossChart::tr("Iteration %1: %2")
                  .arg(m_events[std::size_t(event)].iteration)
                  .arg(m_events[std::size_t(event)].text.toHtmlEscaped());
    } else if (const int band = spikeAtBand(scenePosition.x()); band >= 0) {
        tip = spikeToolTip(band);
    }
    if (tip.isEmpty())
        QToolTip::hideText();
    else
        QToolTip::showText(globalPosition, tip, m_view);
    m_view->viewport()->update();
}

QString LossChart::Private::readoutText(qint64 index) const
{
    QString text = LossChart::tr("Iteration %1: MSE %2")
                       .arg(m_iterations[std::size_t(index)])
                       .arg(formatValue(m_train.value(index)));
    if (m_weight > 0.0 && index < m_smoothedData.size())
        text += LossChart::tr(", smoothed %1").arg(formatValue(m_smoothedData.value(index)));
    if (const double test = m_testData.value(index); std::isfinite(test))
        text += LossChart::tr(", test %1").arg(formatValue(test));
    return text;
}

void LossChart::Private::leave()
{
    if (m_hoverIndex < 0)
        return;
    m_hoverIndex = -1;
    showReadoutHint();
    QToolTip::hideText();
    m_view->viewport()->update();
}

void LossChart::Private::click(const QPointF &scenePosition)
{
    const int spike = spikeAtMarker(scenePosition);
    if (spike >= 0)
        emit q->spikeClicked(spike);
}

} // namespace initlab
