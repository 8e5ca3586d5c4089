#pragma once

// Reading a run configuration or figure file from disk, before parseJsonObject() reads its JSON.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

namespace initlab {

// Largest configuration file read, in bytes. Configurations and figure files are a few kilobytes,
// so a larger file is almost certainly not a configuration.
inline constexpr qint64 maxConfigFileSize = qint64(4) * 1024 * 1024;

// Returns the bytes of the configuration file at path. Throws ConfigError with an empty key when
// the path is empty or the file is missing, not a regular file, larger than maxConfigFileSize,
// unreadable, or empty or white space only. The message names path and what to do.
QByteArray readConfigFile(const QString &path);

} // namespace initlab
