#include "mainwindow.h"

#include "presets.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSize>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace {

// Trains the window's run for steps updates (all of them when steps is negative), saves a picture
// of the window to path and quits with 0, or with 1 when training or saving fails.
void takeScreenshot(initlab::MainWindow &window, const QString &path, qint64 steps)
{
    using initlab::TrainingController;
    using initlab::TrainingState;
    TrainingController *controller = window.controller();
    window.setSpeed(0);

    auto started = std::make_shared<bool>(false);
    QObject::connect(controller, &TrainingController::stateChanged, &window,
        [&window, controller, path, steps, started](TrainingState state) {
            if (state == TrainingState::Ready && !*started) {
                *started = true;
                if (steps >= 0)
                    controller->step(steps);
                else
                    controller->start();
                return;
            }
            if (!*started || state == TrainingState::Running)
                return;
            // One more turn of the event loop lets the chart draw the last batch.
            QTimer::singleShot(100, &window, [&window, path] {
                const bool saved = window.grab().save(path);
                if (!saved)
                    std::fprintf(stderr, "initlab: cannot write %s\n", qPrintable(path));
                QCoreApplication::exit(saved ? 0 : 1);
            });
        });
    QObject::connect(controller, &TrainingController::failed, &window, [](const QString &message) {
        std::fprintf(stderr, "initlab: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
}

// Prints message as a usage error and exits with status 2, as initlab-cli does.
[[noreturn]] void exitWithUsageError(const QString &message)
{
    std::fprintf(stderr, "initlab: error: %s\nTry 'initlab --help'.\n", qPrintable(message));
    std::exit(2);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("InitLab"));
    QApplication::setApplicationName(QStringLiteral("InitLab"));
    QApplication::setApplicationVersion(QStringLiteral(INITLAB_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("initlab"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Trains a small neural network and shows its loss and spikes live."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption presetOption(QStringLiteral("preset"),
        QStringLiteral("Open the preset <name> (default: default). Available: %1.")
            .arg(initlab::presetNames().join(QStringLiteral(", "))),
        QStringLiteral("name"));
    parser.addOption(presetOption);
    const QCommandLineOption startOption(
        QStringLiteral("start"), QStringLiteral("Start training at once."));
    parser.addOption(startOption);
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Train, save a PNG picture of the window to <file> and quit. Runs without "
                       "a display when QT_QPA_PLATFORM=offscreen is set."),
        QStringLiteral("file"));
    parser.addOption(screenshotOption);
    const QCommandLineOption stepsOption(QStringLiteral("steps"),
        QStringLiteral("With --screenshot: the updates to perform before the picture (default: "
                       "the whole run)."),
        QStringLiteral("count"));
    parser.addOption(stepsOption);
    const QCommandLineOption sizeOption(QStringLiteral("size"),
        QStringLiteral("Window size in pixels, such as 1400x900."), QStringLiteral("WxH"));
    parser.addOption(sizeOption);
    parser.addPositionalArgument(QStringLiteral("config"),
        QStringLiteral("Run configuration (JSON) to open."), QStringLiteral("[CONFIG.json]"));
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        exitWithUsageError(QStringLiteral("Give at most one configuration file; got %1.")
                               .arg(files.join(QStringLiteral(", "))));
    if (!files.isEmpty() && parser.isSet(presetOption))
        exitWithUsageError(QStringLiteral("Give either --preset or a configuration file, "
                                          "not both."));

    qint64 steps = -1;
    if (parser.isSet(stepsOption)) {
        bool ok = false;
        steps = parser.value(stepsOption).toLongLong(&ok);
        if (!ok || steps < 0)
            exitWithUsageError(QStringLiteral("--steps needs a whole number of 0 or more; "
                                              "got \"%1\".")
                                   .arg(parser.value(stepsOption)));
    }
    QSize size;
    if (parser.isSet(sizeOption)) {
        const QStringList parts = parser.value(sizeOption).split(QLatin1Char('x'));
        bool okWidth = false;
        bool okHeight = false;
        if (parts.size() == 2)
            size = QSize(parts[0].toInt(&okWidth), parts[1].toInt(&okHeight));
        if (!okWidth || !okHeight || size.width() < 200 || size.height() < 200
            || size.width() > 10000 || size.height() > 10000)
            exitWithUsageError(QStringLiteral("--size needs WIDTHxHEIGHT in pixels, each "
                                              "from 200 to 10000, such as 1400x900; got "
                                              "\"%1\".")
                                   .arg(parser.value(sizeOption)));
    }

    initlab::MainWindow window;
    if (size.isValid())
        window.resize(size);
    if (parser.isSet(screenshotOption))
        takeScreenshot(window, parser.value(screenshotOption), steps);
    window.show();
    bool loaded = false;
    if (!files.isEmpty())
        loaded = window.openConfig(files.constFirst());
    else
        loaded = window.loadPreset(
            parser.isSet(presetOption) ? parser.value(presetOption) : QStringLiteral("default"));
    // A rejected file or preset name is shown in a dialog; the window falls back to the default
    // preset so that it is usable.
    if (!loaded)
        window.loadPreset(QStringLiteral("default"));
    if (parser.isSet(startOption) && !parser.isSet(screenshotOption))
        QTimer::singleShot(0, &window, [&window] { window.controller()->start(); });
    return app.exec();
}
