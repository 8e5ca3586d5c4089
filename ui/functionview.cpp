#include "functionview.h"

#include "axisticks.h"
#include "uilogging.h"

#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QPainter>
#include <QPainterPath>
#include <QScatterSeries>
#include <QStackedWidget>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace initlab {

namespace {

// Okabe-Ito sky blue for the targets, vermillion for the network's curve.
const QColor targetColor(0x56, 0xB4, 0xE9);
const QColor curveColor(0xD5, 0x5E, 0x00);
const QColor outlineColor(0x20, 0x20, 0x20);
constexpr double basePenWidth = 2.0;
constexpr double baseDotSize = 7.0;

// ColorBrewer RdBu with 5 classes, from blue (low) to red (high).
const std::array<QColor, 5> divergingStops = {QColor(0x05, 0x71, 0xB0), QColor(0x92, 0xC5, 0xDE),
    QColor(0xF7, 0xF7, 0xF7), QColor(0xF4, 0xA5, 0x82), QColor(0xCA, 0x00, 0x20)};

// Position of grid point index of count points spread evenly over [min, max], both ends included.
double gridPosition(double min, double max, int index, int count)
{
    if (count < 2)
        return (min + max) / 2.0;
    return min + (max - min) * double(index) / double(count - 1);
}

// Half the distance between neighbouring grid points, so that each heat map cell is centred on
// its grid point. A single point gets a quarter of the range.
double halfCell(double min, double max, int count)
{
    const double span = max - min;
    if (!(span > 0.0))
        return 0.5;
    return count < 2 ? span / 4.0 : span / double(count - 1) / 2.0;
}

// Tick values at a 1-2-5 step inside [min, max], about count of them.
std::vector<double> ticksIn(double min, double max, int count)
{
    std::vector<double> ticks;
    const double step = niceStep((max - min) / std::max(count, 1));
    if (!(step > 0.0) || !std::isfinite(step))
        return ticks;
    for (double tick = std::ceil(min / step - 1e-9) * step; tick <= max + step * 1e-9; tick += step)
        ticks.push_back(std::abs(tick) < step * 1e-9 ? 0.0 : tick);
    return ticks;
}

QString tickLabel(double value, double min, double max)
{
    const double step = niceStep((max - min) / 5.0);
    return QString::asprintf(labelFormatFor(min, max, step).toLatin1().constData(), value);
}

// The two-input plot: heat map, sample dots, axes and colour bar, painted in one pass.
class HeatMapWidget : public QWidget
{
public:
    explicit HeatMapWidget(QWidget *parent = nullptr)
        : QWidget(parent)
    {
        setMinimumSize(240, 200);
        setBackgroundRole(QPalette::Base);
        setAutoFillBackground(true);
    }

    QImage image;
    DivergingScale scale;
    std::vector<QPointF> points;
    std::vector<double> targets;
    // The axes' ranges: the grid's with half a cell added at each side.
    QRectF range;
    QString title;
    bool presentation = false;

protected:
    void paintEvent(QPaintEvent *) override;

private:
    // Width of the widest tick label of the y-axis.
    double yLabelsWidth() const;
    void paintAxes(QPainter &painter, const QRectF &plot) const;
    void paintColorBar(QPainter &painter, const QRectF &bar) const;
};

void HeatMapWidget::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QFontMetricsF metrics(font());
    const double line = metrics.height();
    const double yLabelWidth = yLabelsWidth();
    const double barLabelWidth =
        std::max(metrics.horizontalAdvance(tickLabel(scale.min(), scale.min(), scale.max())),
            metrics.horizontalAdvance(tickLabel(scale.max(), scale.min(), scale.max())))
        + line;
    const double barWidth = line;

    const QRectF area = QRectF(rect()).adjusted(4, 4, -4, -4);
    QFont titleFont = font();
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(palette().color(QPalette::Text));
    painter.drawText(
        QRectF(area.left(), area.top(), area.width(), line * 1.4), Qt::AlignCenter, title);
    painter.setFont(font());

    // The plot keeps the x:y proportions of the data, which shows circles as circles.
    QRectF plot(area.left() + line * 1.4 + yLabelWidth + 8, area.top() + line * 1.8,
        area.width() - line * 1.4 - yLabelWidth - 8 - barWidth - barLabelWidth - line,
        area.height() - line * 1.8 - line * 2.8);
    if (plot.width() < 10 || plot.height() < 10)
        return;
    const double aspect = range.width() / range.height();
    if (aspect > 0.0 && std::isfinite(aspect)) {
        if (plot.width() / plot.height() > aspect)
            plot.setWidth(plot.height() * aspect);
        else
            plot.setHeight(plot.width() / aspect);
    }

    // Nearest-neighbour scaling keeps each grid value a flat cell of its own colour.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.drawImage(plot, image);

    painter.setRenderHint(QPainter::Antialiasing, true);
    const double dot = baseDotSize * (presentation ? 1.6 : 1.0);
    painter.setPen(QPen(outlineColor, presentation ? 2.0 : 1.0));
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (!std::isfinite(points[i].x()) || !std::isfinite(points[i].y()))
            continue;
        const double x =
            plot.left() + (points[i].x() - range.left()) / range.width() * plot.width();
        const double y =
            plot.bottom() - (points[i].y() - range.top()) / range.height() * plot.height();
        painter.setBrush(scale.color(targets[i]));
        painter.drawEllipse(QPointF(x, y), dot / 2.0, dot / 2.0);
    }
    painter.setRenderHint(QPainter::Antialiasing, false);

    paintAxes(painter, plot);
    const QRectF bar(plot.right() + line, plot.top(), barWidth, plot.height());
    paintColorBar(painter, bar);
}

double HeatMapWidget::yLabelsWidth() const
{
    const QFontMetricsF metrics(font());
    double width = 0.0;
    for (const double tick : ticksIn(range.top(), range.bottom(), 5))
        width = std::max(
            width, metrics.horizontalAdvance(tickLabel(tick, range.top(), range.bottom())));
    return width;
}

// range's top() is the minimum of y and bottom() its maximum, as QRectF counts downwards.
void HeatMapWidget::paintAxes(QPainter &painter, const QRectF &plot) const
{
    const QFontMetricsF metrics(font());
    const double line = metrics.height();
    painter.setPen(palette().color(QPalette::Text));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(plot);

    for (const double tick : ticksIn(range.left(), range.right(), 5)) {
        const double x = plot.left() + (tick - range.left()) / range.width() * plot.width();
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + 4));
        const QString label = tickLabel(tick, range.left(), range.right());
        const double width = metrics.horizontalAdvance(label);
        painter.drawText(QPointF(x - width / 2.0, plot.bottom() + 4 + metrics.ascent()), label);
    }
    for (const double tick : ticksIn(range.top(), range.bottom(), 5)) {
        const double y = plot.bottom() - (tick - range.top()) / range.height() * plot.height();
        painter.drawLine(QPointF(plot.left() - 4, y), QPointF(plot.left(), y));
        const QString label = tickLabel(tick, range.top(), range.bottom());
        const double width = metrics.horizontalAdvance(label);
        painter.drawText(QPointF(plot.left() - 6 - width, y + metrics.ascent() / 2.5), label);
    }

    const QString xTitle = FunctionPlotView::tr("input 1");
    painter.drawText(QRectF(plot.left(), plot.bottom() + 4 + line, plot.width(), line * 1.4),
        Qt::AlignCenter, xTitle);
    painter.save();
    painter.translate(plot.left() - 8 - yLabelsWidth() - line * 0.2, plot.center().y());
    painter.rotate(-90.0);
    painter.drawText(QRectF(-plot.height() / 2.0, -line * 1.2, plot.height(), line * 1.2),
        Qt::AlignCenter, FunctionPlotView::tr("input 2"));
    painter.restore();
}

void HeatMapWidget::paintColorBar(QPainter &painter, const QRectF &bar) const
{
    const int steps = std::max(2, int(bar.height()));
    for (int i = 0; i < steps; ++i) {
        const double value = scale.max() - (scale.max() - scale.min()) * (i + 0.5) / steps;
        const double top = bar.top() + bar.height() * i / steps;
        painter.fillRect(
            QRectF(bar.left(), top, bar.width(), bar.height() / steps + 1.0), scale.color(value));
    }
    painter.setPen(palette().color(QPalette::Text));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);

    const QFontMetricsF metrics(font());
    for (const double tick : ticksIn(scale.min(), scale.max(), 5)) {
        const double y =
            bar.bottom() - (tick - scale.min()) / (scale.max() - scale.min()) * bar.height();
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + 4, y));
        painter.drawText(QPointF(bar.right() + 6, y + metrics.ascent() / 2.5),
            tickLabel(tick, scale.min(), scale.max()));
    }
}

} // namespace

DivergingScale::DivergingScale(double min, double max)
    : m_min(min)
    , m_max(max)
{
    if (!(m_max > m_min) || !std::isfinite(m_min) || !std::isfinite(m_max)) {
        const double centre = std::isfinite(m_min) ? m_min : 0.0;
        m_min = centre - 1.0;
        m_max = centre + 1.0;
    }
}

QColor DivergingScale::color(double value) const
{
    if (!std::isfinite(value))
        return QColor(0x80, 0x80, 0x80);
    const double t = std::clamp((value - m_min) / (m_max - m_min), 0.0, 1.0);
    const double position = t * double(divergingStops.size() - 1);
    const std::size_t low = std::min(std::size_t(position), divergingStops.size() - 2);
    const double f = position - double(low);
    const QColor &a = divergingStops[low];
    const QColor &b = divergingStops[low + 1];
    // Rounded to 8 bits per channel, as the heat map image stores it.
    const auto mix = [f](int from, int to) {
        return int(std::lround(from + (to - from) * f));
    };
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()));
}

class FunctionPlotView::Private
{
public:
    explicit Private(FunctionPlotView *owner);

    void showMessage(const QString &text);
    void showCurve(const FunctionView &view, qint64 iteration);
    void showHeatMap(const FunctionView &view, qint64 iteration);
    void applyPens();

    FunctionPlotView *q;
    QStackedWidget *pages = nullptr;
    QLabel *messageLabel = nullptr;
    QChart *chart = nullptr;
    QChartView *chartView = nullptr;
    QValueAxis *xAxis = nullptr;
    QValueAxis *yAxis = nullptr;
    QScatterSeries *targets = nullptr;
    QLineSeries *curve = nullptr;
    HeatMapWidget *heatMap = nullptr;
    // Reused between updates, so that a steady stream of views allocates nothing new.
    QList<QPointF> targetPoints;
    QList<QPointF> curvePoints;

    int dataInputs = 0;
    bool presentation = false;
    bool hasData = false;
};

FunctionPlotView::Private::Private(FunctionPlotView *owner)
    : q(owner)
{
    chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setTitle(FunctionPlotView::tr("Function the network computes"));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    xAxis = new QValueAxis;
    xAxis->setTitleText(FunctionPlotView::tr("input"));
    yAxis = new QValueAxis;
    yAxis->setTitleText(FunctionPlotView::tr("output"));
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);

    targets = new QScatterSeries;
    targets->setObjectName(QStringLiteral("targets"));
    targets->setName(FunctionPlotView::tr("targets"));
    targets->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    curve = new QLineSeries;
    curve->setObjectName(QStringLiteral("network"));
    for (QXYSeries *series : {static_cast<QXYSeries *>(targets), static_cast<QXYSeries *>(curve)}) {
        chart->addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
    }
    chartView = new QChartView(chart);
    chartView->setRenderHint(QPainter::Antialiasing);

    messageLabel = new QLabel;
    messageLabel->setObjectName(QStringLiteral("messageLabel"));
    messageLabel->setAlignment(Qt::AlignCenter);
    messageLabel->setWordWrap(true);
    messageLabel->setForegroundRole(QPalette::PlaceholderText);
    heatMap = new HeatMapWidget;
    heatMap->setObjectName(QStringLiteral("heatMap"));

    pages = new QStackedWidget(q);
    pages->addWidget(messageLabel);
    pages->addWidget(chartView);
    pages->addWidget(heatMap);
    auto *layout = new QVBoxLayout(q);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(pages);
    applyPens();
}

void FunctionPlotView::Private::showMessage(const QString &text)
{
    hasData = false;
    messageLabel->setText(text);
    pages->setCurrentWidget(messageLabel);
}

void FunctionPlotView::Private::applyPens()
{
    const double scale = presentation ? 2.0 : 1.0;
    curve->setPen(QPen(curveColor, basePenWidth * scale));
    targets->setColor(targetColor);
    targets->setBorderColor(targetColor.darker(150));
    targets->setMarkerSize(baseDotSize * (presentation ? 1.6 : 1.0));
    heatMap->presentation = presentation;
    heatMap->update();
}

void FunctionPlotView::Private::showCurve(const FunctionView &view, qint64 iteration)
{
    const std::size_t pointCount = std::min(view.pointX.size(), view.pointTarget.size());
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    auto include = [&](double value) {
        if (std::isfinite(value)) {
            low = std::min(low, value);
            high = std::max(high, value);
        }
    };

    // A diverged network outputs NaN or infinities, which have no place on the axes and are
    // left out, as are samples with such values.
    targetPoints.clear();
    for (std::size_t i = 0; i < pointCount; ++i) {
        if (std::isfinite(view.pointX[i]) && std::isfinite(view.pointTarget[i])) {
            targetPoints.append(QPointF(view.pointX[i], view.pointTarget[i]));
            include(view.pointTarget[i]);
        }
    }
    // The plot keeps to 20 target ranges around the targets, so that a network far off, as
    // before a divergence, still leaves the targets readable. Its curve is clipped there.
    const double targetLow = std::isfinite(low) ? low : 0.0;
    const double targetHigh = std::isfinite(high) ? high : 1.0;
    const double reach = 20.0 * std::max(targetHigh - targetLow, 1.0);
    const double lowest = targetLow - reach;
    const double highest = targetHigh + reach;
    bool clipped = false;
    curvePoints.clear();
    for (int c = 0; c < view.columns; ++c) {
        double value = view.values[std::size_t(c)];
        if (std::isfinite(value)) {
            clipped = clipped || value < lowest || value > highest;
            value = std::clamp(value, lowest, highest);
            curvePoints.append(QPointF(gridPosition(view.xMin, view.xMax, c, view.columns), value));
            include(value);
        }
    }
    // replace() swaps each whole list with one repaint instead of one per point.
    targets->replace(targetPoints);
    curve->replace(curvePoints);
    curve->setName(clipped ? FunctionPlotView::tr("network at iteration %1, clipped").arg(iteration)
                           : FunctionPlotView::tr("network at iteration %1").arg(iteration));

    if (!(low <= high)) {
        low = 0.0;
        high = 1.0;
    }
    const double margin = high > low ? 0.05 * (high - low) : 0.5;
    const double xMargin = view.xMax > view.xMin ? 0.0 : 0.5;
    xAxis->setRange(view.xMin - xMargin, view.xMax + xMargin);
    yAxis->setRange(low - margin, high + margin);
    for (QValueAxis *axis : {xAxis, yAxis}) {
        const double step = niceStep((axis->max() - axis->min()) / 5.0);
        axis->setTickType(QValueAxis::TicksDynamic);
        // An anchor at the axis' start: Qt Charts counts ticks from the anchor, which takes
        // forever from 0 to an axis far from it.
        axis->setTickAnchor(std::floor(axis->min() / step) * step);
        axis->setTickInterval(step);
        axis->setLabelFormat(labelFormatFor(axis->min(), axis->max(), step));
    }
    hasData = true;
    pages->setCurrentWidget(chartView);
}

void FunctionPlotView::Private::showHeatMap(const FunctionView &view, qint64 iteration)
{
    heatMap->scale = DivergingScale(view.targetMin, view.targetMax);
    if (heatMap->image.width() != view.columns || heatMap->image.height() != view.rows)
        heatMap->image = QImage(view.columns, view.rows, QImage::Format_RGB32);
    for (int r = 0; r < view.rows; ++r) {
        // Row 0 is at yMin, which is drawn at the bottom, the last line of the image.
        auto *line = reinterpret_cast<QRgb *>(heatMap->image.scanLine(view.rows - 1 - r));
        for (int c = 0; c < view.columns; ++c)
            line[c] = heatMap->scale.color(view.values[std::size_t(r) * view.columns + c]).rgb();
    }

    const std::size_t pointCount =
        std::min({view.pointX.size(), view.pointY.size(), view.pointTarget.size()});
    heatMap->points.resize(pointCount);
    heatMap->targets.resize(pointCount);
    for (std::size_t i = 0; i < pointCount; ++i) {
        heatMap->points[i] = QPointF(view.pointX[i], view.pointY[i]);
        heatMap->targets[i] = view.pointTarget[i];
    }

    const double dx = halfCell(view.xMin, view.xMax, view.columns);
    const double dy = halfCell(view.yMin, view.yMax, view.rows);
    heatMap->range =
        QRectF(QPointF(view.xMin - dx, view.yMin - dy), QPointF(view.xMax + dx, view.yMax + dy));
    heatMap->title = FunctionPlotView::tr("Network output at iteration %1").arg(iteration);
    heatMap->update();
    hasData = true;
    pages->setCurrentWidget(heatMap);
}

FunctionPlotView::FunctionPlotView(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    clear();
}

FunctionPlotView::~FunctionPlotView() = default;

void FunctionPlotView::setFunction(const FunctionView &view, qint64 iteration)
{
    if (view.inputs != 1 && view.inputs != 2) {
        d->showMessage(d->dataInputs > 0
                ? tr("The function view needs data with 1 or 2 inputs; this run has %1.")
                      .arg(d->dataInputs)
                : tr("The function view needs data with 1 or 2 inputs."));
        return;
    }
    const int rows = view.inputs == 1 ? 1 : view.rows;
    if (view.columns < 1 || rows < 1
        || view.values.size() != std::size_t(view.columns) * std::size_t(rows)) {
        qCWarning(lcChart,
            "FunctionPlotView::setFunction: %zu values for a grid of %d x %d points; nothing "
            "is drawn",
            view.values.size(), view.columns, rows);
        d->showMessage(tr("The function view received %1 values for a grid of %2 x %3 points, "
                          "so it cannot draw them.")
                           .arg(view.values.size())
                           .arg(view.columns)
                           .arg(rows));
        return;
    }
    if (view.inputs == 1)
        d->showCurve(view, iteration);
    else
        d->showHeatMap(view, iteration);
}

void FunctionPlotView::clear()
{
    d->targetPoints.clear();
    d->curvePoints.clear();
    d->targets->clear();
    d->curve->clear();
    d->heatMap->points.clear();
    d->heatMap->targets.clear();
    d->heatMap->image = QImage();
    d->showMessage(tr("Start a run to see the function the network computes."));
}

bool FunctionPlotView::hasData() const
{
    return d->hasData;
}

void FunctionPlotView::setDataInputs(int inputs)
{
    d->dataInputs = std::max(inputs, 0);
}

void FunctionPlotView::setPresentationMode(bool on)
{
    d->presentation = on;
    d->applyPens();
}

bool FunctionPlotView::isPresentationMode() const
{
    return d->presentation;
}

QString FunctionPlotView::message() const
{
    return d->pages->currentWidget() == d->messageLabel ? d->messageLabel->text() : QString();
}

QChart *FunctionPlotView::chart() const
{
    return d->chart;
}

const QImage &FunctionPlotView::heatMap() const
{
    return d->heatMap->image;
}

DivergingScale FunctionPlotView::scale() const
{
    return d->heatMap->scale;
}

int FunctionPlotView::heatMapPointCount() const
{
    return int(d->heatMap->points.size());
}

} // namespace initlab
