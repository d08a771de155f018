/* tests/support/tmpdir.h: where tests and fuzzers make their temporary folders.
 *
 * test_tmp_template(buf, size, "gf_name") writes the mkdtemp template
 * "$TMPDIR/gf_name_XXXXXX" into buf, with /tmp when TMPDIR is unset or
 * empty, and also when $TMPDIR would not fit in buf (the callers' buffers
 * are sized for the paths they build under it). Header only, so any test
 * binary can use it without a Makefile change.
 * SPDX-License-Identifier: MIT */
#ifndef GF_TEST_TMPDIR_H
#define GF_TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

static inline char *test_tmp_template(char *buf, size_t size, const char *name)
{
    const char *t = getenv("TMPDIR");
    int n = t && *t ? snprintf(buf, size, "%s/%s_XXXXXX", t, name) : -1;

    if (n < 0 || (size_t)n >= size)
        snprintf(buf, size, "/tmp/%s_XXXXXX", name);
    return buf;
}

#endif
