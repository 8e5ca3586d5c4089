#pragma once

// The frame shared by the activations and weights views: a header line, a colour legend, the text
// shown before the first snapshot, and a scroll area with one row widget per layer.

#include <QString>

class QLabel;
class QScrollArea;
class QVBoxLayout;
class QWidget;

namespace initlab {

struct InsightFrame
{
    QLabel *header = nullptr; // "headerLabel"
    QLabel *legend = nullptr; // "legendLabel"
    QLabel *emptyState = nullptr; // "emptyStateLabel"
    QScrollArea *scrollArea = nullptr; // "layerScrollArea"
    QVBoxLayout *rows = nullptr; // row widgets
};

// Builds the frame as view's layout. legend is rich text.
InsightFrame buildInsightFrame(QWidget *view, const QString &emptyText, const QString &legend);

// Shows the rows, header and legend, or only the empty-state text.
void showInsightRows(const InsightFrame &frame, bool visible);

// Appends row below the others. Rows share the height of the scroll area down to their minimum
// size, and the area scrolls below that.
void appendInsightRow(const InsightFrame &frame, QWidget *row);

// Returns a word-wrapped label for a line of text under a plot.
QLabel *makeNoteLabel(const QString &objectName, QWidget *parent);

// "32 units", "1 unit".
QString unitCountText(int units);

// The legend entry of a colour: a filled square, an outline square or a dashed line, then text.
QString legendSwatch(const QString &colorName, const QString &symbol, const QString &text);

// Returns the legend of the layer views: "now" bars, an "at initialization" outline, and the
// dashed reference line described by referenceText.
QString insightLegend(const QString &referenceText);

} // namespace initlab
