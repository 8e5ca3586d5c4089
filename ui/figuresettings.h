#pragma once

// Everything that decides how a comparison's figure is drawn, apart from the comparison itself:
// the style, the curve options and the size, and their JSON form, the "figure" member of a
// figure file (core/comparisonjson.h). docs/figures.md lists the keys.

#include "comparisonfigure.h"
#include "figure.h"

#include <QJsonObject>
#include <QString>

namespace initlab {

struct FigureSettings
{
    FigureStyle style;
    // Its labels are not part of the JSON form: a figure file keeps them in "compare".
    ComparisonFigureOptions curves;
    FigureSize size;
};

// Returns size as parseFigureSize() reads it, without the dpi: "16x10cm", "1600x1000", "6x4in".
QString figureSizeText(const FigureSize &size);

// Returns {"title", "xLabel", "yLabel", "logY", "legend", "fontPoints", "printTheme", "spikes",
// "causeLabels", "center", "band", "size", "dpi"}, and "singleLabel" when it is not empty.
QJsonObject toJson(const FigureSettings &settings);

// Reads the members of object over defaults; a missing member keeps the default's value. Throws
// ConfigError naming source, the key as "figure.<name>", the value and what is allowed; unknown
// keys are errors, with the nearest known key suggested.
FigureSettings figureSettingsFromJson(const QJsonObject &object, const QString &source,
    const FigureSettings &defaults = FigureSettings());

} // namespace initlab
