#include "losschart_p.h"

#include <QChart>
#include <QLegend>
#include <QLogValueAxis>
#include <QValueAxis>

namespace initlab {

// Black on white with a dark grey grid: the contrast that survives a washed-out projector.
void LossChart::Private::applyTheme()
{
    const AxisStyle presentationStyle {QPen(Qt::black, 2.0 * m_scale),
        QPen(QColor(0x40, 0x40, 0x40), 1.0 * m_scale, Qt::DotLine),
        QPen(QColor(0x90, 0x90, 0x90), 1.0 * m_scale, Qt::DotLine), QBrush(Qt::black),
        QBrush(Qt::black)};
    const AxisStyle &style = m_presentation ? presentationStyle : m_themeAxisStyle;
    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_xAxis),
             static_cast<QAbstractAxis *>(m_yLinear), static_cast<QAbstractAxis *>(m_yLog)}) {
        axis->setLinePen(style.line);
        axis->setGridLinePen(style.grid);
        axis->setMinorGridLinePen(style.minorGrid);
        axis->setLabelsBrush(style.labels);
        axis->setTitleBrush(style.title);
    }
    m_chart->legend()->setLabelColor(m_presentation ? QColor(Qt::black) : m_themeLegendColor);
    m_chart->setBackgroundVisible(m_presentation);
    m_chart->setBackgroundBrush(Qt::white);
    m_chart->setBackgroundPen(Qt::NoPen);
}

void LossChart::setPresentationMode(bool on)
{
    if (on == d->m_presentation)
        return;
    d->m_presentation = on;
    d->applyTheme();
    d->applyStyle();
    d->updateView();
}

bool LossChart::isPresentationMode() const
{
    return d->m_presentation;
}

} // namespace initlab
