#pragma once

// Min/max decimation of a long curve for drawing: per pixel column, the first, minimum, maximum
// and last value of the column, so that no spike disappears at any zoom level.
//
// Values are indexed 0, 1, 2, ... and the index is the x coordinate. A pyramid of block minima and
// maxima, updated on each append, makes a query cost O(columns x log n) instead of O(n).

#include <QtGlobal>

#include <span>
#include <vector>

namespace initlab {

class MinMaxDecimator
{
public:
    // The values a query considers. The others are skipped as if absent.
    enum class Filter {
        Finite, // every finite value
        Positive, // finite values greater than 0, for a logarithmic axis
    };

    struct Sample
    {
        qint64 index = 0;
        double value = 0.0;

        bool operator==(const Sample &) const = default;
    };

    // Indices of the minimum and the maximum of a range, or -1 when no value of the range passes
    // the filter. Of equal values, the one with the smallest index is chosen.
    struct Extremes
    {
        qint64 minIndex = -1;
        qint64 maxIndex = -1;
    };

    void clear();
    void reserve(qint64 count);
    // Appends one value or several: k values cost O(k + log n).
    void append(double value);
    void append(std::span<const double> values);
    // Replaces every value and builds the pyramid in O(n).
    void assign(std::vector<double> values);

    qint64 size() const { return qint64(m_values.size()); }
    bool isEmpty() const { return m_values.empty(); }
    double value(qint64 index) const { return m_values[std::size_t(index)]; }
    const std::vector<double> &values() const { return m_values; }
    // Finite values <= 0, which a logarithmic axis cannot show.
    qint64 nonPositiveCount() const { return m_nonPositiveCount; }
    qint64 nonFiniteCount() const { return m_nonFiniteCount; }

    // Decimates the indices in [first, last] onto columns pixel columns of equal width
    // w = (last - first) / columns. Column c contains the indices i with
    // ceil(first + c * w) <= i < ceil(first + (c + 1) * w), except that the last column ends
    // after floor(last). Indices outside [0, size()) are ignored. For each column that has a value
    // passing filter, the output contains that column's first, minimum, maximum and last such
    // value, each index once and in increasing index order: at most 4 x columns samples. Returns
    // nothing when columns < 1, last < first or either bound is not finite.
    std::vector<Sample> decimate(double first, double last, int columns, Filter filter) const;
    // As above, reusing the storage of out.
    void decimate(
        double first, double last, int columns, Filter filter, std::vector<Sample> &out) const;

    // The result of a decimation with its query, kept by the caller between frames.
    struct Decimation
    {
        std::vector<Sample> samples;
        double first = 0.0;
        double last = -1.0;
        int columns = 0;
        Filter filter = Filter::Finite;
        qint64 size = 0; // values when the samples were computed
        quint64 generation = 0; // of the decimator, which clear() and assign() change
    };
    // As above, into decimation.samples. When decimation contains the same query on this
    // decimator and values were only appended since, only the column of the first new value and
    // the columns after it are computed again. A live chart of a fixed x range thus pays for its
    // new columns only.
    void decimate(
        double first, double last, int columns, Filter filter, Decimation &decimation) const;

    // First or last index in [begin, end) whose value passes filter, or -1. O(log n).
    qint64 firstValid(qint64 begin, qint64 end, Filter filter) const;
    qint64 lastValid(qint64 begin, qint64 end, Filter filter) const;
    // Minimum and maximum over [begin, end). O(log n).
    Extremes extremes(qint64 begin, qint64 end, Filter filter) const;

    static bool passes(double value, Filter filter);

    // Each node of level 0 of the pyramid covers 2^baseShift values, and each level above doubles
    // the block size. Shorter stretches are scanned value by value.
    static constexpr int baseShift = 4;

private:
    // One extreme of a block: its index, -1 when the block has no such value, and its value, kept
    // here so that queries and merges need not read the values at random places.
    struct Extreme
    {
        qint64 index = -1;
        double value = 0.0;
    };

    // Extremes of one block. minPositive is the smallest value > 0. The maximum, when it is
    // positive, is also the maximum of the positive values.
    struct Node
    {
        Extreme min;
        Extreme max;
        Extreme minPositive;
    };

    // Column boundaries of a decimation; see decimate().
    struct Grid
    {
        Grid(double first, double last, int columns, qint64 size)
            : first(first)
            , last(last)
            , columns(columns)
            , size(size)
            , width((last - first) / columns)
        { }
        // First index of column, clamped to [0, size]. boundary(columns) ends the last column.
        qint64 boundary(int column) const;

        double first;
        double last;
        int columns;
        qint64 size;
        double width;
    };

    void appendColumns(
        const Grid &grid, Filter filter, int firstColumn, std::vector<Sample> &out) const;
    void updateNodesFrom(qint64 first);
    void addToNode(Node &node, qint64 index) const;
    static void keepLower(Extreme &best, const Extreme &candidate);
    static void keepHigher(Extreme &best, const Extreme &candidate);
    static Node mergeNodes(const Node &left, const Node &right);
    void addLevelsAbove();
    bool nodeHasValid(int level, qint64 start, Filter filter) const;
    int largestBlockStartingAt(qint64 position, qint64 end) const;
    int largestBlockEndingAt(qint64 position, qint64 begin) const;
    void count(double value);
    static qint64 blockSize(int level) { return qint64(1) << (baseShift + level); }

    std::vector<double> m_values;
    // m_levels[k][j] covers the values [j * blockSize(k), (j + 1) * blockSize(k)). The last node of
    // each level may be partial; queries use only complete nodes.
    std::vector<std::vector<Node>> m_levels;
    qint64 m_nonPositiveCount = 0;
    qint64 m_nonFiniteCount = 0;
    quint64 m_generation = 1;
};

} // namespace initlab
