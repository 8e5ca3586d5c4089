#include "mainwindow.h"

#include "comparisonwindow.h"
#include "configfile.h"
#include "gradientnormsview.h"
#include "experimentpanel.h"
#include "losschart.h"
#include "mainwindowpresentation_p.h"
#include "presetgallery.h"
#include "presets.h"
#include "spiketablemodel.h"
#include "uilogging.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QIcon>
#include <QJsonDocument>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QRandomGenerator>
#include <QSaveFile>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace initlab {

namespace {

constexpr int maxRecentFiles = 8;

QString formatSpeed(double updatesPerSecond)
{
    if (updatesPerSecond <= 0)
        return MainWindow::tr("full speed");
    return MainWindow::tr("%1 it/s").arg(QLocale().toString(updatesPerSecond, 'f', 0));
}

QString formatMse(double mse)
{
    if (!std::isfinite(mse))
        return QString::number(mse);
    return QString::number(mse, 'g', 4);
}

} // namespace

MainWindow::MainWindow(SettingsMode settingsMode, QWidget *parent)
    : QMainWindow(parent)
    , m_settingsMode(settingsMode)
    , m_controller(new TrainingController(this))
    , m_panel(new ExperimentPanel)
    , m_chart(new LossChart)
    , m_spikeModel(new SpikeTableModel(this))
    , m_spikeTable(new QTableView)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("InitLab"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/initlab.svg")));

    auto *central = new QWidget;
    auto *layout = new QVBoxLayout(central);
    m_description = new QLabel;
    m_description->setObjectName(QStringLiteral("runDescription"));
    m_description->setWordWrap(true);
    m_description->setToolTip(tr("Description of the preset or configuration file"));
    layout->addWidget(m_description);

    auto *resetFrame = new QFrame;
    resetFrame->setFrameShape(QFrame::StyledPanel);
    m_resetBar = resetFrame;
    m_resetBar->setObjectName(QStringLiteral("resetBar"));
    auto *barLayout = new QHBoxLayout(m_resetBar);
    m_resetMessage = new QLabel;
    m_resetMessage->setWordWrap(true);
    auto *resetNow = new QPushButton(tr("Reset now"));
    resetNow->setObjectName(QStringLiteral("resetNow"));
    auto *keepRunning = new QPushButton(tr("Keep the current run"));
    keepRunning->setObjectName(QStringLiteral("keepRunning"));
    barLayout->addWidget(m_resetMessage, 1);
    barLayout->addWidget(resetNow);
    barLayout->addWidget(keepRunning);
    m_resetBar->hide();
    connect(resetNow, &QPushButton::clicked, this, &MainWindow::resetRun);
    connect(keepRunning, &QPushButton::clicked, m_resetBar, &QWidget::hide);
    layout->addWidget(m_resetBar);
    layout->addWidget(m_chart, 1);
    setCentralWidget(central);

    createActions();
    createInsightActions();
    createMenus();
    createToolBar();
    createDocks();
    createInsightDocks();
    createStatusBar();
    connectController();
    connectInsight();

    connect(m_panel, &ExperimentPanel::trainingParametersChanged, this,
        [this](const TrainingConfig &training) {
            if (m_state != TrainingState::Empty)
                m_controller->setTrainingParameters(training);
        });
    connect(m_panel, &ExperimentPanel::runConfigChanged, this, &MainWindow::askToReset);
    connect(m_panel, &ExperimentPanel::validityChanged, this, &MainWindow::updateActions);
    connect(m_chart, &LossChart::spikeClicked, this, [this](int index) {
        if (index >= 0 && index < m_spikeModel->count())
            m_spikeTable->selectRow(index);
    });
    connect(m_chart, &LossChart::hovered, this, [this](qint64 iteration, double mse) {
        statusBar()->showMessage(
            tr("iteration %1: MSE %2").arg(QLocale().toString(iteration), formatMse(mse)), 3000);
    });

    readSettings();
    updateActions();
    updateStatus();
}

MainWindow::~MainWindow()
{
    // QWidget's destructor closes the window and hides the docks after this object has become a
    // plain QWidget. Their visibilityChanged() must not reach this object's slots then.
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        dock->disconnect(this);
}

void MainWindow::createActions()
{
    m_startAction = new QAction(tr("&Start"), this);
    m_startAction->setObjectName(QStringLiteral("start"));
    m_startAction->setShortcut(Qt::Key_Space);
    m_startAction->setToolTip(tr("Start or pause training (Space)"));
    connect(m_startAction, &QAction::triggered, this, &MainWindow::startOrPause);

    m_stepAction = new QAction(tr("Step &iteration"), this);
    m_stepAction->setObjectName(QStringLiteral("step"));
    m_stepAction->setShortcut(Qt::Key_N);
    m_stepAction->setToolTip(tr("Perform one update, then pause (N)"));
    connect(m_stepAction, &QAction::triggered, this, &MainWindow::stepOnce);

    m_stepEpochAction = new QAction(tr("Step &epoch"), this);
    m_stepEpochAction->setObjectName(QStringLiteral("stepEpoch"));
    m_stepEpochAction->setShortcut(Qt::Key_E);
    m_stepEpochAction->setToolTip(tr(
        "Perform one pass over the training set (one update with full batches), then pause (E)"));
    connect(m_stepEpochAction, &QAction::triggered, this, &MainWindow::stepEpoch);

    m_stopAction = new QAction(tr("S&top"), this);
    m_stopAction->setObjectName(QStringLiteral("stop"));
    m_stopAction->setShortcut(Qt::Key_Escape);
    m_stopAction->setToolTip(tr("End the run; Start then begins it again from the same weights "
                                "(Esc)"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopRun);

    m_resetAction = new QAction(tr("&Reset"), this);
    m_resetAction->setObjectName(QStringLiteral("reset"));
    m_resetAction->setShortcut(Qt::Key_R);
    m_resetAction->setToolTip(tr("Set the run up again from the panel's settings: the same seed "
                                 "gives the same initial weights (R)"));
    connect(m_resetAction, &QAction::triggered, this, &MainWindow::resetRun);

    m_reinitializeAction = new QAction(tr("Reinitialize with a &new seed"), this);
    m_reinitializeAction->setObjectName(QStringLiteral("reinitialize"));
    m_reinitializeAction->setShortcut(Qt::SHIFT | Qt::Key_R);
    m_reinitializeAction->setToolTip(
        tr("Draw a new seed, which gives new initial weights, data and batches (Shift+R)"));
    connect(m_reinitializeAction, &QAction::triggered, this, &MainWindow::reinitialize);

    m_compareAction = new QAction(tr("&Compare..."), this);
    m_compareAction->setObjectName(QStringLiteral("compare"));
    m_compareAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_compareAction->setToolTip(tr("Train several values of one setting over several seeds "
                                   "and compare their MSE curves (Ctrl+K)"));
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::openComparison);

    m_openAction = new QAction(tr("&Open configuration..."), this);
    m_openAction->setObjectName(QStringLiteral("openConfig"));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::openConfigDialog);

    m_saveAction = new QAction(tr("&Save configuration as..."), this);
    m_saveAction->setObjectName(QStringLiteral("saveConfig"));
    m_saveAction->setShortcut(QKeySequence::Save);
    connect(m_saveAction, &QAction::triggered, this, &MainWindow::saveConfigDialog);

    m_openCsvAction = new QAction(tr("Open &CSV data..."), this);
    m_openCsvAction->setObjectName(QStringLiteral("openCsvData"));
    connect(m_openCsvAction, &QAction::triggered, this, &MainWindow::openCsvDialog);

    m_exportAction = new QAction(tr("&Export figure..."), this);
    m_exportAction->setObjectName(QStringLiteral("exportFigure"));
    m_exportAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E));
    m_exportAction->setToolTip(
        tr("Save the chart as PNG, SVG or PDF for print, with its data and configuration"));
    connect(m_exportAction, &QAction::triggered, this, &MainWindow::openExportDialog);

    m_copyChartAction = new QAction(tr("&Copy chart"), this);
    m_copyChartAction->setObjectName(QStringLiteral("copyChart"));
    m_copyChartAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    m_copyChartAction->setToolTip(tr("Put the chart on the clipboard as an image"));
    connect(m_copyChartAction, &QAction::triggered, this, &MainWindow::copyChart);

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setObjectName(QStringLiteral("quit"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->addAction(m_openAction);
    m_recentMenu = fileMenu->addMenu(tr("Open &recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    fileMenu->addAction(m_saveAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_openCsvAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_exportAction);
    fileMenu->addAction(m_copyChartAction);
    fileMenu->addSeparator();
    fileMenu->addAction(m_quitAction);

    QMenu *presetMenu = menuBar()->addMenu(tr("&Presets"));
    presetMenu->setObjectName(QStringLiteral("presetMenu"));
    presetMenu->setToolTipsVisible(true);
    QAction *gallery = presetMenu->addAction(tr("&Gallery..."));
    gallery->setObjectName(QStringLiteral("presetGallery"));
    gallery->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    gallery->setToolTip(tr("Every preset by topic, with what it shows and what to look for "
                           "(Ctrl+G)"));
    connect(gallery, &QAction::triggered, this, &MainWindow::openPresetGallery);
    presetMenu->addSeparator();
    for (const QString &name : presetNames()) {
        QAction *action = presetMenu->addAction(name);
        const QString description = initlab::loadPreset(name).description;
        action->setToolTip(description);
        action->setStatusTip(description);
        connect(action, &QAction::triggered, this, [this, name] { loadPreset(name); });
    }

    QMenu *runMenu = menuBar()->addMenu(tr("&Run"));
    runMenu->addAction(m_startAction);
    runMenu->addAction(m_stepAction);
    runMenu->addAction(m_stepEpochAction);
    runMenu->addAction(m_stopAction);
    runMenu->addSeparator();
    runMenu->addAction(m_resetAction);
    runMenu->addAction(m_reinitializeAction);
    runMenu->addSeparator();
    runMenu->addAction(m_compareAction);
    addInsightMenus(runMenu);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction *larger = m_viewMenu->addAction(tr("&Larger text"));
    larger->setObjectName(QStringLiteral("largerText"));
    larger->setShortcuts({QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)});
    connect(larger, &QAction::triggered, this, [this] { setTextSize(textSize() + 2); });
    QAction *smaller = m_viewMenu->addAction(tr("&Smaller text"));
    smaller->setObjectName(QStringLiteral("smallerText"));
    smaller->setShortcut(QKeySequence::ZoomOut);
    connect(smaller, &QAction::triggered, this, [this] { setTextSize(textSize() - 2); });
    QAction *normal = m_viewMenu->addAction(tr("&Normal text size"));
    normal->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_0));
    connect(normal, &QAction::triggered, this, [this] { setTextSize(0); });
    m_viewMenu->addAction(createPresentationAction());
    m_viewMenu->addSeparator();

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    QAction *about = helpMenu->addAction(tr("&About InitLab"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About InitLab"),
            tr("<p><b>InitLab %1</b></p><p>Watch a small neural network train, "
               "see each loss spike as it happens and what most likely caused "
               "it.</p>")
                .arg(QApplication::applicationVersion()));
    });
}

void MainWindow::createToolBar()
{
    QToolBar *toolBar = addToolBar(tr("Run"));
    toolBar->setObjectName(QStringLiteral("runToolBar"));
    toolBar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolBar->addAction(m_startAction);
    toolBar->addAction(m_stepAction);
    toolBar->addAction(m_stepEpochAction);
    toolBar->addAction(m_stopAction);
    toolBar->addSeparator();
    toolBar->addAction(m_resetAction);
    toolBar->addAction(m_reinitializeAction);
    toolBar->addSeparator();

    auto *speedTitle = new QLabel(tr("Speed "));
    m_speedSlider = new QSlider(Qt::Horizontal);
    m_speedSlider->setObjectName(QStringLiteral("speed"));
    m_speedSlider->setRange(0, int(speedSteps().size()) - 1);
    m_speedSlider->setPageStep(1);
    m_speedSlider->setValue(int(speedSteps().size()) - 1);
    m_speedSlider->setMaximumWidth(fontMetrics().averageCharWidth() * 24);
    m_speedSlider->setToolTip(tr("Updates per second, from one a second (to watch a spike form) "
                                 "up to full speed"));
    m_speedLabel = new QLabel(formatSpeed(0));
    m_speedLabel->setContentsMargins(fontMetrics().averageCharWidth(), 0, 0, 0);
    m_speedLabel->setMinimumWidth(fontMetrics().horizontalAdvance(formatSpeed(20000)) + 8);
    toolBar->addWidget(speedTitle);
    toolBar->addWidget(m_speedSlider);
    toolBar->addWidget(m_speedLabel);
    connect(m_speedSlider, &QSlider::valueChanged, this, [this](int position) {
        const double updatesPerSecond = speedSteps().value(position);
        m_speedLabel->setText(formatSpeed(updatesPerSecond));
        m_controller->setSpeed(updatesPerSecond);
    });
    m_viewMenu->addAction(toolBar->toggleViewAction());
}

void MainWindow::createDocks()
{
    auto *panelDock = new QDockWidget(tr("Experiment"), this);
    panelDock->setObjectName(QStringLiteral("experimentDock"));
    panelDock->setWidget(m_panel);
    addDockWidget(Qt::LeftDockWidgetArea, panelDock);
    m_viewMenu->addAction(panelDock->toggleViewAction());

    auto *spikeDock = new QDockWidget(tr("Spikes"), this);
    spikeDock->setObjectName(QStringLiteral("spikeDock"));
    m_spikeTable->setObjectName(QStringLiteral("spikeTable"));
    m_spikeTable->setModel(m_spikeModel);
    m_spikeTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_spikeTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_spikeTable->setWordWrap(false);
    m_spikeTable->verticalHeader()->hide();
    m_spikeTable->horizontalHeader()->setStretchLastSection(true);
    sizeSpikeColumns();
    m_spikeTable->setToolTip(tr("Every spike of the run; select one to centre the chart on it"));
    spikeDock->setWidget(m_spikeTable);
    addDockWidget(Qt::BottomDockWidgetArea, spikeDock);
    m_viewMenu->addAction(spikeDock->toggleViewAction());
    connect(m_spikeTable->selectionModel(), &QItemSelectionModel::selectionChanged, this,
        &MainWindow::showSpikeSelected);
}

void MainWindow::sizeSpikeColumns()
{
    // Widths from the widest text each column can hold, so that nothing is cut off at any font
    // size; the explanation takes the rest.
    QHeaderView *header = m_spikeTable->horizontalHeader();
    const QFontMetrics metrics = m_spikeTable->fontMetrics();
    const int padding = metrics.averageCharWidth() * 3;
    const int iterationWidth = metrics.horizontalAdvance(QLocale().toString(10000000)) + padding;
    header->resizeSection(SpikeTableModel::Start, iterationWidth);
    header->resizeSection(SpikeTableModel::Peak, iterationWidth);
    header->resizeSection(SpikeTableModel::End, iterationWidth);
    header->resizeSection(SpikeTableModel::Ratio,
        metrics.horizontalAdvance(QStringLiteral("\u00d7 99,999.9")) + padding);
    header->resizeSection(SpikeTableModel::Cause,
        metrics.horizontalAdvance(QStringLiteral("Numerical instability")) + metrics.height()
            + 2 * padding);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::FontChange)
        sizeSpikeColumns();
    QMainWindow::changeEvent(event);
}

void MainWindow::fitPanelDock()
{
    // Wide enough for the panel's widest row, so that it needs no horizontal scroll bar.
    auto *panelDock = findChild<QDockWidget *>(QStringLiteral("experimentDock"));
    if (!panelDock || panelDock->isFloating())
        return;
    // The panel scrolls its content, so the content's hint is the width it needs.
    auto *scroll = m_panel->findChild<QScrollArea *>();
    const QWidget *content = scroll && scroll->widget() ? scroll->widget() : m_panel;
    const int width = content->sizeHint().width() + style()->pixelMetric(QStyle::PM_ScrollBarExtent)
        + 2 * style()->pixelMetric(QStyle::PM_DockWidgetFrameWidth);
    resizeDocks({panelDock}, {width}, Qt::Horizontal);
}

void MainWindow::createStatusBar()
{
    m_stateLabel = new QLabel;
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_iterationLabel = new QLabel;
    m_iterationLabel->setObjectName(QStringLiteral("iterationLabel"));
    m_mseLabel = new QLabel;
    m_mseLabel->setObjectName(QStringLiteral("mseLabel"));
    m_rateLabel = new QLabel;
    m_rateLabel->setObjectName(QStringLiteral("rateLabel"));
    m_spikesLabel = new QLabel;
    m_spikesLabel->setObjectName(QStringLiteral("spikesLabel"));
    const int gap = fontMetrics().averageCharWidth();
    for (QLabel *label : {m_stateLabel, m_iterationLabel, m_mseLabel, m_rateLabel, m_spikesLabel}) {
        label->setContentsMargins(gap, 0, gap, 0);
        statusBar()->addPermanentWidget(label);
    }
}

void MainWindow::connectController()
{
    connect(m_controller, &TrainingController::runLoaded, this, &MainWindow::showRunLoaded);
    connect(m_controller, &TrainingController::batchReady, this, &MainWindow::showBatch);
    connect(m_controller, &TrainingController::stateChanged, this, &MainWindow::showState);
    connect(m_controller, &TrainingController::failed, this, &MainWindow::showFailure);
}

const QList<double> &MainWindow::speedSteps()
{
    static const QList<double> steps {
        1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 0};
    return steps;
}

void MainWindow::setSpeed(double updatesPerSecond)
{
    const QList<double> &steps = speedSteps();
    int position = int(steps.size()) - 1;
    if (updatesPerSecond > 0) {
        // The nearest step on a logarithmic scale.
        position = 0;
        for (int i = 1; i + 1 < steps.size(); ++i) {
            if (std::abs(std::log(steps[i] / updatesPerSecond))
                < std::abs(std::log(steps[position] / updatesPerSecond)))
                position = i;
        }
    }
    m_speedSlider->setValue(position);
}

double MainWindow::speed() const
{
    return speedSteps().value(m_speedSlider->value());
}

void MainWindow::setTextSize(double points)
{
    if (m_systemTextSize <= 0)
        m_systemTextSize = QApplication::font().pointSizeF();
    QFont font = QApplication::font();
    font.setPointSizeF(points <= 0 ? m_systemTextSize : std::clamp(points, 6.0, 48.0));
    QApplication::setFont(font);
    // The panel's size hint follows its children's fonts, which change after this call returns.
    QTimer::singleShot(0, this, &MainWindow::fitPanelDock);
}

double MainWindow::textSize() const
{
    return QApplication::font().pointSizeF();
}

bool MainWindow::loadPreset(const QString &name)
{
    RunConfig config;
    try {
        config = initlab::loadPreset(name);
    } catch (const std::exception &error) {
        showFailure(QString::fromUtf8(error.what()));
        return false;
    }
    m_panel->setConfig(config);
    setCurrentSource(name, config.description);
    m_resetBar->hide();
    loadRun(config, {});
    return true;
}

bool MainWindow::openConfig(const QString &path)
{
    RunConfig config;
    try {
        config = parseRunConfig(readConfigFile(path), path);
    } catch (const std::exception &error) {
        showFailure(QString::fromUtf8(error.what()));
        return false;
    }
    const QFileInfo info(path);
    m_panel->setConfig(config, info.absolutePath());
    setCurrentSource(info.fileName(), config.description);
    m_lastDirectory = info.absolutePath();
    addRecentFile(info.absoluteFilePath());
    m_resetBar->hide();
    loadRun(config, info.absolutePath());
    return true;
}

bool MainWindow::saveConfig(const QString &path)
{
    const QByteArray json = QJsonDocument(toJson(m_panel->config())).toJson();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        showFailure(tr("Cannot save the configuration to %1: %2. Choose another folder or "
                       "file name.")
                        .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    const QFileInfo info(path);
    m_lastDirectory = info.absolutePath();
    addRecentFile(info.absoluteFilePath());
    setCurrentSource(info.fileName(), m_panel->config().description);
    statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
    return true;
}

bool MainWindow::openCsv(const QString &path)
{
    QString message;
    if (!m_panel->openCsv(path, &message)) {
        showFailure(message);
        return false;
    }
    m_lastDirectory = QFileInfo(path).absolutePath();
    return true;
}

void MainWindow::openConfigDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open configuration"), m_lastDirectory, tr("Run configurations (*.json)"));
    if (!path.isEmpty())
        openConfig(path);
}

void MainWindow::saveConfigDialog()
{
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save configuration"), m_lastDirectory, tr("Run configurations (*.json)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    saveConfig(path);
}

void MainWindow::openCsvDialog()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open CSV data"), m_lastDirectory, tr("CSV files (*.csv *.txt);;All files (*)"));
    if (!path.isEmpty())
        openCsv(path);
}

void MainWindow::startOrPause()
{
    switch (m_state) {
    case TrainingState::Running:
        m_controller->pause();
        break;
    case TrainingState::Empty:
    case TrainingState::Finished:
    case TrainingState::Diverged:
        // A new run from the panel's settings. It is loaded here, not by the controller's own
        // restart, so that every runLoaded() matches a load that the window requested.
        if (!m_panel->isValid())
            return;
        loadRun(m_panel->config(), m_panel->baseDir());
        m_controller->start();
        break;
    default:
        m_controller->start();
        break;
    }
}

void MainWindow::stepOnce()
{
    if (m_state == TrainingState::Running)
        m_controller->pause();
    m_controller->step(1);
}

void MainWindow::stepEpoch()
{
    if (m_state == TrainingState::Running)
        m_controller->pause();
    m_controller->stepEpoch();
}

void MainWindow::stopRun()
{
    m_controller->stop();
}

void MainWindow::resetRun()
{
    if (!m_panel->isValid())
        return;
    m_resetBar->hide();
    loadRun(m_panel->config(), m_panel->baseDir());
}

void MainWindow::reinitialize()
{
    RunConfig config = m_panel->config();
    config.seed = QRandomGenerator::global()->bounded(quint64(maxSeed)) + 1;
    m_panel->setConfig(config, m_panel->baseDir());
    resetRun();
}

void MainWindow::askToReset()
{
    if (!m_panel->isValid())
        return;
    if (m_state != TrainingState::Running && m_state != TrainingState::Paused) {
        applyPanelConfig();
        return;
    }
    m_resetMessage->setText(tr("This change needs a new run. Reset now to apply it, or keep "
                               "training with the current settings and apply it at the next "
                               "reset."));
    m_resetBar->show();
}

void MainWindow::applyPanelConfig()
{
    m_resetBar->hide();
    loadRun(m_panel->config(), m_panel->baseDir());
}

void MainWindow::openComparison()
{
    if (!m_comparisonWindow) {
        m_comparisonWindow = new ComparisonWindow(this);
        connect(m_comparisonWindow, &ComparisonWindow::baseConfigRequested, this, [this] {
            m_comparisonWindow->setBaseConfig(m_panel->config(), m_panel->baseDir());
        });
    }
    m_comparisonWindow->setBaseConfig(m_panel->config(), m_panel->baseDir());
    m_comparisonWindow->show();
    m_comparisonWindow->raise();
    m_comparisonWindow->activateWindow();
}

void MainWindow::loadRun(const RunConfig &config, const QString &baseDir)
{
    m_pendingLoads.append({baseDir, windowTitle(), m_description->text()});
    m_controller->load(config, baseDir);
}

void MainWindow::showRunLoaded(const RunInfo &info)
{
    // The controller completes loads in order, each with runLoaded() or failed().
    if (!m_pendingLoads.isEmpty())
        m_runSource = m_pendingLoads.takeFirst();
    m_run = info;
    m_iteration = info.initial.iteration;
    m_mse = info.initial.mse;
    m_rate = 0.0;
    m_rateIteration = m_iteration;
    m_rateStartMs = QDateTime::currentMSecsSinceEpoch();
    m_spikeModel->clear();
    m_chart->startRun(info.totalIterations, info.initial);
    startInsightRun(info);
    updateStatus();
}

void MainWindow::showBatch(const TrainingBatch &batch)
{
    if (!batch.points.empty()) {
        m_iteration = batch.points.back().iteration;
        m_mse = batch.points.back().mse;
    }
    m_spikeModel->apply(batch.spikes);
    m_chart->appendBatch(batch);
    m_gradientView->appendBatch(batch);

    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 elapsed = now - m_rateStartMs;
    if (elapsed >= 500) {
        m_rate = double(m_iteration - m_rateIteration) * 1000.0 / double(elapsed);
        m_rateIteration = m_iteration;
        m_rateStartMs = now;
    }
    updateStatus();
}

void MainWindow::showState(TrainingState state, qint64 iteration)
{
    m_state = state;
    m_iteration = std::max(m_iteration, iteration);
    if (state != TrainingState::Running) {
        m_rate = 0.0;
    } else {
        m_rateIteration = m_iteration;
        m_rateStartMs = QDateTime::currentMSecsSinceEpoch();
    }
    if (state == TrainingState::Diverged) {
        // The chart shows the short statement; the status bar adds the diagnosis.
        const QString headline =
            tr("Diverged at iteration %1: the training MSE is no longer finite.")
                .arg(QLocale().toString(iteration));
        QString message = headline;
        for (int row = m_spikeModel->count() - 1; row >= 0; --row) {
            const SpikeReport &report = m_spikeModel->report(row);
            if (report.event.divergence) {
                message += QLatin1Char(' ') + report.diagnosis.explanation;
                break;
            }
        }
        m_chart->markDiverged(iteration, headline);
        statusBar()->showMessage(message);
    }
    updateActions();
    updateStatus();
}

void MainWindow::showFailure(const QString &message)
{
    qCWarning(lcWindow).noquote() << message;
    // A rejected load leaves the previous run in place, so the panel shows that run again
    // rather than settings that are not the ones training.
    if (!m_pendingLoads.isEmpty()) {
        m_pendingLoads.removeFirst();
        if (m_state != TrainingState::Empty && m_pendingLoads.isEmpty()) {
            m_panel->setConfig(m_run.config, m_runSource.baseDir);
            setWindowTitle(m_runSource.title);
            m_description->setText(m_runSource.description);
            m_description->setVisible(!m_runSource.description.isEmpty());
            statusBar()->showMessage(
                tr("The current run and its settings stay as they were."), 10000);
        }
    }
    auto *box =
        new QMessageBox(QMessageBox::Warning, tr("InitLab"), message, QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("errorDialog"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    updateActions();
}

void MainWindow::showSpikeSelected()
{
    const QModelIndexList rows = m_spikeTable->selectionModel()->selectedRows();
    if (!rows.isEmpty())
        m_chart->showSpike(rows.constFirst().row());
}

void MainWindow::updateActions()
{
    const bool running = m_state == TrainingState::Running;
    const bool valid = m_panel->isValid();
    const bool canContinue = m_state == TrainingState::Ready || m_state == TrainingState::Paused;

    m_startAction->setText(running ? tr("&Pause") : tr("&Start"));
    m_startAction->setEnabled(running || valid);
    m_stepAction->setEnabled(running || canContinue);
    m_stepEpochAction->setEnabled(running || canContinue);
    m_stopAction->setEnabled(running || m_state == TrainingState::Paused);
    m_resetAction->setEnabled(valid);
    m_reinitializeAction->setEnabled(valid);
    m_saveAction->setEnabled(valid);
    const bool hasRun = m_state != TrainingState::Empty;
    m_exportAction->setEnabled(hasRun);
    m_copyChartAction->setEnabled(hasRun);
    updateInsightActions();
}

void MainWindow::updateStatus()
{
    const QLocale locale;
    m_stateLabel->setText(toString(m_state));
    m_iterationLabel->setText(
        tr("iteration %1 / %2")
            .arg(locale.toString(m_iteration), locale.toString(m_run.totalIterations)));
    m_mseLabel->setText(tr("MSE %1").arg(formatMse(m_mse)));
    m_rateLabel->setText(m_state == TrainingState::Running
            ? tr("%1 it/s").arg(locale.toString(m_rate, 'f', 0))
            : tr("- it/s"));
    const int spikes = m_spikeModel->count();
    m_spikesLabel->setText(
        spikes == 1 ? tr("1 spike") : tr("%1 spikes").arg(locale.toString(spikes)));
}

void MainWindow::setCurrentSource(const QString &title, const QString &description)
{
    setWindowTitle(tr("%1 - InitLab").arg(title));
    m_description->setText(description);
    m_description->setVisible(!description.isEmpty());
}

void MainWindow::addRecentFile(const QString &path)
{
    m_recentFiles.removeAll(path);
    m_recentFiles.prepend(path);
    while (m_recentFiles.size() > maxRecentFiles)
        m_recentFiles.removeLast();
    updateRecentMenu();
    writeSettings();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    for (const QString &path : std::as_const(m_recentFiles)) {
        QAction *action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(QDir::toNativeSeparators(path));
        action->setStatusTip(QDir::toNativeSeparators(path));
        connect(action, &QAction::triggered, this, [this, path] { openConfig(path); });
    }
    m_recentMenu->setEnabled(!m_recentFiles.isEmpty());
}

void MainWindow::readSettings()
{
    // Ignored settings read as absent, so every value takes its default.
    QSettings stored;
    const auto setting = [this, &stored](const QString &key, const QVariant &fallback = {}) {
        return m_settingsMode == SettingsMode::Kept ? stored.value(key, fallback) : fallback;
    };

    if (!restoreGeometry(setting(QStringLiteral("window/geometry")).toByteArray()))
        resize(1280, 800);
    if (!restoreState(setting(QStringLiteral("window/state")).toByteArray()))
        fitPanelDock();
    m_recentFiles = setting(QStringLiteral("recentFiles")).toStringList();
    m_lastDirectory = setting(QStringLiteral("lastDirectory")).toString();
    setSpeed(setting(QStringLiteral("run/speed"), 0.0).toDouble());
    m_systemTextSize = QApplication::font().pointSizeF();
    const double points = setting(QStringLiteral("view/textSize"), 0.0).toDouble();
    if (points > 0)
        setTextSize(points);
    m_chart->setLogScale(setting(QStringLiteral("chart/logScale"), true).toBool());
    m_chart->setSmoothing(setting(QStringLiteral("chart/smoothing"), 0.9).toDouble());
    m_chart->setFollowLatest(setting(QStringLiteral("chart/followLatest"), false).toBool());
    readExportSettings(setting(QStringLiteral("export/figure")).toByteArray());
    m_exportCsv = setting(QStringLiteral("export/csv"), false).toBool();
    m_exportConfig = setting(QStringLiteral("export/config"), true).toBool();
    setSnapshotInterval(
        setting(QStringLiteral("run/snapshotInterval"), TrainingController::defaultSnapshotInterval)
            .toLongLong());
    updateRecentMenu();
}

void MainWindow::writeSettings() const
{
    if (m_settingsMode == SettingsMode::Ignored)
        return;
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), normalGeometry());
    settings.setValue(QStringLiteral("window/state"), normalState());
    settings.setValue(QStringLiteral("recentFiles"), m_recentFiles);
    settings.setValue(QStringLiteral("lastDirectory"), m_lastDirectory);
    settings.setValue(QStringLiteral("run/speed"), speed());
    const double points = normalTextSize();
    settings.setValue(
        QStringLiteral("view/textSize"), qFuzzyCompare(points, m_systemTextSize) ? 0.0 : points);
    settings.setValue(QStringLiteral("chart/logScale"), m_chart->isLogScale());
    settings.setValue(QStringLiteral("chart/smoothing"), m_chart->smoothing());
    settings.setValue(QStringLiteral("chart/followLatest"), m_chart->followsLatest());
    settings.setValue(QStringLiteral("export/figure"), exportSettingsJson());
    settings.setValue(QStringLiteral("export/csv"), m_exportCsv);
    settings.setValue(QStringLiteral("export/config"), m_exportConfig);
    settings.setValue(QStringLiteral("run/snapshotInterval"), m_snapshotInterval);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    writeSettings();
    // The controller's destructor joins the thread; stopping now lets the current chunk end
    // while the window closes.
    m_controller->stop();
    event->accept();
}

} // namespace initlab
