// Fuzz target for the loss-log reader: parseLossLog() with the default columns, with the columns
// the default run chose given by name, and with columns given by number.

#include "errors.h"
#include "fuzzcheck.h"
#include "losslog.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>

using namespace initlab;
using initlab::fuzz::check;
using initlab::fuzz::checkDataError;

namespace {

const QString fileName = QStringLiteral("fuzz.csv");

void checkLog(const LossLog &log)
{
    static const QStringList formats = {QStringLiteral("tensorboard"), QStringLiteral("lightning"),
        QStringLiteral("keras"), QStringLiteral("initlab"), QStringLiteral("generic")};
    check(formats.contains(log.format), QStringLiteral("unknown format \"%1\"").arg(log.format));
    check(!log.valueColumn.isEmpty(), QStringLiteral("no value column name"));
    check(!log.values.empty(), QStringLiteral("a parsed log has no values"));
    check(log.steps.size() == log.values.size() && log.lines.size() == log.values.size(),
        QStringLiteral("%1 steps, %2 values and %3 lines")
            .arg(log.steps.size())
            .arg(log.values.size())
            .arg(log.lines.size()));
    check(log.emptyRows >= 0, QStringLiteral("negative count of empty rows"));

    for (std::size_t i = 0; i < log.values.size(); ++i) {
        check(log.lines[i] >= 1, QStringLiteral("value %1 is on line %2").arg(i).arg(log.lines[i]));
        if (i > 0) {
            check(log.steps[i] > log.steps[i - 1],
                QStringLiteral("step %1 follows step %2").arg(log.steps[i]).arg(log.steps[i - 1]));
        }
    }
    for (const StepRestart &restart : log.restarts) {
        check(restart.step <= restart.previousStep && restart.droppedValues >= 0,
            QStringLiteral("restart on line %1 from step %2 to %3 dropping %4 values")
                .arg(restart.line)
                .arg(restart.previousStep)
                .arg(restart.step)
                .arg(restart.droppedValues));
    }
}

bool sameDouble(double a, double b)
{
    if (std::isnan(a) || std::isnan(b))
        return std::isnan(a) && std::isnan(b);
    return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

std::optional<LossLog> parse(
    const QByteArray &content, const QString &valueColumn, const QString &stepColumn)
{
    try {
        LossLog log = parseLossLog(content, fileName, valueColumn, stepColumn);
        checkLog(log);
        return log;
    } catch (const DataError &error) {
        checkDataError(error, fileName, content);
        return std::nullopt;
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray content =
        QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    parse(content, QStringLiteral("2"), QStringLiteral("1"));
    parse(content, QStringLiteral("1"), QString());

    const std::optional<LossLog> log = parse(content, QString(), QString());
    if (!log)
        return 0;

    // Naming the columns that the default choice found must read the same series, unless the
    // name is ambiguous, which is an error.
    const std::optional<LossLog> named = parse(content, log->valueColumn, log->stepColumn);
    if (!named)
        return 0;
    check(named->steps == log->steps && named->lines == log->lines
            && named->values.size() == log->values.size(),
        QStringLiteral("columns %1 and %2 by name read other steps than the default")
            .arg(log->valueColumn, log->stepColumn));
    for (std::size_t i = 0; i < log->values.size(); ++i) {
        check(sameDouble(named->values[i], log->values[i]),
            QStringLiteral("value %1 differs when its column is named").arg(i));
    }
    return 0;
}
