#include "cli.h"

#include <QCoreApplication>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("initlab-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(INITLAB_VERSION));
    return runCli(app.arguments().mid(1));
}
