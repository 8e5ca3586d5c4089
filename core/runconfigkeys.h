#pragma once

#include <QJsonValue>
#include <QString>
#include <QStringList>
#include <QStringView>

// Internal to the run configuration: the table of known keys, key suggestions, and the way
// parseRunConfig() and applyOverride() show values in their messages.

namespace initlab::runconfigkeys {

// JSON type of a key. applyOverride() converts command-line text by this type.
enum class KeyType { String, Boolean, Integer, Number, Choice, StringList, IntegerList, Gain };

// One key of the schema. Its dotted name is "section.name", or "name" at the top level.
struct KeyInfo
{
    const char *section; // empty for top-level keys
    const char *name;
    KeyType type;
};

// Returns "section.name", or "name" for a top-level key.
QString dottedKey(const KeyInfo &key);

bool isSection(QStringView name);

// Returns the key with this dotted name, or nullptr when there is none.
const KeyInfo *findKey(QStringView dotted);

// Returns the names allowed inside one object: the keys of a section, or for an empty section
// the top-level keys followed by the section names.
QStringList namesInSection(QStringView section);

// Returns the candidate nearest to text, ignoring case, or an empty string when none is within
// 2 edits.
QString nearestName(const QString &text, const QStringList &candidates);

// Returns the message for an unknown dotted key: a suggested key when one is near, otherwise the
// keys allowed at that level.
QString unknownKeyMessage(const QString &unknown);

// Returns "source: ", or nothing when source is empty.
QString sourcePrefix(const QString &source);

// Formats a number as JSON shows it: integers without exponent, others in the shortest form
// that reads back to the same double.
QString formatNumber(double value);

QString quoted(const QString &text);

// Shows a JSON value in a message: numbers and literals as written, strings quoted, containers
// as compact JSON.
QString formatValue(const QJsonValue &value);

// Names the type and value of a value that has the wrong type: "the string \"0.1\"".
QString describeWrongValue(const QJsonValue &value);

} // namespace initlab::runconfigkeys
