#include "presetbrowser.h"

#include "errors.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

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
    if (!window.selectPreset(parser.value(presetOption))) {
        QMessageBox::warning(&window, QStringLiteral("InitLab"),
                             QStringLiteral("Unknown preset \"%1\"; showing the default preset.")
                                 .arg(parser.value(presetOption)));
    }
    window.show();
    return app.exec();
}
