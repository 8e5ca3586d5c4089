#pragma once

// The gradient norm of each layer against the iteration, on a logarithmic y-axis, one line per
// layer. An exploding or vanishing gradient shows as a line that leaves the others by decades.
//
// Memory and drawing stay bounded for runs of millions of iterations: each layer keeps at most
// maxPointsPerLayer points. When a layer is full, neighbouring pairs merge into the larger of
// the two, so a spike survives any number of merges. From then on, each new point is the maximum
// of as many values as each kept point covers. The series are redrawn at most every
// redrawInterval milliseconds, however often batches arrive.

#include "trainingbatch.h"

#include <QWidget>

#include <memory>
#include <vector>

class QChart;

namespace initlab {

class GradientNormsView : public QWidget
{
    Q_OBJECT

public:
    static constexpr int maxPointsPerLayer = 4000;
    static constexpr int redrawInterval = 100;

    explicit GradientNormsView(QWidget *parent = nullptr);
    ~GradientNormsView() override;

    // Forgets all points and sets up one line per layer: layerUnits[i] units in layer i + 1, the
    // last one the output layer. Legend entries read "layer 1 (32 units)", ..., "output".
    void clear(const std::vector<int> &layerUnits);
    // Adds batch.layerGradNorms, batch.layerCount values per point. Values of 0 or less, NaN and
    // infinities have no place on the log axis: they are counted and named in a note instead.
    // NaN is not counted in a row without a measurement, where TrainingPoint::gradNorm is NaN
    // and nonFinite is false (row 0, rows restored without detail).
    // A batch with another layerCount than clear() set up adds only the layers both have. Without
    // a clear() first, the first batch with layers sets up lines without unit counts.
    void appendBatch(const TrainingBatch &batch);
    // Draws the lines twice as thick, for a projector.
    void setPresentationMode(bool on);
    bool isPresentationMode() const;

    // Iteration of the last point appended, or -1 before the first.
    qint64 lastIteration() const;
    // Number of points the line of layer (numbered from 1 as in the legend) draws, or 0 for an
    // unknown layer.
    int pointCount(int layer) const;
    int layerCount() const;
    // Values not drawn because they were 0 or less, NaN or infinite.
    qint64 hiddenValueCount() const;
    // Redraws now instead of at the next tick of the redraw timer.
    void redraw();

    // The chart, with one QLineSeries per layer in layer order, for tests and export.
    QChart *chart() const;

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace initlab
