/* tests/unit/test_budget.c: memory budgets (alloc.h): what a thread may allocate.
 * SPDX-License-Identifier: MIT */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "grainflow/alloc.h"
#include "grainflow/plan.h"
#include "grainflow/scenario.h"

static void test_budget_refuses_what_would_pass_its_limit(void **state)
{
    gf_budget *b = gf_budget_create(1000), *prev;
    void *p, *q, *r;

    (void)state;
    assert_non_null(b);
    prev = gf_budget_enter(b);
    assert_null(prev);
    p = gf_malloc(600);
    assert_non_null(p);
    assert_int_equal(gf_budget_used(b), 600);
    q = gf_malloc(600); /* 1200 > 1000: refused before the hook */
    assert_null(q);
    assert_true(gf_budget_exceeded(b));
    assert_int_equal(gf_budget_used(b), 600);
    r = gf_realloc(p, 600, 1001); /* refused; p untouched */
    assert_null(r);
    memset(p, 7, 600);
    r = gf_realloc(p, 600, 300); /* shrinking credits the difference */
    assert_non_null(r);
    assert_int_equal(gf_budget_used(b), 300);
    q = gf_calloc(7, 100);
    assert_non_null(q);
    assert_int_equal(gf_budget_used(b), 1000);
    assert_int_equal(gf_budget_peak(b), 1000);
    gf_free(q, 700);
    gf_free(r, 300);
    assert_int_equal(gf_budget_used(b), 0);
    assert_int_equal(gf_budget_peak(b), 1000);
    assert_ptr_equal(gf_budget_enter(NULL), b);
    p = gf_malloc(5000); /* no budget entered: not charged */
    assert_non_null(p);
    gf_free(p, 5000);
    assert_int_equal(gf_budget_used(b), 0);
    assert_int_equal(gf_budget_limit(b), 1000);
    gf_budget_destroy(b);
    assert_null(gf_budget_create(0));
}

typedef struct worker_arg {
    gf_budget *b;
    int allocs;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *a = arg;
    void *ps[100];

    gf_budget_enter(a->b);
    for (int i = 0; i < a->allocs; i++)
        ps[i] = gf_malloc(10);
    gf_budget_enter(NULL);
    for (int i = 0; i < a->allocs; i++)
        gf_free(ps[i], 0); /* outside the budget: no credit */
    return NULL;
}

static void test_budget_is_shared_by_threads_that_enter_it(void **state)
{
    gf_budget *b = gf_budget_create(1 << 20);
    worker_arg a = {b, 100};
    pthread_t t[2];

    (void)state;
    for (int i = 0; i < 2; i++)
        assert_int_equal(pthread_create(&t[i], NULL, worker, &a), 0);
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    assert_int_equal(gf_budget_used(b), 2 * 100 * 10);
    assert_false(gf_budget_exceeded(b));
    gf_budget_destroy(b);
}

/* A plan needs a measurable amount: under a budget below it the plan fails
 * with GF_ENOMEM and leaks nothing (ASan), under one above it it succeeds. */
static void test_budget_bounds_a_whole_plan(void **state)
{
    gf_error err = {0};
    gf_budget *big = gf_budget_create((size_t)1 << 30), *small;
    gf_model *m;
    gf_plan *plan;
    long long peak;

    (void)state;
    gf_budget_enter(big);
    m = gf_scenario_read_csv("tests/data/hub", &err);
    assert_non_null(m);
    plan = gf_plan_solve(m, &err);
    assert_non_null(plan);
    gf_plan_destroy(plan);
    gf_model_destroy(m);
    gf_budget_enter(NULL);
    peak = gf_budget_peak(big);
    assert_true(peak > 10000);
    assert_false(gf_budget_exceeded(big));
    gf_budget_destroy(big);

    small = gf_budget_create((size_t)(peak / 2));
    gf_budget_enter(small);
    m = gf_scenario_read_csv("tests/data/hub", &err);
    plan = m ? gf_plan_solve(m, &err) : NULL;
    assert_null(plan);
    assert_int_equal(err.code, GF_ENOMEM);
    assert_true(gf_budget_exceeded(small));
    gf_model_destroy(m);
    gf_budget_enter(NULL);
    assert_true(gf_budget_used(small) >= 0);
    gf_budget_destroy(small);
}

/* Frees are told their size: a plan solved and freed under a budget gives
 * back every byte it took (network, solver, solution, plan arrays, routes),
 * and so does the model read under it. */
static void test_budget_is_credited_in_full_when_a_plan_is_freed(void **state)
{
    gf_error err = {0};
    gf_budget *b = gf_budget_create((size_t)1 << 30);
    gf_model *m;
    gf_plan *plan;
    long long before;

    (void)state;
    gf_budget_enter(b);
    m = gf_scenario_read_csv("data/kz-ma-africa-v1", &err);
    assert_non_null(m);
    before = gf_budget_used(b);
    assert_true(before > 0);
    plan = gf_plan_solve(m, &err);
    assert_non_null(plan);
    assert_true(plan->n_routes > 64); /* the routes array grew past its first size */
    assert_true(gf_budget_used(b) > before);
    gf_plan_destroy(plan);
    assert_int_equal(gf_budget_used(b), before);
    gf_model_destroy(m);
    assert_int_equal(gf_budget_used(b), 0);
    gf_budget_enter(NULL);
    gf_budget_destroy(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_budget_refuses_what_would_pass_its_limit),
        cmocka_unit_test(test_budget_is_shared_by_threads_that_enter_it),
        cmocka_unit_test(test_budget_bounds_a_whole_plan),
        cmocka_unit_test(test_budget_is_credited_in_full_when_a_plan_is_freed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
