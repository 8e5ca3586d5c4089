// The window's insight docks, Break it actions and rewinding, driven as a teacher drives them:
// every panel gets data during a run, each demonstration gives an event and a diagnosed spike,
// and a rewind replays the same losses.

#include "activationsview.h"
#include "functionview.h"
#include "gradientnormsview.h"
#include "losschart.h"
#include "mainwindow.h"
#include "propagationview.h"
#include "spiketablemodel.h"
#include "trainingcontroller.h"
#include "weightsview.h"

#include <QAction>
#include <QDialog>
#include <QDir>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <cstring>

using namespace initlab;

namespace {

// Generous, for sanitizer builds on a busy machine.
constexpr int waitMilliseconds = 60000;

QAction *action(const MainWindow &window, const char *name)
{
    auto *found = window.findChild<QAction *>(QLatin1String(name));
    Q_ASSERT(found);
    return found;
}

QString stateName(const MainWindow &window)
{
    return toString(window.controller()->state());
}

QDockWidget *dock(const MainWindow &window, const char *name)
{
    return window.findChild<QDockWidget *>(QLatin1String(name));
}

// Loads preset, trains steps updates and waits for the pause.
bool trainPreset(MainWindow &window, const QString &preset, qint64 steps)
{
    if (!window.loadPreset(preset))
        return false;
    if (!QTest::qWaitFor([&] { return stateName(window) == QLatin1String("ready"); }, 20000))
        return false;
    window.controller()->step(steps);
    return QTest::qWaitFor([&] {
        return stateName(window) == QLatin1String("paused") && window.iteration() == steps;
    }, 60000);
}

bool sameBits(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

} // namespace

class tst_MainWindowInsight : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void panelsAreInTheViewMenu();
    void everyPanelReceivesData();
    void hiddenPanelsStopMeasuring();
    void breakItGivesEventAndDiagnosedSpike_data();
    void breakItGivesEventAndDiagnosedSpike();
    void scaleLayerDialogAppliesItsChoice();
    void rewindReplaysTheSameLosses();
    void rewindIsOfferedOnlyWithSnapshots();
    void screenshotPanels();

private:
    QTemporaryDir m_settingsDir;
};

void tst_MainWindowInsight::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QCoreApplication::setOrganizationName(QStringLiteral("InitLabTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_mainwindowinsight"));
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
}

void tst_MainWindowInsight::init()
{
    QSettings().clear();
}

void tst_MainWindowInsight::panelsAreInTheViewMenu()
{
    MainWindow window;
    auto *menu = window.findChild<QMenu *>(QStringLiteral("insightMenu"));
    QVERIFY(menu);
    QStringList titles;
    for (QAction *item : menu->actions())
        titles.append(item->text());
    QCOMPARE(titles, (QStringList{QStringLiteral("Gradient norms"), QStringLiteral("Function"),
                                  QStringLiteral("Activations"), QStringLiteral("Weights"),
                                  QStringLiteral("Variance propagation")}));
    for (const char *name : {"boostLearningRate", "outlierBatch", "scaleLayer", "rewind"})
        QVERIFY2(!action(window, name)->shortcut().isEmpty(), name);
    QCOMPARE(action(window, "boostLearningRate")->shortcut(), QKeySequence(Qt::Key_L));
    QCOMPARE(action(window, "outlierBatch")->shortcut(), QKeySequence(Qt::Key_O));
    QCOMPARE(action(window, "scaleLayer")->shortcut(), QKeySequence(Qt::Key_W));
    QCOMPARE(action(window, "rewind")->shortcut(), QKeySequence(Qt::Key_B));
    // Nothing to break before a run exists.
    QVERIFY(!action(window, "boostLearningRate")->isEnabled());
}

void tst_MainWindowInsight::everyPanelReceivesData()
{
    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(trainPreset(window, QStringLiteral("deep-relu"), 300));

    // Gradient norms come with every batch, whether the dock is in front or not.
    for (int layer = 1; layer <= 9; ++layer)
        QTRY_COMPARE_WITH_TIMEOUT(window.gradientNormsView()->pointCount(layer), 300, waitMilliseconds);
    QCOMPARE(window.gradientNormsView()->lastIteration(), qint64(300));

    // The function dock is in front by default; the others measure once shown.
    QTRY_VERIFY_WITH_TIMEOUT(window.functionView()->hasData(), waitMilliseconds);
    dock(window, "activationsDock")->raise();
    QTRY_COMPARE_WITH_TIMEOUT(window.activationsView()->iteration(), qint64(300), waitMilliseconds);
    dock(window, "weightsDock")->raise();
    QTRY_COMPARE_WITH_TIMEOUT(window.weightsView()->iteration(), qint64(300), waitMilliseconds);
    QVERIFY(window.weightsView()->hasData());

    // Live: another 200 updates reach every panel.
    window.controller()->step(200);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(500), waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("paused"), waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(window.weightsView()->iteration(), qint64(500), waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(window.gradientNormsView()->pointCount(1), 500, waitMilliseconds);

    QSignalSpy computed(window.propagationView(), &PropagationView::computed);
    dock(window, "propagationDock")->raise();
    QVERIFY(computed.wait(120000));
    QVERIFY(window.propagationView()->activation() == Activation::Relu);
    QVERIFY(!window.propagationView()->columns().empty());
    QCOMPARE(window.propagationView()->columns().front().forwardStd.size(), std::size_t(20));
}

void tst_MainWindowInsight::hiddenPanelsStopMeasuring()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy insights(window.controller(), &TrainingController::insightReady);
    for (const char *name : {"functionDock", "activationsDock", "weightsDock"})
        dock(window, name)->close();
    QVERIFY(trainPreset(window, QStringLiteral("default"), 100));
    QTest::qWait(200);
    QCOMPARE(insights.count(), 0);

    dock(window, "functionDock")->show();
    QVERIFY(insights.wait(20000));
    QCOMPARE(insights.last().at(0).value<InsightSnapshot>().iteration, qint64(100));
    QTRY_VERIFY_WITH_TIMEOUT(window.functionView()->hasData(), waitMilliseconds);
}

void tst_MainWindowInsight::breakItGivesEventAndDiagnosedSpike_data()
{
    QTest::addColumn<QString>("actionName");
    QTest::addColumn<int>("key");
    QTest::addColumn<QString>("cause");

    QTest::newRow("L: learning rate x10") << QStringLiteral("boostLearningRate") << int(Qt::Key_L)
                                          << QStringLiteral("Learning rate too high");
    QTest::newRow("O: outlier batch") << QStringLiteral("outlierBatch") << int(Qt::Key_O)
                                      << QStringLiteral("Outlier batch");
    QTest::newRow("W: layer 1 x3") << QStringLiteral("scaleLayer") << int(Qt::Key_W)
                                   << QStringLiteral("Exploding gradient");
}

void tst_MainWindowInsight::breakItGivesEventAndDiagnosedSpike()
{
    QFETCH(QString, actionName);
    QFETCH(int, key);
    QFETCH(QString, cause);

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(trainPreset(window, QStringLiteral("default"), 500));
    QCOMPARE(window.spikeModel()->count(), 0);
    QVERIFY(window.findChild<QAction *>(actionName)->isEnabled());

    // The key, as a teacher presses it.
    window.activateWindow();
    QTest::keyClick(window.chart(), Qt::Key(key));
    QTRY_COMPARE_WITH_TIMEOUT(window.chart()->eventCount(), 1, waitMilliseconds);

    window.controller()->step(100);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(600), waitMilliseconds);
    QTRY_VERIFY_WITH_TIMEOUT(window.spikeModel()->count() > 0, waitMilliseconds);
    const SpikeReport &spike = window.spikeModel()->report(0);
    QVERIFY2(spike.event.start > 500 && spike.event.start <= 560,
             qPrintable(QString::number(spike.event.start)));
    const QModelIndex causeCell = window.spikeModel()->index(0, SpikeTableModel::Cause);
    QCOMPARE(causeCell.data().toString(), cause);
    QVERIFY2(spike.diagnosis.explanation.contains(QStringLiteral("changed on request")),
             qPrintable(spike.diagnosis.explanation));
}

void tst_MainWindowInsight::scaleLayerDialogAppliesItsChoice()
{
    MainWindow window;
    window.show();
    QVERIFY(trainPreset(window, QStringLiteral("default"), 50));
    QSignalSpy batches(window.controller(), &TrainingController::batchReady);
    QTimer::singleShot(0, &window, [&window] {
        auto *dialog = window.findChild<QDialog *>(QStringLiteral("scaleLayerDialog"));
        QVERIFY(dialog);
        auto *layer = dialog->findChild<QSpinBox *>(QStringLiteral("layer"));
        QCOMPARE(layer->maximum(), 2);
        layer->setValue(2);
        dialog->findChild<QDoubleSpinBox *>(QStringLiteral("factor"))->setValue(0.5);
        dialog->accept();
    });
    action(window, "scaleLayerSettings")->trigger();
    QVERIFY(batches.wait(20000));
    const auto batch = batches.last().at(0).value<TrainingBatch>();
    QCOMPARE(batch.events.size(), std::size_t(1));
    QCOMPARE(batch.events[0].text, QStringLiteral("layer 2 weights x0.5"));
    QCOMPARE(batch.events[0].iteration, qint64(51));
    QVERIFY(action(window, "scaleLayer")->text().contains(QStringLiteral("layer 2 (output) x0.5")));
}

void tst_MainWindowInsight::rewindReplaysTheSameLosses()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.setSnapshotInterval(100);
    QVERIFY(trainPreset(window, QStringLiteral("default"), 500));
    QTest::keyClick(window.chart(), Qt::Key_L);
    QTRY_COMPARE_WITH_TIMEOUT(window.chart()->eventCount(), 1, waitMilliseconds);
    window.controller()->step(300);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(800), waitMilliseconds);
    QTRY_VERIFY_WITH_TIMEOUT(window.spikeModel()->count() > 0, waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("paused"), waitMilliseconds);
    const std::vector<double> original = window.chart()->data().train;
    QCOMPARE(original.size(), std::size_t(801));
    const qint64 spikeStart = window.spikeModel()->report(0).event.start;

    // B goes back to the snapshot before the spike, 500, where the change was made.
    window.spikeTable()->selectRow(0);
    QTest::keyClick(window.chart(), Qt::Key_B);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(500), waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(window.chart()->data().train.size(), std::size_t(501), waitMilliseconds);
    QCOMPARE(window.spikeModel()->count(), 0);
    QCOMPARE(window.chart()->eventCount(), 0);
    QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Rewound to iteration 500")));
    QCOMPARE(window.gradientNormsView()->lastIteration(), qint64(500));

    // N replays one update at a time.
    for (int step = 1; step <= 3; ++step) {
        QTest::keyClick(window.chart(), Qt::Key_N);
        QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(500 + step), waitMilliseconds);
    }
    window.controller()->step(297);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(800), waitMilliseconds);
    QTRY_COMPARE_WITH_TIMEOUT(stateName(window), QStringLiteral("paused"), waitMilliseconds);
    const std::vector<double> replayed = window.chart()->data().train;
    QCOMPARE(replayed.size(), original.size());
    for (std::size_t i = 0; i < original.size(); ++i)
        QVERIFY2(sameBits(replayed[i], original[i]), qPrintable(QString::number(i)));
    QCOMPARE(window.chart()->eventCount(), 1); // the replayed learning-rate change
    QVERIFY(window.spikeModel()->count() > 0);
    QCOMPARE(window.spikeModel()->report(0).event.start, spikeStart);
}

void tst_MainWindowInsight::rewindIsOfferedOnlyWithSnapshots()
{
    MainWindow window;
    window.setSnapshotInterval(0);
    QVERIFY(trainPreset(window, QStringLiteral("default"), 20));
    QVERIFY(!action(window, "rewind")->isEnabled());
    window.setSnapshotInterval(10);
    QVERIFY(trainPreset(window, QStringLiteral("default"), 20));
    QVERIFY(action(window, "rewind")->isEnabled());
    window.close();
    QCOMPARE(QSettings().value(QStringLiteral("run/snapshotInterval")).toLongLong(), qint64(10));
    MainWindow next;
    QCOMPARE(next.snapshotInterval(), qint64(10));
}

void tst_MainWindowInsight::screenshotPanels()
{
    const QString directory = qEnvironmentVariable("INITLAB_SCREENSHOT_DIR");
    if (directory.isEmpty())
        QSKIP("set INITLAB_SCREENSHOT_DIR to save pictures of the panels");
    MainWindow window(MainWindow::SettingsMode::Ignored);
    window.resize(1600, 1000);
    window.show();
    QVERIFY(trainPreset(window, QStringLiteral("default"), 500));
    QTest::keyClick(window.chart(), Qt::Key_L);
    window.controller()->step(1500);
    QTRY_COMPARE_WITH_TIMEOUT(window.iteration(), qint64(2000), waitMilliseconds);
    dock(window, "gradientDock")->raise();
    QTest::qWait(300);
    QVERIFY(window.grab().save(QDir(directory).filePath(QStringLiteral("break-it.png"))));
}

QTEST_MAIN(tst_MainWindowInsight)
#include "tst_mainwindowinsight.moc"
