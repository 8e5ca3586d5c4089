#include "csvimport.h"
