/* bench/whatif_edits.h: the what-ifs both what-if bench drivers run on the
 * default scenario (data/kz-ma-africa-v1), one JSON edit array each: freight,
 * a closure in some periods, demand, a fee, a link closed, supply.
 * SPDX-License-Identifier: MIT */
#ifndef GF_BENCH_WHATIF_EDITS_H
#define GF_BENCH_WHATIF_EDITS_H

static const char *const whatif_edits[] = {
    "[{\"op\":\"scale_freight\",\"mode\":\"sea\",\"pct\":10}]",
    "[{\"op\":\"close_node\",\"node\":\"KZ_KOSTANAY\",\"periods\":[1,2,3,4,5,6,7,8]}]",
    "[{\"op\":\"scale_demand\",\"node\":\"SN_DAKAR\",\"pct\":-30}]",
    "[{\"op\":\"set_node\",\"node\":\"MA_CASABLANCA\",\"handling_usd_per_t\":9.5}]",
    "[{\"op\":\"scale_freight\",\"mode\":\"rail\",\"pct\":-5},"
    "{\"op\":\"scale_supply\",\"pct\":-10}]",
};
#define N_WHATIF_EDITS ((int)(sizeof whatif_edits / sizeof whatif_edits[0]))

#endif
