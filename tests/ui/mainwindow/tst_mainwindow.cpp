// The desktop window driven as a user drives it: presets, the run controls, live changes, bad
// files, closing while training, the gallery and presentation mode. With INITLAB_SCREENSHOT_DIR
// set, it also saves pictures of the window in the middle of a run and in presentation mode.

#include "configfile.h"
#include "csvtext.h"
#include "experimentpanel.h"
#include "losschart.h"
#include "mainwindow.h"
#include "presetgallery.h"
#include "presets.h"
#include "spiketablemodel.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLineSeries>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QToolBar>

#include <memory>

using namespace initlab;

namespace {

// Messages Qt prints when a thread object dies before its thread ends, or other trouble.
QStringList g_warnings;
QtMessageHandler g_previousHandler = nullptr;

void recordWarnings(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    // The offscreen platform cannot resize native windows and warns about it, which is no fault.
    const bool platformNotice = message.contains(QLatin1String("propagateSizeHints"));
    if ((type == QtWarningMsg || type == QtCriticalMsg || type == QtFatalMsg) && !platformNotice)
        g_warnings.append(message);
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

QAction *action(const MainWindow &window, const char *name)
{
    auto *found = window.findChild<QAction *>(QLatin1String(name));
    Q_ASSERT(found);
    return found;
}

QString statusText(const MainWindow &window, const char *label)
{
    auto *found = window.findChild<QLabel *>(QLatin1String(label));
    return found ? found->text() : QString();
}

QString stateName(const MainWindow &window)
{
    return toString(window.controller()->state());
}

// Waits for the window's error dialog, then closes it and returns its text.
QString takeErrorMessage(const MainWindow &window)
{
    QMessageBox *box = nullptr;
    if (!QTest::qWaitFor([&] {
            box = window.findChild<QMessageBox *>(QStringLiteral("errorDialog"));
            return box != nullptr;
        }))
        return QStringLiteral("(no error dialog)");
    const QString text = box->text();
    delete box;
    return text;
}

// Pen width of the chart's line series named name, in pixels.
double lineWidth(const MainWindow &window, const char *name)
{
    const auto *view = window.chart()->findChild<QChartView *>(QStringLiteral("lossChartView"));
    for (QAbstractSeries *series : view->chart()->series()) {
        if (series->objectName() == QLatin1String(name))
            return qobject_cast<QLineSeries *>(series)->pen().widthF();
    }
    return 0.0;
}

QStringList toolBarActions(const MainWindow &window)
{
    QStringList names;
    for (QAction *item : window.findChild<QToolBar *>(QStringLiteral("runToolBar"))->actions())
        names.append(item->isSeparator() ? QStringLiteral("|") : item->objectName());
    return names;
}

QByteArray configJson(const RunConfig &config)
{
    return QJsonDocument(toJson(config)).toJson(QJsonDocument::Compact);
}

} // namespace

class tst_MainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();

    void opensTheDefaultPreset();
    void startDrawsPoints();
    void pauseStopsAndResumeContinues();
    void stepAddsExactlyOneIteration();
    void stepEpochAddsOneEpoch();
    void presetsMarkSpikes_data();
    void presetsMarkSpikes();
    void selectingASpikeCentresTheChart();
    void liveLearningRateChangeIsMarked();
    void networkChangeWhileRunningAsksToReset();
    void resetRestoresTheInitialWeights();
    void divergedRunShowsItsMarker();
    void invalidCsvKeepsThePreviousData();
    void invalidConfigIsReported();
    void rejectedDataKeepsTheRun();
    void binaryFilesKeepTheRun_data();
    void binaryFilesKeepTheRun();
    void savedConfigOpensAgain();
    void settingsAreKeptBetweenSessions();
    void brokenExportSettingsFallBack();
    void largerTextWidensThePanel();
    void startStopFiftyTimesLeavesOneWorker();
    void closeWhileRunningExitsCleanly();
    void exportWritesTheRunAsShown();
    void copyChartPutsAnImageOnTheClipboard();
    void screenshotMidRun();
    void presetMenuOpensTheGallery();
    void f11TogglesPresentationMode();
    void presentationModeEnlargesAndRestores();
    void presentationModeKeepsHiddenDocksHidden();
    void presentationModeLeavesSettingsAlone();
    void screenshotPresentationMode();

private:
    QTemporaryDir m_settingsDir;
};

void tst_MainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("InitLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindow"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    g_previousHandler = qInstallMessageHandler(recordWarnings);
}

void tst_MainWindow::init()
{
    QSettings().clear();
    g_warnings.clear();
}

void tst_MainWindow::opensTheDefaultPreset()
{
    MainWindow window;
    QSignalSpy loaded(window.controller(), &TrainingController::runLoaded);
    QVERIFY(window.loadPreset(QStringLiteral("default")));
    QVERIFY(loaded.wait());
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    QCOMPARE(
        configJson(window.panel()->config()), configJson(loadPreset(QStringLiteral("default"))));
    QCOMPARE(window.chart()->pointCount(), 1);
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("default")));
    QTRY_COMPARE(statusText(window, "stateLabel"), QStringLiteral("ready"));
    QCOMPARE(statusText(window, "iterationLabel"), QStringLiteral("iteration 0 / 10,000"));

    auto *presetMenu = window.findChild<QMenu *>(QStringLiteral("presetMenu"));
    QVERIFY(presetMenu);
    QStringList shown;
    for (QAction *item : presetMenu->actions()) {
        // The gallery and the separator below it come first.
        if (item->isSeparator() || item->objectName() == QStringLiteral("presetGallery"))
            continue;
        shown.append(item->text());
        QCOMPARE(item->toolTip(), loadPreset(item->text()).description);
    }
    QCOMPARE(shown, presetNames());
}

void tst_MainWindow::startDrawsPoints()
{
    MainWindow window;
    window.show();
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "start")->trigger();
    QTRY_VERIFY(window.chart()->pointCount() > 100);
    QVERIFY(window.chart()->drawnPointCount() > 0);
    QTRY_COMPARE(stateName(window), QStringLiteral("finished"));
    QCOMPARE(window.chart()->pointCount(), 10001);
    QCOMPARE(window.iteration(), 10000);
    QTRY_COMPARE(statusText(window, "stateLabel"), QStringLiteral("finished"));
    // The default preset spikes twice near iteration 1,900.
    QCOMPARE(window.spikeModel()->count(), 2);
    QCOMPARE(statusText(window, "spikesLabel"), QStringLiteral("2 spikes"));
}

void tst_MainWindow::pauseStopsAndResumeContinues()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    window.setSpeed(200);
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "start")->trigger();
    QTRY_VERIFY(window.chart()->pointCount() > 5);

    action(window, "start")->trigger(); // Pause
    QTRY_COMPARE(stateName(window), QStringLiteral("paused"));
    QCoreApplication::processEvents();
    const qint64 paused = window.chart()->pointCount();
    QCOMPARE(window.iteration(), paused - 1);

    // No progress while paused: the next step continues exactly where the run stopped.
    action(window, "step")->trigger();
    QTRY_COMPARE(window.chart()->pointCount(), paused + 1);

    action(window, "start")->trigger(); // Resume
    QTRY_VERIFY(window.chart()->pointCount() > paused + 5);
    QTRY_COMPARE(stateName(window), QStringLiteral("running"));
}

void tst_MainWindow::stepAddsExactlyOneIteration()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    QSignalSpy states(window.controller(), &TrainingController::stateChanged);
    for (int step = 1; step <= 3; ++step) {
        states.clear();
        action(window, "step")->trigger();
        QTRY_VERIFY(!states.isEmpty()
            && states.last().at(0).value<TrainingState>() == TrainingState::Paused);
        QCOMPARE(window.chart()->pointCount(), step + 1);
        QCOMPARE(window.iteration(), step);
    }
}

void tst_MainWindow::stepEpochAddsOneEpoch()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("outlier-batch")); // batches of 4 from 200 samples
    QSignalSpy loaded(window.controller(), &TrainingController::runLoaded);
    QVERIFY(loaded.wait());
    const RunInfo info = loaded.last().at(0).value<RunInfo>();
    QCOMPARE(info.updatesPerEpoch, (info.trainSamples + 3) / 4);

    action(window, "stepEpoch")->trigger();
    QTRY_COMPARE(stateName(window), QStringLiteral("paused"));
    QTRY_COMPARE(window.chart()->pointCount(), info.updatesPerEpoch + 1);
}

void tst_MainWindow::presetsMarkSpikes_data()
{
    QTest::addColumn<QString>("preset");
    QTest::newRow("four-neuron-spikes") << QStringLiteral("four-neuron-spikes");
    QTest::newRow("lr-too-high") << QStringLiteral("lr-too-high");
}

void tst_MainWindow::presetsMarkSpikes()
{
    QFETCH(QString, preset);
    MainWindow window;
    window.show();
    window.loadPreset(preset);
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "start")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("finished"), 60000);

    const int spikes = window.spikeModel()->count();
    QVERIFY2(spikes > 0, qPrintable(preset));
    QCOMPARE(window.spikeTable()->model()->rowCount(), spikes);
    QCOMPARE(window.chart()->spikeCount(), spikes);
    QVERIFY(window.chart()->spikeMarkerCount() >= 1);
    for (int row = 0; row < spikes; ++row) {
        const SpikeReport &report = window.spikeModel()->report(row);
        QVERIFY(report.event.end >= report.event.peak);
        QCOMPARE(toString(report.diagnosis.cause), QStringLiteral("learning_rate_too_high"));
        const QModelIndex cause = window.spikeModel()->index(row, SpikeTableModel::Cause);
        QCOMPARE(cause.data().toString(), QStringLiteral("Learning rate too high"));
        const QModelIndex explanation =
            window.spikeModel()->index(row, SpikeTableModel::Explanation);
        QCOMPARE(explanation.data().toString(), report.diagnosis.explanation);
    }
}

void tst_MainWindow::selectingASpikeCentresTheChart()
{
    MainWindow window;
    window.show();
    window.loadPreset(QStringLiteral("four-neuron-spikes"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "start")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("finished"), 60000);
    QVERIFY(window.spikeModel()->count() >= 2);

    const SpikeEvent event = window.spikeModel()->report(1).event;
    window.spikeTable()->selectRow(1);
    const double low = window.chart()->visibleMinIteration();
    const double high = window.chart()->visibleMaxIteration();
    QVERIFY2(low <= double(event.start) && double(event.end) <= high,
        qPrintable(QStringLiteral("%1..%2 does not show %3..%4")
                       .arg(low)
                       .arg(high)
                       .arg(event.start)
                       .arg(event.end)));
    QVERIFY(high - low < 10000.0);
}

void tst_MainWindow::liveLearningRateChangeIsMarked()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    window.setSpeed(100);
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    QSignalSpy batches(window.controller(), &TrainingController::batchReady);
    action(window, "start")->trigger();
    QTRY_VERIFY(window.chart()->pointCount() > 3);

    auto *entry = window.panel()->findChild<QWidget *>(QStringLiteral("learningRate"));
    QVERIFY(entry);
    if (auto *spin = qobject_cast<QDoubleSpinBox *>(entry)) {
        spin->setValue(0.05);
        emit spin->editingFinished();
    } else {
        auto *line = qobject_cast<QLineEdit *>(entry);
        QVERIFY(line);
        line->setText(QStringLiteral("0.05"));
        emit line->editingFinished();
    }
    QTRY_COMPARE(window.chart()->eventCount(), 1);

    QString text;
    qint64 from = -1;
    for (const QList<QVariant> &arguments : std::as_const(batches)) {
        const auto batch = arguments.at(0).value<TrainingBatch>();
        for (const TrainingEvent &event : batch.events) {
            text = event.text;
            from = event.iteration;
        }
    }
    QCOMPARE(text, QStringLiteral("learning rate 0.1 -> 0.05"));
    QTRY_VERIFY(window.iteration() > from + 1);
    action(window, "stop")->trigger();
    QTRY_COMPARE(stateName(window), QStringLiteral("finished"));

    // Every point from the change on carries the new rate; the ones before, the old one.
    for (const QList<QVariant> &arguments : std::as_const(batches)) {
        for (const TrainingPoint &point : arguments.at(0).value<TrainingBatch>().points) {
            if (point.iteration == 0)
                continue;
            QCOMPARE(point.learningRate, point.iteration < from ? 0.1 : 0.05);
        }
    }
}

void tst_MainWindow::networkChangeWhileRunningAsksToReset()
{
    MainWindow window;
    window.show();
    window.loadPreset(QStringLiteral("default"));
    window.setSpeed(50);
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "start")->trigger();
    QTRY_VERIFY(window.chart()->pointCount() > 2);

    auto *hidden = window.panel()->findChild<QLineEdit *>(QStringLiteral("hiddenLayers"));
    QVERIFY(hidden);
    hidden->setText(QStringLiteral("8, 8"));
    emit hidden->editingFinished();
    auto *bar = window.findChild<QWidget *>(QStringLiteral("resetBar"));
    QVERIFY(bar);
    QTRY_VERIFY(bar->isVisible());
    QCOMPARE(stateName(window), QStringLiteral("running"));

    QSignalSpy loaded(window.controller(), &TrainingController::runLoaded);
    auto *resetNow = window.findChild<QPushButton *>(QStringLiteral("resetNow"));
    QVERIFY(resetNow);
    QTest::mouseClick(resetNow, Qt::LeftButton);
    QVERIFY(loaded.wait());
    const RunInfo info = loaded.last().at(0).value<RunInfo>();
    QCOMPARE(info.config.network.hidden, (std::vector<int> {8, 8}));
    QVERIFY(!bar->isVisible());
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
}

void tst_MainWindow::resetRestoresTheInitialWeights()
{
    MainWindow window;
    QSignalSpy loaded(window.controller(), &TrainingController::runLoaded);
    window.loadPreset(QStringLiteral("default"));
    QVERIFY(loaded.wait());
    const double initialMse = loaded.last().at(0).value<RunInfo>().initial.mse;

    action(window, "step")->trigger();
    action(window, "step")->trigger();
    QTRY_COMPARE(window.chart()->pointCount(), 3);

    action(window, "reset")->trigger();
    QVERIFY(loaded.wait());
    QCOMPARE(loaded.last().at(0).value<RunInfo>().initial.mse, initialMse);
    QCOMPARE(window.chart()->pointCount(), 1);

    const std::uint64_t seed = window.panel()->config().seed;
    action(window, "reinitialize")->trigger();
    QVERIFY(loaded.wait());
    const RunInfo info = loaded.last().at(0).value<RunInfo>();
    QVERIFY(info.config.seed != seed);
    QCOMPARE(window.panel()->config().seed, info.config.seed);
    QVERIFY(info.initial.mse != initialMse);
}

void tst_MainWindow::divergedRunShowsItsMarker()
{
    MainWindow window;
    window.show();
    window.loadPreset(QStringLiteral("numerical-instability"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "start")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("diverged"), 20000);
    QTRY_VERIFY(window.chart()->isDivergenceShown());
    QVERIFY(
        window.statusBar()->currentMessage().startsWith(QStringLiteral("Diverged at iteration")));
    QCOMPARE(statusText(window, "stateLabel"), QStringLiteral("diverged"));
    QVERIFY(window.spikeModel()->count() >= 1);
    QVERIFY(window.spikeModel()->report(window.spikeModel()->count() - 1).event.divergence);
    QVERIFY(!action(window, "step")->isEnabled());

    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (!directory.isEmpty())
        QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("diverged.png"))));
}

void tst_MainWindow::invalidCsvKeepsThePreviousData()
{
    MainWindow window;
    window.show();
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    const QByteArray before = configJson(window.panel()->config());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("bad.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x,y\n1,2\n3,abc\n");
    file.close();

    QVERIFY(!window.openCsv(path));
    const QString message = takeErrorMessage(window);
    // file:line:column of the bad cell, then the value.
    QVERIFY2(message.contains(QStringLiteral("bad.csv:3:2:")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("\"abc\"")), qPrintable(message));
    QCOMPARE(configJson(window.panel()->config()), before);
    QCOMPARE(stateName(window), QStringLiteral("ready"));

    // The previous data still trains.
    action(window, "step")->trigger();
    QTRY_COMPARE(window.chart()->pointCount(), 2);
}

void tst_MainWindow::invalidConfigIsReported()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    const QByteArray before = configJson(window.panel()->config());

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("wrong.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"training": {"learningRate": -1}})");
    file.close();

    QVERIFY(!window.openConfig(path));
    QString message = takeErrorMessage(window);
    QVERIFY2(message.contains(QStringLiteral("wrong.json")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("training.learningRate")), qPrintable(message));
    QCOMPARE(configJson(window.panel()->config()), before);

    QVERIFY(!window.openConfig(dir.filePath(QStringLiteral("missing.json"))));
    message = takeErrorMessage(window);
    QVERIFY2(message.contains(QStringLiteral("missing.json")), qPrintable(message));
    QCOMPARE(configJson(window.panel()->config()), before);
}

void tst_MainWindow::rejectedDataKeepsTheRun()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    const QByteArray before = configJson(window.panel()->config());

    // The file is a valid configuration; its data is missing, which the training thread finds.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("csv-run.json"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(R"({"dataset": {"kind": "csv", "path": "missing.csv"}})");
    file.close();

    QVERIFY(window.openConfig(path));
    const QString message = takeErrorMessage(window);
    QVERIFY2(message.contains(QStringLiteral("missing.csv")), qPrintable(message));
    QTRY_COMPARE(configJson(window.panel()->config()), before);
    QVERIFY2(window.windowTitle().startsWith(QStringLiteral("default")),
        qPrintable(window.windowTitle()));
    QCOMPARE(stateName(window), QStringLiteral("ready"));

    action(window, "step")->trigger();
    QTRY_COMPARE(window.chart()->pointCount(), 2);
}

void tst_MainWindow::binaryFilesKeepTheRun_data()
{
    QTest::addColumn<bool>("asConfig");
    QTest::addColumn<QString>("kind"); // "bytes", "over limit", "folder" or "under file"
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QString>("fragment");

    static constexpr char pngHeader[] =
        "\x89PNG\r\n\x1A\n\0\0\0\x0DIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0";
    const QByteArray png(pngHeader, sizeof pngHeader - 1);
    const QByteArray utf16("\xFF\xFEx\0,\0y\0\n\0" "1\0,\0" "2\0\n\0", 18);
    QTest::newRow("PNG as config") << true << "bytes" << png
                                   << QStringLiteral("line 3 contains a NUL byte");
    QTest::newRow("UTF-16 as config") << true << "bytes" << utf16
                                      << QStringLiteral("the file is UTF-16 encoded");
    QTest::newRow("config over the size limit") << true << "over limit" << QByteArray()
                                                << QStringLiteral("larger than the 4 MiB limit");
    QTest::newRow("folder as config") << true << "folder" << QByteArray()
                                      << QStringLiteral("this is a directory");
    QTest::newRow("PNG as CSV") << false << "bytes" << png
                                << QStringLiteral(":1: invalid UTF-8 byte 0x89");
    QTest::newRow("UTF-16 as CSV") << false << "bytes" << utf16
                                   << QStringLiteral(":1: the file is UTF-16 encoded");
    QTest::newRow("CSV over the size limit") << false << "over limit" << QByteArray()
                                             << QStringLiteral("larger than the 64 MiB limit");
    QTest::newRow("CSV under a regular file") << false << "under file" << QByteArray()
                                              << QStringLiteral("file not found");
}

// A failed open during a run keeps the configuration, the data and the run's points; the run
// then continues from where it was.
void tst_MainWindow::binaryFilesKeepTheRun()
{
    QFETCH(bool, asConfig);
    QFETCH(QString, kind);
    QFETCH(QByteArray, content);
    QFETCH(QString, fragment);

    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    action(window, "step")->trigger();
    QTRY_COMPARE(window.chart()->pointCount(), 2);
    const QByteArray before = configJson(window.panel()->config());
    const QString state = stateName(window);
    const QString title = window.windowTitle();

    QTemporaryDir dir;
    QString path = dir.filePath(QStringLiteral("bad.file"));
    if (kind == u"bytes") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(content), content.size());
    } else if (kind == u"over limit") {
        // A sparse file one byte over the limit of its kind.
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        const qint64 limit = asConfig ? maxConfigFileSize : csv::maxDatasetFileSize;
        QVERIFY(file.resize(limit + 1));
    } else if (kind == u"folder") {
        path = dir.path();
    } else if (kind == u"under file") {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        path += QStringLiteral("/data.csv");
    }

    QVERIFY(asConfig ? !window.openConfig(path) : !window.openCsv(path));
    const QString message = takeErrorMessage(window);
    QVERIFY2(message.contains(path), qPrintable(message));
    QVERIFY2(message.contains(fragment), qPrintable(message + " lacks: " + fragment));
    QCOMPARE(configJson(window.panel()->config()), before);
    QCOMPARE(stateName(window), state);
    QCOMPARE(window.windowTitle(), title);
    QCOMPARE(window.chart()->pointCount(), 2);

    action(window, "step")->trigger();
    QTRY_COMPARE(window.chart()->pointCount(), 3);
}

void tst_MainWindow::savedConfigOpensAgain()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.json"));
    {
        MainWindow window;
        window.loadPreset(QStringLiteral("four-neuron-spikes"));
        QVERIFY(window.saveConfig(path));
    }
    MainWindow window;
    QVERIFY(window.openConfig(path));
    QCOMPARE(configJson(window.panel()->config()),
        configJson(loadPreset(QStringLiteral("four-neuron-spikes"))));
    QVERIFY(window.windowTitle().startsWith(QStringLiteral("run.json")));
    auto *recent = window.findChild<QMenu *>(QStringLiteral("recentMenu"));
    QVERIFY(recent);
    QVERIFY(!recent->actions().isEmpty());
    QCOMPARE(recent->actions().constFirst()->toolTip(), QDir::toNativeSeparators(path));
}

void tst_MainWindow::settingsAreKeptBetweenSessions()
{
    const QFont systemFont = QApplication::font();
    const double systemSize = systemFont.pointSizeF();
    {
        MainWindow window;
        window.setSpeed(20);
        window.setTextSize(systemSize + 6);
        window.chart()->setLogScale(false);
        window.chart()->setSmoothing(0.5);
        FigureExportDialog *dialog = window.openExportDialog();
        FigureSize size;
        size.width = 8.5;
        size.height = 6;
        size.dpi = 600;
        dialog->setFigureSize(size);
        dialog->findChild<QDoubleSpinBox *>(QStringLiteral("figureFontPoints"))->setValue(8);
        dialog->setWritesCsv(true);
        dialog->close();
        QVERIFY(window.close());
    }
    QApplication::setFont(systemFont); // as a new session starts

    MainWindow window;
    QCOMPARE(window.speed(), 20.0);
    QCOMPARE(window.textSize(), systemSize + 6);
    QVERIFY(!window.chart()->isLogScale());
    QCOMPARE(window.chart()->smoothing(), 0.5);
    FigureExportDialog *dialog = window.openExportDialog();
    QCOMPARE(dialog->figureSize().width, 8.5);
    QCOMPARE(dialog->figureSize().height, 6.0);
    QCOMPARE(dialog->figureSize().unit, FigureSize::Centimetres);
    QCOMPARE(dialog->figureSize().dpi, 600);
    QCOMPARE(dialog->figureStyle().fontPoints, 8.0);
    QVERIFY(dialog->writesCsv());
    dialog->close();

    window.setTextSize(0);
    QCOMPARE(window.textSize(), systemSize);
    QVERIFY(window.close());
}

void tst_MainWindow::brokenExportSettingsFallBack()
{
    {
        QSettings settings;
        settings.setValue(QStringLiteral("export/figure"),
            QByteArrayLiteral("{\"legend\": \"middle\", \"dpi\": 600}"));
    }
    QTest::ignoreMessage(QtWarningMsg,
        QRegularExpression(QStringLiteral("figure.legend: \"middle\" is not allowed.*start afresh")));
    MainWindow window;
    FigureExportDialog *dialog = window.openExportDialog();
    QCOMPARE(dialog->figureSize().dpi, 300);
    QCOMPARE(dialog->figureStyle().legend, LegendPosition::Bottom);
    dialog->close();
    QSettings().remove(QStringLiteral("export"));
}

void tst_MainWindow::largerTextWidensThePanel()
{
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("experimentDock"));
    QVERIFY(dock);
    QTRY_VERIFY(dock->width() > 0);
    const int before = dock->width();
    const QFont systemFont = QApplication::font();

    window.setTextSize(systemFont.pointSizeF() + 7);
    QTRY_VERIFY2(dock->width() > before + 50,
        qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(dock->width())));
    QApplication::setFont(systemFont);
}

void tst_MainWindow::startStopFiftyTimesLeavesOneWorker()
{
    MainWindow window;
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    for (int round = 0; round < 50; ++round) {
        action(window, "start")->trigger();
        action(window, "stop")->trigger();
        if (round % 10 == 0)
            QCoreApplication::processEvents();
    }
    QTRY_COMPARE(stateName(window), QStringLiteral("finished"));
    QCOMPARE(window.findChildren<QThread *>().size(), 1);

    // The window still trains normally afterwards: one complete, unbroken run.
    QSignalSpy loaded(window.controller(), &TrainingController::runLoaded);
    action(window, "start")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window.chart()->pointCount(), 10001, 30000);
    QTRY_COMPARE(stateName(window), QStringLiteral("finished"));
    QCOMPARE(window.findChildren<QThread *>().size(), 1);
    QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(QLatin1Char('\n'))));
}

void tst_MainWindow::closeWhileRunningExitsCleanly()
{
    auto window = std::make_unique<MainWindow>();
    window->show();
    window->loadPreset(QStringLiteral("four-neuron-spikes"));
    QTRY_COMPARE(stateName(*window), QStringLiteral("ready"));
    action(*window, "start")->trigger();
    QTRY_VERIFY(window->chart()->pointCount() > 100);
    QThread *thread = window->controller()->workerThread();
    QVERIFY(thread->isRunning());

    QElapsedTimer clock;
    clock.start();
    QVERIFY(window->close());
    window.reset();
    const qint64 elapsed = clock.elapsed();
    qInfo("closing while training took %lld ms", elapsed);
    // A second is the promise; the margin allows for a loaded test machine.
    QVERIFY2(elapsed < 5000, qPrintable(QString::number(elapsed)));
    QVERIFY2(g_warnings.isEmpty(), qPrintable(g_warnings.join(QLatin1Char('\n'))));
}

void tst_MainWindow::exportWritesTheRunAsShown()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.show();
    window.loadPreset(QStringLiteral("four-neuron-spikes"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    QVERIFY(action(window, "exportFigure")->isEnabled());
    action(window, "start")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("finished"), 60000);
    const int spikes = window.spikeModel()->count();
    QVERIFY(spikes >= 2);

    FigureExportDialog *dialog = window.openExportDialog();
    QVERIFY(dialog->isVisible());
    QCOMPARE(dialog->figureStyle().title, QStringLiteral("four-neuron-spikes"));
    QCOMPARE(dialog->figureStyle().logY, window.chart()->isLogScale());
    dialog->findChild<QCheckBox *>(QStringLiteral("figureCauseLabels"))->setChecked(true);
    dialog->setWritesCsv(true);
    dialog->setWritesConfig(true);
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (!directory.isEmpty()) {
        dialog->resize(1100, 640);
        QVERIFY(dialog->grab().save(QDir(directory).filePath(QStringLiteral("export-dialog.png"))));
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("run.svg"));
    QVERIFY2(dialog->exportTo(path), qPrintable(dialog->message()));

    QFile svg(path);
    QVERIFY(svg.open(QIODevice::ReadOnly));
    const QByteArray svgText = svg.readAll();
    // Neighbouring spikes with the same cause share a label that counts them.
    int labelled = 0;
    const QRegularExpression label(QStringLiteral("Learning rate too high(?: \\((\\d+) spikes\\))?"));
    for (QRegularExpressionMatchIterator it = label.globalMatch(QString::fromUtf8(svgText));
         it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        labelled += match.captured(1).isEmpty() ? 1 : match.captured(1).toInt();
    }
    QCOMPARE(labelled, spikes);
    QVERIFY(svgText.contains("Training MSE"));

    QFile csv(dir.filePath(QStringLiteral("run.csv")));
    QVERIFY(csv.open(QIODevice::ReadOnly));
    const QList<QByteArray> lines = csv.readAll().split('\n');
    QCOMPARE(lines.first(), QByteArrayLiteral("iteration,Training MSE,Smoothed (EMA 0.9)"));
    const qint64 iterations = window.panel()->config().training.iterations;
    QCOMPARE(lines.size(), iterations + 3); // header, rows 0..iterations, empty after the last \n
    const QList<QByteArray> first = lines.at(1).split(',');
    QCOMPARE(first.at(0), QByteArrayLiteral("0"));
    QCOMPARE(first.at(1).toDouble(), window.chart()->data().train.front());
    const QList<QByteArray> last = lines.at(lines.size() - 2).split(',');
    QCOMPARE(last.at(0).toLongLong(), iterations);
    QCOMPARE(last.at(1).toDouble(), window.chart()->data().train.back());

    QFile json(dir.filePath(QStringLiteral("run.json")));
    QVERIFY(json.open(QIODevice::ReadOnly));
    QCOMPARE(json.readAll(), QJsonDocument(toJson(window.panel()->config())).toJson());

    // The next dialog starts from the choices of this one.
    dialog->close();
    FigureExportDialog *again = window.openExportDialog();
    QVERIFY(again->writesCsv());
    QVERIFY(again->figureStyle().showCauseLabels);
    again->close();
}

void tst_MainWindow::copyChartPutsAnImageOnTheClipboard()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.resize(1000, 700);
    window.show();
    window.loadPreset(QStringLiteral("default"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    QApplication::clipboard()->clear();
    QVERIFY(action(window, "copyChart")->isEnabled());
    action(window, "copyChart")->trigger();
    const QImage image = QApplication::clipboard()->image();
    const double ratio = window.chart()->devicePixelRatioF();
    QCOMPARE(image.size(),
        QSize(qRound(window.chart()->width() * ratio), qRound(window.chart()->height() * ratio)));
    // Not blank: the curve and the axes are drawn in dark colours on white.
    int dark = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2)
            dark += qGray(image.pixel(x, y)) < 100 ? 1 : 0;
    }
    QVERIFY2(dark > 200, qPrintable(QString::number(dark)));
}

void tst_MainWindow::screenshotMidRun()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save a picture of the window");
    MainWindow window;
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.loadPreset(QStringLiteral("four-neuron-spikes"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    window.controller()->step(7000);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), 7000, 30000);
    QTRY_COMPARE(stateName(window), QStringLiteral("paused"));
    QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("mainwindow.png"))));

    // As on a projector: every text larger.
    const QFont systemFont = QApplication::font();
    window.setTextSize(systemFont.pointSizeF() + 7);
    QCoreApplication::processEvents();
    const bool saved =
        window.grab().save(QDir(directory).filePath(QStringLiteral("mainwindow-large-text.png")));
    QApplication::setFont(systemFont);
    QVERIFY(saved);
}

void tst_MainWindow::presetMenuOpensTheGallery()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    auto *presetMenu = window.findChild<QMenu *>(QStringLiteral("presetMenu"));
    QAction *gallery = action(window, "presetGallery");
    QVERIFY(presetMenu->actions().contains(gallery));
    QCOMPARE(gallery->text(), QStringLiteral("&Gallery..."));
    QCOMPARE(gallery->shortcut(), QKeySequence(QStringLiteral("Ctrl+G")));

    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    QTest::keyClick(&window, Qt::Key_G, Qt::ControlModifier);
    auto *dialog = window.findChild<PresetGallery *>();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
}

void tst_MainWindow::f11TogglesPresentationMode()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.show();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const QFont systemFont = QApplication::font();
    QSignalSpy changed(&window, &MainWindow::presentationModeChanged);
    QAction *presentation = action(window, "presentationMode");
    QVERIFY(presentation->isCheckable());
    QCOMPARE(presentation->shortcut(), QKeySequence(Qt::Key_F11));

    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(window.isPresentationMode());
    QVERIFY(presentation->isChecked());
    QVERIFY(window.windowState() & Qt::WindowFullScreen);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toBool(), true);

    QTest::keyClick(&window, Qt::Key_F11);
    QVERIFY(!window.isPresentationMode());
    QVERIFY(!presentation->isChecked());
    QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
    QCOMPARE(changed.size(), 2);
    QCOMPARE(changed.at(1).at(0).toBool(), false);

    // Setting the mode it is already in changes nothing.
    window.setPresentationMode(false);
    QCOMPARE(changed.size(), 2);
    QApplication::setFont(systemFont);
}

void tst_MainWindow::presentationModeEnlargesAndRestores()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.resize(1200, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QFont systemFont = QApplication::font();
    window.setTextSize(systemFont.pointSizeF() + 1);
    QCoreApplication::processEvents();
    auto *panelDock = window.findChild<QDockWidget *>(QStringLiteral("experimentDock"));
    auto *spikeDock = window.findChild<QDockWidget *>(QStringLiteral("spikeDock"));
    QVERIFY(panelDock->isVisible());
    QVERIFY(spikeDock->isVisible());
    const double text = window.textSize();
    const QRect geometry = window.geometry();
    const QStringList buttons = toolBarActions(window);
    const double rawWidth = lineWidth(window, "trainingMse");
    const double smoothedWidth = lineWidth(window, "smoothedTrainingMse");
    QVERIFY(rawWidth > 0);

    window.setPresentationMode(true);
    QCOMPARE(window.textSize(), text * 1.6);
    QVERIFY(!panelDock->isVisible());
    QVERIFY(spikeDock->isVisible());
    const QStringList shown = toolBarActions(window);
    for (const char *name : {"start", "step", "stop", "reset"})
        QVERIFY2(shown.contains(QLatin1String(name)), name);
    QVERIFY(!shown.contains(QStringLiteral("stepEpoch")));
    QVERIFY(!shown.contains(QStringLiteral("reinitialize")));
    QVERIFY(window.chart()->isPresentationMode());
    // At least twice as thick, on top of the growth that the larger text brings.
    // The chart follows the new font when its font change event arrives.
    QTRY_VERIFY2(lineWidth(window, "trainingMse") >= 2.0 * 1.6 * rawWidth,
        qPrintable(QStringLiteral("%1 -> %2").arg(rawWidth).arg(
            lineWidth(window, "trainingMse"))));
    QVERIFY(lineWidth(window, "smoothedTrainingMse") >= 2.0 * 1.6 * smoothedWidth);
    // The presets stay reachable.
    QVERIFY(window.findChild<QMenu *>(QStringLiteral("presetMenu"))->isEnabled());
    QVERIFY(action(window, "presetGallery")->isEnabled());

    window.setPresentationMode(false);
    QCOMPARE(window.textSize(), text);
    QVERIFY(panelDock->isVisible());
    QVERIFY(spikeDock->isVisible());
    QCOMPARE(toolBarActions(window), buttons);
    QVERIFY(!window.chart()->isPresentationMode());
    QTRY_COMPARE(lineWidth(window, "trainingMse"), rawWidth);
    QCOMPARE(lineWidth(window, "smoothedTrainingMse"), smoothedWidth);
    QTRY_COMPARE(window.geometry(), geometry);
    QApplication::setFont(systemFont);
}

void tst_MainWindow::presentationModeKeepsHiddenDocksHidden()
{
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QFont systemFont = QApplication::font();
    auto *panelDock = window.findChild<QDockWidget *>(QStringLiteral("experimentDock"));
    auto *spikeDock = window.findChild<QDockWidget *>(QStringLiteral("spikeDock"));
    panelDock->hide();
    spikeDock->hide();

    window.setPresentationMode(true);
    window.setPresentationMode(false);
    QVERIFY(!panelDock->isVisible());
    QVERIFY(!spikeDock->isVisible());
    QApplication::setFont(systemFont);
}

void tst_MainWindow::presentationModeLeavesSettingsAlone()
{
    const QFont systemFont = QApplication::font();
    const double normal = systemFont.pointSizeF() + 2;
    QByteArray geometry;
    {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setTextSize(normal);
        geometry = window.saveGeometry();
        window.setPresentationMode(true);
        QVERIFY(window.textSize() > normal);
        // Closing in presentation mode keeps the sizes from before it.
        QVERIFY(window.close());
        QCOMPARE(QSettings().value(QStringLiteral("view/textSize")).toDouble(), normal);
        QCOMPARE(QSettings().value(QStringLiteral("window/geometry")).toByteArray(), geometry);
    }
    QApplication::setFont(systemFont);
    {
        MainWindow window;
        QCOMPARE(window.textSize(), normal);
        window.setPresentationMode(true);
        window.setPresentationMode(false);
        QVERIFY(window.close());
        QCOMPARE(QSettings().value(QStringLiteral("view/textSize")).toDouble(), normal);
    }
    QApplication::setFont(systemFont);
}

void tst_MainWindow::screenshotPresentationMode()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("Set INITLAB_SCREENSHOT_DIR to save a picture of presentation mode");
    const QFont systemFont = QApplication::font();
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.loadPreset(QStringLiteral("lr-too-high"));
    QTRY_COMPARE(stateName(window), QStringLiteral("ready"));
    window.setPresentationMode(true);
    // A projector's 16:9 picture. The offscreen screen is smaller, and a full-screen window
    // takes the screen's size, so the picture leaves full screen and keeps the rest of the mode.
    window.setWindowState(Qt::WindowNoState);
    window.resize(1600, 900);
    QVERIFY(window.isPresentationMode());
    window.controller()->step(4000);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), 4000, 30000);
    QTRY_COMPARE(stateName(window), QStringLiteral("paused"));
    QCoreApplication::processEvents();
    const bool saved =
        window.grab().save(QDir(directory).filePath(QStringLiteral("presentation.png")));
    window.setPresentationMode(false);
    QApplication::setFont(systemFont);
    QVERIFY(saved);
}

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
