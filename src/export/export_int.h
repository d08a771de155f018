/* src/export/export_int.h: figures shared by the exporters.
 * SPDX-License-Identifier: MIT */
#ifndef GF_EXPORT_INT_H
#define GF_EXPORT_INT_H

#include <stdbool.h>

#include "grainflow/plan.h"

/* Write through fn into path via a temporary file and rename. */
int gf__write_atomic(const char *path, int (*fn)(const gf_plan *, FILE *, gf_error *),
                     const gf_plan *p, gf_error *err);

#endif
