#include "spiketablemodel.h"

#include "spikestyle.h"

#include <QLocale>

namespace initlab {

SpikeTableModel::SpikeTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void SpikeTableModel::clear()
{
    beginResetModel();
    m_reports.clear();
    endResetModel();
}

void SpikeTableModel::apply(const std::vector<SpikeUpdate> &updates)
{
    for (const SpikeUpdate &update : updates) {
        if (update.index < 0)
            continue;
        const auto index = std::size_t(update.index);
        if (index < m_reports.size()) {
            m_reports[index] = update.report;
            emit dataChanged(
                this->index(update.index, 0), this->index(update.index, ColumnCount - 1));
            continue;
        }
        // The worker reports events in order, so a new index is normally the next row. After a
        // gap, which would mean lost updates, the missing rows stay empty.
        const int first = int(m_reports.size());
        beginInsertRows({}, first, update.index);
        m_reports.resize(index + 1);
        m_reports[index] = update.report;
        endInsertRows();
    }
}

int SpikeTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_reports.size());
}

int SpikeTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SpikeTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= int(m_reports.size()))
        return {};
    const SpikeReport &report = m_reports[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return display(report, index.column());
    case Qt::DecorationRole:
        if (index.column() == Cause)
            return causeColor(report.diagnosis.cause);
        return {};
    case Qt::ToolTipRole:
        if (index.column() == Cause || index.column() == Explanation)
            return report.diagnosis.explanation;
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() <= Ratio)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant SpikeTableModel::display(const SpikeReport &report, int column) const
{
    const QLocale locale;
    const SpikeEvent &event = report.event;
    switch (column) {
    case Start:
        return locale.toString(event.start);
    case Peak:
        return locale.toString(event.peak);
    case End:
        return event.end < 0 ? tr("open") : locale.toString(event.end);
    case Ratio:
        return formatRatio(event);
    case Cause:
        return causeLabel(report.diagnosis.cause);
    case Explanation:
        return report.diagnosis.explanation;
    default:
        return {};
    }
}

QVariant SpikeTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Start:
        return tr("Start");
    case Peak:
        return tr("Peak");
    case End:
        return tr("End");
    case Ratio:
        return tr("Jump");
    case Cause:
        return tr("Cause");
    case Explanation:
        return tr("Explanation");
    default:
        return {};
    }
}

QString formatRatio(const SpikeEvent &event)
{
    if (event.divergence)
        return SpikeTableModel::tr("diverged");
    return QStringLiteral("\u00d7 %1")
        .arg(QLocale().toString(event.ratio, 'f', event.ratio < 10 ? 2 : 1));
}

} // namespace initlab
