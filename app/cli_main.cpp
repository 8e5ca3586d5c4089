#include "cli.h"

#include <QApplication>
#include <QCoreApplication>

#include <cstring>
#include <memory>

namespace {

QtMessageHandler defaultHandler = nullptr;

// Drops Qt's warning that XDG_RUNTIME_DIR is unset, which a QApplication on the offscreen
// platform prints outside a desktop session although a figure needs no runtime directory. Every
// other message goes to Qt's handler.
void filterMessage(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (type == QtWarningMsg
        && message.startsWith(QLatin1String("QStandardPaths: XDG_RUNTIME_DIR")))
        return;
    defaultHandler(type, context, message);
}

} // namespace

int main(int argc, char *argv[])
{
    // Qt Charts draws figures only with a QApplication. The offscreen platform lets it run
    // without a display server, whatever the environment sets.
    std::unique_ptr<QCoreApplication> app;
    if (argc > 1 && std::strcmp(argv[1], "figure") == 0) {
        qputenv("QT_QPA_PLATFORM", "offscreen");
        defaultHandler = qInstallMessageHandler(filterMessage);
        app = std::make_unique<QApplication>(argc, argv);
    } else {
        app = std::make_unique<QCoreApplication>(argc, argv);
    }
    QCoreApplication::setApplicationName(QStringLiteral("initlab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INITLAB_VERSION));
    return runCli(app->arguments().mid(1));
}
