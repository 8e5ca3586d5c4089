#include "spikereport.h"

#include <cmath>

namespace initlab {
namespace {

QJsonValue finiteOrNull(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue(QJsonValue::Null);
}

// A non-finite loss or ratio as text ("inf", "-inf", "nan"), since JSON has no such numbers and
// null would hide which it was.
QJsonValue numberOrText(double value)
{
    if (std::isfinite(value))
        return value;
    if (std::isnan(value))
        return QStringLiteral("nan");
    return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
}

// Every key is present; unmeasured values, and all of them for an imported log, are null.
QJsonObject measurementsToJson(const SpikeMeasurements &m)
{
    return QJsonObject{
        {QStringLiteral("grad_norm"), finiteOrNull(m.gradNorm)},
        {QStringLiteral("grad_norm_median"), finiteOrNull(m.gradNormMedian)},
        {QStringLiteral("update_ratio"), finiteOrNull(m.updateRatio)},
        {QStringLiteral("update_ratio_median"), finiteOrNull(m.updateRatioMedian)},
        {QStringLiteral("sharpness"), finiteOrNull(m.sharpness)},
        {QStringLiteral("learning_rate"), finiteOrNull(m.learningRate)},
        {QStringLiteral("stability"), finiteOrNull(m.stability)},
        {QStringLiteral("stability_limit"),
         m.available ? finiteOrNull(m.stabilityLimit) : QJsonValue()},
        {QStringLiteral("batch_outlier_score"), finiteOrNull(m.batchOutlierScore)},
        {QStringLiteral("saturated_share"), finiteOrNull(m.saturatedShare)},
        {QStringLiteral("non_finite"), m.available ? QJsonValue(m.nonFinite) : QJsonValue()},
        {QStringLiteral("max_abs_parameter"), finiteOrNull(m.maxAbsParameter)},
    };
}

} // namespace

QJsonObject toJson(const SpikeReport &report)
{
    const SpikeEvent &event = report.event;
    return QJsonObject{
        {QStringLiteral("start"), event.start},
        {QStringLiteral("peak"), event.peak},
        {QStringLiteral("end"), event.end},
        {QStringLiteral("baseline"), finiteOrNull(event.baseline)},
        {QStringLiteral("peak_loss"), numberOrText(event.peakLoss)},
        {QStringLiteral("ratio"), numberOrText(event.ratio)},
        {QStringLiteral("divergence"), event.divergence},
        {QStringLiteral("level_shift"), event.levelShift},
        {QStringLiteral("cause"), toString(report.diagnosis.cause)},
        {QStringLiteral("explanation"), report.diagnosis.explanation},
        {QStringLiteral("measurements"), measurementsToJson(report.measurements)},
    };
}

QJsonArray toJson(const std::vector<SpikeReport> &reports)
{
    QJsonArray array;
    for (const SpikeReport &report : reports)
        array.append(toJson(report));
    return array;
}

std::vector<SpikeReport> detectSpikes(const LossLog &log, const SpikeDetectorSettings &settings)
{
    SpikeDetector detector(settings);
    for (std::size_t i = 0; i < log.values.size(); ++i)
        detector.add(log.steps[i], log.values[i]);
    detector.finish();

    std::vector<SpikeReport> reports;
    for (const SpikeEvent &event : detector.events()) {
        SpikeReport report;
        report.event = event;
        if (event.divergence) {
            report.diagnosis = {SpikeCause::Unknown,
                                QStringLiteral("The logged loss became %1 at step %2; without "
                                               "training measurements the cause cannot be told.")
                                    .arg(QString::number(event.peakLoss))
                                    .arg(event.start)};
        } else {
            report.diagnosis = diagnose(report.measurements);
        }
        reports.push_back(report);
    }
    return reports;
}

} // namespace initlab
