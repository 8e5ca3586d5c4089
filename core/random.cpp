#include "random.h"

#include <cmath>
#include <numbers>

namespace initlab {

std::uint64_t splitMix64(std::uint64_t &state)
{
    state += 0x9e3779b97f4a7c15ULL;
    std::uint64_t z = state;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed)
{
    std::uint64_t state = seed;
    for (auto &word : m_state)
        word = splitMix64(state);
}

Rng::Rng(std::uint64_t seed, RandomStream stream)
{
    // Mix the stream id into the seed through one SplitMix64 round, so that neighbouring seeds and
    // streams start far apart in the generator's state space.
    std::uint64_t mixer = seed ^ (static_cast<std::uint64_t>(stream) * 0xd1b54a32d192ed03ULL);
    std::uint64_t state = splitMix64(mixer);
    for (auto &word : m_state)
        word = splitMix64(state);
}

namespace {
__extension__ using uint128 = unsigned __int128;

inline std::uint64_t rotateLeft(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}
} // namespace

std::uint64_t Rng::nextU64()
{
    const std::uint64_t result = rotateLeft(m_state[1] * 5, 7) * 9;
    const std::uint64_t t = m_state[1] << 17;
    m_state[2] ^= m_state[0];
    m_state[3] ^= m_state[1];
    m_state[1] ^= m_state[2];
    m_state[0] ^= m_state[3];
    m_state[2] ^= t;
    m_state[3] = rotateLeft(m_state[3], 45);
    return result;
}

double Rng::uniform01()
{
    return static_cast<double>(nextU64() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double low, double high)
{
    return low + (high - low) * uniform01();
}

double Rng::normal()
{
    // 1 - u lies in (0, 1], so the logarithm is finite.
    const double u1 = 1.0 - uniform01();
    const double u2 = uniform01();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

double Rng::normal(double mean, double stddev)
{
    return mean + stddev * normal();
}

std::uint64_t Rng::below(std::uint64_t bound)
{
    // Lemire's multiply-and-reject method ("Fast random integer generation in an interval", 2019).
    uint128 product = static_cast<uint128>(nextU64()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
        const std::uint64_t threshold = (0 - bound) % bound;
        while (low < threshold) {
            product = static_cast<uint128>(nextU64()) * bound;
            low = static_cast<std::uint64_t>(product);
        }
    }
    return static_cast<std::uint64_t>(product >> 64);
}

} // namespace initlab
