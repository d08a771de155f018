/* tests/support/failing_alloc.c: an allocator that fails from the n-th call on.
 *
 * Wraps malloc/realloc/free and counts every call that allocates or resizes
 * to a nonzero size; once the count reaches the armed limit those calls
 * return NULL and leave any old block untouched, as gf_realloc promises.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>

#include "grainflow/alloc.h"
#include "support/failing_alloc.h"

static long fail_at;
static long calls;

static void *failing_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    if (calls++ >= fail_at)
        return NULL;
    return realloc(ptr, new_size);
}

void failing_alloc_arm(long n)
{
    fail_at = n;
    calls = 0;
    gf_set_allocator(failing_alloc, NULL);
}

void failing_alloc_disarm(void)
{
    gf_set_allocator(NULL, NULL);
}
