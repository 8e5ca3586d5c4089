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

void FigureView::setPageInches(const QSizeF &inches)
{
    m_pageInches = inches.isValid() && !inches.isEmpty() ? inches : QSizeF();
    m_scene.reset();
    update();
}

QRectF FigureView::figureRect() const
{
    if (m_pageInches.isEmpty())
        return QRectF(rect());
    const QSizeF fitted = m_pageInches.scaled(QSizeF(size()), Qt::KeepAspectRatio);
    return QRectF(
        QPointF((width() - fitted.width()) / 2.0, (height() - fitted.height()) / 2.0), fitted);
}

void FigureView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRectF target = figureRect();
    if (!m_pageInches.isEmpty())
        painter.fillRect(rect(), palette().window().color().darker(115));
    painter.fillRect(target, m_style.printTheme ? QColor(Qt::white) : palette().base().color());
    if (target.width() < 2.0 || target.height() < 2.0)
        return;
    ensureScene();
    painter.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    m_scene->render(painter, target);
}

void FigureView::ensureScene()
{
    if (m_scene)
        return;
    // The font size is clamped as exportFigure() would reject it, rather than drawn at an
    // unreadable or absurd size.
    FigureStyle style = m_style;
    style.fontPoints = std::clamp(style.fontPoints, minFigureFontPoints, maxFigureFontPoints);
    const QSizeF inches = m_pageInches.isEmpty()
        ? QSizeF(std::max(width(), 1) / double(logicalDpiX()),
            std::max(height(), 1) / double(logicalDpiY()))
        : m_pageInches;
    const int columns = std::max(1, int(std::lround(figureRect().width() * devicePixelRatioF())));
    m_scene = std::make_unique<FigureScene>(m_curves, style, inches, columns);
}

QStringList FigureView::shortenedTexts()
{
    ensureScene();
    return m_scene->shortenedTexts();
}

void FigureView::resizeEvent(QResizeEvent *event)
{
    // In page mode the layout does not depend on the view's size, only the decimation does.
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
