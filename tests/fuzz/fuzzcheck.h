#pragma once

// Checks shared by the fuzz targets. A failed invariant aborts, so that libFuzzer and the replay
// driver both report it as a crash with the input that caused it.

#include "errors.h"

#include <QByteArray>
#include <QString>

#include <cstdio>
#include <cstdlib>

namespace initlab::fuzz {

// Prints "invariant failed: " and message to stderr and aborts unless condition holds.
inline void check(bool condition, const QString &message)
{
    if (condition)
        return;
    std::fprintf(stderr, "invariant failed: %s\n", qUtf8Printable(message));
    std::abort();
}

// Returns the number of lines in text, counting CRLF, LF and a lone CR as one line break each.
inline int lineCount(const QByteArray &text)
{
    int lines = 1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')))
            ++lines;
    }
    return lines;
}

// Checks that a DataError names fileName and a position inside content, and that its message
// starts with that position as "file:line:column: ", leaving out a line or column of 0.
inline void checkDataError(
    const DataError &error, const QString &fileName, const QByteArray &content)
{
    const QString message = QString::fromStdString(error.what());
    check(error.file() == fileName,
        QStringLiteral("error names file \"%1\": %2").arg(error.file(), message));
    check(error.line() >= 0 && error.line() <= lineCount(content),
        QStringLiteral("error line %1 is outside the %2 lines: %3")
            .arg(error.line())
            .arg(lineCount(content))
            .arg(message));
    check(error.column() >= 0, QStringLiteral("negative error column: %1").arg(message));

    QString prefix = fileName;
    if (error.line() > 0) {
        prefix += u':' + QString::number(error.line());
        if (error.column() > 0)
            prefix += u':' + QString::number(error.column());
    }
    prefix += QStringLiteral(": ");
    check(message.startsWith(prefix) && message.size() > prefix.size(),
        QStringLiteral("error message does not start with \"%1\": %2").arg(prefix, message));
}

} // namespace initlab::fuzz
