#pragma once

// Steps shared by the CSV readers (csvimport.h, losslog.h): reading a file, decoding it, choosing
// the delimiter, splitting it into records and wording the errors. Every error is a DataError
// whose message starts with the position, as compilers print it.

#include "csvscanner.h"

#include <QByteArray>
#include <QChar>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <QtGlobal>

#include <vector>

namespace initlab::csv {

// ---- Messages ----

// Returns fileName, or "<csv>" when it is empty.
QString displayName(const QString &fileName);

// Returns "file:line:column: ", "file:line: " or "file: ", as compilers print positions. A line or
// column of 0 is left out.
QString location(const QString &fileName, int line, int column);

// Throws a DataError whose message is location(fileName, line, column) followed by message.
[[noreturn]] void throwDataError(const QString &fileName, int line, int column,
                                 const QString &message);

// Quotes a cell for a message, with line breaks shown as \n and long text shortened.
QString quoted(const QString &text);

// Returns "1 cell" or "3 cells".
QString cellCount(qsizetype count);

// Returns "comma", "semicolon", "tab", "pipe", or the quoted character.
QString delimiterName(QChar delimiter);

// Lists the quoted names of the first 20 columns, separated by commas, and the column count when
// there are more.
QString listColumns(const QStringList &header);

// ---- Text ----

// Decodes UTF-8 content without its byte-order mark. Throws DataError for UTF-16 (recognised by its
// byte-order mark), for invalid UTF-8 with the line of the first invalid byte, and for NUL
// characters, which mark binary data.
QString decodeText(const QByteArray &content, const QString &fileName);

// Chooses among tab, semicolon, pipe and comma, in that order of preference, the delimiter whose
// split of the first 50 records gives the same cell count, above one, in every record. Without
// such a delimiter, returns the one that splits the most records, or comma.
QChar detectDelimiter(QStringView text);

// Reads every non-blank record. Throws DataError for an unterminated quote or text after a
// closing quote.
std::vector<CsvRecord> readRecords(QStringView text, QChar delimiter, const QString &fileName);

// Returns whether more cells look like "1,5" than like "1.5". Only meaningful for semicolon files.
bool usesDecimalComma(const std::vector<CsvRecord> &records);

// Throws DataError at the first record whose cell count differs from that of the first record
// (the header when hasHeader is set). records must not be empty.
void checkRowLengths(const std::vector<CsvRecord> &records, bool hasHeader, QChar delimiter,
                     const QString &fileName);

// Returns the trimmed header cells, or "column 1", "column 2", ... for a file without a header
// and for empty header cells.
QStringList columnNames(const CsvRecord &first, bool hasHeader);

// ---- Files ----

// Largest CSV dataset read. Parsing needs about 15 times the file size in memory, so a file at this
// limit needs about 1 GB (see docs/csv-import.md).
inline constexpr qint64 maxDatasetFileSize = qint64(64) * 1024 * 1024;

// Largest loss log read: about 3 million rows of step and loss, and about 1 GB of memory to parse.
inline constexpr qint64 maxLossLogFileSize = qint64(64) * 1024 * 1024;

// Returns the bytes of a file of at most maxSize bytes. Throws DataError for an empty path, a
// missing file, a directory or other non-regular file, a larger file and a read error. The message
// for a larger file states both sizes and ends with tooLargeAdvice, a sentence on what to do.
QByteArray readFileContent(const QString &path, qint64 maxSize, const QString &tooLargeAdvice);

// ---- Writing ----

// Returns text as a CSV cell. Text with a comma, a quote or a line break is quoted with its quotes
// doubled, as RFC 4180 does, and other text is returned unchanged.
QString field(const QString &text);

// Returns the shortest text that reads back to the same double: "nan", "inf" and "-inf" for the
// values that are not finite.
QString number(double value);

} // namespace initlab::csv
