/* include/grainflow/alloc.h: the one replaceable allocation hook.
 *
 * Every allocation of the library goes through gf_malloc/gf_realloc/gf_free,
 * which call one function (ud, ptr, old_size, new_size): new_size 0 frees,
 * ptr NULL allocates. Tests install a failing allocator; embedders count memory.
 * Set it before any other call; it is process-wide and not thread-safe to change.
 * jansson's and libcsv's allocations go through it too, so a hook sees every
 * byte the library asks for (jansson's frees pass size 0: see src/core/alloc.c).
 *
 * Freeing what the library hands back: every text or buffer returned as a
 * bare pointer (gf_export_plan_text, ...) is freed with gf_release(p); every
 * handle or result has its own gf_<type>_destroy (gf_plan_destroy, ...).
 * Nothing the library returns is freed with free().
 * SPDX-License-Identifier: MIT */
#ifndef GRAINFLOW_ALLOC_H
#define GRAINFLOW_ALLOC_H

#include <stddef.h>

#include "grainflow/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef void *(*gf_alloc_fn)(void *ud, void *ptr, size_t old_size, size_t new_size);

/* Install fn (NULL restores the default, which wraps malloc/realloc/free). */
GF_API void gf_set_allocator(gf_alloc_fn fn, void *ud);

/* Allocate size bytes; NULL on failure or when size is 0. */
GF_API void *gf_malloc(size_t size);
/* Allocate n*size zeroed bytes; NULL on failure or overflow. */
GF_API void *gf_calloc(size_t n, size_t size);
/* Resize p from old_size to new_size; on failure NULL and p is untouched. */
GF_API void *gf_realloc(void *p, size_t old_size, size_t new_size);
/* Free p (of size bytes as allocated; 0 if unknown). NULL is fine. */
GF_API void gf_free(void *p, size_t size);

/* Free a text or buffer the library handed back (it remembers its size).
 * NULL is fine. Never pass memory from gf_malloc or malloc. */
GF_API void gf_release(void *p);

#ifdef __cplusplus
}
#endif
#endif
