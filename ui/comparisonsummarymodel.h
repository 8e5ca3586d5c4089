#pragma once

// The summary of a comparison as a table, one row per compared value in the comparison's order.
// The columns are the value, the median and mean final MSE, the median iterations to the target
// MSE, how many seeds reached it, and the spike and divergence counts over the seeds.

#include "comparison.h"

#include <QAbstractTableModel>

#include <vector>

namespace initlab {

class ComparisonSummaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        Value,
        MedianFinalMse,
        MeanFinalMse,
        IterationsToTarget,
        ReachedTarget,
        Spikes,
        Divergences,
        ColumnCount
    };
    // The number to sort by rather than the text: for Value the row's position in the
    // comparison, else a double. A missing number (every run diverged, target not reached or not
    // set) is infinity, so it sorts last in ascending order.
    static constexpr int SortRole = Qt::UserRole;

    explicit ComparisonSummaryModel(QObject *parent = nullptr);

    // Shows the summaries of result, or no rows when it was cancelled, since a cancelled result
    // has none.
    void setResult(const ComparisonResult &result);
    void clear();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(
        int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString value;
        ComparisonSummary summary;
    };

    QVariant display(const Row &row, int column) const;
    QVariant toolTip(const Row &row, int column) const;
    double sortKey(const Row &row, int column) const;
    bool hasTarget() const;

    std::vector<Row> m_rows;
    QString m_key; // header of the Value column
    int m_seeds = 0;
    double m_targetMse = std::numeric_limits<double>::quiet_NaN();
};

// Formats an MSE with four significant digits, in exponent form below 1e-4 ("1.234e-05") and
// from 1e4 up.
QString formatSummaryMse(double mse);

} // namespace initlab
