#pragma once

#include <QLoggingCategory>

namespace initlab {

Q_DECLARE_LOGGING_CATEGORY(lcChart)
Q_DECLARE_LOGGING_CATEGORY(lcWindow)

} // namespace initlab
