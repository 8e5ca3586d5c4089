#include "layerrowsview.h"

#include "insightframe_p.h"

#include <QLabel>

namespace initlab {

LayerRowsView::LayerRowsView(const QString &emptyText, const QString &legend, QWidget *parent)
    : QWidget(parent)
    , m_frame(std::make_unique<InsightFrame>(buildInsightFrame(this, emptyText, legend)))
{ }

LayerRowsView::~LayerRowsView() = default;

void LayerRowsView::setSnapshot(const InsightSnapshot &snapshot)
{
    if (snapshot.layers.empty()) {
        clear();
        return;
    }
    if (m_rows.size() != snapshot.layers.size())
        rebuildRows(snapshot.layers.size());

    m_frame->header->setText(headerText(snapshot));
    for (std::size_t i = 0; i < m_rows.size(); ++i)
        updateRow(i, snapshot);

    m_iteration = snapshot.iteration;
    showInsightRows(*m_frame, true);
}

void LayerRowsView::clear()
{
    rebuildRows(0);
    m_iteration = -1;
    m_frame->header->clear();
    showInsightRows(*m_frame, false);
}

void LayerRowsView::setPresentationMode(bool on)
{
    m_presentationMode = on;
    applyPresentationMode(on);
}

void LayerRowsView::rebuildRows(std::size_t count)
{
    removeRows();
    for (QWidget *row : m_rows)
        delete row;
    m_rows.clear();
    for (std::size_t i = 0; i < count; ++i) {
        const int layerNumber = int(i) + 1;
        auto *row = new QWidget;
        row->setObjectName(QStringLiteral("layer%1Row").arg(layerNumber));
        addRow(row, layerNumber);
        m_rows.push_back(row);
        appendInsightRow(*m_frame, row);
    }
}

} // namespace initlab
