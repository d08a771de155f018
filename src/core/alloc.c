/* src/core/alloc.c: gf_malloc and friends over one replaceable function.
 *
 * Sized blocks (core_int.h) put a max_align_t-sized header holding the
 * payload size in front of the payload: gf_release frees them, and libcsv
 * allocates through them (its free passes no size), so the hook is told the
 * true size of every block they free.
 *
 * jansson allocates through the hook too (installed once, at load time, by a
 * constructor, so that a value allocated before a hook change is freed by
 * the same route), but without a size header, and its frees pass size 0
 * ("unknown", as gf_free allows): the texts jansson returns (json_dumps) are
 * freed with free() by their callers today (the server's response bodies go
 * to libmicrohttpd, which frees them with free()), and a header would break
 * that. TODO(#7): once those callers write through the streaming writer (or
 * free with jsonp's free), switch json_alloc/json_free to the sized blocks.
 * Only this file calls json_set_alloc_funcs.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <limits.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/core_int.h"
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

/* Budgets (alloc.h): a thread's current budget, charged before the hook is
 * called and credited when the hook fails or memory is freed. */
struct gf_budget {
    atomic_llong used, peak;
    atomic_int exceeded;
    long long limit;
};

static _Thread_local gf_budget *thread_budget;

gf_budget *gf_budget_create(size_t limit)
{
    gf_budget *b;

    if (limit == 0 || limit > (size_t)LLONG_MAX)
        return NULL;
    b = malloc(sizeof *b);
    if (!b)
        return NULL;
    atomic_init(&b->used, 0);
    atomic_init(&b->peak, 0);
    atomic_init(&b->exceeded, 0);
    b->limit = (long long)limit;
    return b;
}

void gf_budget_destroy(gf_budget *b)
{
    free(b);
}

gf_budget *gf_budget_enter(gf_budget *b)
{
    gf_budget *prev = thread_budget;

    thread_budget = b;
    return prev;
}

long long gf_budget_used(const gf_budget *b)
{
    return b ? atomic_load(&b->used) : 0;
}

long long gf_budget_peak(const gf_budget *b)
{
    return b ? atomic_load(&b->peak) : 0;
}

int gf_budget_exceeded(const gf_budget *b)
{
    return b ? atomic_load(&b->exceeded) : 0;
}

size_t gf_budget_limit(const gf_budget *b)
{
    return b ? (size_t)b->limit : 0;
}

/* Charge n bytes to this thread's budget: false (and nothing charged) when
 * that would pass its limit. */
static bool charge(size_t n)
{
    gf_budget *b = thread_budget;
    long long now, peak;

    if (!b || n == 0)
        return true;
    if (n > (size_t)b->limit) {
        atomic_store(&b->exceeded, 1);
        return false;
    }
    now = atomic_fetch_add(&b->used, (long long)n) + (long long)n;
    if (now > b->limit) {
        atomic_fetch_sub(&b->used, (long long)n);
        atomic_store(&b->exceeded, 1);
        return false;
    }
    peak = atomic_load(&b->peak);
    while (now > peak && !atomic_compare_exchange_weak(&b->peak, &peak, now))
        ;
    return true;
}

static void credit(size_t n)
{
    gf_budget *b = thread_budget;

    if (b && n)
        atomic_fetch_sub(&b->used, (long long)n);
}

void gf_set_allocator(gf_alloc_fn fn, void *ud)
{
    alloc_fn = fn ? fn : default_alloc;
    alloc_ud = fn ? ud : NULL;
}

void *gf_malloc(size_t size)
{
    void *p;

    if (size == 0 || !charge(size))
        return NULL;
    p = alloc_fn(alloc_ud, NULL, 0, size);
    if (!p)
        credit(size);
    return p;
}

void *gf_calloc(size_t n, size_t size)
{
    void *p;

    if (n == 0 || size == 0 || n > SIZE_MAX / size || !charge(n * size))
        return NULL;
    p = alloc_fn(alloc_ud, NULL, 0, n * size);
    if (p)
        memset(p, 0, n * size);
    else
        credit(n * size);
    return p;
}

void *gf_realloc(void *p, size_t old_size, size_t new_size)
{
    size_t grow = new_size > old_size ? new_size - old_size : 0;
    void *q;

    if (new_size == 0 || !charge(grow))
        return NULL;
    q = alloc_fn(alloc_ud, p, old_size, new_size);
    if (!q)
        credit(grow);
    else if (new_size < old_size)
        credit(old_size - new_size);
    return q;
}

void gf_free(void *p, size_t size)
{
    if (!p)
        return;
    alloc_fn(alloc_ud, p, size, 0);
    credit(size);
}

#define HEADER sizeof(max_align_t)

void *gf__sized_realloc(void *p, size_t n)
{
    unsigned char *b = p ? (unsigned char *)p - HEADER : NULL;
    size_t old = 0;

    if (n == 0 || n > SIZE_MAX - HEADER)
        return NULL;
    if (b)
        memcpy(&old, b, sizeof old);
    b = gf_realloc(b, b ? old + HEADER : 0, n + HEADER);
    if (!b)
        return NULL;
    memcpy(b, &n, sizeof n);
    return b + HEADER;
}

void *gf__sized_alloc(size_t n)
{
    return gf__sized_realloc(NULL, n);
}

void gf__sized_free(void *p)
{
    unsigned char *b;
    size_t n;

    if (!p)
        return;
    b = (unsigned char *)p - HEADER;
    memcpy(&n, b, sizeof n);
    gf_free(b, n + HEADER);
}

void gf_release(void *p)
{
    gf__sized_free(p);
}

static _Thread_local bool json_failed;

/* jansson reports a failed allocation inside its lexer as a syntax error
 * ("string or '}' expected"), so the wrapper remembers it for the readers. */
static void *json_alloc(size_t n)
{
    void *p = gf_malloc(n ? n : 1);

    if (!p)
        json_failed = true;
    return p;
}

void gf__json_oom_clear(void)
{
    json_failed = false;
}

bool gf__json_oom(void)
{
    return json_failed;
}

static void json_free(void *p)
{
    gf_free(p, 0);
}

__attribute__((constructor)) static void install_json_alloc(void)
{
    json_set_alloc_funcs(json_alloc, json_free);
}
