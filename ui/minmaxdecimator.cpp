#include "minmaxdecimator.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace initlab {

bool MinMaxDecimator::passes(double value, Filter filter)
{
    if (!std::isfinite(value))
        return false;
    return filter == Filter::Finite || value > 0.0;
}

void MinMaxDecimator::clear()
{
    ++m_generation;
    m_values.clear();
    m_levels.clear();
    m_nonPositiveCount = 0;
    m_nonFiniteCount = 0;
}

void MinMaxDecimator::reserve(qint64 count)
{
    if (count <= 0)
        return;
    m_values.reserve(std::size_t(count));
    if (m_levels.empty())
        m_levels.emplace_back();
    m_levels.front().reserve(std::size_t(count / blockSize(0) + 1));
}

void MinMaxDecimator::count(double value)
{
    if (!std::isfinite(value))
        ++m_nonFiniteCount;
    else if (value <= 0.0)
        ++m_nonPositiveCount;
}

void MinMaxDecimator::append(double value)
{
    append(std::span<const double>(&value, 1));
}

void MinMaxDecimator::append(std::span<const double> values)
{
    if (values.empty())
        return;
    const qint64 first = size();
    m_values.insert(m_values.end(), values.begin(), values.end());
    for (const double value : values)
        count(value);
    updateNodesFrom(first);
}

void MinMaxDecimator::assign(std::vector<double> values)
{
    clear();
    m_values = std::move(values);
    for (const double value : m_values)
        count(value);
    if (!m_values.empty())
        updateNodesFrom(0);
}

// Brings the pyramid up to date after values were appended from index first on: level 0 from
// the new values, each level above from the two nodes below, every changed node once. A batch of
// k values thus costs O(k + log n) rather than O(k log n).
void MinMaxDecimator::updateNodesFrom(qint64 first)
{
    if (m_levels.empty())
        m_levels.emplace_back();
    const qint64 last = size() - 1;

    std::vector<Node> &base = m_levels.front();
    base.resize(std::size_t((last >> baseShift) + 1));
    for (qint64 index = first; index <= last; ++index)
        addToNode(base[std::size_t(index >> baseShift)], index);

    for (std::size_t level = 1; level < m_levels.size(); ++level) {
        const int shift = baseShift + int(level);
        const std::vector<Node> &below = m_levels[level - 1];
        std::vector<Node> &nodes = m_levels[level];
        nodes.resize(std::size_t((last >> shift) + 1));
        for (qint64 node = first >> shift; node <= last >> shift; ++node) {
            const auto left = 2 * std::size_t(node);
            nodes[std::size_t(node)] =
                left + 1 < below.size() ? mergeNodes(below[left], below[left + 1]) : below[left];
        }
    }
    addLevelsAbove();
}

// Replaces best by candidate when candidate is lower (or higher), so that of equal values the one
// met first stays. Appends and merges meet values in index order, which keeps the earliest index.
void MinMaxDecimator::keepLower(Extreme &best, const Extreme &candidate)
{
    if (candidate.index >= 0 && (best.index < 0 || candidate.value < best.value))
        best = candidate;
}

void MinMaxDecimator::keepHigher(Extreme &best, const Extreme &candidate)
{
    if (candidate.index >= 0 && (best.index < 0 || candidate.value > best.value))
        best = candidate;
}

void MinMaxDecimator::addToNode(Node &node, qint64 index) const
{
    const double value = m_values[std::size_t(index)];
    if (!std::isfinite(value))
        return;
    const Extreme extreme {index, value};
    keepLower(node.min, extreme);
    keepHigher(node.max, extreme);
    if (value > 0.0)
        keepLower(node.minPositive, extreme);
}

MinMaxDecimator::Node MinMaxDecimator::mergeNodes(const Node &left, const Node &right)
{
    Node merged = left;
    keepLower(merged.min, right.min);
    keepHigher(merged.max, right.max);
    keepLower(merged.minPositive, right.minPositive);
    return merged;
}

// Adds levels until the top one is a single node, each node merging two of the level below.
void MinMaxDecimator::addLevelsAbove()
{
    while (m_levels.back().size() > 1) {
        const std::vector<Node> &top = m_levels.back();
        std::vector<Node> next((top.size() + 1) / 2);
        for (std::size_t node = 0; node < next.size(); ++node) {
            const std::size_t left = 2 * node;
            next[node] = left + 1 < top.size() ? mergeNodes(top[left], top[left + 1]) : top[left];
        }
        m_levels.push_back(std::move(next));
    }
}

bool MinMaxDecimator::nodeHasValid(int level, qint64 start, Filter filter) const
{
    const Node &node = m_levels[std::size_t(level)][std::size_t(start >> (baseShift + level))];
    return filter == Filter::Finite ? node.max.index >= 0 : node.minPositive.index >= 0;
}

// Level of the largest complete block [position, position + size) with its end <= end, or -1
// when no block starts at position or the smallest does not fit. Block sizes are powers of 2, so
// the alignment of position and the room left give the level directly.
int MinMaxDecimator::largestBlockStartingAt(qint64 position, qint64 end) const
{
    if (position >= end)
        return -1;
    const auto offset = quint64(position);
    const int alignment = offset == 0 ? 63 : std::countr_zero(offset);
    const int room = std::bit_width(quint64(end - position)) - 1;
    return std::max(
        -1, std::min({alignment, room, baseShift + int(m_levels.size()) - 1}) - baseShift);
}

// Level of the largest complete block [position - size, position) with its start >= begin, or -1.
int MinMaxDecimator::largestBlockEndingAt(qint64 position, qint64 begin) const
{
    if (position <= begin)
        return -1;
    const auto offset = quint64(position);
    const int alignment = offset == 0 ? 63 : std::countr_zero(offset);
    const int room = std::bit_width(quint64(position - begin)) - 1;
    return std::max(
        -1, std::min({alignment, room, baseShift + int(m_levels.size()) - 1}) - baseShift);
}

qint64 MinMaxDecimator::firstValid(qint64 begin, qint64 end, Filter filter) const
{
    qint64 position = std::max<qint64>(begin, 0);
    end = std::min(end, size());
    while (position < end) {
        int level = largestBlockStartingAt(position, end);
        if (level < 0) {
            if (passes(m_values[std::size_t(position)], filter))
                return position;
            ++position;
            continue;
        }
        if (!nodeHasValid(level, position, filter)) {
            position += blockSize(level);
            continue;
        }
        // The block contains a valid value: descend, taking the left half whenever it has one.
        while (level > 0) {
            --level;
            if (!nodeHasValid(level, position, filter))
                position += blockSize(level);
        }
        for (qint64 index = position; index < position + blockSize(0); ++index) {
            if (passes(m_values[std::size_t(index)], filter))
                return index;
        }
        Q_ASSERT_X(false, "MinMaxDecimator::firstValid", "a block marked valid has no valid value");
        return -1;
    }
    return -1;
}

qint64 MinMaxDecimator::lastValid(qint64 begin, qint64 end, Filter filter) const
{
    qint64 position = std::min(end, size());
    begin = std::max<qint64>(begin, 0);
    while (position > begin) {
        int level = largestBlockEndingAt(position, begin);
        if (level < 0) {
            if (passes(m_values[std::size_t(position - 1)], filter))
                return position - 1;
            --position;
            continue;
        }
        qint64 start = position - blockSize(level);
        if (!nodeHasValid(level, start, filter)) {
            position = start;
            continue;
        }
        // The block contains a valid value: descend, taking the right half whenever it has one.
        while (level > 0) {
            --level;
            if (nodeHasValid(level, start + blockSize(level), filter))
                start += blockSize(level);
        }
        for (qint64 index = start + blockSize(0) - 1; index >= start; --index) {
            if (passes(m_values[std::size_t(index)], filter))
                return index;
        }
        Q_ASSERT_X(false, "MinMaxDecimator::lastValid", "a block marked valid has no valid value");
        return -1;
    }
    return -1;
}

MinMaxDecimator::Extremes MinMaxDecimator::extremes(qint64 begin, qint64 end, Filter filter) const
{
    Extreme min;
    Extreme max;
    qint64 position = std::max<qint64>(begin, 0);
    end = std::min(end, size());
    while (position < end) {
        const int level = largestBlockStartingAt(position, end);
        if (level < 0) {
            const double value = m_values[std::size_t(position)];
            if (passes(value, filter)) {
                keepLower(min, {position, value});
                keepHigher(max, {position, value});
            }
            ++position;
            continue;
        }
        const Node &node =
            m_levels[std::size_t(level)][std::size_t(position >> (baseShift + level))];
        if (filter == Filter::Finite) {
            keepLower(min, node.min);
            keepHigher(max, node.max);
        } else {
            keepLower(min, node.minPositive);
            if (node.max.value > 0.0)
                keepHigher(max, node.max);
        }
        position += blockSize(level);
    }
    return {min.index, max.index};
}

std::vector<MinMaxDecimator::Sample> MinMaxDecimator::decimate(
    double first, double last, int columns, Filter filter) const
{
    std::vector<Sample> out;
    decimate(first, last, columns, filter, out);
    return out;
}

void MinMaxDecimator::decimate(
    double first, double last, int columns, Filter filter, std::vector<Sample> &out) const
{
    out.clear();
    if (columns < 1 || !std::isfinite(first) || !std::isfinite(last) || last < first)
        return;
    appendColumns(Grid(first, last, columns, size()), filter, 0, out);
}

void MinMaxDecimator::decimate(
    double first, double last, int columns, Filter filter, Decimation &decimation) const
{
    const bool sameQuery = decimation.generation == m_generation && decimation.first == first
        && decimation.last == last && decimation.columns == columns && decimation.filter == filter
        && decimation.size > 0 && decimation.size <= size();
    const qint64 previousSize = decimation.size;
    decimation.generation = m_generation;
    decimation.first = first;
    decimation.last = last;
    decimation.columns = columns;
    decimation.filter = filter;
    decimation.size = size();
    if (!sameQuery || columns < 1 || !std::isfinite(first) || !std::isfinite(last)
        || last < first) {
        decimate(first, last, columns, filter, decimation.samples);
        return;
    }
    if (previousSize == size())
        return;

    // Only the column of the first new index and the columns after it can have changed.
    const Grid grid(first, last, columns, size());
    int column = int(
        std::clamp(std::floor((double(previousSize) - first) / grid.width), 0.0, columns - 1.0));
    while (column > 0 && grid.boundary(column) > previousSize)
        --column;
    while (column + 1 < columns && grid.boundary(column + 1) <= previousSize)
        ++column;
    std::vector<Sample> &samples = decimation.samples;
    const auto changed = std::lower_bound(samples.begin(), samples.end(), grid.boundary(column),
        [](const Sample &sample, qint64 index) { return sample.index < index; });
    samples.erase(changed, samples.end());
    appendColumns(grid, filter, column, samples);
}

qint64 MinMaxDecimator::Grid::boundary(int column) const
{
    const double x = column == columns ? std::floor(last) + 1.0 : std::ceil(first + column * width);
    return qint64(std::clamp(x, 0.0, double(size)));
}

// Appends the samples of the columns from firstColumn on; see decimate().
void MinMaxDecimator::appendColumns(
    const Grid &grid, Filter filter, int firstColumn, std::vector<Sample> &out) const
{
    std::array<qint64, 4> picked {};
    qint64 begin = grid.boundary(firstColumn);
    for (int column = firstColumn; column < grid.columns && begin < size(); ++column) {
        const qint64 end = std::max(begin, grid.boundary(column + 1));
        if (end == begin)
            continue;

        const qint64 firstIndex = firstValid(begin, end, filter);
        begin = end;
        if (firstIndex < 0)
            continue;
        const Extremes range = extremes(firstIndex, end, filter);
        picked = {firstIndex, range.minIndex, range.maxIndex, lastValid(firstIndex, end, filter)};
        std::sort(picked.begin(), picked.end());
        const auto uniqueEnd = std::unique(picked.begin(), picked.end());
        for (auto it = picked.begin(); it != uniqueEnd; ++it)
            out.push_back({*it, m_values[std::size_t(*it)]});
    }
}

} // namespace initlab
