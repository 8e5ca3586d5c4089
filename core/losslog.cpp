#include "losslog.h"

#include "csvnumber.h"
#include "csvscanner.h"
#include "csvtext.h"
#include "errors.h"

#include <QLoggingCategory>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

// A loss log is a CSV file (csvtext.h: UTF-8, any line ends, comma, semicolon, tab or pipe,
// quotes) with one row per logged step. Unlike the dataset importer, it may contain empty cells,
// because Lightning writes training and validation metrics on separate rows, and non-finite
// values, because a diverged run logs them.

namespace initlab {

using namespace csv;

namespace {

Q_LOGGING_CATEGORY(lcLossLog, "initlab.core.losslog", QtInfoMsg)

// Loss column names tried in this order when no loss column is requested, compared without regard
// to letter case. Per-step values come before per-epoch ones because they resolve a spike better.
const char *const preferredLossColumns[] = {
    "train_loss_step", // Lightning: self.log("train_loss", ..., on_step=True, on_epoch=True)
    "train_loss",
    "loss_step",
    "loss", // Keras CSVLogger
    "training_loss",
    "train/loss",
    "total_loss", // the sum of several loss terms logged beside it
    "mean_loss",
    "train_loss_epoch",
    "loss_epoch",
    "mse",   // InitLab's history CSV
    "value", // TensorBoard's scalar export
};

// Step column names tried in this order when no step column is requested, compared without regard
// to letter case.
const char *const preferredStepColumns[] = {"step", "global_step", "iteration", "iter", "epoch"};

// Whole numbers up to 2^53 are exact in a double, so a step read as a double is exact up to there.
constexpr double maxStep = 9007199254740992.0;

// The table shape of a log, for choosing columns, reading cells and messages.
struct LogLayout
{
    QString fileName;
    bool decimalComma = false; // semicolon files whose numbers use ',' as the decimal separator
    bool hasHeader = false;
    QStringList names;  // header cells, or "column 1", "column 2", ... without a header
    int headerLine = 0; // 0 without a header
    std::size_t firstDataRecord = 0;

    // Returns "column 3", or "column 3 ("loss")" with a header.
    QString label(qsizetype column) const
    {
        const QString number = QStringLiteral("column %1").arg(column + 1);
        if (!hasHeader)
            return number;
        return number + QStringLiteral(" (") + quoted(names[column]) + u')';
    }
};

enum class Role { Loss, Step };

QString roleName(Role role)
{
    return role == Role::Loss ? QStringLiteral("loss") : QStringLiteral("step");
}

QString optionName(Role role)
{
    return role == Role::Loss ? QStringLiteral("--column") : QStringLiteral("--step-column");
}

// ---- Cells ----

// Reads "nan", "inf" and "infinity" in any letter case, with an optional sign. Python and NumPy
// write nan, inf and -inf, glibc's printf also -nan, and Java and JavaScript NaN and Infinity.
// The sign of a NaN is dropped.
bool parseNonFinite(QStringView text, double &value)
{
    bool negative = false;
    if (!text.isEmpty() && (text.front() == u'+' || text.front() == u'-')) {
        negative = text.front() == u'-';
        text = text.sliced(1);
    }
    if (text.compare(u"nan", Qt::CaseInsensitive) == 0) {
        value = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (text.compare(u"inf", Qt::CaseInsensitive) == 0
        || text.compare(u"infinity", Qt::CaseInsensitive) == 0) {
        value = negative ? -std::numeric_limits<double>::infinity()
                         : std::numeric_limits<double>::infinity();
        return true;
    }
    return false;
}

// Parses a plain decimal number or a non-finite word. value is set only for Ok.
NumberStatus parseLossValue(const QString &cell, bool decimalComma, double &value)
{
    const NumberStatus status = parseNumber(cell, decimalComma, value);
    if (status != NumberStatus::Invalid)
        return status;
    return parseNonFinite(QStringView(cell).trimmed(), value) ? NumberStatus::Ok
                                                              : NumberStatus::Invalid;
}

// Returns whether a cell is a name: neither empty, nor a number, nor a non-finite word.
bool isNameCell(const QString &cell, bool decimalComma)
{
    double value = 0.0;
    return parseLossValue(cell, decimalComma, value) == NumberStatus::Invalid;
}

qsizetype countNameCells(const QStringList &cells, bool decimalComma)
{
    return std::count_if(cells.begin(), cells.end(),
                         [&](const QString &cell) { return isNameCell(cell, decimalComma); });
}

// The first record is a header when it contains a name and the second record, if any, contains
// fewer, as in the dataset importer. A typo in the first data row then stays a data error.
bool startsWithHeader(const std::vector<CsvRecord> &records, bool decimalComma)
{
    const qsizetype firstNames = countNameCells(records.front().cells, decimalComma);
    if (firstNames == 0)
        return false;
    return records.size() < 2 || countNameCells(records[1].cells, decimalComma) < firstNames;
}

// ---- Formats ----

qsizetype findName(const QStringList &names, QLatin1StringView name)
{
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (names[i].compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

// Names the tool that wrote the file, judged by the header alone. The format is reported to the
// user, while the default columns follow from the preference lists for every format.
QString detectFormat(const LogLayout &layout)
{
    if (!layout.hasHeader)
        return QStringLiteral("generic");

    const QStringList &names = layout.names;
    const auto nameAt = [&](qsizetype i, QLatin1StringView name) {
        return i < names.size() && names[i].compare(name, Qt::CaseInsensitive) == 0;
    };
    if (names.size() == 3 && nameAt(0, QLatin1StringView("Wall time"))
        && nameAt(1, QLatin1StringView("Step")) && nameAt(2, QLatin1StringView("Value"))) {
        return QStringLiteral("tensorboard");
    }
    if (nameAt(0, QLatin1StringView("iteration")) && nameAt(1, QLatin1StringView("mse"))
        && nameAt(2, QLatin1StringView("batch_mse"))) {
        return QStringLiteral("initlab");
    }
    // Lightning's CSVLogger adds step and epoch to the logged metrics, and Keras's CSVLogger
    // writes epoch first and then the metric names in sorted order.
    const bool hasStep = findName(names, QLatin1StringView("step")) >= 0;
    const bool hasEpoch = findName(names, QLatin1StringView("epoch")) >= 0;
    if (hasStep && hasEpoch)
        return QStringLiteral("lightning");
    if (nameAt(0, QLatin1StringView("epoch")) && findName(names, QLatin1StringView("loss")) >= 0)
        return QStringLiteral("keras");
    return QStringLiteral("generic");
}

// ---- Column choice ----

[[noreturn]] void throwAmbiguousColumn(const LogLayout &layout, Role role, const QString &request,
                                       const QList<qsizetype> &matches)
{
    QStringList labels;
    for (qsizetype column : matches)
        labels.append(layout.label(column));
    throwDataError(layout.fileName, layout.headerLine, 0,
                   QStringLiteral("%1 column %2 is ambiguous because it matches %3. Give the "
                                  "exact name of one column with %4.")
                       .arg(roleName(role), quoted(request),
                            labels.join(QStringLiteral(" and ")), optionName(role)));
}

// Returns the 0-based column that a request names: an exact name, else the one name that differs
// only in letter case, else a 1-based column number.
qsizetype resolveColumn(const LogLayout &layout, Role role, const QString &request)
{
    for (const Qt::CaseSensitivity sensitivity : {Qt::CaseSensitive, Qt::CaseInsensitive}) {
        QList<qsizetype> matches;
        for (qsizetype i = 0; i < layout.names.size(); ++i) {
            if (layout.names[i].compare(request, sensitivity) == 0)
                matches.append(i);
        }
        if (matches.size() == 1)
            return matches.front();
        if (matches.size() > 1)
            throwAmbiguousColumn(layout, role, request, matches);
    }

    bool isNumber = false;
    const qlonglong number = request.toLongLong(&isNumber);
    if (isNumber && number >= 1 && number <= layout.names.size())
        return qsizetype(number - 1);

    throwDataError(layout.fileName, layout.headerLine, 0,
                   QStringLiteral("%1 column %2 not found. The columns are %3. Give one of these "
                                  "names or a column number from 1 to %4 with %5.")
                       .arg(roleName(role), quoted(request), listColumns(layout.names))
                       .arg(layout.names.size())
                       .arg(optionName(role)));
}

// Returns the first column named in preferredStepColumns other than excluded, or -1 for row
// numbers. Without a header, a file of two columns has its step in the first.
qsizetype defaultStepColumn(const LogLayout &layout, qsizetype excluded)
{
    if (!layout.hasHeader)
        return layout.names.size() == 2 && excluded != 0 ? 0 : -1;

    for (const char *name : preferredStepColumns) {
        const qsizetype column = findName(layout.names, QLatin1StringView(name));
        if (column >= 0 && column != excluded)
            return column;
    }
    return -1;
}

// Returns whether a column name contains a word that marks validation or test metrics, such as
// "val_loss", "loss/valid" or "test_loss".
bool isEvaluationColumn(const QString &name)
{
    static const QRegularExpression separators(QStringLiteral("[^A-Za-z0-9]+"));
    static const QStringList evaluationWords = {
        QStringLiteral("val"), QStringLiteral("valid"), QStringLiteral("validation"),
        QStringLiteral("eval"), QStringLiteral("test")};
    const QStringList words = name.toLower().split(separators, Qt::SkipEmptyParts);
    return std::any_of(words.begin(), words.end(),
                       [](const QString &word) { return evaluationWords.contains(word); });
}

QString preferredLossColumnList()
{
    QStringList names;
    for (const char *name : preferredLossColumns)
        names.append(QString::fromLatin1(name));
    return names.join(QStringLiteral(", "));
}

// Chooses the loss column when none is requested. The first rule that finds a column wins: a name
// from preferredLossColumns, the only column whose name contains "loss" and marks no validation or
// test metric, or the only column other than the step column. Otherwise throws DataError.
qsizetype defaultLossColumn(const LogLayout &layout, qsizetype stepColumn)
{
    if (!layout.hasHeader) {
        if (layout.names.size() == 1)
            return 0;
        if (layout.names.size() == 2)
            return stepColumn == 1 ? 0 : 1;
        throwDataError(layout.fileName, 0, 0,
                       QStringLiteral("the file has no header and %1 columns, so the loss column "
                                      "is unknown. Choose it by number with --column, for example "
                                      "--column 2, and the step column with --step-column.")
                           .arg(layout.names.size()));
    }

    for (const char *name : preferredLossColumns) {
        const qsizetype column = findName(layout.names, QLatin1StringView(name));
        if (column >= 0 && column != stepColumn)
            return column;
    }

    QList<qsizetype> lossColumns;
    QList<qsizetype> otherColumns;
    for (qsizetype i = 0; i < layout.names.size(); ++i) {
        if (i == stepColumn)
            continue;
        otherColumns.append(i);
        const QString &name = layout.names[i];
        if (name.contains(QStringLiteral("loss"), Qt::CaseInsensitive) && !isEvaluationColumn(name))
            lossColumns.append(i);
    }
    if (lossColumns.size() == 1)
        return lossColumns.front();
    if (lossColumns.isEmpty() && otherColumns.size() == 1)
        return otherColumns.front();

    if (lossColumns.size() > 1) {
        QStringList names;
        for (qsizetype column : lossColumns)
            names.append(layout.names[column]);
        throwDataError(layout.fileName, layout.headerLine, 0,
                       QStringLiteral("found %1 loss columns, %2, and none of the usual names "
                                      "(%3). Choose the loss column with --column NAME.")
                           .arg(lossColumns.size())
                           .arg(listColumns(names), preferredLossColumnList()));
    }
    throwDataError(layout.fileName, layout.headerLine, 0,
                   QStringLiteral("no loss column found among the columns %1. Choose the loss "
                                  "column with --column NAME.")
                       .arg(listColumns(layout.names)));
}

// ---- Values ----

// Returns the loss value of a row, or nothing when its cell is empty.
std::optional<double> lossValue(const LogLayout &layout, const CsvRecord &record,
                                qsizetype column)
{
    const QString &cell = record.cells[column];
    const int columnNumber = int(column) + 1;
    double value = 0.0;
    switch (parseLossValue(cell, layout.decimalComma, value)) {
    case NumberStatus::Ok:
        return value;
    case NumberStatus::Empty:
        return std::nullopt;
    case NumberStatus::OutOfRange:
        throwDataError(layout.fileName, record.line, columnNumber,
                       QStringLiteral("loss value %1 in %2 is too large or too small in magnitude "
                                      "for a double-precision number. Fix that row.")
                           .arg(quoted(cell), layout.label(column)));
    case NumberStatus::Invalid:
        break;
    }
    throwDataError(layout.fileName, record.line, columnNumber,
                   QStringLiteral("non-numeric loss value %1 in %2. A loss value must be a number "
                                  "such as 0.25 or 3e-4, or nan, inf or -inf. Fix or remove that "
                                  "row, or choose another column with --column.")
                       .arg(quoted(cell), layout.label(column)));
}

qint64 stepValue(const LogLayout &layout, const CsvRecord &record, qsizetype column)
{
    const QString &cell = record.cells[column];
    const int columnNumber = int(column) + 1;
    double number = 0.0;
    switch (parseNumber(cell, layout.decimalComma, number)) {
    case NumberStatus::Ok:
        if (number == std::floor(number) && std::abs(number) <= maxStep)
            return qint64(number);
        break;
    case NumberStatus::Empty:
        throwDataError(layout.fileName, record.line, columnNumber,
                       QStringLiteral("missing step in %1 on a row with a loss value. Fill in the "
                                      "step or remove the row.")
                           .arg(layout.label(column)));
    case NumberStatus::OutOfRange:
    case NumberStatus::Invalid:
        break;
    }
    throwDataError(layout.fileName, record.line, columnNumber,
                   QStringLiteral("step %1 in %2 is not a whole number. Steps must be whole "
                                  "numbers from -2^53 to 2^53. Fix that row, or choose another "
                                  "step column with --step-column.")
                       .arg(quoted(cell), layout.label(column)));
}

// Appends a value, first removing the values that a step at or before the last one replaces.
void appendValue(LossLog &log, qint64 step, double value, int line)
{
    if (!log.steps.empty() && step <= log.steps.back()) {
        StepRestart restart;
        restart.line = line;
        restart.step = step;
        restart.previousStep = log.steps.back();
        while (!log.steps.empty() && log.steps.back() >= step) {
            log.steps.pop_back();
            log.values.pop_back();
            log.lines.pop_back();
            ++restart.droppedValues;
        }
        qCDebug(lcLossLog, "%s:%d: step %lld after step %lld replaces %d earlier values",
                qUtf8Printable(displayName(log.fileName)), line, restart.step,
                restart.previousStep, restart.droppedValues);
        log.restarts.push_back(restart);
    }
    log.steps.push_back(step);
    log.values.push_back(value);
    log.lines.push_back(line);
}

// ---- Steps of parseLossLog ----

LogLayout readLayout(const std::vector<CsvRecord> &records, QChar delimiter,
                     const QString &fileName)
{
    if (records.empty()) {
        throwDataError(fileName, 0, 0,
                       QStringLiteral("the file is empty or contains only blank lines. Check that "
                                      "the training run wrote its loss log to this file."));
    }

    LogLayout layout;
    layout.fileName = fileName;
    layout.decimalComma = delimiter == u';' && usesDecimalComma(records);
    layout.hasHeader = startsWithHeader(records, layout.decimalComma);
    layout.names = columnNames(records.front(), layout.hasHeader);
    layout.headerLine = layout.hasHeader ? records.front().line : 0;
    layout.firstDataRecord = layout.hasHeader ? 1 : 0;
    if (layout.hasHeader && records.size() == 1) {
        throwDataError(fileName, layout.headerLine, 0,
                       QStringLiteral("the file has a header row but no data rows. Check that the "
                                      "training run logged at least one value."));
    }
    checkRowLengths(records, layout.hasHeader, delimiter, fileName);
    return layout;
}

// 0-based columns; step is -1 when row numbers are the steps.
struct ChosenColumns
{
    qsizetype value = -1;
    qsizetype step = -1;
};

// Resolves the requested columns and fills in the defaults. The default step column is chosen
// first, because the default loss column must differ from it.
ChosenColumns chooseColumns(const LogLayout &layout, const QString &valueRequest,
                            const QString &stepRequest)
{
    ChosenColumns chosen;
    if (!valueRequest.isEmpty())
        chosen.value = resolveColumn(layout, Role::Loss, valueRequest);
    chosen.step = stepRequest.isEmpty() ? defaultStepColumn(layout, chosen.value)
                                        : resolveColumn(layout, Role::Step, stepRequest);
    if (valueRequest.isEmpty())
        chosen.value = defaultLossColumn(layout, chosen.step);

    if (chosen.value == chosen.step) {
        throwDataError(layout.fileName, layout.headerLine, 0,
                       QStringLiteral("%1 is chosen as both the loss column and the step column. "
                                      "Choose two different columns.")
                           .arg(layout.label(chosen.value)));
    }
    return chosen;
}

void readValues(const std::vector<CsvRecord> &records, const LogLayout &layout,
                ChosenColumns chosen, LossLog &log)
{
    for (std::size_t i = layout.firstDataRecord; i < records.size(); ++i) {
        const CsvRecord &record = records[i];
        const std::optional<double> value = lossValue(layout, record, chosen.value);
        if (!value) {
            ++log.emptyRows;
            continue;
        }
        // Row numbers count every data row, so the rows skipped for an empty loss cell keep
        // their place.
        const qint64 step = chosen.step >= 0 ? stepValue(layout, record, chosen.step)
                                             : qint64(i - layout.firstDataRecord + 1);
        appendValue(log, step, *value, record.line);
    }

    if (log.values.empty()) {
        throwDataError(layout.fileName, 0, int(chosen.value) + 1,
                       QStringLiteral("%1 contains no values, because its cell is empty on "
                                      "every data row from line %2 to line %3. Choose another "
                                      "column with --column.")
                           .arg(layout.label(chosen.value))
                           .arg(records[layout.firstDataRecord].line)
                           .arg(records.back().line));
    }
}

} // namespace

LossLog parseLossLog(const QByteArray &content, const QString &fileName,
                     const QString &valueColumn, const QString &stepColumn)
{
    const QString text = decodeText(content, fileName);
    const QChar delimiter = detectDelimiter(text);
    const std::vector<CsvRecord> records = readRecords(text, delimiter, fileName);
    const LogLayout layout = readLayout(records, delimiter, fileName);
    const ChosenColumns chosen =
        chooseColumns(layout, valueColumn.trimmed(), stepColumn.trimmed());

    LossLog log;
    log.fileName = fileName;
    log.format = detectFormat(layout);
    log.valueColumn = layout.names[chosen.value];
    if (chosen.step >= 0)
        log.stepColumn = layout.names[chosen.step];
    readValues(records, layout, chosen, log);

    qCDebug(lcLossLog, "%s: %s format, loss column %s, step column %s, %zu values, %d empty rows, "
            "%zu restarts", qUtf8Printable(displayName(fileName)), qUtf8Printable(log.format),
            qUtf8Printable(log.valueColumn),
            log.stepColumn.isEmpty() ? "none (row numbers)" : qUtf8Printable(log.stepColumn),
            log.values.size(), log.emptyRows, log.restarts.size());
    return log;
}

LossLog readLossLog(const QString &path, const QString &valueColumn, const QString &stepColumn)
{
    const QString advice = QStringLiteral("Keep every n-th row, or only the step and loss columns, "
                                          "for example with awk 'NR == 1 || NR % 10 == 0' log.csv.");
    return parseLossLog(readFileContent(path, maxLossLogFileSize, advice), path, valueColumn,
                        stepColumn);
}

} // namespace initlab
