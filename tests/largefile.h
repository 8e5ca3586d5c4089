#pragma once

// Test helper shared by the programs that feed InitLab files larger than its input limits.

#include <QByteArray>
#include <QFile>
#include <QString>

// Writes a valid-looking file of at least size bytes: header, then copies of row, in chunks of
// about 1 MiB. Returns false when the file cannot be written whole.
inline bool writeLargeFile(const QString &path, const QByteArray &header, const QByteArray &row,
                           qint64 size)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(header) != header.size())
        return false;
    QByteArray chunk;
    while (chunk.size() + row.size() <= 1024 * 1024)
        chunk += row;
    for (qint64 written = header.size(); written < size; written += chunk.size()) {
        if (file.write(chunk) != chunk.size())
            return false;
    }
    return true;
}
