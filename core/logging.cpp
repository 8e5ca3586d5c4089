#include "logging.h"

namespace initlab {

Q_LOGGING_CATEGORY(lcTrainer, "initlab.core.trainer")
Q_LOGGING_CATEGORY(lcData, "initlab.core.data")
Q_LOGGING_CATEGORY(lcConfig, "initlab.core.config")

} // namespace initlab
