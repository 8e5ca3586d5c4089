#pragma once

// The weights of the network, one row per layer: the histogram of the weights now against at
// initialization, and a scatter plot of sampled weights, each at its initial value (x) against its
// value now (y), over equal axes with the diagonal y = x, so that weights that did not move sit on
// the diagonal.
//
// Object names, with N the layer number from 1: "headerLabel", "legendLabel", "emptyStateLabel",
// "layerScrollArea", and per layer "layerNRow", "layerNWeightsPlot", "layerNWeightsNote",
// "layerNWeightScatter", "layerNWeightScatterNote".

#include "layerrowsview.h"

#include <vector>

class QLabel;

namespace initlab {

class HistogramPlot;
class ScatterPlot;

class WeightsView : public LayerRowsView
{
    Q_OBJECT

public:
    explicit WeightsView(QWidget *parent = nullptr);
    ~WeightsView() override;

private:
    struct Row
    {
        HistogramPlot *weightsPlot = nullptr;
        QLabel *weightsNote = nullptr;
        ScatterPlot *scatterPlot = nullptr;
        QLabel *scatterNote = nullptr;
    };

    void addRow(QWidget *row, int layerNumber) override;
    void removeRows() override { m_rows.clear(); }
    void updateRow(std::size_t index, const InsightSnapshot &snapshot) override;
    QString headerText(const InsightSnapshot &snapshot) const override;
    void applyPresentationMode(bool on) override;

    std::vector<Row> m_rows;
};

// The line under a weight histogram: "std now 0.91, at init 0.87".
QString weightsNoteText(const LayerInsight &layer);
// The line under a weight scatter plot: "all 4 weights" or "2000 of 16384 weights, the same ones
// at every snapshot".
QString weightScatterNoteText(const LayerInsight &layer);

} // namespace initlab
