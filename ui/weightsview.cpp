#include "weightsview.h"

#include "histogramplot.h"
#include "insightframe_p.h"
#include "insightstyle.h"
#include "scatterplot.h"

#include <QGridLayout>
#include <QLabel>

#include <algorithm>
#include <cmath>

namespace initlab {

QString weightsNoteText(const LayerInsight &layer)
{
    QStringList parts;
    if (std::isfinite(layer.weights.std))
        parts << QStringLiteral("std now ") + insightstyle::formatStatistic(layer.weights.std);
    if (std::isfinite(layer.weightsInitial.std))
        parts << QStringLiteral("at init ")
                + insightstyle::formatStatistic(layer.weightsInitial.std);
    return parts.join(QStringLiteral(", "));
}

QString weightScatterNoteText(const LayerInsight &layer)
{
    const qint64 weightCount = qint64(layer.units) * qint64(layer.inputs);
    const qint64 sampled =
        qint64(std::min(layer.initialWeightSample.size(), layer.currentWeightSample.size()));
    if (sampled == 0)
        return QStringLiteral("no weights sampled");
    if (sampled >= weightCount)
        return sampled == 1 ? QStringLiteral("the single weight")
                            : QStringLiteral("all %1 weights").arg(sampled);
    return QStringLiteral("%1 of %2 weights, the same ones at every snapshot")
        .arg(sampled)
        .arg(weightCount);
}

WeightsView::WeightsView(QWidget *parent)
    : LayerRowsView(QStringLiteral("Start or step a run to see each layer's weights."),
                    insightLegend(QStringLiteral("y = x: weights that did not move")), parent)
{ }

WeightsView::~WeightsView() = default;

QString WeightsView::headerText(const InsightSnapshot &snapshot) const
{
    const int layers = int(snapshot.layers.size());
    return QStringLiteral("Iteration %1 %2 %3 %4")
        .arg(snapshot.iteration)
        .arg(QChar(0x00B7))
        .arg(layers)
        .arg(layers == 1 ? QStringLiteral("layer") : QStringLiteral("layers"));
}

void WeightsView::applyPresentationMode(bool on)
{
    for (const Row &row : m_rows) {
        row.weightsPlot->setPresentationMode(on);
        row.scatterPlot->setPresentationMode(on);
    }
}

void WeightsView::addRow(QWidget *widget, int layerNumber)
{
    const QString prefix = QStringLiteral("layer%1").arg(layerNumber);
    Row row;
    row.weightsPlot = new HistogramPlot(widget);
    row.weightsPlot->setObjectName(prefix + QStringLiteral("WeightsPlot"));
    row.weightsPlot->setPresentationMode(isPresentationMode());
    row.weightsNote = makeNoteLabel(prefix + QStringLiteral("WeightsNote"), widget);

    row.scatterPlot = new ScatterPlot(widget);
    row.scatterPlot->setObjectName(prefix + QStringLiteral("WeightScatter"));
    row.scatterPlot->setAxisLabels(QStringLiteral("at init"), QStringLiteral("now"));
    row.scatterPlot->setPresentationMode(isPresentationMode());
    row.scatterNote = makeNoteLabel(prefix + QStringLiteral("WeightScatterNote"), widget);

    auto *layout = new QGridLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.weightsPlot, 0, 0);
    layout->addWidget(row.weightsNote, 1, 0);
    layout->addWidget(row.scatterPlot, 0, 1);
    layout->addWidget(row.scatterNote, 1, 1);
    layout->setColumnStretch(0, 3);
    layout->setColumnStretch(1, 2);
    m_rows.push_back(row);
}

void WeightsView::updateRow(std::size_t index, const InsightSnapshot &snapshot)
{
    const Row &row = m_rows[index];
    const LayerInsight &layer = snapshot.layers[index];
    row.weightsPlot->setTitle(QStringLiteral("Layer %1 weights (%2 x %3)")
                                  .arg(layer.layer)
                                  .arg(layer.units)
                                  .arg(layer.inputs));
    row.weightsPlot->setHistogram(layer.weights);
    row.weightsPlot->setInitialHistogram(layer.weightsInitial);
    row.weightsNote->setText(weightsNoteText(layer));

    row.scatterPlot->setTitle(
        QStringLiteral("Layer %1 weights now against at init").arg(layer.layer));
    row.scatterPlot->setPoints(layer.initialWeightSample, layer.currentWeightSample);
    row.scatterNote->setText(weightScatterNoteText(layer));
}

} // namespace initlab
