#pragma once

// The signals inside the network, one row per layer: the histogram of the pre-activations z now
// against at initialization and against the normal density the initializer aims for, and beside
// it the histogram of the activations a = f(z) with the share of saturated or dead units (hidden
// layers only, since the output layer is linear).
//
// Object names, with N the layer number from 1: "headerLabel", "legendLabel", "emptyStateLabel",
// "layerScrollArea", and per layer "layerNRow", "layerNPreActivationPlot",
// "layerNPreActivationNote", "layerNActivationPlot", "layerNActivationNote".

#include "insight.h"

#include <QWidget>

#include <memory>
#include <vector>

class QLabel;

namespace initlab {

class HistogramPlot;
struct InsightFrame;

class ActivationsView : public QWidget
{
    Q_OBJECT

public:
    explicit ActivationsView(QWidget *parent = nullptr);
    ~ActivationsView() override;

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
        HistogramPlot *preActivationPlot = nullptr;
        QLabel *preActivationNote = nullptr;
        HistogramPlot *activationPlot = nullptr;
        QLabel *activationNote = nullptr;
    };

    void rebuildRows(int count);
    Row makeRow(int layerNumber);
    void updateRow(const Row &row, const LayerInsight &layer, Activation activation);

    std::unique_ptr<InsightFrame> m_frame;
    std::vector<Row> m_rows;
    qint64 m_iteration = -1;
    bool m_presentationMode = false;
};

// The line under a pre-activation histogram: "std 0.84, initializer aims for 1.02".
QString preActivationNoteText(const LayerInsight &layer);
// The line under an activation histogram: "saturated: 12.5% (at init 3.0%)" or
// "dead units: 25% (at init 0%)"; empty when both shares are NaN.
QString activationNoteText(const LayerInsight &layer);

} // namespace initlab
