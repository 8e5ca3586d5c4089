#pragma once

// The function the network computes, beside the training samples it should fit. One input: the
// targets as dots and the network's curve as a line. Two inputs: a heat map of the network's
// output with the samples as dots on the same colour scale, and a colour bar. Other data shows a
// short message instead.

#include "insight.h"

#include <QColor>
#include <QImage>
#include <QWidget>

#include <memory>

class QChart;

namespace initlab {

// The colour scale of the heat map. Diverging from blue through near-white to red, centred on
// the midpoint of [min, max]. The toy data sets of two inputs are mostly classes coded as two
// target values, so the decision boundary lies at the midpoint. A diverging scale draws that
// boundary as the pale band between the two hues and shows how sure the network is on either
// side, where a sequential map would hide it somewhere in the middle of a ramp. The five
// stops are ColorBrewer's RdBu (reversed), which readers with the common forms of colour
// blindness can tell apart.
class DivergingScale
{
public:
    DivergingScale() = default;
    // min < max; a range without width is widened by 1 either side.
    DivergingScale(double min, double max);

    double min() const { return m_min; }
    double max() const { return m_max; }
    // Returns the colour of value. Values outside [min, max] get the colour of the nearer end,
    // NaN and infinities mid grey.
    QColor color(double value) const;

private:
    double m_min = 0.0;
    double m_max = 1.0;
};

class FunctionPlotView : public QWidget
{
    Q_OBJECT

public:
    explicit FunctionPlotView(QWidget *parent = nullptr);
    ~FunctionPlotView() override;

    // Shows view, measured at iteration. Meant to be called a few times a second: the series,
    // the image and the widgets are reused, not rebuilt. NaN and infinite values are left out.
    // A view whose grid does not match its values shows a message and logs a warning.
    void setFunction(const FunctionView &view, qint64 iteration);
    // Forgets the function and shows the empty state.
    void clear();
    bool hasData() const;
    // Sets the number of inputs of the run's data, named in the message shown for data that
    // cannot be drawn (FunctionView::inputs is 0 then). 0 when unknown.
    void setDataInputs(int inputs);
    // Draws lines, dots and outlines twice as thick, for a projector.
    void setPresentationMode(bool on);
    bool isPresentationMode() const;

    // For tests and export. message() is the text shown instead of a plot, empty while a plot
    // is shown. chart() draws one input, with the series "targets" and then the network's line.
    // heatMap() is the image of two inputs, columns x rows with row 0 at the bottom as drawn.
    QString message() const;
    QChart *chart() const;
    const QImage &heatMap() const;
    DivergingScale scale() const;
    int heatMapPointCount() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace initlab
