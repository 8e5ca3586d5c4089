#include "diagnosis.h"

#include <QStringList>

#include <cmath>

namespace initlab {
namespace {

QString number(double value)
{
    // Whole numbers up to a million read better than 'g' gives them: 1930, not 1.93e+03.
    if (std::abs(value) >= 100.0 && std::abs(value) < 1e6)
        return QString::number(std::round(value), 'f', 0);
    return QString::number(value, 'g', 3);
}

// The measured values that are present, for explanations of "unknown".
QString summary(const SpikeMeasurements &m)
{
    QStringList parts;
    if (std::isfinite(m.gradNorm) && std::isfinite(m.gradNormMedian) && m.gradNormMedian > 0)
        parts.append(QStringLiteral("gradient norm %1x its recent median")
                         .arg(number(m.gradNorm / m.gradNormMedian)));
    if (std::isfinite(m.stability))
        parts.append(QStringLiteral("step size x sharpness = %1 (limit %2)")
                         .arg(number(m.stability), number(m.stabilityLimit)));
    if (std::isfinite(m.batchOutlierScore))
        parts.append(QStringLiteral("batch outlier score %1").arg(number(m.batchOutlierScore)));
    if (std::isfinite(m.saturatedShare))
        parts.append(QStringLiteral("%1% of hidden activations saturated")
                         .arg(number(100.0 * m.saturatedShare)));
    return parts.join(QStringLiteral("; "));
}

} // namespace

QString toString(SpikeCause cause)
{
    switch (cause) {
    case SpikeCause::ExplodingGradient:
        return QStringLiteral("exploding_gradient");
    case SpikeCause::LearningRateTooHigh:
        return QStringLiteral("learning_rate_too_high");
    case SpikeCause::OutlierBatch:
        return QStringLiteral("outlier_batch");
    case SpikeCause::NumericalInstability:
        return QStringLiteral("numerical_instability");
    case SpikeCause::Unknown:
        return QStringLiteral("unknown");
    }
    return QStringLiteral("unknown");
}

Diagnosis diagnose(const SpikeMeasurements &m, const DiagnosisThresholds &thresholds)
{
    if (!m.available) {
        return {SpikeCause::Unknown,
                QStringLiteral("No training measurements exist for this loss log, so the cause "
                               "cannot be told; train in InitLab to diagnose spikes.")};
    }

    // A value whose square overflows makes the MSE and its gradient meaningless.
    const double squareLimit = std::sqrt(m.largestFinite);
    if (m.nonFinite) {
        QString text = QStringLiteral("A loss, gradient or parameter became NaN or infinite: "
                                      "past %1, the largest value of this precision.")
                           .arg(number(m.largestFinite));
        if (std::isfinite(m.maxAbsParameter))
            text += QStringLiteral(" The largest parameter was %1.").arg(number(m.maxAbsParameter));
        if (std::isfinite(m.gradNorm))
            text += QStringLiteral(" The gradient norm was %1.").arg(number(m.gradNorm));
        return {SpikeCause::NumericalInstability, text};
    }
    if (std::isfinite(m.maxAbsParameter) && m.maxAbsParameter > squareLimit) {
        return {SpikeCause::NumericalInstability,
                QStringLiteral("A parameter reached %1, beyond %2, where its square overflows this "
                               "precision.")
                    .arg(number(m.maxAbsParameter), number(squareLimit))};
    }

    if (std::isfinite(m.batchOutlierScore) && m.batchOutlierScore >= thresholds.outlierScore) {
        return {SpikeCause::OutlierBatch,
                QStringLiteral("The batch's largest per-sample loss is %1x the median per-sample "
                               "loss of the training set (threshold %2x).")
                    .arg(number(m.batchOutlierScore), number(thresholds.outlierScore))};
    }

    // Past the stability limit, gradient descent moves away from the minimum along the sharpest
    // direction and the gradient grows with every step: a large gradient is then the symptom, and
    // the step size the cause. A gradient that jumps while the steps are stable is the explosion.
    const bool unstable = std::isfinite(m.stability) && m.stability > m.stabilityLimit;
    const double gradientRatio = m.gradNormMedian > 0 ? m.gradNorm / m.gradNormMedian : m.missing;
    if (unstable) {
        QString text = QStringLiteral("Step size x sharpness = %1, above the stability limit %2 "
                                      "(sharpness %3)")
                           .arg(number(m.stability), number(m.stabilityLimit), number(m.sharpness));
        if (std::isfinite(gradientRatio))
            text += QStringLiteral("; gradient norm %1x its recent median").arg(number(gradientRatio));
        return {SpikeCause::LearningRateTooHigh, text + QLatin1Char('.')};
    }
    if (std::isfinite(gradientRatio) && gradientRatio >= thresholds.gradientRatio) {
        QString text = QStringLiteral("Gradient norm %1x its recent median (threshold %2x)")
                           .arg(number(gradientRatio), number(thresholds.gradientRatio));
        if (std::isfinite(m.stability))
            text += QStringLiteral(" while step size x sharpness = %1 is within the limit %2")
                        .arg(number(m.stability), number(m.stabilityLimit));
        return {SpikeCause::ExplodingGradient, text + QLatin1Char('.')};
    }

    const QString measured = summary(m);
    return {SpikeCause::Unknown,
            measured.isEmpty()
                ? QStringLiteral("No rule applies and nothing was measured.")
                : QStringLiteral("No rule applies: %1.").arg(measured)};
}

} // namespace initlab
