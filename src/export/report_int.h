/* src/export/report_int.h: private pieces of the HTML report.
 * SPDX-License-Identifier: MIT */
#ifndef GF_REPORT_INT_H
#define GF_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

/* SHA-256 state (src/export/sha256.c): init, update any number of times,
 * then hex once (pads the state: init again before reuse). */
typedef struct gf_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    unsigned char buf[64];
    size_t fill;
} gf_sha256;

void gf__sha256_init(gf_sha256 *s);
void gf__sha256_update(gf_sha256 *s, const void *data, size_t n);
void gf__sha256_hex(gf_sha256 *s, char out[65]);

#endif
