#pragma once

// Reading users' own CSV data. See csvimport.cpp for the accepted dialects.

#include "dataset.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace initlab {

// One parsed text table, before any conversion to numbers.
struct CsvTable
{
    QString fileName;      // for messages
    QChar delimiter;       // detected: ',', ';', '\t' or '|'
    bool decimalComma = false; // ';' files whose numbers use ',' as the decimal separator
    bool hasHeader = false;
    QStringList header;    // column names; "column 1", "column 2", ... when the file has none
    std::vector<QStringList> rows; // data rows, header excluded; cells unquoted
    std::vector<int> rowLines;     // 1-based line number in the file of each data row
};

// Splits CSV text into cells. Handles a UTF-8 byte-order mark, CRLF, LF and lone CR line ends,
// quoted fields (with doubled quotes and embedded delimiters and line breaks), delimiter detection
// among comma, semicolon, tab and pipe, and header detection. Blank lines are skipped. Throws
// DataError naming fileName, line and column for an unterminated quote, text after a closing
// quote, a ragged row, an empty file, a file with a header and no data, or text that is not UTF-8.
// Error columns are 1-based field numbers, as in a spreadsheet, not character offsets.
CsvTable parseCsv(const QByteArray &content, const QString &fileName);

// Reads and parses a file; a missing or unreadable file is a DataError.
CsvTable readCsvFile(const QString &path);

// Converts a table to a dataset. The target columns are chosen by header name or by 1-based column
// number given as text ("price", "3"), and an empty list means the last column. Every other column
// is an input. Numbers are parsed without regard to the system locale. A missing value or a
// non-numeric cell is a DataError with file, line and column; nothing is dropped or read as zero.
// The result contains every row as training data, not standardized.
Dataset datasetFromTable(const CsvTable &table, const QStringList &targets);

} // namespace initlab
