#include "csvtext.h"

#include "csvnumber.h"
#include "errors.h"

#include <QFile>
#include <QFileInfo>
#include <QLocale>

#include <algorithm>
#include <array>
#include <cmath>

namespace initlab::csv {

namespace {

// Records per candidate examined when choosing the delimiter.
constexpr int delimiterSampleSize = 50;

// Column names shown by listColumns(). Longer lists are cut off.
constexpr int maxListedColumns = 20;

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

} // namespace

// ---- Messages ----

QString displayName(const QString &fileName)
{
    return fileName.isEmpty() ? QStringLiteral("<csv>") : fileName;
}

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

QString quoted(const QString &text)
{
    constexpr qsizetype maxShown = 40;
    QString excerpt = text.left(maxShown);
    excerpt.replace(u'\n', QStringLiteral("\\n"));
    if (text.size() > maxShown)
        excerpt += QStringLiteral("...");
    return u'"' + excerpt + u'"';
}

QString field(const QString &text)
{
    const bool needsQuotes = text.contains(QLatin1Char(',')) || text.contains(QLatin1Char('"'))
        || text.contains(QLatin1Char('\n')) || text.contains(QLatin1Char('\r'));
    if (!needsQuotes)
        return text;
    QString escaped = text;
    escaped.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + escaped + QLatin1Char('"');
}

QString number(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

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
        // Control characters (a binary file) would garble the one-line message; show them as '?'.
        QString context = before.sliced(lineStart).right(20);
        for (QChar &c : context) {
            if (c.category() == QChar::Other_Control)
                c = u'?';
        }
        throwDataError(fileName, lineAtOffset(before, before.size()), 0,
                       QStringLiteral("invalid UTF-8 byte 0x%1 after %2. The file must be UTF-8 "
                                      "text. Save it as UTF-8 (in spreadsheet programs: \"CSV "
                                      "UTF-8\") and import it again.")
                           .arg(uint(quint8(bytes[invalid])), 2, 16, QChar(u'0'))
                           .arg(quoted(context)));
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

void checkRowLengths(const std::vector<CsvRecord> &records, bool hasHeader, QChar delimiter,
                     const QString &fileName)
{
    const CsvRecord &first = records.front();
    const qsizetype expected = first.cells.size();
    const QString reference = hasHeader
        ? QStringLiteral("the header")
        : QStringLiteral("the first row (line %1)").arg(first.line);

    for (const CsvRecord &record : records) {
        const qsizetype count = record.cells.size();
        if (count == expected)
            continue;
        const int column = int(std::min(count, expected)) + 1;
        throwDataError(fileName, record.line, column,
                       QStringLiteral("row has %1 but %2 has %3. Every row needs %3 separated "
                                      "by %4s. Look for a missing or extra %4 on this line, or a "
                                      "value containing a %4 that needs quotes.")
                           .arg(cellCount(count), reference, cellCount(expected),
                                delimiterName(delimiter)));
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

QString listColumns(const QStringList &header)
{
    QStringList shown;
    for (qsizetype i = 0; i < header.size() && i < maxListedColumns; ++i)
        shown.append(quoted(header[i]));
    QString list = shown.join(QStringLiteral(", "));
    if (header.size() > maxListedColumns)
        list += QStringLiteral(", ... (%1 columns in all)").arg(header.size());
    return list;
}

// ---- Files ----

QByteArray readFileContent(const QString &path, qint64 maxSize, const QString &tooLargeAdvice)
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

    // The size is rounded up, so that a file just over the limit does not read as at the limit.
    const auto tooLarge = [&](qint64 size) {
        throwDataError(path, 0, 0,
                       QStringLiteral("the file is %1 MiB, larger than the %2 MiB limit for this "
                                      "kind of file. %3")
                           .arg(std::ceil(double(size) / (1024 * 1024) * 10) / 10, 0, 'f', 1)
                           .arg(maxSize / (1024 * 1024))
                           .arg(tooLargeAdvice));
    };
    if (info.size() > maxSize)
        tooLarge(info.size());

    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        throwDataError(path, 0, 0,
                       QStringLiteral("the file cannot be opened: %1. Check that it exists and "
                                      "that you have permission to read it.")
                           .arg(file.errorString()));
    }
    // Reading one byte past the limit catches a file that grew after the size check.
    const QByteArray content = file.read(maxSize + 1);
    if (file.error() != QFileDevice::NoError) {
        throwDataError(path, 0, 0,
                       QStringLiteral("reading the file failed: %1.").arg(file.errorString()));
    }
    if (content.size() > maxSize)
        tooLarge(content.size());

    return content;
}

} // namespace initlab::csv
