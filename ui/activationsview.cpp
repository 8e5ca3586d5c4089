#include "activationsview.h"

#include "histogramplot.h"
#include "insightframe_p.h"
#include "insightstyle.h"

#include <QGridLayout>
#include <QLabel>

#include <cmath>

namespace initlab {

namespace {

// Saturation is a share of many values, so it gets one decimal. A dead share counts whole units
// out of a few dozen, so it gets a decimal only when the percentage is not whole.
QString saturatedPercent(double share)
{
    return QString::number(100.0 * share, 'f', 1) + QLatin1Char('%');
}

QString deadPercent(double share)
{
    const double percent = 100.0 * share;
    const bool whole = std::abs(percent - std::round(percent)) < 0.05;
    return QString::number(percent, 'f', whole ? 0 : 1) + QLatin1Char('%');
}

QString shareText(const QString &name, double share, double initialShare, QString (*format)(double))
{
    QString text = name + QStringLiteral(": ") + format(share);
    if (std::isfinite(initialShare))
        text += QStringLiteral(" (at init %1)").arg(format(initialShare));
    return text;
}


} // namespace

QString preActivationNoteText(const LayerInsight &layer)
{
    QStringList parts;
    if (std::isfinite(layer.preActivation.std))
        parts << QStringLiteral("std ") + insightstyle::formatStatistic(layer.preActivation.std);
    if (std::isfinite(layer.referenceStd))
        parts << QStringLiteral("initializer aims for ")
                + insightstyle::formatStatistic(layer.referenceStd);
    return parts.join(QStringLiteral(", "));
}

QString activationNoteText(const LayerInsight &layer)
{
    QStringList lines;
    if (std::isfinite(layer.saturatedShare))
        lines << shareText(QStringLiteral("saturated"), layer.saturatedShare,
            layer.saturatedShareInitial, saturatedPercent);
    if (std::isfinite(layer.deadShare))
        lines << shareText(
            QStringLiteral("dead units"), layer.deadShare, layer.deadShareInitial, deadPercent);
    return lines.join(QLatin1Char('\n'));
}

ActivationsView::ActivationsView(QWidget *parent)
    : LayerRowsView(
          QStringLiteral("Start or step a run to see each layer's signals."),
          insightLegend(QStringLiteral("normal density with the std the initializer aims for")),
          parent)
{ }

ActivationsView::~ActivationsView() = default;

QString ActivationsView::headerText(const InsightSnapshot &snapshot) const
{
    const QChar dot(0x00B7);
    return QStringLiteral("Iteration %1 %2 %3 probe %4 %2 %5")
        .arg(snapshot.iteration)
        .arg(dot)
        .arg(snapshot.probeSamples)
        .arg(snapshot.probeSamples == 1 ? QStringLiteral("sample") : QStringLiteral("samples"))
        .arg(toString(snapshot.activation));
}

void ActivationsView::applyPresentationMode(bool on)
{
    for (const Row &row : m_rows) {
        row.preActivationPlot->setPresentationMode(on);
        row.activationPlot->setPresentationMode(on);
    }
}

void ActivationsView::addRow(QWidget *widget, int layerNumber)
{
    const QString prefix = QStringLiteral("layer%1").arg(layerNumber);
    Row row;
    row.preActivationPlot = new HistogramPlot(widget);
    row.preActivationPlot->setObjectName(prefix + QStringLiteral("PreActivationPlot"));
    row.preActivationPlot->setPresentationMode(isPresentationMode());
    row.preActivationNote = makeNoteLabel(prefix + QStringLiteral("PreActivationNote"), widget);

    row.activationPlot = new HistogramPlot(widget);
    row.activationPlot->setObjectName(prefix + QStringLiteral("ActivationPlot"));
    row.activationPlot->setPresentationMode(isPresentationMode());
    row.activationNote = makeNoteLabel(prefix + QStringLiteral("ActivationNote"), widget);
    row.activationNote->setToolTip(
        QStringLiteral("Saturated: the share of activations whose slope f'(z) is under 1% of its "
                       "maximum, so little gradient passes them. Dead units: the share of units "
                       "that are 0 for every probe sample, so they receive no gradient."));

    auto *layout = new QGridLayout(widget);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(row.preActivationPlot, 0, 0);
    layout->addWidget(row.preActivationNote, 1, 0);
    layout->addWidget(row.activationPlot, 0, 1);
    layout->addWidget(row.activationNote, 1, 1);
    layout->setColumnStretch(0, 1);
    layout->setColumnStretch(1, 1);
    m_rows.push_back(row);
}

void ActivationsView::updateRow(std::size_t index, const InsightSnapshot &snapshot)
{
    const Row &row = m_rows[index];
    const LayerInsight &layer = snapshot.layers[index];
    const Activation activation = snapshot.activation;
    const QString units = unitCountText(layer.units);
    row.preActivationPlot->setTitle(layer.output
            ? QStringLiteral("Layer %1 pre-activations z (%2, output)").arg(layer.layer).arg(units)
            : QStringLiteral("Layer %1 pre-activations z (%2)").arg(layer.layer).arg(units));
    row.preActivationPlot->setHistogram(layer.preActivation);
    row.preActivationPlot->setInitialHistogram(layer.preActivationInitial);
    row.preActivationPlot->setReferenceStd(layer.referenceStd);
    row.preActivationNote->setText(preActivationNoteText(layer));

    // The output layer is linear, so its activations are its pre-activations.
    row.activationPlot->setHidden(layer.output);
    row.activationNote->setHidden(layer.output);
    if (layer.output)
        return;
    row.activationPlot->setTitle(QStringLiteral("Layer %1 activations a = %2(z)")
                                     .arg(layer.layer)
                                     .arg(toString(activation)));
    row.activationPlot->setHistogram(layer.activation);
    row.activationPlot->setInitialHistogram(layer.activationInitial);
    row.activationNote->setText(activationNoteText(layer));
}

} // namespace initlab
