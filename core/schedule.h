#pragma once

namespace initlab {

struct TrainingConfig;

// Learning rate for the update with 0-based index step (the update that produces iteration
// step + 1). Warm-up: lr (step + 1) / warmupIterations while step < warmupIterations, before any
// schedule. Then, with s = step - warmupIterations and S = iterations - warmupIterations:
//   constant, warmup   lr
//   step               lr * stepGamma^floor(s / stepSize)
//   cosine             minLearningRate + (lr - minLearningRate) (1 + cos(pi s / S)) / 2
// The cosine form is PyTorch's CosineAnnealingLR with T_max = S.
double learningRateAt(const TrainingConfig &config, long long step);

} // namespace initlab
