#pragma once

// Pairs (x, y) drawn as dots with QPainter, with both axes over the same range and the diagonal
// y = x dashed, so that a pair with equal values sits on the diagonal. The weights view plots each
// sampled weight at initialization (x) against its value now (y). Pairs with a NaN or infinite
// value are skipped and counted in a line above the plot.

#include <QWidget>

#include <vector>

namespace initlab {

class ScatterPlot : public QWidget
{
    Q_OBJECT

public:
    explicit ScatterPlot(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const;
    // Labels of the x and y axes, e.g. "at init" and "now".
    void setAxisLabels(const QString &xLabel, const QString &yLabel);

    // Sets the pairs (x[i], y[i]). When the sizes differ, the extra values of the longer vector
    // are ignored.
    void setPoints(const std::vector<float> &x, const std::vector<float> &y);

    // Doubles the width of every line and the size of the dots, for projectors and screenshots.
    void setPresentationMode(bool on);
    bool isPresentationMode() const;

    int pointCount() const; // finite pairs, drawn
    int skippedPointCount() const; // pairs with a NaN or infinite value, not drawn
    // "no points", "N pairs with NaN or infinite values not drawn", both, or empty.
    QString noticeText() const;

    // Square area of the dots. Both axes span [rangeLow(), rangeHigh()].
    QRectF plotRect() const;
    double rangeLow() const;
    double rangeHigh() const;
    // Widget position of the pair (x, y).
    QPointF pointPosition(double x, double y) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateRange();
    void paintPoints(QPainter &painter) const;
    void paintAxes(QPainter &painter) const;
    void paintTexts(QPainter &painter) const;
    double leftMargin() const;

    QString m_title;
    QString m_xLabel;
    QString m_yLabel;
    std::vector<QPointF> m_points;
    int m_skipped = 0;
    bool m_presentationMode = false;
    double m_rangeLow = -1.0;
    double m_rangeHigh = 1.0;
};

} // namespace initlab
