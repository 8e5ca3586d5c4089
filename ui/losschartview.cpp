#include "losschartview.h"

#include <QApplication>
#include <QGraphicsScene>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QRubberBand>
#include <QWheelEvent>

#include <cmath>

namespace initlab {

LossChartView::LossChartView(QChart *chart, QWidget *parent)
    : QChartView(chart, parent)
    , m_rubberBand(new QRubberBand(QRubberBand::Rectangle, viewport()))
{
    setRenderHint(QPainter::Antialiasing);
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(true);
    setRubberBand(QChartView::NoRubberBand);
    // The chart's items change geometry on every update; a BSP index of them costs more to keep
    // up to date than it saves.
    scene()->setItemIndexMethod(QGraphicsScene::NoIndex);
}

void LossChartView::mousePressEvent(QMouseEvent *event)
{
    m_pressPosition = event->position().toPoint();
    m_lastPosition = m_pressPosition;
    const bool pan = event->button() == Qt::MiddleButton
        || (event->button() == Qt::LeftButton && (event->modifiers() & Qt::ShiftModifier));
    if (pan) {
        m_drag = Drag::Pan;
        viewport()->setCursor(Qt::ClosedHandCursor);
    } else if (event->button() == Qt::LeftButton) {
        m_drag = Drag::Zoom;
        m_rubberBand->setGeometry(QRect(m_pressPosition, QSize()));
    } else {
        m_drag = Drag::None;
    }
    event->accept();
}

void LossChartView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint position = event->position().toPoint();
    switch (m_drag) {
    case Drag::Zoom:
        if ((position - m_pressPosition).manhattanLength() >= QApplication::startDragDistance()) {
            m_rubberBand->setGeometry(QRect(m_pressPosition, position).normalized());
            m_rubberBand->show();
        }
        break;
    case Drag::Pan:
        emit panned(mapToScene(position) - mapToScene(m_lastPosition));
        break;
    case Drag::None:
        break;
    }
    m_lastPosition = position;
    emit pointerMoved(mapToScene(position), event->globalPosition().toPoint());
    event->accept();
}

void LossChartView::mouseReleaseEvent(QMouseEvent *event)
{
    const QPoint position = event->position().toPoint();
    const bool moved =
        (position - m_pressPosition).manhattanLength() >= QApplication::startDragDistance();
    if (m_drag == Drag::Zoom) {
        m_rubberBand->hide();
        if (moved) {
            const QRect band = QRect(m_pressPosition, position).normalized();
            // A drag flatter than a line of text reads as "these iterations", not as a y range.
            const bool xOnly = band.height() < fontMetrics().height();
            emit zoomRequested(
                QRectF(mapToScene(band.topLeft()), mapToScene(band.bottomRight())), xOnly);
        } else {
            emit clicked(mapToScene(position));
        }
    }
    if (m_drag == Drag::Pan)
        viewport()->unsetCursor();
    m_drag = Drag::None;
    event->accept();
}

void LossChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    if (event->button() == Qt::LeftButton)
        emit resetRequested();
    event->accept();
}

void LossChartView::wheelEvent(QWheelEvent *event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps == 0.0) {
        event->ignore();
        return;
    }
    emit wheelZoomed(mapToScene(event->position().toPoint()).x(), std::pow(zoomStep, steps));
    event->accept();
}

void LossChartView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Left:
        emit keyPanned(-keyPanShare);
        break;
    case Qt::Key_Right:
        emit keyPanned(keyPanShare);
        break;
    case Qt::Key_Up:
    case Qt::Key_Plus:
    case Qt::Key_Equal:
        emit keyZoomed(zoomStep);
        break;
    case Qt::Key_Down:
    case Qt::Key_Minus:
        emit keyZoomed(1.0 / zoomStep);
        break;
    case Qt::Key_Home:
        emit resetRequested();
        break;
    default:
        QChartView::keyPressEvent(event);
        return;
    }
    event->accept();
}

bool LossChartView::viewportEvent(QEvent *event)
{
    // QAbstractScrollArea passes mouse events on to the handlers above, but not Leave.
    if (event->type() == QEvent::Leave)
        emit pointerLeft();
    return QChartView::viewportEvent(event);
}

void LossChartView::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::FontChange)
        emit fontChanged();
}

void LossChartView::drawBackground(QPainter *painter, const QRectF &rect)
{
    // The chart's own background is hidden, so that what the painter draws here shows.
    painter->fillRect(rect, chart()->backgroundBrush());
    if (m_backgroundPainter) {
        painter->save();
        m_backgroundPainter(*painter);
        painter->restore();
    }
}

void LossChartView::drawForeground(QPainter *painter, const QRectF &rect)
{
    QChartView::drawForeground(painter, rect);
    if (m_foregroundPainter) {
        painter->save();
        m_foregroundPainter(*painter);
        painter->restore();
    }
}

} // namespace initlab
