#include "wholefile.h"

#include <QSaveFile>

namespace initlab {

QString writeWholeFile(const QString &path, const std::function<bool(QIODevice &)> &write)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return file.errorString();
    // flush() reports a failed write of the buffered rest, which commit() would not.
    if (!write(file) || !file.flush())
        return file.errorString();
    if (!file.commit())
        return file.errorString();
    return QString();
}

} // namespace initlab
