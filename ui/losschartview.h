#pragma once

// The chart view inside LossChart: turns mouse and keyboard input into zoom, pan and hover
// requests, and lets its owner paint beneath and above the chart's items.
//
// A left-button drag zooms into a rectangle, or into x only when the drag is flat. The wheel
// zooms x around the pointer. Shift+drag, a middle-button drag and Left/Right pan, Up/Down and
// +/- zoom, and a double-click or Home resets. Positions and distances are in scene coordinates.

#include <QChartView>

#include <functional>

class QRubberBand;

namespace initlab {

class LossChartView : public QChartView
{
    Q_OBJECT

public:
    using Painter = std::function<void(QPainter &painter)>;

    explicit LossChartView(QChart *chart, QWidget *parent = nullptr);

    // Painted after the background fill and before the chart's grid and series.
    void setBackgroundPainter(Painter painter) { m_backgroundPainter = std::move(painter); }
    // Painted after every item of the chart.
    void setForegroundPainter(Painter painter) { m_foregroundPainter = std::move(painter); }

    // Share of the width that Left/Right pan by, and the zoom factor of Up/Down and one wheel
    // step (< 1 zooms in).
    static constexpr double keyPanShare = 0.1;
    static constexpr double zoomStep = 0.8;

signals:
    // A rubber band was released over sceneRect; xOnly when it was too flat to mean a y range.
    void zoomRequested(const QRectF &sceneRect, bool xOnly);
    // factor multiplies the visible x width; the point under sceneX stays in place.
    void wheelZoomed(double sceneX, double factor);
    // factor multiplies the visible x width around its centre.
    void keyZoomed(double factor);
    // The content was dragged by delta.
    void panned(const QPointF &delta);
    // Pan by share of the visible width, positive to the right (towards later iterations).
    void keyPanned(double share);
    void resetRequested();
    void pointerMoved(const QPointF &scenePosition, const QPoint &globalPosition);
    void pointerLeft();
    // A left click without a drag.
    void clicked(const QPointF &scenePosition);
    // The font changed, usually because the owner's font did.
    void fontChanged();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void changeEvent(QEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    enum class Drag { None, Zoom, Pan };

    QRubberBand *m_rubberBand = nullptr;
    Drag m_drag = Drag::None;
    QPoint m_pressPosition;
    QPoint m_lastPosition;
    Painter m_backgroundPainter;
    Painter m_foregroundPainter;
};

} // namespace initlab
