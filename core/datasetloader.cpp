#include "datasetloader.h"
