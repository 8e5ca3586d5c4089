#include "weightsjson.h"
