#pragma once

// The live chart of a run: training MSE (raw and smoothed), test MSE, spike bands and markers,
// hyperparameter events and a divergence marker, against the iteration.
//
// The widget keeps its own copy of the curve and never reads the trainer. It draws a decimated
// view that keeps each pixel column's minimum and maximum, and recomputes it when the visible
// range changes. Its own row of view controls sets the linear or log y-axis, the smoothing
// weight, following the latest iterations, and resets the zoom.

#include "trainingbatch.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace initlab {

// The run as the chart received it, for export. Index i of each column is iteration i.
struct LossChartData
{
    std::vector<double> train;
    // The debiased moving average at the chart's smoothing weight; empty when smoothing is off.
    std::vector<double> smoothed;
    double smoothingWeight = 0.0;
    // Empty without a test split.
    std::vector<double> test;
    // Spike events, the divergence event included.
    std::vector<SpikeReport> spikes;
};

class LossChart : public QWidget
{
    Q_OBJECT

public:
    explicit LossChart(QWidget *parent = nullptr);
    ~LossChart() override;

    // Forgets every point, spike and event and starts a new run whose x range is
    // [0, totalIterations]. initial is row 0.
    void startRun(qint64 totalIterations, const TrainingPoint &initial);
    // Appends points (iterations increasing, continuing the run), then applies spike updates and
    // events. Redraws at most once per call.
    void appendBatch(const TrainingBatch &batch);
    // Marks the run as diverged at iteration, with message shown on the chart. Axes stay finite.
    void markDiverged(qint64 iteration, const QString &message);

    // Centres the x-axis on the spike at index (in the order of SpikeUpdate::index), keeping the
    // zoom width when it is wide enough to show the whole event, and stops following.
    void showSpike(int index);
    void resetZoom();

    void setLogScale(bool on);
    bool isLogScale() const;
    // Weight of the debiased exponential moving average, in [0, 0.999]; 0 hides the smoothed line.
    void setSmoothing(double weight);
    double smoothing() const;
    void setFollowLatest(bool on);
    bool followsLatest() const;
    // A style for projectors: a white plot with black axes and a dark grid, a saturated test
    // colour, lines twice as thick and spike markers 1.25 times as large. Both grow with the font
    // as well. Off restores the normal style. Not a view option, so viewOptionsChanged() is not
    // emitted.
    void setPresentationMode(bool on);
    bool isPresentationMode() const;

    // Read-only facts, for the window's status bar and for tests.
    qint64 pointCount() const;       // points received, row 0 included
    // Points the raw, test and iteration columns take without reallocating: at least the
    // totalIterations + 1 of startRun(), so that a run's appends never copy the columns.
    qint64 reservedPointCount() const;
    int drawnPointCount() const;     // points of the decimated raw line now on screen
    int spikeCount() const;          // spike events known
    int spikeMarkerCount() const;    // peak markers on the chart
    int eventCount() const;          // hyperparameter events marked
    bool isDivergenceShown() const;

    // Copies of the columns. Empty when the run's iterations do not start at 0 or have gaps,
    // which the window never sends.
    LossChartData data() const;
    double visibleMinIteration() const;
    double visibleMaxIteration() const;

protected:
    void resizeEvent(QResizeEvent *event) override;

signals:
    // The pointer rests over the plot: iteration and training MSE of the nearest point.
    void hovered(qint64 iteration, double mse);
    void spikeClicked(int index);
    // The user changed a view control (so the window can keep it in its settings).
    void viewOptionsChanged();

private:
    class Private;
    std::unique_ptr<Private> d;
};

} // namespace initlab
