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
 *
 * Memory budgets. A gf_budget caps what one piece of work may allocate: a
 * thread that enters a budget (gf_budget_enter) has every allocation the
 * library makes on it charged to the budget, and one that would take the
 * budget past its limit fails (NULL, so the caller reports GF_ENOMEM)
 * before the hook is even called: the memory is never spent. Frees credit
 * the budget of the thread that frees, by the size they are told (jansson's
 * size-0 frees credit nothing, so a budget errs on the side of counting
 * too much). A budget may be entered by several threads at once (the
 * counters are atomic). The server gives each run one (serve
 * --max-run-memory).
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

typedef struct gf_budget gf_budget;

/* A budget of limit bytes (> 0). Owned (gf_budget_destroy); NULL when out
 * of memory. Its own few bytes are not charged to any budget. */
GF_API gf_budget *gf_budget_create(size_t limit);
/* Free b; it must no longer be entered by any thread. NULL is fine. */
GF_API void gf_budget_destroy(gf_budget *b);
/* Charge this thread's allocations to b from now on (NULL: to none) and
 * return the budget it was charging before, to enter again after. */
GF_API gf_budget *gf_budget_enter(gf_budget *b);
/* Bytes charged now (frees deducted; may dip below 0 when memory allocated
 * outside the budget is freed inside it), the highest it reached, and
 * whether an allocation was refused for going over the limit. */
GF_API long long gf_budget_used(const gf_budget *b);
GF_API long long gf_budget_peak(const gf_budget *b);
GF_API int gf_budget_exceeded(const gf_budget *b);
GF_API size_t gf_budget_limit(const gf_budget *b);

/* Free a text or buffer the library handed back (it remembers its size).
 * NULL is fine. Never pass memory from gf_malloc or malloc. */
GF_API void gf_release(void *p);

#ifdef __cplusplus
}
#endif
#endif
