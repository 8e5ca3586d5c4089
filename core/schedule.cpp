#include "schedule.h"

#include "runconfig.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace initlab {

double learningRateAt(const TrainingConfig &config, long long step)
{
    const double base = config.learningRate;
    const long long warmup = std::max(0, config.warmupIterations);
    if (step < warmup)
        return base * double(step + 1) / double(warmup);

    const long long s = step - warmup;
    switch (config.schedule) {
    case Schedule::Constant:
    case Schedule::Warmup:
        return base;
    case Schedule::Step: {
        const long long decays = s / std::max(1, config.stepSize);
        return base * std::pow(config.stepGamma, double(decays));
    }
    case Schedule::Cosine: {
        const long long span = std::max<long long>(1, config.iterations - warmup);
        const double progress = std::min(1.0, double(s) / double(span));
        const double floor = config.minLearningRate;
        return floor + (base - floor) * (1.0 + std::cos(std::numbers::pi * progress)) / 2.0;
    }
    }
    return base;
}

} // namespace initlab
