#pragma once

// The signals inside the network, one row per layer: the histogram of the pre-activations z now
// against at initialization and against the normal density the initializer aims for, and beside
// it the histogram of the activations a = f(z) with the share of saturated or dead units (hidden
// layers only, since the output layer is linear).
//
// Object names, with N the layer number from 1: "headerLabel", "legendLabel", "emptyStateLabel",
// "layerScrollArea", and per layer "layerNRow", "layerNPreActivationPlot",
// "layerNPreActivationNote", "layerNActivationPlot", "layerNActivationNote".

#include "layerrowsview.h"

#include <vector>

class QLabel;

namespace initlab {

class HistogramPlot;

class ActivationsView : public LayerRowsView
{
    Q_OBJECT

public:
    explicit ActivationsView(QWidget *parent = nullptr);
    ~ActivationsView() override;

private:
    struct Row
    {
        HistogramPlot *preActivationPlot = nullptr;
        QLabel *preActivationNote = nullptr;
        HistogramPlot *activationPlot = nullptr;
        QLabel *activationNote = nullptr;
    };

    void addRow(QWidget *row, int layerNumber) override;
    void removeRows() override { m_rows.clear(); }
    void updateRow(std::size_t index, const InsightSnapshot &snapshot) override;
    QString headerText(const InsightSnapshot &snapshot) const override;
    void applyPresentationMode(bool on) override;

    std::vector<Row> m_rows;
};

// The line under a pre-activation histogram: "std 0.84, initializer aims for 1.02".
QString preActivationNoteText(const LayerInsight &layer);
// The line under an activation histogram: "saturated: 12.5% (at init 3.0%)" or
// "dead units: 25% (at init 0%)"; empty when both shares are NaN.
QString activationNoteText(const LayerInsight &layer);

} // namespace initlab
