#include "optimizers.h"
