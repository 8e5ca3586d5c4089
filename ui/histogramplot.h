#pragma once

// One Histogram drawn with QPainter: the current counts as filled bars, optionally the counts at
// initialization as an outline, and optionally the normal density N(0, referenceStd^2) scaled to
// the counts as a dashed curve. Above the bars a title line, below them an x axis labelled at the
// range ends and at 0 when 0 lies inside.
//
// The x axis covers the union of both histograms' ranges. A histogram whose range has zero width
// (low == high) is drawn as one bar centred on low over an axis widened around it. The geometry
// functions return widget coordinates, so tests and tooltips can find what is drawn where.

#include "insight.h"

#include <QWidget>

#include <limits>

namespace initlab {

class HistogramPlot : public QWidget
{
    Q_OBJECT

public:
    explicit HistogramPlot(QWidget *parent = nullptr);

    void setTitle(const QString &title);
    QString title() const;

    void setHistogram(const Histogram &histogram);
    const Histogram &histogram() const;
    // Counts at initialization, drawn as an outline; a histogram without counts draws none.
    void setInitialHistogram(const Histogram &histogram);
    const Histogram &initialHistogram() const;
    // Standard deviation of the reference density; NaN, 0 or a negative value draws none.
    void setReferenceStd(double std);
    double referenceStd() const;

    // Doubles the width of every line, for projectors and screenshots.
    void setPresentationMode(bool on);
    bool isPresentationMode() const;

    // The text drawn in the plot about missing values: "no values", "N values are NaN or
    // infinite", both, or empty.
    QString noticeText() const;

    // Area of the bars.
    QRectF plotRect() const;
    // Bar of one bin; an empty rectangle for a bin out of range or with count 0. For a histogram of
    // zero width, bin 0 is the single bar with every count and the other bins are empty.
    QRectF barRect(int bin) const;
    // Widget x of a value and widget y of a count.
    double xPosition(double value) const;
    double yPosition(double count) const;
    // Count per bin of the reference curve at value: total * binWidth * density(value); 0 when the
    // plot draws no reference curve.
    double referenceCount(double value) const;
    // Widget y of the reference curve at value (drawn only inside plotRect()).
    double referenceY(double value) const;
    // Count at the top of the plot area.
    double countRange() const;
    bool drawsReference() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    void updateScale();
    double zeroWidthBarWidth() const;
    void paintBars(QPainter &painter) const;
    void paintInitialOutline(QPainter &painter) const;
    void paintReference(QPainter &painter) const;
    void paintAxis(QPainter &painter) const;
    void paintTexts(QPainter &painter) const;

    QString m_title;
    Histogram m_histogram;
    Histogram m_initial;
    double m_referenceStd = std::numeric_limits<double>::quiet_NaN();
    bool m_presentationMode = false;

    // The x range drawn and the count at the top of the plot area, from updateScale().
    double m_viewLow = -1.0;
    double m_viewHigh = 1.0;
    double m_countRange = 1.0;
};

} // namespace initlab
