#include "spikestyle.h"

namespace initlab {

QString causeLabel(SpikeCause cause)
{
    switch (cause) {
    case SpikeCause::ExplodingGradient:
        return QStringLiteral("Exploding gradient");
    case SpikeCause::LearningRateTooHigh:
        return QStringLiteral("Learning rate too high");
    case SpikeCause::OutlierBatch:
        return QStringLiteral("Outlier batch");
    case SpikeCause::NumericalInstability:
        return QStringLiteral("Numerical instability");
    case SpikeCause::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

QColor causeColor(SpikeCause cause)
{
    switch (cause) {
    case SpikeCause::ExplodingGradient:
        return QColor(0xD5, 0x5E, 0x00);
    case SpikeCause::LearningRateTooHigh:
        return QColor(0xE6, 0x9F, 0x00);
    case SpikeCause::OutlierBatch:
        return QColor(0x00, 0x72, 0xB2);
    case SpikeCause::NumericalInstability:
        return QColor(0xCC, 0x79, 0xA7);
    case SpikeCause::Unknown:
        break;
    }
    return QColor(0x7F, 0x7F, 0x7F);
}

} // namespace initlab
