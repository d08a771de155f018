/* tests/support/failing_alloc.h: an allocator that fails from the n-th call on.
 *
 * failing_alloc_arm(n) installs (through gf_set_allocator) an allocator under
 * which allocations number 0..n-1 succeed and allocation n and every later one
 * return NULL; reallocations count as allocations, frees always succeed.
 * failing_alloc_disarm() restores the default allocator. Used by the loops of
 * STYLE.md section 8, which fail every allocation of an entry point in turn.
 * Process-wide state: not for concurrent tests.
 * SPDX-License-Identifier: MIT */
#ifndef GF_TESTS_FAILING_ALLOC_H
#define GF_TESTS_FAILING_ALLOC_H

void failing_alloc_arm(long n);
void failing_alloc_disarm(void);

#endif
