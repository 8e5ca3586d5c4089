#include "csvimport.h"

#include "csvnumber.h"
#include "csvscanner.h"
#include "csvtext.h"
#include "errors.h"

#include <QLoggingCategory>

#include <algorithm>

// Accepted input, in short (docs/csv-import.md has the user's version):
// - UTF-8 text with or without a byte-order mark.
// - CRLF, LF or lone CR line ends.
// - Delimiter: comma, semicolon, tab or pipe, detected from the first records.
// - RFC 4180 quoting: "" inside quotes, delimiters and line breaks inside quotes.
// - Plain decimal numbers ("-1.5", " 2 ", "3e-4"), and with a semicolon delimiter also "1,5".
// - An optional header row of names.
// Error positions are 1-based lines and 1-based field numbers ("column 3"), not character offsets.

namespace initlab {

using namespace csv;

namespace {

Q_LOGGING_CATEGORY(lcCsvImport, "initlab.core.csvimport", QtInfoMsg)

qsizetype countTextCells(const QStringList &cells, bool decimalComma)
{
    return std::count_if(cells.begin(), cells.end(),
                         [&](const QString &cell) { return isTextCell(cell, decimalComma); });
}

// The first record is a header when it contains text (a cell neither empty nor a number) and the
// second record, if any, contains less text. In a valid file the second record contains none.
// Allowing some keeps a typo in the first data row from turning the header into data, so the
// error names the typo instead of the header.
bool startsWithHeader(const std::vector<CsvRecord> &records, bool decimalComma)
{
    const qsizetype firstText = countTextCells(records.front().cells, decimalComma);
    if (firstText == 0)
        return false;
    return records.size() < 2 || countTextCells(records[1].cells, decimalComma) < firstText;
}

// ---- Dataset ----

int rowLine(const CsvTable &table, std::size_t row)
{
    return row < table.rowLines.size() ? table.rowLines[row] : 0;
}

// "column 3" or "column 3 ("price")" for messages.
QString columnLabel(const CsvTable &table, qsizetype column)
{
    const QString number = QStringLiteral("column %1").arg(column + 1);
    if (!table.hasHeader)
        return number;
    return number + QStringLiteral(" (") + quoted(table.header[column]) + u')';
}

void checkTableShape(const CsvTable &table)
{
    if (table.header.isEmpty())
        throwDataError(table.fileName, 0, 0, QStringLiteral("the table has no columns."));
    if (table.rows.empty()) {
        throwDataError(table.fileName, 0, 0,
                       QStringLiteral("the table has no data rows. Add at least one row of "
                                      "numbers."));
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        const qsizetype count = table.rows[r].size();
        if (count != table.header.size()) {
            const int column = int(std::min(count, table.header.size())) + 1;
            throwDataError(table.fileName, rowLine(table, r), column,
                           QStringLiteral("row has %1 but the table has %2 columns. Every row "
                                          "needs one cell per column.")
                               .arg(cellCount(count))
                               .arg(table.header.size()));
        }
    }
}

[[noreturn]] void throwAmbiguousTarget(const CsvTable &table, const QString &request,
                                       const QList<qsizetype> &matches)
{
    QStringList labels;
    for (qsizetype column : matches)
        labels.append(columnLabel(table, column));
    throwDataError(table.fileName, 0, 0,
                   QStringLiteral("target column %1 is ambiguous because it matches %2. Give "
                                  "the exact name of one column or its column number.")
                       .arg(quoted(request), labels.join(QStringLiteral(" and "))));
}

// Returns the 0-based column that a target request names: an exact header name, else a
// case-insensitive header name if only one column matches, else a 1-based column number.
qsizetype resolveTarget(const CsvTable &table, const QString &request)
{
    const QString name = request.trimmed();
    if (name.isEmpty()) {
        throwDataError(table.fileName, 0, 0,
                       QStringLiteral("empty target column name. Give a column name or a 1-based "
                                      "column number."));
    }

    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        QList<qsizetype> matches;
        for (qsizetype i = 0; i < table.header.size(); ++i) {
            if (table.header[i].compare(name, sensitivity) == 0)
                matches.append(i);
        }
        if (matches.size() == 1)
            return matches.front();
        if (matches.size() > 1)
            throwAmbiguousTarget(table, name, matches);
    }

    bool isNumber = false;
    const qlonglong number = name.toLongLong(&isNumber);
    if (isNumber) {
        if (number < 1 || number > table.header.size()) {
            throwDataError(table.fileName, 0, 0,
                           QStringLiteral("target column number %1 is out of range. The file has "
                                          "%2 columns, numbered 1 to %2.")
                               .arg(number)
                               .arg(table.header.size()));
        }
        return qsizetype(number - 1);
    }

    throwDataError(table.fileName, 0, 0,
                   QStringLiteral("unknown target column %1. The columns are %2. Give one of "
                                  "these names or a column number from 1 to %3.")
                       .arg(quoted(name), listColumns(table.header))
                       .arg(table.header.size()));
}

// Returns the 0-based target columns in request order; an empty request means the last column.
std::vector<qsizetype> resolveTargets(const CsvTable &table, const QStringList &requests)
{
    std::vector<qsizetype> columns;
    QStringList sources;
    if (requests.isEmpty()) {
        columns.push_back(table.header.size() - 1);
        sources.append(QString());
    }
    for (const QString &request : requests) {
        const qsizetype column = resolveTarget(table, request);
        const auto previous = std::find(columns.begin(), columns.end(), column);
        if (previous != columns.end()) {
            const QString first = sources[previous - columns.begin()];
            throwDataError(table.fileName, 0, 0,
                           QStringLiteral("target %1 is chosen twice (as %2 and as %3). List "
                                          "each target column once.")
                               .arg(columnLabel(table, column), quoted(first), quoted(request)));
        }
        columns.push_back(column);
        sources.append(request);
    }

    if (qsizetype(columns.size()) == table.header.size()) {
        if (table.header.size() == 1) {
            throwDataError(table.fileName, 0, 0,
                           QStringLiteral("the file has only one column, %1, which is the "
                                          "target, so no input column is left. Check that the "
                                          "values are separated by commas, semicolons, tabs or "
                                          "pipes.")
                               .arg(quoted(table.header.front())));
        }
        throwDataError(table.fileName, 0, 0,
                       QStringLiteral("all %1 columns are chosen as targets, so no input column "
                                      "is left. Choose fewer target columns.")
                           .arg(table.header.size()));
    }
    return columns;
}

// Explains why a first row with text was read as data, naming the text in the second row.
QString headerHint(const CsvTable &table)
{
    const QStringList &second = table.rows[1];
    for (qsizetype c = 0; c < second.size(); ++c) {
        if (isTextCell(second[c], table.decimalComma)) {
            return QStringLiteral(" The first row is not read as a header because line %1 "
                                  "contains at least as much text: %2 in column %3.")
                .arg(rowLine(table, 1))
                .arg(quoted(second[c]))
                .arg(c + 1);
        }
    }
    return QString();
}

double cellValue(const CsvTable &table, std::size_t row, qsizetype column)
{
    const QString &cell = table.rows[row][column];
    const int line = rowLine(table, row);
    const int columnNumber = int(column) + 1;

    double value = 0.0;
    switch (parseNumber(cell, table.decimalComma, value)) {
    case NumberStatus::Ok:
        return value;

    case NumberStatus::Empty: {
        QString message = QStringLiteral("missing value in %1. Every cell must contain a number. "
                                         "Fill in the value or remove the row.")
                              .arg(columnLabel(table, column));
        // A delimiter at the end of every line, header included, makes a last column without a
        // name and without values.
        const bool unnamed = table.header[column] == QStringLiteral("column %1").arg(column + 1);
        if (column == table.header.size() - 1 && unnamed) {
            message += QStringLiteral(" If every line ends with a delimiter, remove the last "
                                      "delimiter from each line.");
        }
        throwDataError(table.fileName, line, columnNumber, message);
    }

    case NumberStatus::OutOfRange:
        throwDataError(table.fileName, line, columnNumber,
                       QStringLiteral("value %1 in %2 is too large or too small in magnitude for a "
                                      "double-precision number. Rescale that column.")
                           .arg(quoted(cell), columnLabel(table, column)));

    case NumberStatus::Invalid:
        break;
    }

    const QString example = table.decimalComma ? QStringLiteral("1,5, -2 or 3e-4")
                                               : QStringLiteral("1.5, -2 or 3e-4");
    QString message = QStringLiteral("non-numeric value %1 in %2. Every cell must be a number "
                                     "such as %3, without units or thousands separators. Fix or "
                                     "remove that row.")
                          .arg(quoted(cell), columnLabel(table, column), example);

    const QStringView text = QStringView(cell).trimmed();
    if (hasNumberSyntax(text, decimalSeparatorOf(!table.decimalComma))) {
        message += table.decimalComma
            ? QStringLiteral(" Most numbers in this file use a decimal comma, so write this one "
                             "with a comma too.")
            : QStringLiteral(" If its comma is a decimal separator, write a point instead, "
                             "because this file is read with decimal points.");
    }
    if (!table.hasHeader && row == 0 && table.rows.size() > 1)
        message += headerHint(table);
    throwDataError(table.fileName, line, columnNumber, message);
}

} // namespace

CsvTable parseCsv(const QByteArray &content, const QString &fileName)
{
    const QString text = decodeText(content, fileName);

    CsvTable table;
    table.fileName = fileName;
    table.delimiter = detectDelimiter(text);
    std::vector<CsvRecord> records = readRecords(text, table.delimiter, fileName);
    if (records.empty()) {
        throwDataError(fileName, 0, 0,
                       QStringLiteral("the file is empty or contains only blank lines. Choose a "
                                      "file with a row of numbers per sample."));
    }

    table.decimalComma = table.delimiter == u';' && usesDecimalComma(records);
    table.hasHeader = startsWithHeader(records, table.decimalComma);
    if (table.hasHeader && records.size() == 1) {
        throwDataError(fileName, records.front().line, 0,
                       QStringLiteral("the file has a header row but no data rows. Add at least "
                                      "one row of numbers below the header."));
    }
    checkRowLengths(records, table.hasHeader, table.delimiter, fileName);

    table.header = columnNames(records.front(), table.hasHeader);
    const std::size_t firstDataRecord = table.hasHeader ? 1 : 0;
    for (std::size_t i = firstDataRecord; i < records.size(); ++i) {
        table.rows.push_back(std::move(records[i].cells));
        table.rowLines.push_back(records[i].line);
    }

    qCDebug(lcCsvImport, "%s: %s-separated, decimal %s, %s, %lld columns, %zu data rows",
            qUtf8Printable(displayName(fileName)), qUtf8Printable(delimiterName(table.delimiter)),
            table.decimalComma ? "comma" : "point", table.hasHeader ? "header" : "no header",
            qlonglong(table.header.size()), table.rows.size());
    return table;
}

CsvTable readCsvFile(const QString &path)
{
    const QString advice = QStringLiteral("Train on a sample of the rows, or on fewer columns.");
    return parseCsv(readFileContent(path, maxDatasetFileSize, advice), path);
}

Dataset datasetFromTable(const CsvTable &table, const QStringList &targets)
{
    checkTableShape(table);
    const std::vector<qsizetype> targetColumns = resolveTargets(table, targets);
    std::vector<qsizetype> inputColumns;
    for (qsizetype c = 0; c < table.header.size(); ++c) {
        if (std::find(targetColumns.begin(), targetColumns.end(), c) == targetColumns.end())
            inputColumns.push_back(c);
    }

    Dataset dataset;
    const auto samples = Eigen::Index(table.rows.size());
    dataset.trainInputs.resize(Eigen::Index(inputColumns.size()), samples);
    dataset.trainTargets.resize(Eigen::Index(targetColumns.size()), samples);
    dataset.testInputs.resize(Eigen::Index(inputColumns.size()), 0);
    dataset.testTargets.resize(Eigen::Index(targetColumns.size()), 0);
    for (qsizetype column : inputColumns)
        dataset.inputNames.append(table.header[column]);
    for (qsizetype column : targetColumns)
        dataset.targetNames.append(table.header[column]);

    // Destination of each file column: a row of trainInputs (isTarget false) or of trainTargets.
    struct Destination
    {
        bool isTarget = false;
        Eigen::Index row = 0;
    };
    std::vector<Destination> destinations(std::size_t(table.header.size()));
    for (std::size_t i = 0; i < inputColumns.size(); ++i)
        destinations[std::size_t(inputColumns[i])] = {false, Eigen::Index(i)};
    for (std::size_t i = 0; i < targetColumns.size(); ++i)
        destinations[std::size_t(targetColumns[i])] = {true, Eigen::Index(i)};

    // Cells are read row by row so that the first bad cell in file order is the one reported.
    for (std::size_t row = 0; row < table.rows.size(); ++row) {
        for (qsizetype c = 0; c < table.header.size(); ++c) {
            const double value = cellValue(table, row, c);
            const Destination &destination = destinations[std::size_t(c)];
            Eigen::MatrixXd &matrix =
                destination.isTarget ? dataset.trainTargets : dataset.trainInputs;
            matrix(destination.row, Eigen::Index(row)) = value;
        }
    }
    return dataset;
}

} // namespace initlab
