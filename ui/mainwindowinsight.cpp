// The main window's insight docks, the demonstrations that disturb a run on purpose, and
// rewinding to a snapshot.

#include "mainwindow.h"

#include "activationsview.h"
#include "experimentpanel.h"
#include "functionview.h"
#include "gradientnormsview.h"
#include "losschart.h"
#include "propagationview.h"
#include "spiketablemodel.h"
#include "weightsview.h"

#include <QAction>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QInputDialog>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTabWidget>

namespace initlab {

void MainWindow::createInsightActions()
{
    m_boostAction = new QAction(tr("Raise the &learning rate x10 for 50 updates"), this);
    m_boostAction->setObjectName(QStringLiteral("boostLearningRate"));
    m_boostAction->setShortcut(Qt::Key_L);
    m_boostAction->setToolTip(tr("Multiply the learning rate by 10 for the next 50 updates, then "
                                 "return to the schedule (L)"));
    connect(m_boostAction, &QAction::triggered, this,
            [this] { m_controller->boostLearningRate(10.0, 50); });

    m_outlierAction = new QAction(tr("Feed one &outlier batch"), this);
    m_outlierAction->setObjectName(QStringLiteral("outlierBatch"));
    m_outlierAction->setShortcut(Qt::Key_O);
    m_outlierAction->setToolTip(tr("Shift the targets of the next batch by 10 standard "
                                   "deviations; with full batches, every tenth sample (O)"));
    connect(m_outlierAction, &QAction::triggered, this,
            [this] { m_controller->injectOutlierBatch(10.0); });

    m_scaleAction = new QAction(this);
    m_scaleAction->setObjectName(QStringLiteral("scaleLayer"));
    m_scaleAction->setShortcut(Qt::Key_W);
    connect(m_scaleAction, &QAction::triggered, this,
            [this] { m_controller->scaleLayerWeights(m_scaleLayer, m_scaleFactor); });

    m_scaleDialogAction = new QAction(tr("Choose the layer and &factor..."), this);
    m_scaleDialogAction->setObjectName(QStringLiteral("scaleLayerSettings"));
    connect(m_scaleDialogAction, &QAction::triggered, this, &MainWindow::scaleLayerDialog);
    updateScaleActionText();

    m_rewindAction = new QAction(tr("Re&wind before the spike"), this);
    m_rewindAction->setObjectName(QStringLiteral("rewind"));
    m_rewindAction->setShortcut(Qt::Key_B);
    m_rewindAction->setToolTip(
        tr("Go back to the snapshot before the selected spike, or before the newest one, and "
           "pause; N then replays one update at a time with the same batches (B)"));
    connect(m_rewindAction, &QAction::triggered, this, &MainWindow::rewindBeforeSpike);

    m_snapshotAction = new QAction(tr("S&napshot interval..."), this);
    m_snapshotAction->setObjectName(QStringLiteral("snapshotInterval"));
    m_snapshotAction->setToolTip(tr("How often the whole training state is kept for rewinding"));
    connect(m_snapshotAction, &QAction::triggered, this, &MainWindow::snapshotIntervalDialog);
}

void MainWindow::addInsightMenus(QMenu *runMenu)
{
    runMenu->addSeparator();
    QMenu *breakMenu = runMenu->addMenu(tr("&Break it"));
    breakMenu->setObjectName(QStringLiteral("breakMenu"));
    breakMenu->setToolTipsVisible(true);
    breakMenu->addAction(m_boostAction);
    breakMenu->addAction(m_outlierAction);
    breakMenu->addAction(m_scaleAction);
    breakMenu->addAction(m_scaleDialogAction);
    runMenu->addAction(m_rewindAction);
    runMenu->addAction(m_snapshotAction);
}

void MainWindow::updateScaleActionText()
{
    const bool output = m_run.config.network.hidden.size() + 1 == std::size_t(m_scaleLayer);
    m_scaleAction->setText(tr("Scale the &weights of layer %1%2 x%3")
                               .arg(m_scaleLayer)
                               .arg(output ? tr(" (output)") : QString())
                               .arg(QLocale().toString(m_scaleFactor, 'g', 6)));
    m_scaleAction->setToolTip(tr("Multiply every weight of one layer by a factor (W)"));
}

QDockWidget *MainWindow::addInsightDock(const QString &title, const char *objectName,
                                        QWidget *view, Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(QLatin1String(objectName));
    // A panel may be narrow and short; its content adapts or scrolls. Without this the panels'
    // combined minimum sizes would keep the window from fitting small screens.
    view->setMinimumSize(160, 120);
    dock->setWidget(view);
    addDockWidget(area, dock);
    m_insightMenu->addAction(dock->toggleViewAction());
    connect(dock, &QDockWidget::visibilityChanged, this, &MainWindow::updateInsightsEnabled);
    return dock;
}

void MainWindow::createInsightDocks()
{
    m_gradientView = new GradientNormsView;
    m_activationsView = new ActivationsView;
    m_weightsView = new WeightsView;
    m_functionView = new FunctionPlotView;
    m_propagationView = new PropagationView;

    m_insightMenu = m_viewMenu->addMenu(tr("&Inside the network"));
    m_insightMenu->setObjectName(QStringLiteral("insightMenu"));
    QDockWidget *gradients = addInsightDock(tr("Gradient norms"), "gradientDock", m_gradientView,
                                            Qt::BottomDockWidgetArea);
    auto *spikeDock = findChild<QDockWidget *>(QStringLiteral("spikeDock"));
    tabifyDockWidget(spikeDock, gradients);
    spikeDock->raise();
    // Tall enough for the gradient chart's axes and legend; a saved layout replaces it.
    resizeDocks({spikeDock}, {240}, Qt::Vertical);

    QDockWidget *function = addInsightDock(tr("Function"), "functionDock", m_functionView,
                                           Qt::RightDockWidgetArea);
    QDockWidget *activations = addInsightDock(tr("Activations"), "activationsDock",
                                              m_activationsView, Qt::RightDockWidgetArea);
    QDockWidget *weights = addInsightDock(tr("Weights"), "weightsDock", m_weightsView,
                                          Qt::RightDockWidgetArea);
    QDockWidget *propagation = addInsightDock(tr("Variance propagation"), "propagationDock",
                                              m_propagationView, Qt::RightDockWidgetArea);
    tabifyDockWidget(function, activations);
    tabifyDockWidget(activations, weights);
    tabifyDockWidget(weights, propagation);
    function->raise();
    setTabPosition(Qt::RightDockWidgetArea, QTabWidget::North);
    resizeDocks({function}, {420}, Qt::Horizontal);

    // The propagation panel computes when it is first shown, for the run's activation.
    connect(propagation, &QDockWidget::visibilityChanged, this, [this](bool visible) {
        if (visible && m_propagationView->columns().empty() && !m_propagationView->isComputing())
            m_propagationView->compute();
    });
}

void MainWindow::connectInsight()
{
    connect(m_controller, &TrainingController::insightReady, this, &MainWindow::showInsight);
    connect(m_controller, &TrainingController::rewound, this, &MainWindow::showRewound);
    connect(this, &MainWindow::presentationModeChanged, this, [this](bool on) {
        m_gradientView->setPresentationMode(on);
        m_activationsView->setPresentationMode(on);
        m_weightsView->setPresentationMode(on);
        m_functionView->setPresentationMode(on);
        m_propagationView->setPresentationMode(on);
    });
}

void MainWindow::updateInsightsEnabled()
{
    // Measuring costs forward passes on the training thread, so it runs only while a panel that
    // shows it can be seen.
    bool visible = false;
    for (QWidget *view : {static_cast<QWidget *>(m_activationsView),
                          static_cast<QWidget *>(m_weightsView),
                          static_cast<QWidget *>(m_functionView)}) {
        visible = visible || view->isVisibleTo(this);
    }
    if (visible != m_insightsEnabled) {
        m_insightsEnabled = visible;
        m_controller->setInsightsEnabled(visible);
    }
}

void MainWindow::showInsight(const InsightSnapshot &snapshot)
{
    m_activationsView->setSnapshot(snapshot);
    m_weightsView->setSnapshot(snapshot);
    m_functionView->setDataInputs(snapshot.function.dataInputs);
    m_functionView->setFunction(snapshot.function, snapshot.iteration);
}

void MainWindow::startInsightRun(const RunInfo &info)
{
    std::vector<int> units(info.config.network.hidden.begin(), info.config.network.hidden.end());
    units.push_back(info.outputs);
    m_gradientView->clear(units);
    if (m_propagationView->activation() != info.config.network.activation) {
        m_propagationView->setActivation(info.config.network.activation);
        if (!m_propagationView->columns().empty() || m_propagationView->isVisibleTo(this))
            m_propagationView->compute();
    }
    m_scaleLayer = std::min(m_scaleLayer, int(units.size()));
    updateScaleActionText();
}

void MainWindow::showRewound(qint64 iteration, const TrainingBatch &history)
{
    // The history replaces everything shown of the run from row 0 on.
    if (history.points.empty())
        return;
    m_chart->startRun(m_run.totalIterations, history.points.front());
    m_spikeModel->clear();
    std::vector<int> units(m_run.config.network.hidden.begin(), m_run.config.network.hidden.end());
    units.push_back(m_run.outputs);
    m_gradientView->clear(units);

    TrainingBatch rest = history;
    rest.points.erase(rest.points.begin());
    if (rest.layerGradNorms.size() >= std::size_t(rest.layerCount))
        rest.layerGradNorms.erase(rest.layerGradNorms.begin(),
                                  rest.layerGradNorms.begin() + rest.layerCount);
    m_iteration = 0;
    showBatch(rest);
    m_iteration = iteration;
    m_mse = history.points.back().mse;
    updateStatus();
    statusBar()->showMessage(
        tr("Rewound to iteration %1. Press N to replay one update at a time, or Space to go on.")
            .arg(QLocale().toString(iteration)));
}

void MainWindow::rewindBeforeSpike()
{
    // The selected spike, else the newest one, else one snapshot back.
    qint64 target = m_iteration - 1;
    const QModelIndexList rows = m_spikeTable->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        target = m_spikeModel->report(rows.constFirst().row()).event.start - 1;
    else if (m_spikeModel->count() > 0)
        target = m_spikeModel->report(m_spikeModel->count() - 1).event.start - 1;
    m_controller->rewind(std::max<qint64>(target, 0));
}

void MainWindow::scaleLayerDialog()
{
    const int layers = int(m_run.config.network.hidden.size()) + 1;
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("scaleLayerDialog"));
    dialog.setWindowTitle(tr("Scale layer weights"));
    auto *layout = new QFormLayout(&dialog);
    auto *layer = new QSpinBox;
    layer->setObjectName(QStringLiteral("layer"));
    layer->setRange(1, std::max(layers, 1));
    layer->setValue(std::min(m_scaleLayer, layers));
    layer->setToolTip(tr("Layer 1 is the first hidden layer; layer %1 is the output layer")
                          .arg(layers));
    auto *factor = new QDoubleSpinBox;
    factor->setObjectName(QStringLiteral("factor"));
    factor->setDecimals(3);
    factor->setRange(-1000.0, 1000.0);
    factor->setValue(m_scaleFactor);
    layout->addRow(tr("Layer:"), layer);
    layout->addRow(tr("Factor:"), factor);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Scale now"));
    layout->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_scaleLayer = layer->value();
    m_scaleFactor = factor->value();
    updateScaleActionText();
    m_controller->scaleLayerWeights(m_scaleLayer, m_scaleFactor);
}

void MainWindow::snapshotIntervalDialog()
{
    bool accepted = false;
    const int updates = QInputDialog::getInt(
        this, tr("Snapshot interval"),
        tr("Keep the whole training state every this many updates, for rewinding (0 turns "
           "snapshots off):"),
        int(m_snapshotInterval), 0, 1000000, 10, &accepted);
    if (accepted)
        setSnapshotInterval(updates);
}

void MainWindow::setSnapshotInterval(qint64 updates)
{
    m_snapshotInterval = std::max<qint64>(updates, 0);
    m_controller->setSnapshotInterval(m_snapshotInterval);
}

void MainWindow::updateInsightActions()
{
    const bool canTake = m_state == TrainingState::Ready || m_state == TrainingState::Paused
        || m_state == TrainingState::Running;
    for (QAction *action : {m_boostAction, m_outlierAction, m_scaleAction, m_scaleDialogAction})
        action->setEnabled(canTake);
    m_rewindAction->setEnabled(m_state != TrainingState::Empty && m_snapshotInterval > 0);
}

} // namespace initlab
