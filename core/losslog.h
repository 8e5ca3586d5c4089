#pragma once

// Reading training-loss logs written by other tools, for the spike detector. docs/loss-logs.md
// describes the recognised formats and rules for users.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <vector>

namespace initlab {

// A row whose step is not greater than the step of the value before it, as when a restarted run
// appends to the same file or a logger writes one step twice. The row's value replaces every
// earlier value at its step or a later one, so the log keeps the run that was written last.
struct StepRestart
{
    int line = 0;            // 1-based file line of the row
    qint64 step = 0;         // the row's step
    qint64 previousStep = 0; // step of the value read just before the row
    int droppedValues = 0;   // earlier values removed because their step is >= step
};

// One loss series read from a CSV log.
struct LossLog
{
    QString fileName;
    QString format;      // "tensorboard", "lightning", "keras", "initlab" or "generic"
    QString stepColumn;  // name of the step column, or empty when steps are 1-based row numbers
    QString valueColumn; // name of the loss column
    std::vector<qint64> steps;  // strictly increasing
    std::vector<double> values; // may contain NaN and infinities, which mark a diverged run
    std::vector<int> lines;     // 1-based file line of each value
    std::vector<StepRestart> restarts; // in file order
    int emptyRows = 0;   // data rows skipped because their loss cell is empty
};

// Parses a loss log from UTF-8 CSV text. fileName is used in messages only. valueColumn and
// stepColumn choose the columns by header name (exact, else case-insensitive) or by 1-based column
// number, and an empty one means the default column. Throws DataError with file, line and column for an
// empty file or a header without data rows. It also throws for a loss column that cannot be found
// or has no values, for a value or step that is not a number, and for the CSV errors of csvtext.h.
LossLog parseLossLog(const QByteArray &content, const QString &fileName,
                     const QString &valueColumn = {}, const QString &stepColumn = {});

// Reads and parses a file. A missing or unreadable file is a DataError.
LossLog readLossLog(const QString &path, const QString &valueColumn = {},
                    const QString &stepColumn = {});

} // namespace initlab
