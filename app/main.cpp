#include "presetbrowser.h"

#include "presets.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("InitLab"));
    QApplication::setApplicationVersion(QStringLiteral(INITLAB_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows InitLab's presets."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption presetOption(QStringLiteral("preset"),
                                          QStringLiteral("Select the preset <name>."),
                                          QStringLiteral("name"), QStringLiteral("default"));
    parser.addOption(presetOption);
    parser.process(app);

    PresetBrowser window;
    window.show();
    if (!window.selectPreset(parser.value(presetOption))) {
        const QString message = QStringLiteral("Unknown preset \"%1\"; showing the default preset. "
                                               "Available: %2.")
                                    .arg(parser.value(presetOption),
                                         initlab::presetNames().join(QStringLiteral(", ")));
        std::fprintf(stderr, "initlab: %s\n", qPrintable(message));
        QMessageBox::warning(&window, QStringLiteral("InitLab"), message);
    }
    return app.exec();
}
