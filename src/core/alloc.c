/* src/core/alloc.c: gf_malloc and friends over one replaceable function.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grainflow/alloc.h"

static void *default_alloc(void *ud, void *ptr, size_t old_size, size_t new_size)
{
    (void)ud;
    (void)old_size;
    if (new_size == 0) {
        free(ptr);
        return NULL;
    }
    return realloc(ptr, new_size);
}

static gf_alloc_fn alloc_fn = default_alloc;
static void *alloc_ud;

void gf_set_allocator(gf_alloc_fn fn, void *ud)
{
    alloc_fn = fn ? fn : default_alloc;
    alloc_ud = fn ? ud : NULL;
}

void *gf_malloc(size_t size)
{
    if (size == 0)
        return NULL;
    return alloc_fn(alloc_ud, NULL, 0, size);
}

void *gf_calloc(size_t n, size_t size)
{
    void *p;

    if (n == 0 || size == 0 || n > SIZE_MAX / size)
        return NULL;
    p = alloc_fn(alloc_ud, NULL, 0, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *gf_realloc(void *p, size_t old_size, size_t new_size)
{
    if (new_size == 0)
        return NULL;
    return alloc_fn(alloc_ud, p, old_size, new_size);
}

void gf_free(void *p, size_t size)
{
    if (p)
        alloc_fn(alloc_ud, p, size, 0);
}
