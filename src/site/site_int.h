/* src/site/site_int.h: what the enumeration (site.c) and the MIP path (site_mip.c) share.
 * SPDX-License-Identifier: MIT */
#ifndef GF_SITE_INT_H
#define GF_SITE_INT_H

#include "grainflow/site.h"

/* Zero *r and give it one candidate per hub facility node of m with its
 * options and per-product arrays. GF_ENOMEM (r then needs
 * gf_site_result_fini like any other). */
int gf__site_init_result(const gf_model *m, gf_site_result *r, gf_error *err);

/* The slot of model option `option` in candidate c; NULL if not c's. */
gf_site_option *gf__site_option_of(gf_site_candidate *c, int32_t option);

/* Values and break-evens of every candidate from its with, without and
 * per-option bests (site.h gives the formulas). */
void gf__site_values(gf_site_result *r);

#endif
