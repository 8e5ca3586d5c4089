#include "datagenerators.h"

#include "runconfig.h"
