#pragma once

// InitLab's desktop window: the experiment panel on the left, the live loss chart in the middle,
// the spike table at the bottom, run controls in a toolbar and the run's state in the status bar.
// Training runs on the TrainingController's thread; the window only sends requests and draws what
// comes back.

#include "figureexportdialog.h"
#include "trainingcontroller.h"

#include <QMainWindow>

#include <memory>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QPushButton;
class QSlider;
class QTableView;

namespace initlab {

class ActivationsView;
class ComparisonWindow;
class ExperimentPanel;
class FunctionPlotView;
class GradientNormsView;
class LossChart;
class PropagationView;
class PresetGallery;
class SpikeTableModel;
class WeightsView;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    enum class SettingsMode {
        Kept, // read at start, written on change and when the window closes
        Ignored, // neither read nor written, for pictures and benchmarks that must not depend on
                 // or change the user's settings
    };

    explicit MainWindow(SettingsMode settingsMode = SettingsMode::Kept, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Each returns false and shows the reason in a dialog when the preset, file or data is
    // rejected. The current run and data then stay as they were.
    bool loadPreset(const QString &name);
    bool openConfig(const QString &path);
    bool saveConfig(const QString &path);
    bool openCsv(const QString &path);

    // Updates per second of the speed control; 0 is full speed.
    void setSpeed(double updatesPerSecond);
    double speed() const;

    TrainingController *controller() const { return m_controller; }
    ExperimentPanel *panel() const { return m_panel; }
    LossChart *chart() const { return m_chart; }
    SpikeTableModel *spikeModel() const { return m_spikeModel; }
    QTableView *spikeTable() const { return m_spikeTable; }
    // The iteration of the newest point received.
    qint64 iteration() const { return m_iteration; }

    // Text size in points for the whole application; 0 restores the system's size. Kept between
    // sessions, for projectors and large screens.
    void setTextSize(double points);
    double textSize() const;

    // Speeds offered by the speed control, slowest first; the last entry, 0, is full speed.
    static const QList<double> &speedSteps();

    // The insight docks' views.
    GradientNormsView *gradientNormsView() const { return m_gradientView; }
    ActivationsView *activationsView() const { return m_activationsView; }
    WeightsView *weightsView() const { return m_weightsView; }
    FunctionPlotView *functionView() const { return m_functionView; }
    PropagationView *propagationView() const { return m_propagationView; }

    // Goes back to the snapshot before the spike selected in the table, else before the newest
    // spike, else one snapshot back, and pauses there.
    void rewindBeforeSpike();
    // Updates between the snapshots a run keeps for rewinding; 0 keeps none. Kept in the
    // settings.
    void setSnapshotInterval(qint64 updates);
    qint64 snapshotInterval() const { return m_snapshotInterval; }

    // Opens the export dialog on the run as the chart shows it now, and returns it; it deletes
    // itself when closed.
    FigureExportDialog *openExportDialog();
    // Puts the chart on the clipboard as an image, drawn as an export of the chart's size at the
    // screen's resolution with the export dialog's last style.
    bool copyChart();

    // Opens the preset gallery, or raises it when it is open, and returns it.
    PresetGallery *openPresetGallery();

    // Presentation mode, for projectors: full screen, text 1.6 times as large, a high-contrast
    // chart with thick lines, and the experiment panel and rarely used toolbar buttons hidden.
    // Leaving it restores the window's geometry, docks, toolbar and text size as they were. The
    // settings keep the values from before presentation mode.
    bool isPresentationMode() const;
    void setPresentationMode(bool on);

signals:
    void presentationModeChanged(bool on);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createStatusBar();
    void sizeSpikeColumns();
    void fitPanelDock();
    void connectController();

    void startOrPause();
    void stepOnce();
    void stepEpoch();
    void stopRun();
    void resetRun();
    void reinitialize();
    void applyPanelConfig();
    void askToReset();
    void openConfigDialog();
    void saveConfigDialog();
    void openCsvDialog();
    void openComparison();
    void loadFromGallery(const QString &name, bool start);
    void compareFromGallery(const QString &name, const QString &key, const QStringList &values);
    QAction *createPresentationAction();
    // The text size, geometry and dock state that the settings keep: in presentation mode, those
    // from before it.
    double normalTextSize() const;
    QByteArray normalGeometry() const;
    QByteArray normalState() const;

    // Insight docks, demonstrations and rewinding (mainwindowinsight.cpp).
    void createInsightActions();
    void addInsightMenus(QMenu *runMenu);
    void createInsightDocks();
    QDockWidget *addInsightDock(const QString &title, const char *objectName, QWidget *view,
                                Qt::DockWidgetArea area);
    void connectInsight();
    void updateInsightsEnabled();
    void updateInsightActions();
    void updateScaleActionText();
    void startInsightRun(const RunInfo &info);
    void showInsight(const InsightSnapshot &snapshot);
    void showRewound(qint64 iteration, const TrainingBatch &history);
    void scaleLayerDialog();
    void snapshotIntervalDialog();

    void loadRun(const RunConfig &config, const QString &baseDir);
    void showRunLoaded(const RunInfo &info);
    void showBatch(const TrainingBatch &batch);
    void showState(TrainingState state, qint64 iteration);
    void showFailure(const QString &message);
    void showSpikeSelected();
    void updateStatus();
    void updateActions();

    void setCurrentSource(const QString &title, const QString &description);
    void addRecentFile(const QString &path);
    void updateRecentMenu();
    void readSettings();
    void writeSettings() const;
    FigureExportSource exportSource() const;
    // The export dialog's last style and size as kept in the settings; the title is not kept.
    QByteArray exportSettingsJson() const;
    void readExportSettings(const QByteArray &json);
    void keepExportOptions(const FigureExportDialog &dialog);

    SettingsMode m_settingsMode = SettingsMode::Kept;
    TrainingController *m_controller = nullptr;
    ExperimentPanel *m_panel = nullptr;
    LossChart *m_chart = nullptr;
    SpikeTableModel *m_spikeModel = nullptr;
    QTableView *m_spikeTable = nullptr;
    ComparisonWindow *m_comparisonWindow = nullptr; // created on first use
    PresetGallery *m_presetGallery = nullptr; // created on first use
    // The window as it was before presentation mode; null outside it.
    struct PresentationRestore;
    std::unique_ptr<PresentationRestore> m_presentation;
    QAction *m_presentationAction = nullptr;

    QLabel *m_description = nullptr;
    QWidget *m_resetBar = nullptr;
    QLabel *m_resetMessage = nullptr;

    QAction *m_startAction = nullptr;
    QAction *m_stepAction = nullptr;
    QAction *m_stepEpochAction = nullptr;
    QAction *m_stopAction = nullptr;
    QAction *m_resetAction = nullptr;
    QAction *m_reinitializeAction = nullptr;
    QAction *m_openAction = nullptr;
    QAction *m_saveAction = nullptr;
    QAction *m_openCsvAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_exportAction = nullptr;
    QAction *m_copyChartAction = nullptr;
    QAction *m_compareAction = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QSlider *m_speedSlider = nullptr;
    QLabel *m_speedLabel = nullptr;

    QLabel *m_stateLabel = nullptr;
    QLabel *m_iterationLabel = nullptr;
    QLabel *m_mseLabel = nullptr;
    QLabel *m_rateLabel = nullptr;
    QLabel *m_spikesLabel = nullptr;

    TrainingState m_state = TrainingState::Empty;
    // Origin of a run: the folder its relative paths start from, and the window title and
    // description that name it.
    struct RunSource
    {
        QString baseDir;
        QString title;
        QString description;
    };
    RunInfo m_run;
    RunSource m_runSource;
    // Loads sent to the controller and not yet completed, oldest first.
    QList<RunSource> m_pendingLoads;
    qint64 m_iteration = 0;
    double m_mse = 0.0;
    // Iterations per second, measured over the batches of about the last second.
    qint64 m_rateIteration = 0;
    qint64 m_rateStartMs = 0;
    double m_rate = 0.0;
    double m_systemTextSize = 0.0;
    // The export dialog's last choices; the title is always taken afresh from the run.
    FigureStyle m_figureStyle;
    FigureSize m_figureSize;
    bool m_exportCsv = false;
    bool m_exportConfig = true;
    QStringList m_recentFiles;
    QString m_lastDirectory;

    GradientNormsView *m_gradientView = nullptr;
    ActivationsView *m_activationsView = nullptr;
    WeightsView *m_weightsView = nullptr;
    FunctionPlotView *m_functionView = nullptr;
    PropagationView *m_propagationView = nullptr;
    QMenu *m_insightMenu = nullptr;
    bool m_insightsEnabled = false;
    QAction *m_boostAction = nullptr;
    QAction *m_outlierAction = nullptr;
    QAction *m_scaleAction = nullptr;
    QAction *m_scaleDialogAction = nullptr;
    QAction *m_rewindAction = nullptr;
    QAction *m_snapshotAction = nullptr;
    int m_scaleLayer = 1;
    double m_scaleFactor = 3.0;
    qint64 m_snapshotInterval = TrainingController::defaultSnapshotInterval;
};

} // namespace initlab
