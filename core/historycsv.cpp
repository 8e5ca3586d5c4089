#include "historycsv.h"

#include <QIODevice>

#include <charconv>
#include <cmath>

namespace initlab {
namespace {

// Appends value in its shortest round-trip form; rows that do not have the value get an empty cell.
template<typename Real>
void appendNumber(QByteArray &line, Real value, bool exists = true)
{
    if (!exists)
        return;
    if (std::isnan(value)) {
        line.append("nan");
        return;
    }
    if (std::isinf(value)) {
        line.append(value > 0 ? "inf" : "-inf");
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value);
    line.append(buffer, result.ptr - buffer);
}

} // namespace

QStringList historyCsvHeader(int layerCount, bool hasTestSet)
{
    QStringList header{QStringLiteral("iteration"),     QStringLiteral("mse"),
                       QStringLiteral("batch_mse"),     QStringLiteral("grad_norm"),
                       QStringLiteral("learning_rate"), QStringLiteral("update_ratio")};
    if (hasTestSet)
        header.append(QStringLiteral("test_mse"));
    header.append(QStringLiteral("non_finite"));
    header.append(QStringLiteral("spike"));
    for (int layer = 1; layer <= layerCount; ++layer)
        header.append(QStringLiteral("grad_norm_layer%1").arg(layer));
    return header;
}

bool writeHistoryCsv(const History &history, bool hasTestSet, QIODevice &device)
{
    QByteArray chunk = historyCsvHeader(history.layerCount(), hasTestSet).join(QLatin1Char(','))
                           .toUtf8();
    chunk.append('\n');
    constexpr qsizetype flushSize = 1 << 20;

    for (qint64 row = 0; row < history.size(); ++row) {
        const bool updated = row > 0; // row 0 is the initial model: no batch, gradient or update
        char integer[24];
        const auto end = std::to_chars(integer, integer + sizeof(integer), row).ptr;
        chunk.append(integer, end - integer);
        chunk.append(',');
        appendNumber(chunk, history.mse(row));
        chunk.append(',');
        appendNumber(chunk, history.batchMse(row), updated);
        chunk.append(',');
        appendNumber(chunk, history.gradNorm(row), updated);
        chunk.append(',');
        appendNumber(chunk, history.learningRate(row), updated);
        chunk.append(',');
        // An update ratio is NaN only when every parameter was zero before the update.
        appendNumber(chunk, history.updateRatio(row), updated && !std::isnan(history.updateRatio(row)));
        if (hasTestSet) {
            chunk.append(',');
            appendNumber(chunk, history.testMse(row));
        }
        chunk.append(',');
        chunk.append(history.isNonFinite(row) ? '1' : '0');
        chunk.append(',');
        chunk.append(history.isSpike(row) ? '1' : '0');
        const bool detailed = history.hasLayerDetails(row);
        for (int layer = 0; layer < history.layerCount(); ++layer) {
            chunk.append(',');
            if (detailed)
                appendNumber(chunk, history.layerGradNorm(row, layer), updated);
        }
        chunk.append('\n');

        if (chunk.size() >= flushSize) {
            if (device.write(chunk) != chunk.size())
                return false;
            chunk.clear();
        }
    }
    return device.write(chunk) == chunk.size();
}

} // namespace initlab
