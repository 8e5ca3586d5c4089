#include "mainwindow.h"

#include "presets.h"
#include "propagationview.h"
#include "wholefile.h"

#include <QApplication>
#include <QBuffer>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QImageWriter>
#include <QSize>
#include <QStatusBar>
#include <QTimer>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>

namespace {

struct Options
{
    QString preset; // empty: none given
    QString configPath; // empty: none given
    bool start = false;
    QString screenshotPath; // empty: no screenshot mode
    qint64 steps = -1; // with a screenshot: updates before it; -1: the whole run
    QSize size; // invalid: the saved or default size
    QString panel; // with a screenshot: the dock to picture alone; empty: the whole window
};

// Names of --panel and the object names of their docks.
const QList<std::pair<QString, QString>> &panelDocks()
{
    static const QList<std::pair<QString, QString>> docks{
        {QStringLiteral("experiment"), QStringLiteral("experimentDock")},
        {QStringLiteral("spikes"), QStringLiteral("spikeDock")},
        {QStringLiteral("gradients"), QStringLiteral("gradientDock")},
        {QStringLiteral("function"), QStringLiteral("functionDock")},
        {QStringLiteral("activations"), QStringLiteral("activationsDock")},
        {QStringLiteral("weights"), QStringLiteral("weightsDock")},
        {QStringLiteral("propagation"), QStringLiteral("propagationDock")},
    };
    return docks;
}

QStringList panelNames()
{
    QStringList names;
    for (const auto &[name, dock] : panelDocks())
        names.append(name);
    return names;
}

void setApplicationNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("InitLab"));
    QCoreApplication::setApplicationName(QStringLiteral("InitLab"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INITLAB_VERSION));
}

// Prints message as a usage error and exits with status 2, as initlab-cli does.
[[noreturn]] void exitWithUsageError(const QString &message)
{
    std::fprintf(stderr, "initlab: error: %s\nTry 'initlab --help'.\n", qPrintable(message));
    std::exit(2);
}

// Reads the command line. Prints help, the version or a usage error and exits where that is all
// there is to do, so that none of it needs a display.
Options parseArguments(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Trains a small neural network and shows its loss and spikes live."));
    const QCommandLineOption helpOption = parser.addHelpOption();
    const QCommandLineOption versionOption = parser.addVersionOption();
    const QCommandLineOption presetOption(QStringLiteral("preset"),
        QStringLiteral("Open the preset <name> (default: default). Available: %1.")
            .arg(initlab::presetNames().join(QStringLiteral(", "))),
        QStringLiteral("name"));
    const QCommandLineOption startOption(
        QStringLiteral("start"), QStringLiteral("Start training at once."));
    const QCommandLineOption screenshotOption(QStringLiteral("screenshot"),
        QStringLiteral("Train, save a PNG picture of the window to <file> and quit. Runs without "
                       "a display when QT_QPA_PLATFORM=offscreen is set. Saved settings are "
                       "neither used nor changed, so the picture depends only on the run."),
        QStringLiteral("file"));
    const QCommandLineOption stepsOption(QStringLiteral("steps"),
        QStringLiteral("With --screenshot: the updates to perform before the picture (default: "
                       "the whole run)."),
        QStringLiteral("count"));
    const QCommandLineOption sizeOption(QStringLiteral("size"),
        QStringLiteral("Window size in pixels, such as 1400x900."), QStringLiteral("WxH"));
    const QCommandLineOption panelOption(QStringLiteral("panel"),
        QStringLiteral("With --screenshot: picture one panel alone, at --size, instead of the "
                       "window. One of: %1.")
            .arg(panelNames().join(QStringLiteral(", "))),
        QStringLiteral("name"));
    parser.addOptions(
        {presetOption, startOption, screenshotOption, stepsOption, sizeOption, panelOption});
    parser.addPositionalArgument(QStringLiteral("CONFIG.json"),
        QStringLiteral("Run configuration (JSON) to open."), QStringLiteral("[CONFIG.json]"));

    if (!parser.parse(arguments))
        exitWithUsageError(parser.errorText());
    if (parser.isSet(helpOption)) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        std::exit(0);
    }
    if (parser.isSet(versionOption)) {
        std::printf("initlab %s\n", INITLAB_VERSION);
        std::exit(0);
    }

    Options options;
    const QStringList files = parser.positionalArguments();
    if (files.size() > 1)
        exitWithUsageError(QStringLiteral("Give at most one configuration file; got %1.")
                               .arg(files.join(QStringLiteral(", "))));
    if (!files.isEmpty() && parser.isSet(presetOption))
        exitWithUsageError(
            QStringLiteral("Give either --preset or a configuration file, not both."));
    options.configPath = files.value(0);
    options.preset = parser.value(presetOption);
    options.start = parser.isSet(startOption);
    options.screenshotPath = parser.value(screenshotOption);

    if (parser.isSet(stepsOption)) {
        if (options.screenshotPath.isEmpty())
            exitWithUsageError(QStringLiteral("--steps works only with --screenshot."));
        bool ok = false;
        options.steps = parser.value(stepsOption).toLongLong(&ok);
        if (!ok || options.steps < 0)
            exitWithUsageError(
                QStringLiteral("--steps needs a whole number of 0 or more; got \"%1\".")
                    .arg(parser.value(stepsOption)));
    }
    if (parser.isSet(sizeOption)) {
        const QStringList parts = parser.value(sizeOption).split(QLatin1Char('x'));
        bool okWidth = false;
        bool okHeight = false;
        if (parts.size() == 2)
            options.size = QSize(parts[0].toInt(&okWidth), parts[1].toInt(&okHeight));
        if (!okWidth || !okHeight || options.size.width() < 200 || options.size.height() < 200
            || options.size.width() > 10000 || options.size.height() > 10000)
            exitWithUsageError(QStringLiteral("--size needs WIDTHxHEIGHT in pixels, each from "
                                              "200 to 10000, such as 1400x900; got \"%1\".")
                                   .arg(parser.value(sizeOption)));
    }
    if (parser.isSet(panelOption)) {
        if (options.screenshotPath.isEmpty())
            exitWithUsageError(QStringLiteral("--panel works only with --screenshot."));
        options.panel = parser.value(panelOption);
        if (!panelNames().contains(options.panel))
            exitWithUsageError(QStringLiteral("Unknown panel \"%1\"; use one of: %2.")
                                   .arg(options.panel, panelNames().join(QStringLiteral(", "))));
    }
    if (!options.screenshotPath.isEmpty()) {
        const QFileInfo target(options.screenshotPath);
        if (!target.absoluteDir().exists())
            exitWithUsageError(QStringLiteral("The folder of --screenshot %1 does not exist; "
                                              "create it or choose another path.")
                                   .arg(QDir::toNativeSeparators(options.screenshotPath)));
        // PNG data in a file named .jpg misleads the programs that open it by its name.
        const QByteArray suffix = target.suffix().toLower().toUtf8();
        if (suffix != "png" && QImageWriter::supportedImageFormats().contains(suffix))
            exitWithUsageError(QStringLiteral("--screenshot %1 names a .%2 file, but screenshots "
                                              "are PNG; end the name with .png.")
                                   .arg(QDir::toNativeSeparators(options.screenshotPath),
                                        QString::fromUtf8(suffix)));
    }
    return options;
}

// Saves the window as a PNG file, also under a name without .png; false with a message on
// stderr when it cannot. The file is written whole or not at all, as every file InitLab writes.
bool saveScreenshot(QWidget &window, const QString &path)
{
    QByteArray png;
    QBuffer buffer(&png);
    buffer.open(QIODevice::WriteOnly);
    QImageWriter encoder(&buffer, "png");
    QString reason;
    if (encoder.write(window.grab().toImage())) {
        reason = initlab::writeWholeFile(
            path, [&png](QIODevice &file) { return file.write(png) == png.size(); });
    } else {
        reason = encoder.errorString();
    }
    if (reason.isEmpty())
        return true;
    std::fprintf(stderr, "initlab: error: cannot write %s: %s\n",
        qPrintable(QDir::toNativeSeparators(path)), qPrintable(reason));
    return false;
}

// Floats the dock of panel out of the window at size, so that it can be pictured alone, and
// returns the widget to picture.
QWidget *floatPanel(initlab::MainWindow &window, const QString &panel, QSize size)
{
    QString objectName;
    for (const auto &[name, dock] : panelDocks()) {
        if (name == panel)
            objectName = dock;
    }
    auto *dock = window.findChild<QDockWidget *>(objectName);
    dock->show();
    dock->setFloating(true);
    dock->resize(size.isValid() ? size : QSize(900, 700));
    dock->raise();
    return dock->widget();
}

// Trains the window's run for steps updates (all of them when steps is negative), saves a picture
// of the window, or of one panel, to path and quits with 0, or with 1 when training or saving
// fails.
void takeScreenshot(initlab::MainWindow &window, const Options &options)
{
    using initlab::TrainingController;
    using initlab::TrainingState;
    TrainingController *controller = window.controller();
    const qint64 steps = options.steps;
    window.setSpeed(0);
    QWidget *target = &window;
    if (!options.panel.isEmpty())
        target = floatPanel(window, options.panel, options.size);

    const QString path = options.screenshotPath;
    auto save = [target, path] { QCoreApplication::exit(saveScreenshot(*target, path) ? 0 : 1); };
    auto trained = [&window, save] {
        // One more turn of the event loop lets the chart and the panels draw the last batch and
        // measurement. The propagation panel computes on a thread of its own.
        QTimer::singleShot(100, &window, [&window, save] {
            initlab::PropagationView *propagation = window.propagationView();
            if (propagation->isVisible() && propagation->columns().empty()
                && !propagation->isComputing())
                propagation->compute();
            if (propagation->isComputing() && propagation->isVisible()) {
                QObject::connect(propagation, &initlab::PropagationView::computed, &window,
                                 [save] { QTimer::singleShot(100, save); });
                return;
            }
            save();
        });
    };
    auto started = std::make_shared<bool>(false);
    QObject::connect(controller, &TrainingController::stateChanged, &window,
        [controller, steps, started, trained](TrainingState state) {
            if (state == TrainingState::Ready && !*started) {
                *started = true;
                if (steps == 0)
                    trained();
                else if (steps > 0)
                    controller->step(steps);
                else
                    controller->start();
                return;
            }
            if (*started && state != TrainingState::Running)
                trained();
        });
    QObject::connect(controller, &TrainingController::failed, &window, [](const QString &message) {
        std::fprintf(stderr, "initlab: error: %s\n", qPrintable(message));
        QCoreApplication::exit(1);
    });
}

} // namespace

int main(int argc, char *argv[])
{
    std::optional<Options> options;
    {
        // Help, version and usage errors are printed before the GUI starts, so that they work
        // without a display.
        QCoreApplication parsing(argc, argv);
        setApplicationNames();
        options = parseArguments(QCoreApplication::arguments());
    }

    QApplication app(argc, argv);
    setApplicationNames();
    QApplication::setDesktopFileName(QStringLiteral("initlab"));

    const bool screenshot = !options->screenshotPath.isEmpty();
    initlab::MainWindow window(screenshot ? initlab::MainWindow::SettingsMode::Ignored
                                          : initlab::MainWindow::SettingsMode::Kept);
    if (options->size.isValid() && options->panel.isEmpty())
        window.resize(options->size);
    if (screenshot)
        takeScreenshot(window, *options);
    window.show();

    bool loaded = false;
    if (!options->configPath.isEmpty())
        loaded = window.openConfig(options->configPath);
    else
        loaded = window.loadPreset(
            options->preset.isEmpty() ? QStringLiteral("default") : options->preset);
    if (!loaded) {
        // A picture of another run than the one requested would mislead, so screenshot mode
        // stops here. The window falls back to the default preset so that it is usable.
        if (screenshot) {
            std::fprintf(stderr, "initlab: error: no picture written.\n");
            return 2;
        }
        window.loadPreset(QStringLiteral("default"));
        window.statusBar()->showMessage(
            QApplication::translate("main", "Opened the default preset instead."));
    }
    if (options->start && !screenshot)
        QTimer::singleShot(0, &window, [&window] { window.controller()->start(); });
    return app.exec();
}
