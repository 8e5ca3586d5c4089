#include "figureview.h"

#include "figurechart_p.h"

#include <QEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace initlab {

FigureView::FigureView(QWidget *parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

FigureView::~FigureView() = default;

void FigureView::setFigure(std::vector<FigureCurve> curves, const FigureStyle &style)
{
    m_curves = std::move(curves);
    m_style = style;
    m_scene.reset();
    update();
}

void FigureView::setStyle(const FigureStyle &style)
{
    m_style = style;
    m_scene.reset();
    update();
}

QSizeF FigureView::physicalCentimetres() const
{
    return QSizeF(width() / double(logicalDpiX()), height() / double(logicalDpiY())) * 2.54;
}

QSize FigureView::sizeHint() const
{
    return QSize(720, 450);
}

QSize FigureView::minimumSizeHint() const
{
    return QSize(240, 160);
}

void FigureView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), m_style.printTheme ? QColor(Qt::white) : palette().base().color());
    if (width() < 2 || height() < 2)
        return;
    if (!m_scene) {
        // The font size is clamped as exportFigure() would reject it, rather than drawn at an
        // unreadable or absurd size.
        FigureStyle style = m_style;
        style.fontPoints = std::clamp(style.fontPoints, minFigureFontPoints, maxFigureFontPoints);
        const QSizeF inches(width() / double(logicalDpiX()), height() / double(logicalDpiY()));
        const int columns =
            std::max(1, int(std::lround(width() * devicePixelRatioF())));
        m_scene = std::make_unique<FigureScene>(m_curves, style, inches, columns);
    }
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_scene->render(painter, QRectF(rect()));
}

void FigureView::resizeEvent(QResizeEvent *event)
{
    m_scene.reset();
    QWidget::resizeEvent(event);
}

void FigureView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ScreenChangeInternal)
        m_scene.reset();
    QWidget::changeEvent(event);
}

} // namespace initlab
