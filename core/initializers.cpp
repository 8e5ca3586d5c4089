#include "initializers.h"

#include "runconfig.h"
