/* include/grainflow/grainflow.h: the umbrella header: every public header.
 *
 * libgrainflow (pkg-config grainflow) implements all but store.h and
 * server.h, which are libgrainflow-server's (pkg-config grainflow-server).
 * Memory the library hands back: see alloc.h (gf_release, gf_*_destroy).
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_H
#define GRAINFLOW_H

#include "grainflow/alloc.h"
#include "grainflow/dimacs.h"
#include "grainflow/edit.h"
#include "grainflow/error.h"
#include "grainflow/export.h"
#include "grainflow/jsonw.h"
#include "grainflow/lp.h"
#include "grainflow/mcf.h"
#include "grainflow/model.h"
#include "grainflow/network.h"
#include "grainflow/plan.h"
#include "grainflow/report.h"
#include "grainflow/scenario.h"
#include "grainflow/server.h"
#include "grainflow/site.h"
#include "grainflow/solution.h"
#include "grainflow/store.h"
#include "grainflow/sweep.h"
#include "grainflow/version.h"
#include "grainflow/whatif.h"

#endif
