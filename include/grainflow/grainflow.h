/* include/grainflow/grainflow.h: the umbrella header.
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_H
#define GRAINFLOW_H

#include "grainflow/alloc.h"
#include "grainflow/dimacs.h"
#include "grainflow/error.h"
#include "grainflow/export.h"
#include "grainflow/mcf.h"
#include "grainflow/model.h"
#include "grainflow/network.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"
#include "grainflow/solution.h"
#include "grainflow/version.h"

#endif
