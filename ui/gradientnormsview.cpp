#include "gradientnormsview.h"

#include "axisticks.h"
#include "chartpalette.h"
#include "uilogging.h"

#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <limits>

namespace initlab {

namespace {

constexpr double basePenWidth = 1.5;
// At most this many labels on the y-axis; more decades share a label.
constexpr int maxLogLabels = 8;

// The points of one layer's line after thinning. Each kept point is the larger of bucketSize
// consecutive accepted values, at the iteration of that value. The open bucket collects the
// newest values until it is full.
struct LayerLine
{
    QString name;
    std::vector<QPointF> kept;
    int bucketSize = 1;
    QPointF open;
    int openCount = 0;
    QLineSeries *series = nullptr;

    void append(double iteration, double value)
    {
        if (openCount == 0 || value > open.y())
            open = QPointF(iteration, value);
        if (++openCount < bucketSize)
            return;
        kept.push_back(open);
        openCount = 0;
        if (int(kept.size()) >= GradientNormsView::maxPointsPerLayer)
            mergePairs();
    }

    // Halves the kept points, keeping the larger of each pair so that spikes survive.
    void mergePairs()
    {
        std::size_t out = 0;
        for (std::size_t i = 0; i + 1 < kept.size(); i += 2)
            kept[out++] = kept[i].y() >= kept[i + 1].y() ? kept[i] : kept[i + 1];
        if (kept.size() % 2 == 1)
            kept[out++] = kept.back();
        kept.resize(out);
        bucketSize *= 2;
    }

    int pointCount() const { return int(kept.size()) + (openCount > 0 ? 1 : 0); }

    QList<QPointF> points() const
    {
        QList<QPointF> list(kept.begin(), kept.end());
        if (openCount > 0)
            list.append(open);
        return list;
    }
};

QString layerName(int layer, int layerCount, int units)
{
    if (layer == layerCount)
        return GradientNormsView::tr("output");
    // Deep networks name their layers briefly, so that the legend fits on one or two rows.
    if (units <= 0 || layerCount > 5)
        return GradientNormsView::tr("layer %1").arg(layer);
    return GradientNormsView::tr("layer %1 (%2 units)").arg(layer).arg(units);
}

} // namespace

class GradientNormsView::Private
{
public:
    explicit Private(GradientNormsView *owner);

    void setUpLines(const std::vector<int> &layerUnits);
    void applyPens();
    void redraw();
    void updateAxes();
    void updateNote();

    GradientNormsView *q;
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QValueAxis *xAxis = nullptr;
    QLogValueAxis *yAxis = nullptr;
    QStackedWidget *pages = nullptr;
    QLabel *emptyLabel = nullptr;
    QLabel *note = nullptr;
    QTimer redrawTimer;
    QElapsedTimer sinceRedraw;

    std::vector<LayerLine> lines;
    bool presentation = false;
    bool dirty = false;
    qint64 firstIteration = -1;
    qint64 lastIteration = -1;
    qint64 hidden = 0;
    double minValue = std::numeric_limits<double>::infinity();
    double maxValue = -std::numeric_limits<double>::infinity();
};

GradientNormsView::Private::Private(GradientNormsView *owner)
    : q(owner)
{
    chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitle(GradientNormsView::tr("Gradient norm per layer"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    xAxis = new QValueAxis;
    xAxis->setTitleText(GradientNormsView::tr("Iteration"));
    xAxis->setLabelFormat(QStringLiteral("%.0f"));
    xAxis->setRange(0.0, 1.0);
    yAxis = new QLogValueAxis;
    yAxis->setTitleText(GradientNormsView::tr("Gradient norm (log scale)"));
    fitLogAxis(yAxis, 0.1, 1.0, maxLogLabels);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);

    view = new QChartView(chart);
    view->setRenderHint(QPainter::Antialiasing);
    view->setObjectName(QStringLiteral("gradientNormsChartView"));
    emptyLabel =
        new QLabel(GradientNormsView::tr("Start a run to see the gradient of each layer."));
    emptyLabel->setObjectName(QStringLiteral("emptyLabel"));
    emptyLabel->setAlignment(Qt::AlignCenter);
    emptyLabel->setWordWrap(true);
    emptyLabel->setForegroundRole(QPalette::PlaceholderText);
    pages = new QStackedWidget(q);
    pages->addWidget(emptyLabel);
    pages->addWidget(view);

    note = new QLabel(q);
    note->setObjectName(QStringLiteral("hiddenValuesNote"));
    note->setWordWrap(true);
    note->setMargin(4);
    note->hide();

    auto *layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages, 1);
    layout->addWidget(note);

    redrawTimer.setSingleShot(true);
    QObject::connect(&redrawTimer, &QTimer::timeout, q, [this] { redraw(); });
}

void GradientNormsView::Private::setUpLines(const std::vector<int> &layerUnits)
{
    for (LayerLine &line : lines) {
        chart->removeSeries(line.series);
        delete line.series;
    }
    lines.clear();
    lines.resize(layerUnits.size());
    const int count = int(layerUnits.size());
    for (int i = 0; i < count; ++i) {
        LayerLine &line = lines[std::size_t(i)];
        line.name = layerName(i + 1, count, layerUnits[std::size_t(i)]);
        line.series = new QLineSeries;
        line.series->setObjectName(QStringLiteral("layer_%1").arg(i + 1));
        line.series->setName(line.name);
        chart->addSeries(line.series);
        line.series->attachAxis(xAxis);
        line.series->attachAxis(yAxis);
    }
    applyPens();
}

void GradientNormsView::Private::applyPens()
{
    const double width = basePenWidth * (presentation ? 2.0 : 1.0);
    for (std::size_t i = 0; i < lines.size(); ++i)
        lines[i].series->setPen(QPen(okabeItoColor(int(i)), width));
}

void GradientNormsView::Private::redraw()
{
    redrawTimer.stop();
    sinceRedraw.start();
    if (!dirty)
        return;
    dirty = false;
    // replace() swaps the whole list with one repaint, where clear() and append() would repaint
    // per point.
    for (LayerLine &line : lines)
        line.series->replace(line.points());
    updateAxes();
    updateNote();
    pages->setCurrentWidget(lastIteration >= 0 ? static_cast<QWidget *>(view) : emptyLabel);
}

void GradientNormsView::Private::updateAxes()
{
    if (lastIteration >= 0) {
        const double first = double(std::max<qint64>(firstIteration, 0));
        const double last = std::max(double(lastIteration), first + 1.0);
        const double step = std::max(1.0, niceStep((last - first) / 5.0));
        xAxis->setRange(first, last);
        xAxis->setTickType(QValueAxis::TicksDynamic);
        xAxis->setTickAnchor(0.0);
        xAxis->setTickInterval(step);
        xAxis->setLabelFormat(labelFormatFor(first, last, step));
    }
    if (minValue <= maxValue)
        fitLogAxis(yAxis, minValue, maxValue, maxLogLabels);
}

void GradientNormsView::Private::updateNote()
{
    note->setVisible(hidden > 0);
    note->setText(hidden == 1
            ? GradientNormsView::tr("1 value not shown: 0, NaN or infinite")
            : GradientNormsView::tr("%1 values not shown: 0, NaN or infinite").arg(hidden));
}

GradientNormsView::GradientNormsView(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{ }

GradientNormsView::~GradientNormsView() = default;

void GradientNormsView::clear(const std::vector<int> &layerUnits)
{
    d->setUpLines(layerUnits);
    d->firstIteration = -1;
    d->lastIteration = -1;
    d->hidden = 0;
    d->minValue = std::numeric_limits<double>::infinity();
    d->maxValue = -std::numeric_limits<double>::infinity();
    d->dirty = true;
    d->redraw();
}

void GradientNormsView::appendBatch(const TrainingBatch &batch)
{
    if (batch.points.empty() || batch.layerCount <= 0)
        return;
    if (batch.layerGradNorms.size() != batch.points.size() * std::size_t(batch.layerCount)) {
        qCWarning(lcChart,
            "GradientNormsView::appendBatch: %zu layer gradient norms for %zu points of %d "
            "layers; the batch is ignored",
            batch.layerGradNorms.size(), batch.points.size(), batch.layerCount);
        return;
    }
    if (d->lines.empty())
        d->setUpLines(std::vector<int>(std::size_t(batch.layerCount), 0));
    const std::size_t layers = std::min(d->lines.size(), std::size_t(batch.layerCount));
    if (layers != std::size_t(batch.layerCount) || layers != d->lines.size()) {
        qCWarning(lcChart,
            "GradientNormsView::appendBatch: the batch has %d layers, the view %zu; only the "
            "first %zu are drawn",
            batch.layerCount, d->lines.size(), layers);
    }

    for (std::size_t p = 0; p < batch.points.size(); ++p) {
        const qint64 iteration = batch.points[p].iteration;
        if (d->firstIteration < 0)
            d->firstIteration = iteration;
        d->lastIteration = iteration;
        // Row 0 and rows restored without detail have NaN everywhere and no measurement to
        // hide. A NaN in a measured or diverged row is a value of the run and is counted.
        const bool measured = batch.points[p].nonFinite || !std::isnan(batch.points[p].gradNorm);
        const float *norms = batch.layerGradNorms.data() + p * std::size_t(batch.layerCount);
        for (std::size_t l = 0; l < layers; ++l) {
            const double value = norms[l];
            if (std::isnan(value) && !measured)
                continue;
            if (!std::isfinite(value) || value <= 0.0) {
                ++d->hidden;
                continue;
            }
            d->lines[l].append(double(iteration), value);
            d->minValue = std::min(d->minValue, value);
            d->maxValue = std::max(d->maxValue, value);
        }
    }
    d->dirty = true;

    if (!d->sinceRedraw.isValid() || d->sinceRedraw.elapsed() >= redrawInterval)
        d->redraw();
    else if (!d->redrawTimer.isActive())
        d->redrawTimer.start(int(redrawInterval - d->sinceRedraw.elapsed()));
}

void GradientNormsView::setPresentationMode(bool on)
{
    d->presentation = on;
    d->applyPens();
}

bool GradientNormsView::isPresentationMode() const
{
    return d->presentation;
}

qint64 GradientNormsView::lastIteration() const
{
    return d->lastIteration;
}

int GradientNormsView::pointCount(int layer) const
{
    if (layer < 1 || layer > int(d->lines.size()))
        return 0;
    return d->lines[std::size_t(layer - 1)].pointCount();
}

int GradientNormsView::layerCount() const
{
    return int(d->lines.size());
}

qint64 GradientNormsView::hiddenValueCount() const
{
    return d->hidden;
}

void GradientNormsView::redraw()
{
    d->redraw();
}

QChart *GradientNormsView::chart() const
{
    return d->chart;
}

} // namespace initlab
