#pragma once

// A comparison as JSON: the base run configuration, the compared key with its values and legend
// labels, the seed count and the target MSE. It is the form that initlab-cli figure
// --save-config writes and --config reads, with a "figure" member for the drawing settings;
// docs/figures.md describes it.

#include "comparison.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace initlab {

struct ComparisonDocument
{
    // spec.baseDir is not stored. Without a compared key, spec.key is "seed" and spec.values
    // contains the base seed alone, which trains the base configuration once per seed.
    ComparisonSpec spec;
    bool comparing = false; // whether spec compares the values of a key
    // Legend text per value, as many as spec.values; empty: the values themselves.
    QStringList labels;
    // The "figure" member as stored, for the figure settings to read; empty when absent.
    QJsonObject figure;
};

// Returns whether object is a comparison document rather than a plain run configuration: only
// a document has "base".
bool isComparisonDocument(const QJsonObject &object);

// Returns {"base": every key of spec.base, "compare": {"key", "values", "labels"} (only when
// comparing, "labels" only when not empty), "seeds": n, "targetMse": x (only when finite),
// "figure": document.figure (only when not empty)}.
QJsonObject toJson(const ComparisonDocument &document);

// Reads a document that toJson() wrote or a person edited. Missing "seeds" means 1, a missing
// "compare" a single run per seed. Throws ConfigError naming source, the dotted key (such as
// "compare.values") and what is allowed; unknown keys are errors. The compared key and its values
// are checked as comparisonConfigs() checks them.
ComparisonDocument comparisonDocumentFromJson(const QJsonObject &object, const QString &source);

} // namespace initlab
