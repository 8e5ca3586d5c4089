#pragma once

// The spike events of a run as a table: start, peak, end, ratio, cause and explanation, one row
// per event in the order the detector reported them.

#include "trainingbatch.h"

#include <QAbstractTableModel>

#include <vector>

namespace initlab {

class SpikeTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Start, Peak, End, Ratio, Cause, Explanation, ColumnCount };

    explicit SpikeTableModel(QObject *parent = nullptr);

    void clear();
    // Adds the events whose index is past the last row and replaces the others in place.
    void apply(const std::vector<SpikeUpdate> &updates);

    const SpikeReport &report(int row) const { return m_reports[std::size_t(row)]; }
    int count() const { return int(m_reports.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const SpikeReport &report, int column) const;

    std::vector<SpikeReport> m_reports;
};

// "x 12.3" for a ratio, "diverged" for a divergence.
QString formatRatio(const SpikeEvent &event);

} // namespace initlab
