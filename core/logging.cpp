#include "logging.h"

// Categories log warnings and above by default; QT_LOGGING_RULES="initlab.*.debug=true" shows all.
namespace initlab {

Q_LOGGING_CATEGORY(lcTrainer, "initlab.core.trainer", QtWarningMsg)
Q_LOGGING_CATEGORY(lcData, "initlab.core.data", QtWarningMsg)
Q_LOGGING_CATEGORY(lcConfig, "initlab.core.config", QtWarningMsg)
Q_LOGGING_CATEGORY(lcComparison, "initlab.core.comparison", QtWarningMsg)

} // namespace initlab
