#pragma once

// The curves of a comparison's figure: per value a centre line over the seeds, a band and the
// spike markers of every seed.

#include "comparison.h"
#include "figure.h"

#include <QStringList>

#include <optional>
#include <vector>

namespace initlab {

enum class CurveCenter { Mean, Median };
enum class CurveBand { MinMax, StdDev, None };

struct ComparisonFigureOptions
{
    CurveCenter center = CurveCenter::Mean;
    // Ignored with one seed, which has no band.
    CurveBand band = CurveBand::MinMax;
    // Label of the curve when the comparison has one value; empty: the value itself.
    QString singleLabel;
    // Label of each curve, in the comparison's order, used when there is one per value; empty:
    // the values, or singleLabel. A label set here takes precedence over singleLabel.
    QStringList labels;
};

// "mean" / "median", "minmax" / "std" / "none": the names on the command line and in settings.
QString centerName(CurveCenter center);
QString bandName(CurveBand band);
std::optional<CurveCenter> centerFromName(const QString &name);
std::optional<CurveBand> bandFromName(const QString &name);

// Returns one curve per value, in the comparison's order. With one seed the curve is the run's
// MSE. With more, it is the mean or median per iteration, and the band spans the minimum to the
// maximum or the mean plus and minus one standard deviation. Every seed's spikes are marked;
// divergences are not. A marker sits on the drawn line, at the centre line's value at the spike's
// peak, or at the run's own peak loss where the centre line is not finite. Spikes of several
// seeds at the same peak iteration share one marker. Each marker's label is its cause, or the
// causes joined by " / " when the seeds sharing it differ, so that the figure can group the
// labels of neighbouring markers with the same cause.
std::vector<FigureCurve> comparisonCurves(
    const ComparisonResult &result, const ComparisonFigureOptions &options);

} // namespace initlab
