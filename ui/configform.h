#pragma once

// Helpers shared by the sections of the experiment panel: tooltips that name the configuration
// key, and form rows whose label carries the same tooltip as the field.

#include <QString>

class QFormLayout;
class QSpinBox;
class QWidget;

namespace initlab::configform {

// Returns a rich-text tooltip: description, then the dotted key it sets ("training.learningRate").
// Rich text lets Qt wrap long tooltips.
QString keyToolTip(const QString &description, const QString &key);

// Adds a row "label: field" and gives both the tooltip.
void addRow(QFormLayout *form, const QString &label, QWidget *field, const QString &toolTip);

// Returns a spin box for whole numbers in [minimum, maximum], named name for tests and the
// window, that reports a value only when typing is finished.
QSpinBox *integerBox(const QString &name, int minimum, int maximum, int step);

// Gives every form label under root the width of the widest, so the fields of all forms line up
// in one column. Repeats this whenever root's font changes, for example when the application
// font is enlarged.
void alignLabels(QWidget *root);

} // namespace initlab::configform
