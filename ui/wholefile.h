#pragma once

// Writing a file whole or not at all, for the files the window saves.

#include <QString>

#include <functional>

class QIODevice;

namespace initlab {

// Calls write on a temporary file beside path, which replaces path only when write returns true
// and the file is complete. Returns an empty string on success, otherwise the reason of the
// failure. A failed write leaves path as it was.
QString writeWholeFile(const QString &path, const std::function<bool(QIODevice &)> &write);

} // namespace initlab
