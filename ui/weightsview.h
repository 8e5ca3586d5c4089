#pragma once

// The weights of the network, one row per layer: the histogram of the weights now against at
// initialization, and a scatter plot of sampled weights, each at its initial value (x) against its
// value now (y), over equal axes with the diagonal y = x, so that weights that did not move sit on
// the diagonal.
//
// Object names, with N the layer number from 1: "headerLabel", "legendLabel", "emptyStateLabel",
// "layerScrollArea", and per layer "layerNRow", "layerNWeightsPlot", "layerNWeightsNote",
// "layerNWeightScatter", "layerNWeightScatterNote".

#include "insight.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;

namespace initlab {

class HistogramPlot;
class ScatterPlot;
struct InsightFrame;

class WeightsView : public QWidget
{
    Q_OBJECT

public:
    explicit WeightsView(QWidget *parent = nullptr);
    ~WeightsView() override;

    // Shows snapshot. Rows are updated in place while the layer count stays the same, so a
    // stream of snapshots does not create widgets. A snapshot without layers shows the empty state.
    void setSnapshot(const InsightSnapshot &snapshot);
    // Shows the empty state until the next snapshot.
    void clear();
    bool hasData() const;
    // Iteration of the snapshot shown; -1 without data.
    qint64 iteration() const;
    // Doubles the width of every plot line, for projectors and screenshots.
    void setPresentationMode(bool on);

private:
    struct Row
    {
        QWidget *widget = nullptr;
        HistogramPlot *weightsPlot = nullptr;
        QLabel *weightsNote = nullptr;
        ScatterPlot *scatterPlot = nullptr;
        QLabel *scatterNote = nullptr;
    };

    void rebuildRows(int count);
    Row makeRow(int layerNumber);
    static void updateRow(const Row &row, const LayerInsight &layer);

    std::unique_ptr<InsightFrame> m_frame;
    std::vector<Row> m_rows;
    qint64 m_iteration = -1;
    bool m_presentationMode = false;
};

// The line under a weight histogram: "std now 0.91, at init 0.87".
QString weightsNoteText(const LayerInsight &layer);
// The line under a weight scatter plot: "all 4 weights" or "2000 of 16384 weights, the same ones
// at every snapshot".
QString weightScatterNoteText(const LayerInsight &layer);

} // namespace initlab
