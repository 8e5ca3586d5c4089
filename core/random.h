#pragma once

#include <array>
#include <cstdint>

namespace initlab {

// Independent random streams derived from a run's one seed. Each part of a run draws from its own
// stream, so changing, say, the initializer leaves the data and the batch order untouched.
enum class RandomStream : std::uint64_t {
    Data = 1,       // dataset generation, noise and outliers
    Split = 2,      // train/test split
    Init = 3,       // weight and bias initialization
    Batches = 4,    // mini-batch order
    Diagnosis = 5,  // random probe vectors used by diagnostics
};

// xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021),
// seeded through SplitMix64. Its output and the distributions below are defined here bit for bit,
// so a seed gives the same numbers with every compiler and standard library (std::normal_distribution
// does not promise that).
class Rng
{
public:
    explicit Rng(std::uint64_t seed);
    Rng(std::uint64_t seed, RandomStream stream);

    std::uint64_t nextU64();

    // Uniform in [0, 1) with 53 random bits.
    double uniform01();
    // Uniform in [low, high).
    double uniform(double low, double high);
    // Standard normal, by the Box-Muller transform (two uniforms for each value; no cached state).
    double normal();
    double normal(double mean, double stddev);
    // Uniform integer in [0, bound), without modulo bias. bound must be positive.
    std::uint64_t below(std::uint64_t bound);

private:
    std::array<std::uint64_t, 4> m_state{};
};

// SplitMix64 step (Steele, Lea and Flood, 2014): advances state and returns the next output.
std::uint64_t splitMix64(std::uint64_t &state);

} // namespace initlab
