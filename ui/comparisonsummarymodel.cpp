#include "comparisonsummarymodel.h"

#include "figure.h"

#include <QColor>
#include <QLocale>

#include <cmath>
#include <limits>

namespace initlab {

namespace {

constexpr double missing = std::numeric_limits<double>::infinity();

// The shortest text that reads back as the same double.
QString fullPrecision(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace

QString formatSummaryMse(double mse)
{
    return QString::number(mse, 'g', 4);
}

ComparisonSummaryModel::ComparisonSummaryModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void ComparisonSummaryModel::setResult(const ComparisonResult &result)
{
    beginResetModel();
    m_rows.clear();
    m_key = result.key;
    m_seeds = result.seeds;
    m_targetMse = result.targetMse;
    if (!result.cancelled) {
        for (const ComparisonValueResult &value : result.values)
            m_rows.push_back({value.value, value.summary});
    }
    endResetModel();
}

void ComparisonSummaryModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

int ComparisonSummaryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ComparisonSummaryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool ComparisonSummaryModel::hasTarget() const
{
    return !std::isnan(m_targetMse);
}

QVariant ComparisonSummaryModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case SortRole:
        if (index.column() == Value)
            return index.row();
        return sortKey(row, index.column());
    case Qt::DecorationRole:
        // The curve's colour, so that a row can be matched to its line without the legend.
        if (index.column() == Value)
            return figureCurveColor(index.row());
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == Value)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant ComparisonSummaryModel::display(const Row &row, int column) const
{
    const ComparisonSummary &summary = row.summary;
    switch (column) {
    case Value:
        return row.value;
    case MedianFinalMse:
        if (std::isnan(summary.medianFinalMse))
            return tr("all diverged");
        return formatSummaryMse(summary.medianFinalMse);
    case MeanFinalMse:
        if (std::isnan(summary.meanFinalMse))
            return tr("all diverged");
        return formatSummaryMse(summary.meanFinalMse);
    case IterationsToTarget: {
        if (!hasTarget())
            return tr("no target");
        const double median = summary.iterationsToTarget;
        if (median < 0)
            return tr("not reached");
        // The median of an even number of seeds can end in .5.
        const int decimals = median == std::floor(median) ? 0 : 1;
        return QLocale().toString(median, 'f', decimals);
    }
    case ReachedTarget:
        if (!hasTarget())
            return tr("no target");
        return tr("%1 of %2").arg(summary.reachedTargetCount).arg(m_seeds);
    case Spikes:
        return summary.spikeCount;
    case Divergences:
        return summary.divergenceCount;
    default:
        return {};
    }
}

QVariant ComparisonSummaryModel::toolTip(const Row &row, int column) const
{
    const ComparisonSummary &summary = row.summary;
    switch (column) {
    case Value:
        return row.value;
    case MedianFinalMse:
        if (std::isnan(summary.medianFinalMse))
            return tr("Every seed diverged, so there is no final MSE.");
        return tr("Median over the seeds that did not diverge: %1")
            .arg(fullPrecision(summary.medianFinalMse));
    case MeanFinalMse:
        if (std::isnan(summary.meanFinalMse))
            return tr("Every seed diverged, so there is no final MSE.");
        return tr("Mean over the seeds that did not diverge: %1")
            .arg(fullPrecision(summary.meanFinalMse));
    case IterationsToTarget:
        if (!hasTarget())
            return tr("Set a target MSE to count the iterations to reach it.");
        if (summary.iterationsToTarget < 0)
            return tr("At most half of the seeds reached MSE %1.")
                .arg(fullPrecision(m_targetMse));
        return tr("Median over the seeds of the first iteration with MSE at most %1, a seed that "
                  "never reached it counting as infinitely late: %2")
            .arg(fullPrecision(m_targetMse), fullPrecision(summary.iterationsToTarget));
    case ReachedTarget:
        if (!hasTarget())
            return tr("Set a target MSE to count the seeds that reach it.");
        return tr("Seeds whose MSE reached %1").arg(fullPrecision(m_targetMse));
    case Spikes:
        return tr("Spike events over all seeds, divergences not included");
    case Divergences:
        return tr("Seeds whose MSE became NaN or infinite");
    default:
        return {};
    }
}

double ComparisonSummaryModel::sortKey(const Row &row, int column) const
{
    const ComparisonSummary &summary = row.summary;
    switch (column) {
    case MedianFinalMse:
        return std::isnan(summary.medianFinalMse) ? missing : summary.medianFinalMse;
    case MeanFinalMse:
        return std::isnan(summary.meanFinalMse) ? missing : summary.meanFinalMse;
    case IterationsToTarget:
        return hasTarget() && summary.iterationsToTarget >= 0 ? summary.iterationsToTarget
                                                              : missing;
    case ReachedTarget:
        return summary.reachedTargetCount;
    case Spikes:
        return summary.spikeCount;
    case Divergences:
        return summary.divergenceCount;
    default:
        return missing;
    }
}

QVariant ComparisonSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Value:
            return m_key.isEmpty() ? tr("Value") : m_key;
        case MedianFinalMse:
            return tr("Final MSE\nmedian");
        case MeanFinalMse:
            return tr("Final MSE\nmean");
        case IterationsToTarget:
            return tr("Iterations\nto target");
        case ReachedTarget:
            return tr("Reached\ntarget");
        case Spikes:
            return tr("Spikes");
        case Divergences:
            return tr("Divergences");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole && section == IterationsToTarget)
        return tr("Median over the seeds of the first iteration at or below the target MSE");
    return {};
}

} // namespace initlab
