// Fuzz target for the CSV dataset import: parseCsv() and then datasetFromTable() with the default
// target and with targets chosen from the parsed table, by name and by column number.

#include "csvimport.h"
#include "errors.h"
#include "fuzzcheck.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <cstddef>
#include <cstdint>

using namespace initlab;
using initlab::fuzz::check;
using initlab::fuzz::checkDataError;

namespace {

const QString fileName = QStringLiteral("fuzz.csv");

void checkTable(const CsvTable &table)
{
    const QChar delimiter = table.delimiter;
    check(delimiter == u',' || delimiter == u';' || delimiter == u'\t' || delimiter == u'|',
        QStringLiteral("unexpected delimiter U+%1").arg(delimiter.unicode(), 4, 16, QChar(u'0')));
    check(!table.decimalComma || delimiter == u';',
        QStringLiteral("decimal comma without semicolons"));
    check(!table.header.isEmpty(), QStringLiteral("parsed table has no columns"));
    check(!table.rows.empty(), QStringLiteral("parsed table has no data rows"));
    check(table.rows.size() == table.rowLines.size(),
        QStringLiteral("%1 rows but %2 row lines")
            .arg(table.rows.size())
            .arg(table.rowLines.size()));

    int previousLine = 0;
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
        check(table.rows[r].size() == table.header.size(),
            QStringLiteral("row %1 has %2 cells for %3 columns")
                .arg(r)
                .arg(table.rows[r].size())
                .arg(table.header.size()));
        check(table.rowLines[r] > previousLine,
            QStringLiteral("row %1 is on line %2, after line %3")
                .arg(r)
                .arg(table.rowLines[r])
                .arg(previousLine));
        previousLine = table.rowLines[r];
    }
}

void checkDataset(const CsvTable &table, const Dataset &dataset, qsizetype targetCount)
{
    const auto columns = Eigen::Index(table.header.size());
    const auto samples = Eigen::Index(table.rows.size());
    check(dataset.trainTargets.rows() == targetCount,
        QStringLiteral("%1 target rows for %2 targets")
            .arg(dataset.trainTargets.rows())
            .arg(targetCount));
    check(dataset.trainInputs.rows() + dataset.trainTargets.rows() == columns,
        QStringLiteral("%1 input and %2 target rows for %3 columns")
            .arg(dataset.trainInputs.rows())
            .arg(dataset.trainTargets.rows())
            .arg(columns));
    check(dataset.trainInputs.cols() == samples && dataset.trainTargets.cols() == samples,
        QStringLiteral("dataset columns differ from the %1 rows").arg(samples));
    check(dataset.testInputs.cols() == 0 && dataset.testTargets.cols() == 0,
        QStringLiteral("the import made test samples"));
    check(dataset.inputNames.size() == dataset.trainInputs.rows()
            && dataset.targetNames.size() == dataset.trainTargets.rows(),
        QStringLiteral("names do not match the dataset rows"));
    // The number syntax excludes "nan" and "inf", and a value too large for a double is an error.
    check(dataset.trainInputs.allFinite() && dataset.trainTargets.allFinite(),
        QStringLiteral("the dataset contains a value that is not finite"));
}

void importWithTargets(const QByteArray &content, const CsvTable &table, const QStringList &targets)
{
    try {
        const Dataset dataset = datasetFromTable(table, targets);
        checkDataset(table, dataset, targets.isEmpty() ? 1 : targets.size());
    } catch (const DataError &error) {
        checkDataError(error, fileName, content);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray content =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    CsvTable table;
    try {
        table = parseCsv(content, fileName);
    } catch (const DataError &error) {
        checkDataError(error, fileName, content);
        return 0;
    }
    checkTable(table);

    // The input size picks a column, so the fuzzer reaches every column without a control byte
    // that would make the inputs differ from real CSV files.
    const qsizetype columns = table.header.size();
    const qsizetype chosen = qsizetype(size % std::size_t(columns));
    importWithTargets(content, table, {});
    importWithTargets(content, table, {table.header[chosen]});
    importWithTargets(content, table, {QString::number(chosen + 1)});
    importWithTargets(content, table, {QStringLiteral("1"), table.header[columns - 1]});
    return 0;
}
