/* src/cli/printf_hooks.c: keep glibc's printf on its fast path in the
 * grainflow programs, by refusing libquadmath's printf handlers.
 *
 * Why. Once any printf handler is registered (register_printf_specifier,
 * register_printf_modifier, register_printf_type), glibc's vfprintf takes
 * its slow, positional path for every call in the process, whatever the
 * format. libquadmath registers three, for its %Q modifier (printing
 * __float128 through printf), from a constructor that runs when it is
 * loaded, and it is always loaded here: libgfortran needs it, and COIN-OR's
 * and GDAL's LAPACK/BLAS need libgfortran. grainflow never prints a
 * __float128, but it prints millions of numbers: libxlsxwriter formats
 * each cell of plan.xlsx with snprintf, and the CSV, JSON and GeoJSON
 * writers and the server format with printf too. On the 5,000-place
 * synthetic scenario `perf` put about 8% of a `plan -o` run in glibc's slow
 * path (printf_positional, __printf_fp_l; bench/README.md, "Outputs on the
 * --scale 1 syn-5000"), and a loop of three million snprintf("%.16G") and
 * ("%d") calls runs in 1.4-1.6 s instead of 2.2-2.8 s with these three
 * definitions (measured with a 30-line program against -lquadmath).
 *
 * How. These definitions in the executable interpose glibc's: the dynamic
 * linker resolves libquadmath's calls to them (the executable comes first
 * in the lookup order, and the Makefile exports them with
 * --export-dynamic-symbol so that this holds for an indirect dependency
 * too). Each refuses, as glibc does when it cannot register: libquadmath
 * checks for -1 and then leaves printf alone, and quadmath_snprintf, its
 * own formatter, still works. Nothing else in the process registers
 * printf handlers (the CLI's libraries were checked with `nm -D
 * --undefined-only`: only libquadmath refers to these). The library
 * (libgrainflow) does not carry them: replacing libc functions is the
 * program's choice, not a library's; a program of its own that links
 * libgfortran can add the same three lines.
 * tests/integration/printf_fast.sh checks that both programs export them.
 * SPDX-License-Identifier: MIT */
#include <printf.h>
#include <wchar.h>

/* Default visibility: the build hides every symbol (-fvisibility=hidden),
 * and a hidden definition interposes nothing. */
#define GF_INTERPOSE __attribute__((visibility("default")))

GF_INTERPOSE int register_printf_specifier(int spec, printf_function *render,
                                           printf_arginfo_size_function *arginfo)
{
    (void)spec;
    (void)render;
    (void)arginfo;
    return -1;
}

GF_INTERPOSE int register_printf_modifier(const wchar_t *str)
{
    (void)str;
    return -1;
}

GF_INTERPOSE int register_printf_type(printf_va_arg_function *fct)
{
    (void)fct;
    return -1;
}
