#include "configfile.h"

#include "errors.h"

#include <QFile>
#include <QFileInfo>

namespace initlab {

namespace {

[[noreturn]] void throwFileError(const QString &path, const QString &message)
{
    throw ConfigError(QString(), path + QStringLiteral(": ") + message);
}

} // namespace

QByteArray readConfigFile(const QString &path)
{
    if (path.isEmpty())
        throw ConfigError(QString(), QStringLiteral("no config file name given; choose a file"));

    const QFileInfo info(path);
    if (!info.exists())
        throwFileError(path, QStringLiteral("file not found; check the path and the file name"));
    if (info.isDir()) {
        throwFileError(path, QStringLiteral("this is a directory, not a configuration; choose a "
                                            "JSON file"));
    }
    if (!info.isFile()) {
        throwFileError(path, QStringLiteral("this is not a regular file (it may be a device or a "
                                            "pipe); choose a JSON file"));
    }

    const auto tooLarge = [&](qint64 size) {
        throwFileError(path, QStringLiteral("the file is %1 bytes, larger than the %2 MiB limit "
                                            "for configurations; choose a configuration saved by "
                                            "InitLab, which is a few kilobytes")
                                 .arg(size)
                                 .arg(maxConfigFileSize / (1024 * 1024)));
    };
    if (info.size() > maxConfigFileSize)
        tooLarge(info.size());

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throwFileError(path, QStringLiteral("cannot open the file: %1; check that you have "
                                            "permission to read it")
                                 .arg(file.errorString()));
    }
    // Reading one byte past the limit catches a file that grew after the size check.
    const QByteArray content = file.read(maxConfigFileSize + 1);
    if (file.error() != QFileDevice::NoError)
        throwFileError(path, QStringLiteral("reading failed: %1").arg(file.errorString()));
    if (content.size() > maxConfigFileSize)
        tooLarge(content.size());
    if (content.trimmed().isEmpty()) {
        throwFileError(path, QStringLiteral("the file is empty; write a JSON object, for example "
                                            "{} for all defaults"));
    }
    return content;
}

} // namespace initlab
