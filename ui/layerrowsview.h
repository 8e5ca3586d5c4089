#pragma once

// The base of the views that show one row per layer of an InsightSnapshot (activations, weights):
// a header line, a colour legend, the empty state before the first snapshot, and the rows in a
// scroll area. Rows are updated in place while the layer count stays the same, so a stream of
// snapshots does not create widgets.

#include "insight.h"

#include <QWidget>

#include <memory>
#include <vector>

namespace initlab {

struct InsightFrame;

class LayerRowsView : public QWidget
{
    Q_OBJECT

public:
    ~LayerRowsView() override;

    // Shows snapshot; a snapshot without layers shows the empty state.
    void setSnapshot(const InsightSnapshot &snapshot);
    // Shows the empty state until the next snapshot.
    void clear();
    bool hasData() const { return m_iteration >= 0; }
    // Iteration of the snapshot shown; -1 without data.
    qint64 iteration() const { return m_iteration; }
    // Doubles the width of every plot line, for projectors and screenshots.
    void setPresentationMode(bool on);
    bool isPresentationMode() const { return m_presentationMode; }

protected:
    // emptyText is shown before the first snapshot; legend is rich text.
    LayerRowsView(const QString &emptyText, const QString &legend, QWidget *parent);

    // Adds the plots of the layer numbered layerNumber (from 1) to row, which the base owns.
    virtual void addRow(QWidget *row, int layerNumber) = 0;
    // Forgets the plots of every row; the base deletes the row widgets.
    virtual void removeRows() = 0;
    virtual void updateRow(std::size_t index, const InsightSnapshot &snapshot) = 0;
    virtual QString headerText(const InsightSnapshot &snapshot) const = 0;
    virtual void applyPresentationMode(bool on) = 0;

private:
    void rebuildRows(std::size_t count);

    std::unique_ptr<InsightFrame> m_frame;
    std::vector<QWidget *> m_rows;
    qint64 m_iteration = -1;
    bool m_presentationMode = false;
};

} // namespace initlab
