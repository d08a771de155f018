/* tests/unit/test_export_v2_dir.c: a version-2 plan's -o folder, all or nothing.
 *
 * gf_export_plan_v2_dir writes nine files (five CSV tables, plan.json,
 * plan.geojson, plan.xlsx, plan.gpkg) through the same folder build as
 * version 1 (gf__export_dir). Every write, fsync and rename of it is failed
 * in turn (support/failing_io.c), for a new folder and for one that exists:
 * a new folder is never left half made, an existing one keeps its other
 * files and holds, for each of the nine, the old file or the complete new
 * one. plan.xlsx and plan.gpkg are written by their libraries (outside the
 * fault layer's writes), then fsync'd through it: the fsync faults reach
 * them too. An allocation failure anywhere leaves nothing either.
 * tests/integration/plan_v2_files.sh reads the files' content back.
 * SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "grainflow/plan_v2.h"
#include "grainflow/scenario.h"
#include "support/failing_alloc.h"
#include "support/failing_io.h"
#include "support/tmpdir.h"

#ifndef DATA
#define DATA "tests/data"
#endif

/* The text files, compared byte for byte with a good export's. */
static const char *const text_files[] = {"conversions.csv", "flows.csv", "hubs.csv",    "links.csv",
                                         "plan.geojson",    "plan.json", "products.csv"};
#define N_TEXT (sizeof text_files / sizeof text_files[0])
/* The files written by a library, recognised by their first bytes: a zip
 * (xlsx) and an SQLite database (GeoPackage). */
static const struct {
    const char *name, *magic;
} lib_files[] = {{"plan.xlsx", "PK\003\004"}, {"plan.gpkg", "SQLite format 3"}};
#define N_LIB (sizeof lib_files / sizeof lib_files[0])

/* The whole content of path (free()), or NULL when it does not exist. */
static char *slurp(const char *path, size_t *len_out)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL, b[4096];
    size_t len = 0, n;
    FILE *m;

    if (!f)
        return NULL;
    m = open_memstream(&buf, &len);
    while ((n = fread(b, 1, sizeof b, f)) > 0)
        fwrite(b, 1, n, m);
    fclose(m);
    fclose(f);
    if (len_out)
        *len_out = len;
    return buf;
}

static char *join(const char *dir, const char *name)
{
    char *p = malloc(strlen(dir) + strlen(name) + 2);

    sprintf(p, "%s/%s", dir, name); /* sized above */
    return p;
}

/* The sorted names in dir, one per line (free()). */
static char *listing(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);

    assert_true(n >= 0);
    for (int i = 0; i < n; i++) {
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, ".."))
            fprintf(m, "%s\n", names[i]->d_name);
        free(names[i]);
    }
    free(names);
    fclose(m);
    return buf;
}

static void remove_tree(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);

    if (n < 0)
        return;
    for (int i = 0; i < n; i++) {
        char *p = join(dir, names[i]->d_name);
        struct stat st;
        if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..") && !lstat(p, &st))
            S_ISDIR(st.st_mode) ? remove_tree(p) : (void)unlink(p);
        free(p);
        free(names[i]);
    }
    free(names);
    rmdir(dir);
}

typedef struct fixture {
    gf_model *m;
    gf_plan_v2 *p;
    char root[128];
    char *ref[N_TEXT]; /* the text files as a good export writes them */
} fixture;

static void fixture_init(fixture *fx, const char *scenario)
{
    gf_error err = {0};
    char *dir;

    memset(fx, 0, sizeof *fx);
    fx->m = gf_scenario_read_csv(scenario, &err);
    fx->p = fx->m ? gf_plan_v2_solve(fx->m, NULL, &err) : NULL;
    if (!fx->p)
        fail_msg("%s: %s", scenario, err.msg);
    test_tmp_template(fx->root, sizeof fx->root, "gf_v2dir");
    assert_non_null(mkdtemp(fx->root));
    dir = join(fx->root, "ref");
    assert_int_equal(gf_export_plan_v2_dir(fx->p, dir, &err), GF_OK);
    for (size_t i = 0; i < N_TEXT; i++) {
        char *path = join(dir, text_files[i]);
        fx->ref[i] = slurp(path, NULL);
        assert_non_null(fx->ref[i]);
        free(path);
    }
    remove_tree(dir);
    free(dir);
}

static void fixture_fini(fixture *fx)
{
    for (size_t i = 0; i < N_TEXT; i++)
        free(fx->ref[i]);
    remove_tree(fx->root);
    gf_plan_v2_destroy(fx->p);
    gf_model_destroy(fx->m);
}

/* Is the content of dir/name "old NAME" as seeded? */
static bool is_old(const char *got, const char *name)
{
    char old[64];

    snprintf(old, sizeof old, "old %s", name);
    return strcmp(got, old) == 0;
}

/* dir holds the nine files, each the good export's (a library file: a
 * whole zip or SQLite file of more than a header) or, with old_ok, the old
 * one as seeded; and "keep.txt" when seeded. */
static void check_folder(const fixture *fx, const char *dir, bool old_ok, bool seeded)
{
    for (size_t i = 0; i < N_TEXT; i++) {
        char *path = join(dir, text_files[i]), *got = slurp(path, NULL);
        if (!got)
            fail_msg("%s is missing", path);
        if (strcmp(got, fx->ref[i]) != 0 && !(old_ok && is_old(got, text_files[i])))
            fail_msg("%s is neither the old nor the complete new file (%zu bytes)", path,
                     strlen(got));
        free(got);
        free(path);
    }
    for (size_t i = 0; i < N_LIB; i++) {
        size_t len = 0;
        char *path = join(dir, lib_files[i].name), *got = slurp(path, &len);
        if (!got)
            fail_msg("%s is missing", path);
        if (!(old_ok && is_old(got, lib_files[i].name)) &&
            (len < 1024 || memcmp(got, lib_files[i].magic, strlen(lib_files[i].magic)) != 0))
            fail_msg("%s is neither the old file nor a whole new one (%zu bytes)", path, len);
        free(got);
        free(path);
    }
    if (seeded) {
        char *path = join(dir, "keep.txt"), *got = slurp(path, NULL);
        assert_non_null(got);
        assert_string_equal(got, "mine");
        free(got);
        free(path);
    }
}

static void write_text(const char *dir, const char *name, const char *text)
{
    char *path = join(dir, name);
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void seed_folder(const char *dir)
{
    char old[64];

    mkdir(dir, 0777);
    for (size_t i = 0; i < N_TEXT + N_LIB; i++) {
        const char *name = i < N_TEXT ? text_files[i] : lib_files[i - N_TEXT].name;
        snprintf(old, sizeof old, "old %s", name);
        write_text(dir, name, old);
    }
    write_text(dir, "keep.txt", "mine");
}

/* One fault kind, failed at each call in turn, into a new (existing 0) or
 * a seeded folder; returns how many calls failed the export. */
static long fail_each(fixture *fx, failing_io_kind kind, int existing)
{
    char *dir = join(fx->root, "out");
    long n, faults = 0;

    for (n = 0;; n++) {
        gf_error err = {0};
        char *before, *after;
        int rc;
        remove_tree(dir);
        if (existing)
            seed_folder(dir);
        before = listing(fx->root);
        failing_io_arm(kind, n);
        rc = gf_export_plan_v2_dir(fx->p, dir, &err);
        failing_io_disarm();
        if (failing_io_calls() <= n) { /* the fault was never reached */
            assert_int_equal(rc, GF_OK);
            free(before);
            break;
        }
        if (kind == FAILING_IO_SHORT) { /* not an error: the rest is written */
            assert_int_equal(rc, GF_OK);
            check_folder(fx, dir, false, existing);
            free(before);
            continue;
        }
        faults++;
        if (rc != GF_EIO)
            fail_msg("fault %d at call %ld: rc %d (%s)", (int)kind, n, rc, err.msg);
        assert_string_equal(err.input, dir);
        if (existing)
            check_folder(fx, dir, true, true);
        after = listing(fx->root);
        if (strcmp(after, before) != 0) {
            /* only the parent's fsync after the rename can fail with the
             * folder in place, and then it is whole */
            assert_int_equal(kind, FAILING_IO_FSYNC);
            assert_false(existing);
            check_folder(fx, dir, false, false);
        }
        free(after);
        free(before);
    }
    check_folder(fx, dir, false, existing);
    free(dir);
    return faults;
}

static void survives_every_io_fault(const char *scenario)
{
    fixture fx;

    fixture_init(&fx, scenario);
    for (int existing = 0; existing < 2; existing++) {
        /* seven streamed files: each can fill the disk */
        assert_true(fail_each(&fx, FAILING_IO_FULL, existing) >= 7);
        fail_each(&fx, FAILING_IO_SHORT, existing);
        /* nine files and the temporary folder are synced: the library
         * files' fsyncs fail the export too */
        assert_true(fail_each(&fx, FAILING_IO_FSYNC, existing) >= 10);
        /* one rename (new folder) or one per file (existing) */
        assert_true(fail_each(&fx, FAILING_IO_RENAME, existing) >= (existing ? 9 : 1));
    }
    fixture_fini(&fx);
}

static void test_v2_dir_hub_survives_every_io_fault(void **state)
{
    (void)state;
    survives_every_io_fault(DATA "/v2_hub");
}

static void test_v2_dir_milling_survives_every_io_fault(void **state)
{
    (void)state;
    survives_every_io_fault(DATA "/v2_milling");
}

/* -o onto a file is refused before anything is written; -o through a
 * symlink to a folder writes into that folder and keeps the link. */
static void test_v2_dir_targets(void **state)
{
    fixture fx;
    gf_error err = {0};
    char *file, *sub, *link, *before, *after;
    struct stat st;

    (void)state;
    fixture_init(&fx, DATA "/v2_hub");
    file = join(fx.root, "a-file");
    write_text(fx.root, "a-file", "x");
    before = listing(fx.root);
    assert_int_equal(gf_export_plan_v2_dir(fx.p, file, &err), GF_EINVAL);
    assert_non_null(strstr(err.msg, "not a folder"));
    after = listing(fx.root);
    assert_string_equal(after, before);
    sub = join(fx.root, "sub");
    link = join(fx.root, "link");
    assert_int_equal(mkdir(sub, 0777), 0);
    assert_int_equal(symlink("sub", link), 0);
    gf_error_clear(&err);
    assert_int_equal(gf_export_plan_v2_dir(fx.p, link, &err), GF_OK);
    check_folder(&fx, sub, false, false);
    assert_int_equal(lstat(link, &st), 0);
    assert_true(S_ISLNK(st.st_mode));
    free(after);
    free(before);
    free(link);
    free(sub);
    free(file);
    fixture_fini(&fx);
}

/* An allocation failure anywhere in -o: GF_ENOMEM, nothing leaked (ASan),
 * no file or folder left; the loop ends at the first success, which is
 * the whole folder. */
static void test_v2_dir_fails_cleanly_at_every_allocation(void **state)
{
    fixture fx;
    char *dir, *before, *after;
    long fail_at;
    int rc = GF_ENOMEM;

    (void)state;
    fixture_init(&fx, DATA "/v2_milling");
    dir = join(fx.root, "out");
    before = listing(fx.root);
    for (fail_at = 0; rc; fail_at++) {
        gf_error err = {0};
        failing_alloc_arm(fail_at);
        rc = gf_export_plan_v2_dir(fx.p, dir, &err);
        failing_alloc_disarm();
        if (rc) {
            assert_int_equal(rc, GF_ENOMEM);
            after = listing(fx.root);
            assert_string_equal(after, before);
            free(after);
        }
    }
    check_folder(&fx, dir, false, false);
    free(before);
    free(dir);
    fixture_fini(&fx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_v2_dir_hub_survives_every_io_fault),
        cmocka_unit_test(test_v2_dir_milling_survives_every_io_fault),
        cmocka_unit_test(test_v2_dir_targets),
        cmocka_unit_test(test_v2_dir_fails_cleanly_at_every_allocation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
