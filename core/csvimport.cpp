#include "csvimport.h"

#include "csvnumber.h"
#include "csvscanner.h"
#include "errors.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <algorithm>
#include <array>

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

// Larger files are rejected before reading.
// NOTE: parsing needs roughly 15 times the file size in memory, because every cell becomes its own
// QString (measured: 17 MB, 500 000 rows of four numbers, 250 MB peak). A file at this limit
// therefore needs about 4 GB. Converting cells to numbers while scanning would avoid that.
constexpr qint64 maxFileSize = qint64(256) * 1024 * 1024;

// Records per candidate examined when choosing the delimiter.
constexpr int delimiterSampleSize = 50;

// Column names listed in an unknown-target message. Longer lists are cut off.
constexpr int maxListedColumns = 20;

// ---- Messages ----

QString displayName(const QString &fileName)
{
    return fileName.isEmpty() ? QStringLiteral("<csv>") : fileName;
}

// "file:line:column: ", "file:line: " or "file: ", as compilers print positions. A line or column
// of 0 is left out.
QString location(const QString &fileName, int line, int column)
{
    QString text = displayName(fileName);
    if (line > 0) {
        text += u':' + QString::number(line);
        if (column > 0)
            text += u':' + QString::number(column);
    }
    return text + QStringLiteral(": ");
}

[[noreturn]] void throwDataError(const QString &fileName, int line, int column,
                                 const QString &message)
{
    throw DataError(fileName, line, column, location(fileName, line, column) + message);
}

// Quotes a cell for a message, with line breaks shown as \n and long text shortened.
QString quoted(const QString &text)
{
    constexpr qsizetype maxShown = 40;
    QString excerpt = text.left(maxShown);
    excerpt.replace(u'\n', QStringLiteral("\\n"));
    if (text.size() > maxShown)
        excerpt += QStringLiteral("...");
    return u'"' + excerpt + u'"';
}

// "1 cell" or "3 cells".
QString cellCount(qsizetype count)
{
    return count == 1 ? QStringLiteral("1 cell") : QStringLiteral("%1 cells").arg(count);
}

QString delimiterName(QChar delimiter)
{
    switch (delimiter.unicode()) {
    case u',':
        return QStringLiteral("comma");
    case u';':
        return QStringLiteral("semicolon");
    case u'\t':
        return QStringLiteral("tab");
    case u'|':
        return QStringLiteral("pipe");
    default:
        return quoted(QString(delimiter));
    }
}

// ---- Text decoding ----

// Returns the offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1
// when all of bytes is valid UTF-8.
qsizetype firstInvalidUtf8Byte(QByteArrayView bytes)
{
    const auto byteAt = [&](qsizetype i) { return i < bytes.size() ? quint8(bytes[i]) : 0; };
    const auto isContinuation = [](quint8 b) { return b >= 0x80 && b <= 0xBF; };

    qsizetype i = 0;
    while (i < bytes.size()) {
        const quint8 lead = byteAt(i);
        if (lead < 0x80) {
            ++i;
            continue;
        }

        // The allowed range of the second byte excludes overlong forms, surrogates and code
        // points above U+10FFFF.
        int length = 0;
        quint8 secondMin = 0x80;
        quint8 secondMax = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                secondMin = 0xA0;
            else if (lead == 0xED)
                secondMax = 0x9F;
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                secondMin = 0x90;
            else if (lead == 0xF4)
                secondMax = 0x8F;
        } else {
            return i;
        }

        const quint8 second = byteAt(i + 1);
        if (second < secondMin || second > secondMax)
            return i;
        for (int k = 2; k < length; ++k) {
            if (!isContinuation(byteAt(i + k)))
                return i;
        }
        i += length;
    }
    return -1;
}

// Returns the 1-based line of a character offset, counting CRLF, LF and lone CR as line ends.
int lineAtOffset(QStringView text, qsizetype offset)
{
    int line = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        const bool loneCr = text[i] == u'\r' && (i + 1 >= text.size() || text[i + 1] != u'\n');
        if (text[i] == u'\n' || loneCr)
            ++line;
    }
    return line;
}

// Decodes UTF-8 content without its byte-order mark. Rejects other encodings and binary data.
QString decodeText(const QByteArray &content, const QString &fileName)
{
    QByteArrayView bytes(content);
    if (bytes.startsWith("\xFF\xFE") || bytes.startsWith("\xFE\xFF")) {
        throwDataError(fileName, 1, 0,
                       QStringLiteral("the file is UTF-16 encoded (it starts with a UTF-16 "
                                      "byte-order mark). Save it as UTF-8 and import it again."));
    }
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes = bytes.sliced(3);

    const qsizetype invalid = firstInvalidUtf8Byte(bytes);
    if (invalid >= 0) {
        const QString before = QString::fromUtf8(bytes.first(invalid));
        const qsizetype lineStart =
            std::max(before.lastIndexOf(u'\n'), before.lastIndexOf(u'\r')) + 1;
        throwDataError(fileName, lineAtOffset(before, before.size()), 0,
                       QStringLiteral("invalid UTF-8 byte 0x%1 after %2. The file must be UTF-8 "
                                      "text. Save it as UTF-8 (in spreadsheet programs: \"CSV "
                                      "UTF-8\") and import it again.")
                           .arg(uint(quint8(bytes[invalid])), 2, 16, QChar(u'0'))
                           .arg(quoted(before.sliced(lineStart).right(20))));
    }

    const QString text = QString::fromUtf8(bytes);
    const qsizetype nul = text.indexOf(QChar(u'\0'));
    if (nul >= 0) {
        throwDataError(fileName, lineAtOffset(text, nul), 0,
                       QStringLiteral("the file contains a NUL character, so it is binary data or "
                                      "UTF-16 text rather than CSV. Export the data as CSV in "
                                      "UTF-8."));
    }
    return text;
}

// ---- Table layout ----

// Chooses the delimiter whose split of the first records gives the same cell count, above one,
// in every record.
QChar detectDelimiter(QStringView text)
{
    // Comma comes last among equals because it is also the decimal separator of semicolon files,
    // while numbers never contain the other candidates.
    static constexpr std::array<char16_t, 4> candidates = {u'\t', u';', u'|', u','};

    QChar fallback = u',';
    int fallbackScore = 0;
    for (const char16_t candidate : candidates) {
        CsvScanner scanner(text, candidate);
        CsvRecord record;
        qsizetype firstCount = -1;
        bool consistent = true;
        int multiCellRecords = 0;

        for (int n = 0; n < delimiterSampleSize; ++n) {
            const CsvScanner::Status status = scanner.next(record);
            if (status == CsvScanner::Status::TextAfterQuote)
                consistent = false;
            if (status != CsvScanner::Status::Record)
                break;
            if (firstCount < 0)
                firstCount = record.cells.size();
            if (record.cells.size() != firstCount)
                consistent = false;
            if (record.cells.size() > 1)
                ++multiCellRecords;
        }

        if (consistent && firstCount > 1)
            return candidate;

        // Without a consistent candidate, the one splitting the most records wins, so that
        // parsing with it reports the ragged row instead of a misleading non-numeric value.
        if (multiCellRecords > fallbackScore) {
            fallback = candidate;
            fallbackScore = multiCellRecords;
        }
    }
    return fallback;
}

std::vector<CsvRecord> readRecords(QStringView text, QChar delimiter, const QString &fileName)
{
    std::vector<CsvRecord> records;
    CsvScanner scanner(text, delimiter);
    CsvRecord record;
    for (;;) {
        switch (scanner.next(record)) {
        case CsvScanner::Status::Record:
            records.push_back(record);
            break;
        case CsvScanner::Status::End:
            return records;
        case CsvScanner::Status::UnterminatedQuote:
            throwDataError(fileName, scanner.errorLine(), scanner.errorField(),
                           QStringLiteral("unterminated quoted field: the quote that opens column "
                                          "%1 on line %2 has no closing quote. Add the closing "
                                          "quote, and double every quote inside the value (\"\").")
                               .arg(scanner.errorField())
                               .arg(scanner.errorLine()));
        case CsvScanner::Status::TextAfterQuote:
            throwDataError(fileName, scanner.errorLine(), scanner.errorField(),
                           QStringLiteral("unexpected text after the closing quote in column %1. "
                                          "Only spaces may follow the closing quote, and a quote "
                                          "inside a quoted value must be doubled (\"\").")
                               .arg(scanner.errorField()));
        }
    }
}

// A semicolon file uses decimal commas when more cells look like "1,5" than like "1.5".
bool usesDecimalComma(const std::vector<CsvRecord> &records)
{
    int commaNumbers = 0;
    int pointNumbers = 0;
    for (const CsvRecord &record : records) {
        for (const QString &cell : record.cells) {
            const QStringView text = QStringView(cell).trimmed();
            if (text.contains(u',') && hasNumberSyntax(text, u','))
                ++commaNumbers;
            else if (text.contains(u'.') && hasNumberSyntax(text, u'.'))
                ++pointNumbers;
        }
    }
    return commaNumbers > pointNumbers;
}

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

void checkRowLengths(const std::vector<CsvRecord> &records, const CsvTable &table)
{
    const CsvRecord &first = records.front();
    const qsizetype expected = first.cells.size();
    const QString reference = table.hasHeader
        ? QStringLiteral("the header")
        : QStringLiteral("the first row (line %1)").arg(first.line);

    for (const CsvRecord &record : records) {
        const qsizetype count = record.cells.size();
        if (count == expected)
            continue;
        const int column = int(std::min(count, expected)) + 1;
        throwDataError(table.fileName, record.line, column,
                       QStringLiteral("row has %1 but %2 has %3. Every row needs %3 separated "
                                      "by %4s. Look for a missing or extra %4 on this line, or a "
                                      "value containing a %4 that needs quotes.")
                           .arg(cellCount(count), reference, cellCount(expected),
                                delimiterName(table.delimiter)));
    }
}

QStringList columnNames(const CsvRecord &first, bool hasHeader)
{
    QStringList names;
    for (qsizetype i = 0; i < first.cells.size(); ++i) {
        const QString name = hasHeader ? first.cells[i].trimmed() : QString();
        names.append(name.isEmpty() ? QStringLiteral("column %1").arg(i + 1) : name);
    }
    return names;
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

QString listColumns(const CsvTable &table)
{
    QStringList shown;
    for (qsizetype i = 0; i < table.header.size() && i < maxListedColumns; ++i)
        shown.append(quoted(table.header[i]));
    QString list = shown.join(QStringLiteral(", "));
    if (table.header.size() > maxListedColumns)
        list += QStringLiteral(", ... (%1 columns in all)").arg(table.header.size());
    return list;
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
                       .arg(quoted(name), listColumns(table))
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
    checkRowLengths(records, table);

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
    if (path.isEmpty())
        throwDataError(path, 0, 0, QStringLiteral("no CSV file name given. Choose a file."));

    const QFileInfo info(path);
    if (!info.exists()) {
        throwDataError(path, 0, 0,
                       QStringLiteral("file not found. Check the path and the file name."));
    }
    if (info.isDir()) {
        throwDataError(path, 0, 0,
                       QStringLiteral("this is a directory, not a CSV file. Choose a file inside "
                                      "it."));
    }
    if (!info.isFile()) {
        throwDataError(path, 0, 0,
                       QStringLiteral("this is not a regular file (it may be a device or a pipe). "
                                      "Choose a CSV file."));
    }

    const auto tooLarge = [&](qint64 size) {
        throwDataError(path, 0, 0,
                       QStringLiteral("the file is %1 MiB, larger than the %2 MiB limit for CSV "
                                      "import. Use a smaller file, for example a sample of the "
                                      "rows.")
                           .arg(double(size) / (1024 * 1024), 0, 'f', 1)
                           .arg(maxFileSize / (1024 * 1024)));
    };
    if (info.size() > maxFileSize)
        tooLarge(info.size());

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throwDataError(path, 0, 0,
                       QStringLiteral("the file cannot be opened: %1. Check that it exists and "
                                      "that you have permission to read it.")
                           .arg(file.errorString()));
    }
    // Reading one byte past the limit catches a file that grew after the size check.
    const QByteArray content = file.read(maxFileSize + 1);
    if (file.error() != QFileDevice::NoError) {
        throwDataError(path, 0, 0,
                       QStringLiteral("reading the file failed: %1.").arg(file.errorString()));
    }
    if (content.size() > maxFileSize)
        tooLarge(content.size());

    return parseCsv(content, path);
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

    // Where each file column goes: a row of trainInputs (isTarget false) or of trainTargets.
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
