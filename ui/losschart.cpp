#include "losschart_p.h"

#include "losschartview.h"
#include "spikestyle.h"
#include "uilogging.h"

#include <QChart>
#include <QCheckBox>
#include <QDoubleSpinBox>
#include <QFontInfo>
#include <QGraphicsLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLegendMarker>
#include <QResizeEvent>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QScatterSeries>
#include <QSlider>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <optional>

namespace initlab {

namespace {

// Okabe-Ito black for the training MSE and bluish green for the test MSE. The spike causes use
// the palette's other colours (spikestyle.h).
const QColor trainColor(0x00, 0x00, 0x00);
const QColor testColor(0x00, 0x9E, 0x73);
// Opacity of the raw training line while the smoothed line is shown.
constexpr int rawAlpha = 150;
// In presentation mode the raw line is lighter, so that the thick smoothed line is easy to
// follow, and the test line is a stronger green that a projector does not wash out.
constexpr int presentationRawAlpha = 90;
const QColor presentationTestColor(0x00, 0x8A, 0x00);

void setLegendVisible(QChart *chart, QAbstractSeries *series, bool visible)
{
    for (QLegendMarker *marker : chart->legend()->markers(series))
        marker->setVisible(visible);
}

} // namespace

LossChart::Private::Private(LossChart *owner)
    : q(owner)
{ }

void LossChart::Private::buildControls(QHBoxLayout *row)
{
    m_logScaleBox = new QCheckBox(LossChart::tr("Log scale"), q);
    m_logScaleBox->setToolTip(LossChart::tr("Logarithmic y-axis. Values of 0 or less have no "
                                            "logarithm and are left out."));

    auto *smoothingLabel = new QLabel(LossChart::tr("Smoothing"), q);
    m_smoothingSlider = new QSlider(Qt::Horizontal, q);
    m_smoothingSlider->setRange(0, int(std::lround(DebiasedEma::maxWeight * 1000.0)));
    m_smoothingSlider->setValue(int(std::lround(m_weight * 1000.0)));
    m_smoothingSpin = new QDoubleSpinBox(q);
    m_smoothingSpin->setRange(0.0, DebiasedEma::maxWeight);
    m_smoothingSpin->setDecimals(3);
    m_smoothingSpin->setSingleStep(0.01);
    m_smoothingSpin->setValue(m_weight);
    const QString smoothingTip = LossChart::tr(
        "Weight w of the debiased exponential moving average, as in TensorBoard: "
        "ema = w * ema + (1 - w) * MSE, shown divided by 1 - w^t. 0 shows the raw curve only.");
    for (QWidget *widget : {static_cast<QWidget *>(smoothingLabel),
             static_cast<QWidget *>(m_smoothingSlider), static_cast<QWidget *>(m_smoothingSpin)})
        widget->setToolTip(smoothingTip);
    smoothingLabel->setBuddy(m_smoothingSpin);

    m_followBox = new QCheckBox(LossChart::tr("Follow latest"), q);
    m_followBox->setChecked(m_follow);
    m_followBox->setToolTip(LossChart::tr("Keep the newest iterations in view. Zooming or "
                                          "panning turns this off."));

    m_resetButton = new QPushButton(LossChart::tr("Reset zoom"), q);
    m_resetButton->setToolTip(LossChart::tr(
        "Show the whole run (or double-click the chart). Drag to zoom into a rectangle, turn "
        "the wheel to zoom around the pointer, Shift+drag, middle-drag or the arrow keys to "
        "pan."));

    row->addWidget(m_logScaleBox);
    row->addSpacing(12);
    row->addWidget(smoothingLabel);
    row->addWidget(m_smoothingSlider, 1);
    row->addWidget(m_smoothingSpin);
    row->addSpacing(12);
    row->addWidget(m_followBox);
    row->addStretch(1);
    row->addWidget(m_resetButton);

    QObject::connect(m_logScaleBox, &QCheckBox::toggled, q, [this](bool on) {
        setLogAxis(on);
        emit q->viewOptionsChanged();
    });
    QObject::connect(m_smoothingSlider, &QSlider::valueChanged, q, [this](int value) {
        const QSignalBlocker blocker(m_smoothingSpin);
        m_smoothingSpin->setValue(value / 1000.0);
        setSmoothingWeight(value / 1000.0);
        emit q->viewOptionsChanged();
    });
    QObject::connect(m_smoothingSpin, &QDoubleSpinBox::valueChanged, q, [this](double value) {
        const QSignalBlocker blocker(m_smoothingSlider);
        m_smoothingSlider->setValue(int(std::lround(value * 1000.0)));
        setSmoothingWeight(value);
        emit q->viewOptionsChanged();
    });
    QObject::connect(m_followBox, &QCheckBox::toggled, q, [this](bool on) {
        m_follow = on;
        updateView();
        emit q->viewOptionsChanged();
    });
    QObject::connect(m_resetButton, &QPushButton::clicked, q, [this] { q->resetZoom(); });
}

void LossChart::Private::buildChart()
{
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundVisible(false);
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    m_xAxis = new QValueAxis;
    m_xAxis->setTitleText(LossChart::tr("Iteration"));
    m_yLinear = new QValueAxis;
    m_yLog = new QLogValueAxis;
    for (QValueAxis *axis : {m_xAxis, m_yLinear}) {
        axis->setRange(0.0, 1.0);
        axis->setTickInterval(0.2);
        axis->setTickAnchor(0.0);
        axis->setTickType(QValueAxis::TicksDynamic);
    }
    m_yLinear->setTitleText(LossChart::tr("MSE"));
    m_yLog->setTitleText(LossChart::tr("MSE (log scale)"));
    m_yLog->setLabelFormat(QStringLiteral("%g"));
    m_yLog->setRange(0.1, 1.0);
    m_yLog->setVisible(false);
    m_chart->addAxis(m_xAxis, Qt::AlignBottom);
    m_chart->addAxis(m_yLinear, Qt::AlignLeft);
    m_chart->addAxis(m_yLog, Qt::AlignLeft);
    // The chart's theme styles an axis when it is added.
    m_themeAxisStyle = {m_xAxis->linePen(), m_xAxis->gridLinePen(), m_xAxis->minorGridLinePen(),
        m_xAxis->labelsBrush(), m_xAxis->titleBrush()};
    m_themeLegendColor = m_chart->legend()->labelColor();

    m_raw = new QLineSeries;
    m_raw->setObjectName(QStringLiteral("trainingMse"));
    m_raw->setName(LossChart::tr("Training MSE"));
    m_smoothed = new QLineSeries;
    m_smoothed->setObjectName(QStringLiteral("smoothedTrainingMse"));
    m_test = new QLineSeries;
    m_test->setObjectName(QStringLiteral("testMse"));
    m_test->setName(LossChart::tr("Test MSE"));
    for (QLineSeries *series : {m_raw, m_test, m_smoothed})
        m_chart->addSeries(series);
    for (std::size_t cause = 0; cause < allCauses.size(); ++cause) {
        m_peaks[cause] = new QScatterSeries;
        m_peaks[cause]->setObjectName(
            QStringLiteral("spikePeaks_%1").arg(toString(allCauses[cause])));
        m_peaks[cause]->setName(causeLabel(allCauses[cause]));
        m_pinned[cause] = new QScatterSeries;
        m_pinned[cause]->setObjectName(
            QStringLiteral("pinnedPeaks_%1").arg(toString(allCauses[cause])));
        m_pinned[cause]->setMarkerShape(QScatterSeries::MarkerShapeTriangle);
        m_chart->addSeries(m_peaks[cause]);
        m_chart->addSeries(m_pinned[cause]);
    }
    for (QAbstractSeries *series : m_chart->series()) {
        series->attachAxis(m_xAxis);
        series->attachAxis(m_yLinear);
    }

    m_view = new LossChartView(m_chart, q);
    m_view->setObjectName(QStringLiteral("lossChartView"));
    m_notice = new QLabel(m_view->viewport());
    m_notice->setObjectName(QStringLiteral("logScaleNotice"));
    m_notice->setAutoFillBackground(true);
    m_notice->setMargin(3);
    m_notice->hide();

    m_readout = new QLabel(q);
    m_readout->setObjectName(QStringLiteral("hoverReadout"));
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The Ignored size policy cuts a long reading instead of widening the window.
    m_readout->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_readout->setWordWrap(true);
    showReadoutHint();
}

// Shows how to use the mouse while the pointer is not over the plot.
void LossChart::Private::showReadoutHint()
{
    m_readout->setText(LossChart::tr("Drag to zoom, turn the wheel to zoom around the pointer, "
                                     "Shift+drag to pan, double-click to see the whole run."));
    m_readout->setForegroundRole(QPalette::PlaceholderText);
}

void LossChart::Private::connectView()
{
    m_view->setBackgroundPainter([this](QPainter &painter) { paintBands(painter, overlay()); });
    m_view->setForegroundPainter([this](QPainter &painter) { paintMarks(painter, overlay()); });

    QObject::connect(m_view, &LossChartView::zoomRequested, q,
        [this](const QRectF &rect, bool xOnly) { zoomToRect(rect, xOnly); });
    QObject::connect(m_view, &LossChartView::wheelZoomed, q, [this](double sceneX, double factor) {
        const QRectF plot = plotRect();
        const bool inside = sceneX >= plot.left() && sceneX <= plot.right();
        zoomAround(inside ? sceneToX(sceneX) : (m_xMin + m_xMax) / 2.0, factor);
    });
    QObject::connect(m_view, &LossChartView::keyZoomed, q,
        [this](double factor) { zoomAround((m_xMin + m_xMax) / 2.0, factor); });
    QObject::connect(
        m_view, &LossChartView::panned, q, [this](const QPointF &delta) { pan(delta); });
    QObject::connect(m_view, &LossChartView::keyPanned, q,
        [this](double share) { pan(QPointF(-share * plotRect().width(), 0.0)); });
    QObject::connect(m_view, &LossChartView::resetRequested, q, [this] { q->resetZoom(); });
    QObject::connect(m_view, &LossChartView::pointerMoved, q,
        [this](const QPointF &scene, const QPoint &global) { hover(scene, global); });
    QObject::connect(m_view, &LossChartView::pointerLeft, q, [this] { leave(); });
    QObject::connect(
        m_view, &LossChartView::clicked, q, [this](const QPointF &scene) { click(scene); });
    QObject::connect(m_view, &LossChartView::fontChanged, q, [this] {
        applyStyle();
        updateView();
    });
    // The plot area changes with the widget size and with the width of the axis labels. A new
    // width needs a new decimation; the queued connection coalesces the changes of one layout pass.
    QObject::connect(
        m_chart, &QChart::plotAreaChanged, q,
        [this](const QRectF &plot) {
            if (int(std::lround(plot.width())) != m_columns)
                updateView();
            else
                updateNotice();
        },
        Qt::QueuedConnection);
}

// Sets fonts, pen widths and marker sizes from the widget font, so that an enlarged font (on a
// projector, say) enlarges the whole chart.
void LossChart::Private::applyStyle()
{
    const QFont font = q->font();
    m_scale = std::max(1.0, QFontInfo(font).pixelSize() / referenceFontPixels);

    for (QAbstractAxis *axis : {static_cast<QAbstractAxis *>(m_xAxis),
             static_cast<QAbstractAxis *>(m_yLinear), static_cast<QAbstractAxis *>(m_yLog)}) {
        axis->setLabelsFont(font);
        axis->setTitleFont(font);
    }
    m_chart->legend()->setFont(font);

    const bool smoothing = m_weight > 0.0;
    const double width = lineScale();
    QColor rawColor = trainColor;
    if (smoothing)
        rawColor.setAlpha(m_presentation ? presentationRawAlpha : rawAlpha);
    m_raw->setPen(QPen(rawColor, 1.0 * width));
    m_smoothed->setPen(QPen(trainColor, 2.0 * width));
    m_test->setPen(QPen(m_presentation ? presentationTestColor : testColor, 1.0 * width));
    for (std::size_t cause = 0; cause < allCauses.size(); ++cause) {
        for (QScatterSeries *series : {m_peaks[cause], m_pinned[cause]}) {
            series->setColor(causeColor(allCauses[cause]));
            series->setBorderColor(Qt::black);
        }
        m_peaks[cause]->setMarkerSize(peakMarkerSize * markerScale());
        m_pinned[cause]->setMarkerSize(pinnedMarkerSize * markerScale());
    }
    m_smoothed->setName(LossChart::tr("Smoothed (%1)").arg(m_weight));
    m_smoothed->setVisible(smoothing);
    updateLegend();
}

void LossChart::Private::updateLegend()
{
    // Each marker change makes the legend lay itself out again, so unchanged entries are skipped.
    const LegendState state {m_weight > 0.0, m_hasTest, m_causeSeen, m_view->width(),
        m_chart->legend()->font(), m_weight};
    if (m_legendState && *m_legendState == state)
        return;
    m_legendState = state;

    setLegendVisible(m_chart, m_smoothed, m_weight > 0.0);
    m_test->setVisible(m_hasTest);
    setLegendVisible(m_chart, m_test, m_hasTest);
    for (std::size_t cause = 0; cause < allCauses.size(); ++cause) {
        setLegendVisible(m_chart, m_peaks[cause], m_causeSeen[cause]);
        setLegendVisible(m_chart, m_pinned[cause], false);
    }

    // QLegend elides its labels to fit one row; a column beside the plot shows them whole.
    QStringList labels {m_raw->name()};
    if (m_weight > 0.0)
        labels.append(m_smoothed->name());
    if (m_hasTest)
        labels.append(m_test->name());
    for (std::size_t cause = 0; cause < allCauses.size(); ++cause) {
        if (m_causeSeen[cause])
            labels.append(m_peaks[cause]->name());
    }
    // The column takes at most a third of the chart, so that a narrow chart keeps its plot wide
    // and elides the row below it instead.
    const QFontMetricsF metrics(m_chart->legend()->font());
    double rowWidth = 0.0;
    double columnWidth = 0.0;
    for (const QString &label : labels) {
        const double entry = metrics.horizontalAdvance(label) + 3.0 * metrics.height();
        rowWidth += entry;
        columnWidth = std::max(columnWidth, entry);
    }
    const double width = m_view->width();
    const bool rowFits = rowWidth <= 0.9 * width;
    const bool columnFits = columnWidth <= width / 3.0;
    const Qt::Alignment alignment = !rowFits && columnFits ? Qt::AlignRight : Qt::AlignBottom;
    if (m_chart->legend()->alignment() != alignment)
        m_chart->legend()->setAlignment(alignment);
    // Qt Charts 6.4 does not lay the legend out again when a marker becomes visible: the new
    // marker is drawn over the first entry until something else changes the legend's geometry.
    if (QGraphicsLayout *layout = m_chart->legend()->layout())
        layout->invalidate();
}

void LossChart::Private::clearRun()
{
    m_iterations.clear();
    m_contiguous = true;
    m_train.clear();
    m_testData.clear();
    m_smoothedData.clear();
    m_ema.reset();
    m_hasTest = false;
    m_spikes.clear();
    m_causeSeen.fill(false);
    m_events.clear();
    m_divergence.reset();
    m_zoomed = false;
    m_manualY.reset();
    m_revealedPeak.reset();
    m_shownAutoY.reset();
    m_hoverIndex = -1;
}

// Appends the points whose iteration follows the last one, each curve in one batch so that its
// pyramid is updated once, and returns how many points were ignored.
qint64 LossChart::Private::appendPoints(std::span<const TrainingPoint> points)
{
    std::vector<double> mse;
    std::vector<double> test;
    std::vector<double> smoothed;
    mse.reserve(points.size());
    test.reserve(points.size());
    qint64 ignored = 0;
    for (const TrainingPoint &point : points) {
        if (!m_iterations.empty() && point.iteration <= m_iterations.back()) {
            ++ignored;
            continue;
        }
        if (!m_iterations.empty() && point.iteration != m_iterations.back() + 1)
            m_contiguous = false;
        m_iterations.push_back(point.iteration);
        mse.push_back(point.mse);
        test.push_back(point.testMse);
        if (std::isfinite(point.testMse))
            m_hasTest = true;
        if (m_weight > 0.0)
            smoothed.push_back(m_ema.add(point.mse));
    }
    m_train.append(mse);
    m_testData.append(test);
    m_smoothedData.append(smoothed);
    return ignored;
}

void LossChart::Private::applySpike(const SpikeUpdate &update)
{
    if (update.index < 0) {
        qCWarning(lcChart)
            << "LossChart::appendBatch: ignored a spike update with the negative index"
            << update.index;
        return;
    }
    if (std::size_t(update.index) < m_spikes.size()) {
        m_spikes[std::size_t(update.index)] = update.report;
    } else {
        if (std::size_t(update.index) > m_spikes.size())
            qCWarning(lcChart) << "LossChart::appendBatch: spike index" << update.index
                               << "skips past the" << m_spikes.size()
                               << "known spikes; appending it as the next one";
        m_spikes.push_back(update.report);
    }
    m_causeSeen.fill(false);
    for (const SpikeReport &report : m_spikes)
        m_causeSeen[causeIndex(report.diagnosis.cause)] = true;
}

void LossChart::Private::rebuildSmoothed()
{
    m_ema = DebiasedEma(m_weight);
    if (m_weight <= 0.0) {
        m_smoothedData.clear();
        return;
    }
    std::vector<double> smoothed;
    // Room for the rest of the run, as startRun() reserves it for the other columns.
    smoothed.reserve(std::max(m_train.values().size(), std::size_t(m_totalIterations + 1)));
    for (const double value : m_train.values())
        smoothed.push_back(m_ema.add(value));
    m_smoothedData.assign(std::move(smoothed));
}

void LossChart::Private::setSmoothingWeight(double weight)
{
    if (std::isnan(weight)) {
        qCWarning(lcChart) << "LossChart::setSmoothing: ignored the weight NaN; expected a value in"
                           << "[0," << DebiasedEma::maxWeight << "]";
        return;
    }
    const double clamped = std::clamp(weight, 0.0, DebiasedEma::maxWeight);
    if (clamped != weight)
        qCWarning(lcChart) << "LossChart::setSmoothing: weight" << weight << "is outside [0,"
                           << DebiasedEma::maxWeight << "]; using" << clamped;
    if (clamped == m_weight)
        return;
    m_weight = clamped;
    rebuildSmoothed();
    applyStyle();
    updateView();
}

void LossChart::Private::setLogAxis(bool on)
{
    if (on == m_log)
        return;
    m_log = on;
    m_manualY.reset();
    m_shownAutoY.reset();
    // Emptied first, so that no value <= 0 ever meets the log axis.
    for (QAbstractSeries *series : m_chart->series())
        static_cast<QXYSeries *>(series)->clear();
    // Both axes stay in the chart and the hidden one has no series. QChart::removeAxis() would
    // delete the axis's labels only later, in the event loop, so a grab() right after the switch
    // showed both axes.
    QAbstractAxis *oldAxis = on ? static_cast<QAbstractAxis *>(m_yLinear) : m_yLog;
    QAbstractAxis *newAxis = on ? static_cast<QAbstractAxis *>(m_yLog) : m_yLinear;
    for (QAbstractSeries *series : m_chart->series()) {
        series->detachAxis(oldAxis);
        series->attachAxis(newAxis);
    }
    oldAxis->setVisible(false);
    newAxis->setVisible(true);
    updateView();
}

LossChart::LossChart(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 2);
    auto *controls = new QHBoxLayout;
    d->buildControls(controls);
    d->buildChart();
    layout->addLayout(controls);
    layout->addWidget(d->m_view, 1);
    layout->addWidget(d->m_readout);
    d->connectView();
    d->applyStyle();
    d->updateView();
}

LossChart::~LossChart() = default;

void LossChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    // Whether the legend fits beside the plot or below it depends on the width.
    if (d)
        d->updateLegend();
}

void LossChart::startRun(qint64 totalIterations, const TrainingPoint &initial)
{
    qCDebug(lcChart) << "LossChart::startRun:" << totalIterations << "iterations";
    d->clearRun();
    d->m_totalIterations = std::max<qint64>(totalIterations, 0);
    // Reserving the whole run spares the copies of growing vectors. Each copy blocks the GUI
    // thread, for 0.3 to 0.75 s at 2, 4 and 8 million points on a loaded 2-core machine
    // (bench_window). A reservation takes address space only: on Linux, pages become resident
    // as points fill them, so a run stopped early uses no memory for the points it never got.
    const qint64 reserve = d->m_totalIterations + 1;
    d->m_iterations.reserve(std::size_t(reserve));
    d->m_train.reserve(reserve);
    d->m_testData.reserve(reserve);
    d->rebuildSmoothed();
    d->m_smoothedData.reserve(reserve);
    d->appendPoints(std::span<const TrainingPoint>(&initial, 1));
    d->updateLegend();
    d->updateView();
}

void LossChart::appendBatch(const TrainingBatch &batch)
{
    const qint64 ignored = d->appendPoints(batch.points);
    if (ignored > 0)
        qCWarning(lcChart) << "LossChart::appendBatch: ignored" << ignored
                           << "points whose iteration is not after the last one,"
                           << d->lastIteration();
    for (const SpikeUpdate &update : batch.spikes)
        d->applySpike(update);
    d->m_events.insert(d->m_events.end(), batch.events.begin(), batch.events.end());
    d->updateView();
}

void LossChart::markDiverged(qint64 iteration, const QString &message)
{
    qCDebug(lcChart) << "LossChart::markDiverged: at iteration" << iteration << message;
    d->m_divergence = TrainingEvent {iteration, message};
    d->updateView();
}

void LossChart::showSpike(int index)
{
    if (index < 0 || std::size_t(index) >= d->m_spikes.size()) {
        qCWarning(lcChart) << "LossChart::showSpike: no spike with index" << index << "among"
                           << d->m_spikes.size() << "spikes";
        return;
    }
    const SpikeReport &report = d->m_spikes[std::size_t(index)];
    const double start = double(report.event.start);
    const double end = double(d->spikeEnd(report));
    const double length = std::max(end - start, 1.0);
    const double centre = (start + end) / 2.0;

    // From the whole run, zoom to the event with some context. A zoom too narrow for the whole
    // event is widened.
    double width = d->m_xMax - d->m_xMin;
    if (!d->m_zoomed)
        width = std::max(10.0 * length, 50.0);
    width = std::max({width, 1.5 * length, minXWidth});

    d->m_xMin = centre - width / 2.0;
    d->m_xMax = centre + width / 2.0;
    d->m_zoomed = true;
    d->m_manualY.reset();
    d->m_revealedPeak = report.event.peakLoss;
    d->stopFollowing();
    d->updateView();
}

void LossChart::resetZoom()
{
    d->m_zoomed = false;
    d->m_manualY.reset();
    d->m_revealedPeak.reset();
    d->updateView();
}

void LossChart::setLogScale(bool on)
{
    const QSignalBlocker blocker(d->m_logScaleBox);
    d->m_logScaleBox->setChecked(on);
    d->setLogAxis(on);
}

bool LossChart::isLogScale() const
{
    return d->m_log;
}

void LossChart::setSmoothing(double weight)
{
    d->setSmoothingWeight(weight);
    const QSignalBlocker spinBlocker(d->m_smoothingSpin);
    const QSignalBlocker sliderBlocker(d->m_smoothingSlider);
    d->m_smoothingSpin->setValue(d->m_weight);
    d->m_smoothingSlider->setValue(int(std::lround(d->m_weight * 1000.0)));
}

double LossChart::smoothing() const
{
    return d->m_weight;
}

void LossChart::setFollowLatest(bool on)
{
    const QSignalBlocker blocker(d->m_followBox);
    d->m_followBox->setChecked(on);
    d->m_follow = on;
    d->updateView();
}

bool LossChart::followsLatest() const
{
    return d->m_follow;
}

LossChartData LossChart::data() const
{
    LossChartData data;
    if (!d->m_contiguous || d->m_iterations.empty() || d->m_iterations.front() != 0)
        return data;
    data.train = d->m_train.values();
    if (d->m_weight > 0.0) {
        data.smoothed = d->m_smoothedData.values();
        data.smoothingWeight = d->m_weight;
    }
    if (d->m_hasTest)
        data.test = d->m_testData.values();
    data.spikes = d->m_spikes;
    return data;
}

qint64 LossChart::pointCount() const
{
    return qint64(d->m_iterations.size());
}

qint64 LossChart::reservedPointCount() const
{
    return qint64(std::min({d->m_iterations.capacity(), d->m_train.values().capacity(),
        d->m_testData.values().capacity()}));
}

int LossChart::drawnPointCount() const
{
    return d->m_drawnPoints;
}

int LossChart::spikeCount() const
{
    return int(d->m_spikes.size());
}

int LossChart::spikeMarkerCount() const
{
    int markers = 0;
    for (std::size_t cause = 0; cause < allCauses.size(); ++cause)
        markers += int(d->m_peaks[cause]->count() + d->m_pinned[cause]->count());
    return markers;
}

int LossChart::eventCount() const
{
    return int(d->m_events.size());
}

bool LossChart::isDivergenceShown() const
{
    return d->m_divergence.has_value();
}

double LossChart::visibleMinIteration() const
{
    return d->m_xMin;
}

double LossChart::visibleMaxIteration() const
{
    return d->m_xMax;
}

} // namespace initlab
