#pragma once

#include <QLoggingCategory>

namespace initlab {

Q_DECLARE_LOGGING_CATEGORY(lcTrainer)
Q_DECLARE_LOGGING_CATEGORY(lcData)
Q_DECLARE_LOGGING_CATEGORY(lcConfig)
Q_DECLARE_LOGGING_CATEGORY(lcComparison)

} // namespace initlab
