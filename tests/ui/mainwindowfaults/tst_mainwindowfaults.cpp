// A teacher clicking everything at once. First a scripted random sequence of actions on the main
// window: run controls, presets, settings, demonstrations, rewind, docks, presentation mode and
// closing the window. Then closing, starting, resetting, loading a preset and changing a setting
// in every state of a run. The window must keep its chart and its
// status in step with the run, reject bad values with a message, and still train afterwards.

#include "../../faultscript.h"

#include "experimentpanel.h"
#include "losschart.h"
#include "mainwindow.h"
#include "presets.h"
#include "runconfig.h"
#include "trainingcontroller.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QDoubleSpinBox>
#include <QFile>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMenu>
#include <QMessageBox>
#include <QTemporaryDir>
#include <QTest>

#include <array>
#include <memory>

using namespace initlab;

namespace {

constexpr int waitMilliseconds = 60000;

QAction *action(const MainWindow &window, const char *name)
{
    return window.findChild<QAction *>(QLatin1String(name));
}

// Closes the error dialogs the window opened, as a user who reads and dismisses them.
void closeErrorDialogs(MainWindow &window)
{
    for (QMessageBox *box : window.findChildren<QMessageBox *>(QStringLiteral("errorDialog")))
        box->close();
}

QDoubleSpinBox *learningRateBox(MainWindow &window)
{
    return window.panel()->findChild<QDoubleSpinBox *>(QStringLiteral("learningRate"));
}

// Types text over the learning-rate box's text and presses Return, as a user does. The box takes
// only what its validator lets through, and commits only a value in its range.
void enterLearningRate(MainWindow &window, const QString &text)
{
    QDoubleSpinBox *box = learningRateBox(window);
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Return);
}

// A run configuration that diverges within a few dozen updates: the default preset at the
// largest learning rate.
QString writeDivergingConfig(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(QStringLiteral("diverging.json"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    RunConfig config = initlab::loadPreset(QStringLiteral("default"));
    config.training.learningRate = 1000;
    file.write(QJsonDocument(toJson(config)).toJson());
    return path;
}

enum class Action {
    Close,
    StartPause,
    Step,
    StepEpoch,
    Stop,
    Reset,
    Reinitialize,
    LoadPreset,
    LearningRate,
    BadLearningRate,
    HugeLearningRate,
    Speed,
    Boost,
    Outlier,
    ScaleLayer,
    Rewind,
    ToggleDock,
    Presentation,
    Count
};

const char *actionName(Action value)
{
    static constexpr std::array<const char *, int(Action::Count)> names{
        "close", "start or pause", "step", "step epoch", "stop", "reset", "reinitialize",
        "load preset", "learning rate", "bad learning rate", "huge learning rate", "speed",
        "boost", "outlier", "scale layer", "rewind", "toggle dock", "presentation mode"};
    return names[std::size_t(value)];
}

std::unique_ptr<MainWindow> openWindow()
{
    auto window = std::make_unique<MainWindow>(MainWindow::SettingsMode::Ignored);
    window->resize(1280, 800);
    window->show();
    window->loadPreset(QStringLiteral("default"));
    return window;
}

// Waits until the run is at rest (anything but Running) with every batch drawn, then checks that
// the chart and the status bar agree with the run. Returns a description of any disagreement.
QString checkAtRest(MainWindow &window)
{
    if (window.controller()->state() == TrainingState::Running)
        action(window, "start")->trigger(); // pauses
    if (!QTest::qWaitFor([&] { return window.controller()->state() != TrainingState::Running; },
                         waitMilliseconds))
        return QStringLiteral("the run did not pause");
    QTest::qWait(50); // lets batches still in the queue arrive
    const qint64 points = window.chart()->pointCount();
    if (window.controller()->state() != TrainingState::Empty && points != window.iteration() + 1)
        return QStringLiteral("the chart has %1 points at iteration %2")
            .arg(points)
            .arg(window.iteration());
    const auto *label = window.findChild<QLabel *>(QStringLiteral("iterationLabel"));
    if (!label || !label->text().contains(QLocale().toString(window.iteration())))
        return QStringLiteral("the status bar says \"%1\" at iteration %2")
            .arg(label ? label->text() : QString())
            .arg(window.iteration());
    return {};
}

} // namespace

class TestMainWindowFaults : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void randomActions();
    void actionInEveryState_data();
    void actionInEveryState();
};

void TestMainWindowFaults::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("initlab.*.warning=false"));
}

void TestMainWindowFaults::randomActions()
{
    constexpr int steps = 400;
    // Weights in the order of Action.
    FaultScript script(5122026, {1, 12, 5, 2, 3, 3, 2, 5, 4, 2, 2, 3, 2, 2, 2, 3, 2, 1});
    Q_ASSERT(script.actionCount() == std::size_t(Action::Count));
    const auto pick = [&script](int count) { return script.pick(count); };

    std::unique_ptr<MainWindow> window = openWindow();
    const QStringList presets{QStringLiteral("default"), QStringLiteral("four-neuron-spikes"),
                              QStringLiteral("lr-too-high"), QStringLiteral("numerical-instability"),
                              QStringLiteral("outlier-batch"), QStringLiteral("zero-init")};

    for (int stepIndex = 0; stepIndex < steps; ++stepIndex) {
        const auto chosen = Action(script.nextAction());
        const TrainingState state = window->controller()->state();

        switch (chosen) {
        case Action::Close:
            window->close();
            window.reset();
            window = openWindow();
            break;
        case Action::StartPause:
            action(*window, "start")->trigger();
            break;
        case Action::Step:
            action(*window, "step")->trigger();
            break;
        case Action::StepEpoch:
            action(*window, "stepEpoch")->trigger();
            break;
        case Action::Stop:
            action(*window, "stop")->trigger();
            break;
        case Action::Reset:
            action(*window, "reset")->trigger();
            break;
        case Action::Reinitialize:
            action(*window, "reinitialize")->trigger();
            break;
        case Action::LoadPreset:
            QVERIFY(window->loadPreset(presets.at(pick(int(presets.size())))));
            break;
        case Action::LearningRate:
            enterLearningRate(*window, std::array{QStringLiteral("0.01"), QStringLiteral("0.1"),
                                                  QStringLiteral("0.3")}[std::size_t(pick(3))]);
            break;
        case Action::BadLearningRate:
        {
            // The box cannot commit text out of its range; the run keeps its learning rate.
            const double before = learningRateBox(*window)->value();
            enterLearningRate(*window, std::array{QStringLiteral("-1"), QStringLiteral("0"),
                                                  QStringLiteral("1e9")}[std::size_t(pick(3))]);
            QCOMPARE(learningRateBox(*window)->value(), before);
            break;
        }
        case Action::HugeLearningRate:
            enterLearningRate(*window, QStringLiteral("1000"));
            break;
        case Action::Speed:
            window->setSpeed(MainWindow::speedSteps().at(pick(int(MainWindow::speedSteps().size()))));
            break;
        case Action::Boost:
            action(*window, "boostLearningRate")->trigger();
            break;
        case Action::Outlier:
            action(*window, "outlierBatch")->trigger();
            break;
        case Action::ScaleLayer:
            action(*window, "scaleLayer")->trigger();
            break;
        case Action::Rewind:
            action(*window, "rewind")->trigger();
            break;
        case Action::ToggleDock: {
            const QList<QDockWidget *> docks = window->findChildren<QDockWidget *>();
            QDockWidget *dock = docks.at(pick(int(docks.size())));
            dock->setVisible(!dock->isVisible());
            break;
        }
        case Action::Presentation:
            window->setPresentationMode(!window->isPresentationMode());
            break;
        case Action::Count:
            break;
        }

        const int waitMs = script.pauseMilliseconds();
        if (waitMs > 0)
            QTest::qWait(waitMs);
        else
            QCoreApplication::processEvents();
        closeErrorDialogs(*window);

        if (stepIndex % 100 == 99) {
            const QString problem = checkAtRest(*window);
            QVERIFY2(problem.isEmpty(),
                     qPrintable(QStringLiteral("step %1 (%2 in state %3): %4")
                                    .arg(stepIndex)
                                    .arg(QLatin1StringView(actionName(chosen)), toString(state),
                                         problem)));
        }
    }
    // The window still trains: the default preset, 25 steps, shown on the chart.
    window->setPresentationMode(false);
    QVERIFY(window->loadPreset(QStringLiteral("default")));
    QTRY_VERIFY_WITH_TIMEOUT(window->controller()->state() == TrainingState::Ready,
                             waitMilliseconds);
    for (int i = 0; i < 25; ++i)
        action(*window, "step")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window->iteration(), qint64(25), waitMilliseconds);
    const QString problem = checkAtRest(*window);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestMainWindowFaults::actionInEveryState_data()
{
    QTest::addColumn<TrainingState>("state");
    QTest::addColumn<int>("request");
    const std::array states{TrainingState::Ready, TrainingState::Running, TrainingState::Paused,
                            TrainingState::Finished, TrainingState::Diverged};
    for (TrainingState state : states) {
        for (Action request : {Action::Close, Action::StartPause, Action::Reset, Action::LoadPreset,
                               Action::LearningRate}) {
            QTest::addRow("%s in %s", actionName(request), qPrintable(toString(state)))
                << state << int(request);
        }
    }
}

// Brings the window into each state, does one thing there, and checks that the window then
// shows the run it has and still trains.
void TestMainWindowFaults::actionInEveryState()
{
    QFETCH(TrainingState, state);
    QFETCH(int, request);

    std::unique_ptr<MainWindow> window = openWindow();
    const auto stateIs = [&window](TrainingState wanted) {
        return QTest::qWaitFor([&] { return window->controller()->state() == wanted; },
                               waitMilliseconds);
    };
    QVERIFY(stateIs(TrainingState::Ready));
    switch (state) {
    case TrainingState::Running:
        window->setSpeed(100);
        action(*window, "start")->trigger();
        break;
    case TrainingState::Paused:
        action(*window, "step")->trigger();
        break;
    case TrainingState::Finished:
        action(*window, "step")->trigger();
        QVERIFY(stateIs(TrainingState::Paused));
        action(*window, "stop")->trigger();
        break;
    case TrainingState::Diverged: {
        const QTemporaryDir dir;
        QVERIFY(window->openConfig(writeDivergingConfig(dir)));
        QVERIFY(stateIs(TrainingState::Ready));
        window->setSpeed(0);
        action(*window, "start")->trigger();
        break;
    }
    default:
        break;
    }
    QVERIFY2(stateIs(state), qPrintable(toString(window->controller()->state())));

    switch (Action(request)) {
    case Action::Close:
        window->close();
        window.reset();
        window = openWindow();
        QVERIFY(stateIs(TrainingState::Ready));
        break;
    case Action::StartPause:
        // Slowly, so that Running lasts long enough to be seen.
        window->setSpeed(100);
        action(*window, "start")->trigger();
        // Running goes to Paused. Any other state starts: a finished or diverged run starts
        // again from the panel's settings.
        if (state == TrainingState::Running)
            QVERIFY(stateIs(TrainingState::Paused));
        else
            QVERIFY(stateIs(TrainingState::Running));
        break;
    case Action::Reset:
        action(*window, "reset")->trigger();
        QVERIFY(stateIs(TrainingState::Ready));
        QTRY_COMPARE_WITH_TIMEOUT(window->chart()->pointCount(), qint64(1), waitMilliseconds);
        break;
    case Action::LoadPreset:
        QVERIFY(window->loadPreset(QStringLiteral("four-neuron-spikes")));
        QVERIFY(stateIs(TrainingState::Ready));
        QTRY_COMPARE_WITH_TIMEOUT(window->chart()->pointCount(), qint64(1), waitMilliseconds);
        break;
    case Action::LearningRate:
        enterLearningRate(*window, QStringLiteral("0.05"));
        QCOMPARE(learningRateBox(*window)->value(), 0.05);
        break;
    default:
        QFAIL("no such request in this test");
    }
    closeErrorDialogs(*window);
    QString problem = checkAtRest(*window);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    // Whatever happened, the default preset trains again: 10 steps, all on the chart.
    window->setSpeed(0);
    QVERIFY(window->loadPreset(QStringLiteral("default")));
    QVERIFY(stateIs(TrainingState::Ready));
    for (int i = 0; i < 10; ++i)
        action(*window, "step")->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(window->iteration(), qint64(10), waitMilliseconds);
    problem = checkAtRest(*window);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

QTEST_MAIN(TestMainWindowFaults)
#include "tst_mainwindowfaults.moc"
