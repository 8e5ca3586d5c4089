#pragma once

// Labels and descriptions of the choices of a run configuration, as the panel shows them. A combo
// item shows the label and stores the configuration's own name (toString() in enums.h) as data.

#include "enums.h"

#include <QString>

class QComboBox;

namespace initlab::choicelabels {

QString label(Activation value);
QString label(WeightInit value);
QString label(BiasInit value);
QString label(FanMode value);
QString label(Optimizer value);
QString label(Schedule value);
QString label(Precision value);
QString label(DatasetKind value);

// One or two sentences for a tooltip; for initializers the distribution and its formula.
QString description(Activation value);
QString description(WeightInit value);
QString description(BiasInit value);
QString description(FanMode value);
QString description(Optimizer value);
QString description(Schedule value);
QString description(Precision value);
QString description(DatasetKind value);

// Appends an item showing text, with name as its data and toolTip as its tooltip.
void addItem(QComboBox *combo, const QString &text, const QString &name, const QString &toolTip);

// Appends the item of one choice.
template<typename Enum>
void addChoice(QComboBox *combo, Enum value)
{
    addItem(combo, label(value), toString(value), description(value));
}

// Selects the item whose data is name; returns false, leaving the selection, when none has it.
bool selectName(QComboBox *combo, const QString &name);

// Returns the data of the current item, or an empty string when none is selected.
QString selectedName(const QComboBox *combo);

} // namespace initlab::choicelabels
