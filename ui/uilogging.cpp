#include "uilogging.h"

namespace initlab {

Q_LOGGING_CATEGORY(lcChart, "initlab.ui.chart", QtWarningMsg)
Q_LOGGING_CATEGORY(lcWindow, "initlab.ui.window", QtWarningMsg)

} // namespace initlab
