#include "uiinfo.h"
