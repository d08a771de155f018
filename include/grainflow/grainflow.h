/* include/grainflow/grainflow.h: the umbrella header.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_H
#define GRAINFLOW_H

#include "grainflow/alloc.h"
#include "grainflow/dimacs.h"
#include "grainflow/error.h"
#include "grainflow/mcf.h"
#include "grainflow/version.h"

#endif
