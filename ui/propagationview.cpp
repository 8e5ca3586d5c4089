#include "propagationview.h"

#include "axisticks.h"
#include "chartpalette.h"
#include "choicelabels.h"
#include "uilogging.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QCoreApplication>
#include <QGridLayout>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPushButton>
#include <QSpinBox>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <limits>
#include <mutex>
#include <stop_token>
#include <thread>

namespace initlab {

namespace {

constexpr double basePenWidth = 1.5;
constexpr double baseMarkerSize = 3.5;
constexpr int maxLogLabels = 10;
// propagate() keeps the pre-activations and activations of every layer, 2 x layers x width x
// samples doubles, beside layers x width x width weights. The spin boxes allow terabytes, so
// larger requests are rejected before a thread starts. The cap is a choice for a desktop
// application, not a measurement.
constexpr double maxComputationBytes = 2.0 * 1024.0 * 1024.0 * 1024.0;

double computationBytes(const PropagationSpec &spec)
{
    const double layers = spec.layers;
    const double width = spec.width;
    return 8.0 * layers * width * (2.0 * double(spec.samples) + width);
}

// Settings that change in quick steps (spin box arrows held down) start one computation.
constexpr int settleDelay = 300;

// The computing threads of all views. They are detached, so a view never waits for one, but
// the application waits for them when it shuts down: a thread still inside propagate() while
// static objects are destroyed after main() could crash the process on exit. A closed view
// requests a stop from its thread, so the wait lasts one layer at most.
class RunningComputations
{
public:
    static RunningComputations &instance()
    {
        // Never destroyed, because threads may still use it while static objects go away.
        static RunningComputations *const computations = new RunningComputations;
        return *computations;
    }

    void add()
    {
        const std::lock_guard lock(m_mutex);
        ++m_count;
    }
    void remove()
    {
        const std::lock_guard lock(m_mutex);
        --m_count;
        m_finished.notify_all();
    }
    int count()
    {
        const std::lock_guard lock(m_mutex);
        return m_count;
    }
    void waitForAll()
    {
        std::unique_lock lock(m_mutex);
        m_finished.wait(lock, [this] { return m_count == 0; });
    }

private:
    RunningComputations()
    {
        qAddPostRoutine([] { instance().waitForAll(); });
    }

    std::mutex m_mutex;
    std::condition_variable m_finished;
    int m_count = 0;
};

} // namespace

class PropagationView::Private
{
public:
    // State shared by a computing thread and its view. The thread posts its result only while
    // view is set, under mutex, so the destructor cannot free the view between the check and the
    // post. Qt discards a posted call whose receiver is deleted before it runs.
    struct Channel
    {
        std::mutex mutex;
        PropagationView *view = nullptr;
    };

    explicit Private(PropagationView *owner);

    void buildControls(QGridLayout *grid);
    void buildChart();
    void settingChanged();
    void start();
    void finish(quint64 generation, std::vector<PropagationColumn> result, const QString &error);
    void setStatus(const QString &text, bool error);
    void rebuildSeries();
    void updatePlot();
    void applyPens();

    PropagationView *q;
    std::shared_ptr<Channel> channel = std::make_shared<Channel>();

    QComboBox *activationCombo = nullptr;
    QSpinBox *layersSpin = nullptr;
    QSpinBox *widthSpin = nullptr;
    QSpinBox *samplesSpin = nullptr;
    QComboBox *directionCombo = nullptr;
    QPushButton *computeButton = nullptr;
    QLabel *statusLabel = nullptr;
    QChart *chart = nullptr;
    QChartView *view = nullptr;
    QValueAxis *xAxis = nullptr;
    QLogValueAxis *yAxis = nullptr;
    std::vector<QLineSeries *> series;
    QTimer settleTimer;

    QStringList inits = PropagationView::defaultInitializers();
    std::vector<PropagationColumn> columns;
    PropagationSpec shownSpec;
    // Stops the running computation. Each start() makes a new one.
    std::stop_source stopSource;
    // Incremented by every compute() and by every setting changed while a thread runs. A result
    // of an older generation is dropped.
    quint64 generation = 0;
    bool running = false;
    bool restartPending = false;
    // Set by the first compute(), after which a changed setting recomputes.
    bool autoCompute = false;
    bool presentation = false;
    bool statusIsError = false;
};

PropagationView::Private::Private(PropagationView *owner)
    : q(owner)
{
    channel->view = owner;
    settleTimer.setSingleShot(true);
    settleTimer.setInterval(settleDelay);
    QObject::connect(&settleTimer, &QTimer::timeout, q, [this] { q->compute(); });
}

void PropagationView::Private::buildControls(QGridLayout *grid)
{
    activationCombo = new QComboBox(q);
    activationCombo->setObjectName(QStringLiteral("activationCombo"));
    for (const QString &name : activationNames())
        choicelabels::addChoice(activationCombo, *activationFromString(name));
    activationCombo->setCurrentIndex(
        activationCombo->findData(toString(PropagationSpec().activation)));

    const PropagationSpec defaults;
    layersSpin = new QSpinBox(q);
    layersSpin->setObjectName(QStringLiteral("layersSpin"));
    layersSpin->setRange(1, maxPropagationLayers);
    layersSpin->setValue(defaults.layers);
    layersSpin->setToolTip(PropagationView::tr("Number of equal layers the signal passes."));
    widthSpin = new QSpinBox(q);
    widthSpin->setObjectName(QStringLiteral("widthSpin"));
    widthSpin->setRange(1, maxPropagationWidth);
    widthSpin->setValue(defaults.width);
    widthSpin->setToolTip(PropagationView::tr("Units of every layer (fan-in and fan-out)."));
    samplesSpin = new QSpinBox(q);
    samplesSpin->setObjectName(QStringLiteral("samplesSpin"));
    samplesSpin->setRange(2, maxPropagationSamples);
    samplesSpin->setValue(defaults.samples);
    samplesSpin->setToolTip(PropagationView::tr(
        "Input vectors drawn from a standard normal distribution. More samples give smoother "
        "lines and take longer."));
    for (QSpinBox *spin : {layersSpin, widthSpin, samplesSpin})
        spin->setKeyboardTracking(false);

    directionCombo = new QComboBox(q);
    directionCombo->setObjectName(QStringLiteral("directionCombo"));
    directionCombo->addItem(PropagationView::tr("Forward: pre-activations"));
    directionCombo->addItem(PropagationView::tr("Backward: gradients"));
    directionCombo->setToolTip(PropagationView::tr(
        "Forward shows the spread of z = W a of each layer for inputs of unit variance. Backward "
        "shows the spread of the gradient with respect to z, for gradients of unit variance "
        "arriving at the last layer."));
    computeButton = new QPushButton(PropagationView::tr("Compute"), q);
    computeButton->setObjectName(QStringLiteral("computeButton"));

    const auto addPair = [&](int row, int column, const QString &text, QWidget *field) {
        auto *label = new QLabel(text, q);
        label->setBuddy(field);
        grid->addWidget(label, row, column);
        grid->addWidget(field, row, column + 1);
    };
    addPair(0, 0, PropagationView::tr("&Activation"), activationCombo);
    addPair(0, 2, PropagationView::tr("&Layers"), layersSpin);
    addPair(0, 4, PropagationView::tr("&Width"), widthSpin);
    addPair(1, 0, PropagationView::tr("&Direction"), directionCombo);
    addPair(1, 2, PropagationView::tr("&Samples"), samplesSpin);
    grid->addWidget(computeButton, 1, 4, 1, 2);
    grid->setColumnStretch(1, 1);

    QObject::connect(
        activationCombo, &QComboBox::currentIndexChanged, q, [this] { settingChanged(); });
    for (QSpinBox *spin : {layersSpin, widthSpin, samplesSpin})
        QObject::connect(spin, &QSpinBox::valueChanged, q, [this] { settingChanged(); });
    QObject::connect(directionCombo, &QComboBox::currentIndexChanged, q, [this] { updatePlot(); });
    QObject::connect(computeButton, &QPushButton::clicked, q, [this] { q->compute(); });
}

void PropagationView::Private::buildChart()
{
    chart = new QChart;
    chart->setAnimationOptions(QChart::NoAnimation);
    chart->setBackgroundVisible(false);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    xAxis = new QValueAxis;
    xAxis->setTitleText(PropagationView::tr("Layer"));
    xAxis->setLabelFormat(QStringLiteral("%.0f"));
    xAxis->setRange(1.0, double(PropagationSpec().layers));
    yAxis = new QLogValueAxis;
    fitLogAxis(yAxis, 0.1, 1.0, maxLogLabels);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);

    view = new QChartView(chart, q);
    view->setObjectName(QStringLiteral("propagationChartView"));
    view->setRenderHint(QPainter::Antialiasing);
    statusLabel = new QLabel(q);
    statusLabel->setObjectName(QStringLiteral("statusLabel"));
    statusLabel->setWordWrap(true);
    statusLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    statusLabel->setMinimumHeight(statusLabel->fontMetrics().height());
    rebuildSeries();
    updatePlot();
}

void PropagationView::Private::settingChanged()
{
    if (running) {
        // The running computation is stale now, so finish() starts the latest settings after it.
        ++generation;
        restartPending = true;
        stopSource.request_stop();
        return;
    }
    if (autoCompute)
        settleTimer.start();
}

void PropagationView::Private::start()
{
    const PropagationSpec request = q->spec();
    const double bytes = computationBytes(request);
    if (bytes > maxComputationBytes) {
        const QString message =
            PropagationView::tr("%1 layers of %2 units with %3 samples need about %4 GB of "
                                "memory, more than the %5 GB allowed; use fewer layers, units "
                                "or samples.")
                .arg(request.layers)
                .arg(request.width)
                .arg(request.samples)
                .arg(bytes / 1e9, 0, 'f', 1)
                .arg(maxComputationBytes / 1e9, 0, 'f', 1);
        setStatus(message, true);
        emit q->failed(message);
        return;
    }

    running = true;
    computeButton->setEnabled(false);
    setStatus(PropagationView::tr("Computing..."), false);

    const quint64 requestGeneration = generation;
    const std::shared_ptr<Channel> shared = channel;
    stopSource = std::stop_source();
    auto work = [shared, request, requestGeneration, stop = stopSource.get_token()] {
        std::vector<PropagationColumn> result;
        QString error;
        try {
            result = propagate(request, stop);
        } catch (const std::exception &exception) {
            error = QString::fromUtf8(exception.what());
        } catch (...) {
            error = PropagationView::tr("The computation failed with an unknown error.");
        }
        {
            const std::lock_guard lock(shared->mutex);
            PropagationView *receiver = shared->view;
            if (receiver) {
                QMetaObject::invokeMethod(
                    receiver,
                    [receiver, requestGeneration, result = std::move(result), error]() mutable {
                        receiver->d->finish(requestGeneration, std::move(result), error);
                    },
                    Qt::QueuedConnection);
            }
        }
        RunningComputations::instance().remove();
    };

    try {
        // Detached, so that closing the view never waits for propagate() to reach its next
        // layer. The thread owns copies of everything it reads.
        RunningComputations::instance().add();
        std::thread(std::move(work)).detach();
    } catch (const std::system_error &exception) {
        RunningComputations::instance().remove();
        running = false;
        restartPending = false;
        computeButton->setEnabled(true);
        const QString message =
            PropagationView::tr("Could not start a thread for the computation: %1")
                .arg(QString::fromUtf8(exception.what()));
        qCWarning(lcChart, "PropagationView: %s", qPrintable(message));
        setStatus(message, true);
        emit q->failed(message);
    }
}

void PropagationView::Private::finish(
    quint64 resultGeneration, std::vector<PropagationColumn> result, const QString &error)
{
    running = false;
    computeButton->setEnabled(true);
    if (restartPending || resultGeneration != generation) {
        restartPending = false;
        start();
        return;
    }
    if (!error.isEmpty()) {
        qCInfo(lcChart, "PropagationView: propagate() failed: %s", qPrintable(error));
        setStatus(error, true);
        emit q->failed(error);
        return;
    }
    columns = std::move(result);
    shownSpec = q->spec();
    rebuildSeries();
    updatePlot();
    emit q->computed();
}

void PropagationView::Private::setStatus(const QString &text, bool error)
{
    statusIsError = error;
    statusLabel->setText(text);
    // The label stays visible while empty, so that the plot does not jump at every computation.
    QPalette palette = q->palette();
    if (error)
        palette.setColor(QPalette::WindowText, QColor(0xB0, 0x20, 0x20));
    statusLabel->setPalette(palette);
}

// One line per initializer shown, created only when the initializers change.
void PropagationView::Private::rebuildSeries()
{
    QStringList names;
    for (const PropagationColumn &column : columns)
        names.append(column.init);
    if (columns.empty())
        names = inits;
    bool same = int(series.size()) == names.size();
    for (std::size_t i = 0; same && i < series.size(); ++i)
        same = series[i]->name() == names[qsizetype(i)];
    if (same)
        return;

    for (QLineSeries *line : series) {
        chart->removeSeries(line);
        delete line;
    }
    series.clear();
    for (const QString &name : std::as_const(names)) {
        auto *line = new QLineSeries;
        line->setName(name);
        line->setObjectName(name);
        line->setPointsVisible(true);
        chart->addSeries(line);
        line->attachAxis(xAxis);
        line->attachAxis(yAxis);
        series.push_back(line);
    }
    applyPens();
}

void PropagationView::Private::updatePlot()
{
    const bool forward = q->isForward();
    const PropagationSpec &spec = columns.empty() ? q->spec() : shownSpec;
    const QString title = forward
        ? PropagationView::tr("Spread of pre-activations through %1 %2 layers of %3 units")
        : PropagationView::tr("Spread of gradients through %1 %2 layers of %3 units");
    chart->setTitle(title.arg(spec.layers).arg(toString(spec.activation)).arg(spec.width));
    yAxis->setTitleText(forward ? PropagationView::tr("Standard deviation of z (log scale)")
                                : PropagationView::tr("Standard deviation of dL/dz (log scale)"));

    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    int hidden = 0;
    for (std::size_t i = 0; i < columns.size() && i < series.size(); ++i) {
        const std::vector<double> &values =
            forward ? columns[i].forwardStd : columns[i].backwardStd;
        QList<QPointF> points;
        points.reserve(qsizetype(values.size()));
        for (std::size_t l = 0; l < values.size(); ++l) {
            if (!std::isfinite(values[l]) || values[l] <= 0.0) {
                ++hidden;
                continue;
            }
            points.append(QPointF(double(l + 1), values[l]));
            low = std::min(low, values[l]);
            high = std::max(high, values[l]);
        }
        series[i]->replace(points);
    }

    const double layers = double(std::max(spec.layers, 1));
    const double step = std::max(1.0, niceStep((layers - 1.0) / 8.0));
    xAxis->setRange(layers > 1.0 ? 1.0 : 0.5, layers > 1.0 ? layers : 1.5);
    xAxis->setTickType(QValueAxis::TicksDynamic);
    xAxis->setTickAnchor(step > 1.0 ? 0.0 : 1.0);
    xAxis->setTickInterval(step);
    if (low <= high)
        fitLogAxis(yAxis, low, high, maxLogLabels);

    if (!running && !statusIsError) {
        setStatus(hidden == 0 ? QString()
                              : PropagationView::tr("%1 values not shown: 0 or not finite "
                                                    "(vanished or overflowed).")
                                    .arg(hidden),
            false);
    }
}

void PropagationView::Private::applyPens()
{
    const double scale = presentation ? 2.0 : 1.0;
    for (std::size_t i = 0; i < series.size(); ++i) {
        const QColor color = okabeItoColor(int(i));
        series[i]->setPen(QPen(color, basePenWidth * scale));
        series[i]->setColor(color);
        series[i]->setMarkerSize(baseMarkerSize * scale);
    }
}

QStringList PropagationView::defaultInitializers()
{
    return {QStringLiteral("xavier_uniform"), QStringLiteral("he_normal"),
        QStringLiteral("lecun_normal"), QStringLiteral("orthogonal"),
        QStringLiteral("pytorch_default"), QStringLiteral("normal:0.01")};
}

PropagationView::PropagationView(QWidget *parent)
    : QWidget(parent)
    , d(std::make_unique<Private>(this))
{
    auto *grid = new QGridLayout;
    d->buildControls(grid);
    d->buildChart();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(grid);
    layout->addWidget(d->statusLabel);
    layout->addWidget(d->view, 1);
    d->setStatus(
        tr("Press Compute to send signals through the layers with each initializer."), false);
}

PropagationView::~PropagationView()
{
    d->stopSource.request_stop();
    const std::lock_guard lock(d->channel->mutex);
    d->channel->view = nullptr;
}

int PropagationView::runningComputations()
{
    return RunningComputations::instance().count();
}

void PropagationView::setActivation(Activation activation)
{
    d->activationCombo->setCurrentIndex(d->activationCombo->findData(toString(activation)));
}

Activation PropagationView::activation() const
{
    return activationFromString(d->activationCombo->currentData().toString())
        .value_or(PropagationSpec().activation);
}

void PropagationView::setLayers(int layers)
{
    d->layersSpin->setValue(layers);
}

void PropagationView::setWidth(int width)
{
    d->widthSpin->setValue(width);
}

void PropagationView::setSamples(int samples)
{
    d->samplesSpin->setValue(samples);
}

void PropagationView::setForward(bool forward)
{
    d->directionCombo->setCurrentIndex(forward ? 0 : 1);
}

bool PropagationView::isForward() const
{
    return d->directionCombo->currentIndex() != 1;
}

void PropagationView::setInitializers(const QStringList &inits)
{
    if (inits == d->inits)
        return;
    d->inits = inits;
    d->settingChanged();
}

QStringList PropagationView::initializers() const
{
    return d->inits;
}

PropagationSpec PropagationView::spec() const
{
    PropagationSpec spec;
    spec.activation = activation();
    spec.layers = d->layersSpin->value();
    spec.width = d->widthSpin->value();
    spec.samples = d->samplesSpin->value();
    spec.inits = d->inits;
    return spec;
}

void PropagationView::compute()
{
    d->settleTimer.stop();
    d->autoCompute = true;
    ++d->generation;
    if (d->running) {
        d->restartPending = true;
        d->stopSource.request_stop();
        return;
    }
    d->start();
}

bool PropagationView::isComputing() const
{
    return d->running;
}

const std::vector<PropagationColumn> &PropagationView::columns() const
{
    return d->columns;
}

QString PropagationView::statusText() const
{
    return d->statusLabel->text();
}

void PropagationView::setPresentationMode(bool on)
{
    d->presentation = on;
    d->applyPens();
}

bool PropagationView::isPresentationMode() const
{
    return d->presentation;
}

QChart *PropagationView::chart() const
{
    return d->chart;
}

} // namespace initlab
