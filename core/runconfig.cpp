#include "runconfig.h"

#include "errors.h"
