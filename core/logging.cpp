#include "logging.h"
