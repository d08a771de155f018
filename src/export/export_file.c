/* src/export/export_file.c: the one way the library writes an output file.
 *
 * Every file output (-o's nine files, --report, --flows) goes through
 * gf_export_file or the folder build gf__export_dir (both plan versions' -o,
 * each with its own list of files), which promise that a failure (a full
 * disk, an I/O error, out of memory, a refused text) never leaves a partial
 * or missing file where a good one was:
 *
 *  - The target is resolved first. A symlink is written through: the file it
 *    points to is replaced and the link stays a link (a dangling link is
 *    refused, since its target's folder may not be ours to create in).
 *    Anything that exists and is not a regular file (a device such as
 *    /dev/full, a FIFO, a folder) is refused before anything is written.
 *  - The text goes to a new file ".NAME.tmp-PID-N" beside the target
 *    (O_CREAT | O_EXCL | O_NOFOLLOW, so it never follows or reuses anything an
 *    attacker planted), through a FILE * whose writes retry short writes and
 *    whose errors are kept; the file is fsync'd and closed, then renamed over
 *    the target, and the folder is fsync'd so that the rename survives a
 *    crash. A replaced file keeps its permission bits; a new one gets
 *    0666 less the umask. On any failure the temporary file is removed.
 *  - A folder (-o) is written whole into a temporary folder beside it, every
 *    file fsync'd, and renamed into place when the folder did not exist, so
 *    a failure leaves nothing. When the folder exists already (a re-run, or
 *    a folder holding other files, which are kept), the complete, synced
 *    files are renamed into it one by one: a failure while writing still
 *    changes nothing, and only a failed rename (which does not happen short
 *    of a hardware fault or a concurrent writer) could leave some files new.
 *
 * The system calls go through core/io.c so that tests fail each in turn.
 * fopencookie is GNU libc (and musl); it is why this file defines
 * _GNU_SOURCE.
 * SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/core_int.h"
#include "export/export_int.h"
#include "grainflow/dimacs.h"
#include "grainflow/export.h"

#define PATH_CAP 4096

static atomic_uint tmp_counter;

/* ---- a FILE * over an fd whose writes go through gf__io_write ---- */

static ssize_t cookie_write(void *c, const char *buf, size_t n)
{
    int fd = *(int *)c;
    size_t done = 0;

    while (done < n) {
        ssize_t k = gf__io_write(fd, buf + done, n - done);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            if (k == 0)
                errno = ENOSPC;
            return done ? (ssize_t)done : -1; /* stdio reports the rest as an error */
        }
        done += (size_t)k;
    }
    return (ssize_t)done;
}

static int cookie_close(void *c)
{
    (void)c; /* the fd is closed by write_synced, after its fsync */
    return 0;
}

/* Split path into its folder ("." if none) and its last name; trailing
 * slashes are ignored. GF_ELIMIT when too long, GF_EINVAL for "" or "/". */
static int split_path(const char *path, char *dir, char *base, gf_error *err)
{
    size_t n = strlen(path);
    const char *slash;

    while (n > 1 && path[n - 1] == '/')
        n--;
    if (n == 0 || (n == 1 && path[0] == '/'))
        return gf_fail(err, GF_EINVAL, "'%s' is not a file or folder name", path);
    if (n >= PATH_CAP)
        return gf_fail(err, GF_ELIMIT, "output path is too long (%zu bytes; at most %d)", n,
                       PATH_CAP - 1);
    slash = memrchr(path, '/', n);
    if (!slash) {
        snprintf(dir, PATH_CAP, ".");
        snprintf(base, PATH_CAP, "%.*s", (int)n, path);
    } else {
        snprintf(dir, PATH_CAP, "%.*s", slash == path ? 1 : (int)(slash - path), path);
        snprintf(base, PATH_CAP, "%.*s", (int)(n - (size_t)(slash + 1 - path)), slash + 1);
    }
    return GF_OK;
}

/* Resolve path into out: itself, or the file a symlink at it points to.
 * *st gets the target's status, st->st_mode 0 when it does not exist.
 * Refuses a dangling symlink and anything that is not of the wanted kind
 * (S_IFREG or S_IFDIR). */
static int resolve(const char *path, mode_t kind, char *out, struct stat *st, gf_error *err)
{
    const char *what = kind == S_IFDIR ? "folder" : "regular file";
    char *real;

    memset(st, 0, sizeof *st);
    if (strlen(path) >= PATH_CAP)
        return gf_fail(err, GF_ELIMIT, "output path is too long (at most %d bytes)", PATH_CAP - 1);
    if (lstat(path, st)) {
        memset(st, 0, sizeof *st);
        if (errno != ENOENT)
            return gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
        snprintf(out, PATH_CAP, "%s", path);
        return GF_OK;
    }
    if (S_ISLNK(st->st_mode)) {
        real = realpath(path, NULL);
        if (!real || stat(real, st))
            return gf_fail(err, GF_EINVAL,
                           "%s is a symbolic link to a missing %s; remove the link or create "
                           "its target first",
                           path, what);
        snprintf(out, PATH_CAP, "%s", real);
        free(real); /* realpath's own malloc */
    } else {
        snprintf(out, PATH_CAP, "%s", path);
    }
    if ((st->st_mode & S_IFMT) != kind)
        return gf_fail(err, GF_EINVAL,
                       "%s exists and is not a %s (a device, a FIFO or a %s); give the path "
                       "of a %s to write",
                       path, what, kind == S_IFDIR ? "file" : "folder", what);
    return GF_OK;
}

/* A fresh name ".base.tmp-PID-N" in dir. */
static int temp_name(const char *dir, const char *base, char *out, gf_error *err)
{
    unsigned n = atomic_fetch_add(&tmp_counter, 1u);

    if ((size_t)snprintf(out, PATH_CAP, "%s/.%s.tmp-%ld-%u", dir, base, (long)getpid(), n) >=
        PATH_CAP)
        return gf_fail(err, GF_ELIMIT, "output path is too long (at most %d bytes)",
                       PATH_CAP - 200);
    return GF_OK;
}

static int sync_folder(const char *dir, gf_error *err)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = GF_OK;

    if (fd < 0 || gf__io_fsync(fd))
        rc = gf_fail(err, GF_EIO, "cannot sync folder %s: %s", dir, strerror(errno));
    if (fd >= 0)
        close(fd);
    return rc;
}

/* Create path (which must not exist) with mode (0: 0666 less the umask),
 * write it through fn, fsync and close it. On failure path is removed. */
static int write_synced(const char *path, mode_t mode, gf_export_fn fn, void *ctx, gf_error *err)
{
    cookie_io_functions_t io = {.write = cookie_write, .close = cookie_close};
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *f = NULL;
    int rc = GF_OK;

    if (fd < 0)
        return gf_fail(err, GF_EIO, "cannot create %s: %s", path, strerror(errno));
    if (mode && fchmod(fd, mode & 07777)) {
        rc = gf_fail(err, GF_EIO, "cannot set the mode of %s: %s", path, strerror(errno));
        goto out;
    }
    f = fopencookie(&fd, "w", io);
    if (!f) {
        rc = gf_fail(err, GF_ENOMEM, "out of memory opening %s", path);
        goto out;
    }
    rc = fn(ctx, f, err);
    if ((fflush(f) || ferror(f)) && !rc)
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
    if (!rc && gf__io_fsync(fd))
        rc = gf_fail(err, GF_EIO, "cannot sync %s: %s", path, strerror(errno));
out:
    if (f)
        fclose(f); /* everything was flushed or has failed already */
    if (close(fd) && !rc)
        rc = gf_fail(err, GF_EIO, "cannot write %s: %s", path, strerror(errno));
    if (rc)
        unlink(path);
    return rc;
}

int gf_export_file(const char *path, gf_export_fn fn, void *ctx, gf_error *err)
{
    char target[PATH_CAP], dir[PATH_CAP], base[PATH_CAP], tmp[PATH_CAP];
    struct stat st;
    int rc;

    if (!path || !fn)
        return gf_fail(err, GF_EINVAL, "gf_export_file: NULL argument");
    rc = resolve(path, S_IFREG, target, &st, err);
    if (!rc)
        rc = split_path(target, dir, base, err);
    if (!rc)
        rc = temp_name(dir, base, tmp, err);
    if (!rc)
        rc = write_synced(tmp, st.st_mode, fn, ctx, err);
    if (rc)
        goto out;
    if (gf__io_rename(tmp, target)) {
        rc = gf_fail(err, GF_EIO, "cannot rename %s to %s: %s", tmp, target, strerror(errno));
        unlink(tmp);
        goto out;
    }
    rc = sync_folder(dir, err);
out:
    gf_error_at(err, path, 0, 0);
    return rc;
}

/* ---- a whole output folder ---- */

/* Write one file of a folder into tmp: streamed through write_synced, or
 * written by a library that opens its own file (libxlsxwriter, GDAL) and then
 * synced here. The I/O-fault layer (gf__io_*) does not reach the library's
 * own writes; a failure of theirs still leaves nothing under the final
 * names, and the fsync of the result goes through gf__io_fsync. */
static int write_dir_file(const gf__dir_file *f, const char *path, gf_error *err)
{
    int fd, rc;

    if (f->fn)
        return write_synced(path, 0, f->fn, f->ctx, err);
    rc = f->path_fn(f->ctx, path, err);
    if (rc)
        return rc;
    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || gf__io_fsync(fd))
        rc = gf_fail(err, GF_EIO, "cannot sync %s: %s", path, strerror(errno));
    if (fd >= 0)
        close(fd);
    if (rc)
        unlink(path);
    return rc;
}

/* Remove the temporary folder tmp and the files of ours in it. */
static void remove_temp_folder(const char *tmp, const gf__dir_file *files, size_t n)
{
    char path[PATH_CAP + 64];

    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", tmp, files[i].name);
        unlink(path);
    }
    rmdir(tmp);
}

/* Write every file into the new folder tmp and sync it. */
static int fill_folder(const char *tmp, const gf__dir_file *files, size_t n, gf_error *err)
{
    char path[PATH_CAP + 64];
    int rc = GF_OK;

    for (size_t i = 0; !rc && i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", tmp, files[i].name);
        rc = write_dir_file(&files[i], path, err);
    }
    return rc ? rc : sync_folder(tmp, err);
}

/* Move the files of tmp into the existing folder target, one by one. */
static int move_files(const char *tmp, const char *target, const gf__dir_file *files, size_t n,
                      gf_error *err)
{
    char from[PATH_CAP + 64], to[PATH_CAP + 64];

    for (size_t i = 0; i < n; i++) {
        snprintf(from, sizeof from, "%s/%s", tmp, files[i].name);
        if ((size_t)snprintf(to, sizeof to, "%s/%s", target, files[i].name) >= sizeof to)
            return gf_fail(err, GF_ELIMIT, "output path is too long");
        if (gf__io_rename(from, to))
            return gf_fail(err, GF_EIO,
                           "cannot rename %s to %s: %s (the files before it in %s are new)", from,
                           to, strerror(errno), target);
    }
    return sync_folder(target, err);
}

int gf__export_dir(const char *dir, const gf__dir_file *files, size_t n, gf_error *err)
{
    char target[PATH_CAP], parent[PATH_CAP], base[PATH_CAP], tmp[PATH_CAP];
    struct stat st;
    bool made = false;
    int rc;

    rc = resolve(dir, S_IFDIR, target, &st, err);
    if (!rc)
        rc = split_path(target, parent, base, err);
    if (!rc)
        rc = temp_name(parent, base, tmp, err);
    if (!rc && mkdir(tmp, 0777))
        rc = gf_fail(err, GF_EIO, "cannot create output folder %s: %s", tmp, strerror(errno));
    made = !rc;
    if (!rc)
        rc = fill_folder(tmp, files, n, err);
    if (!rc && st.st_mode == 0) {
        if (gf__io_rename(tmp, target))
            rc = gf_fail(err, GF_EIO, "cannot rename %s to %s: %s", tmp, target, strerror(errno));
        else
            made = false;
        if (!rc)
            rc = sync_folder(parent, err);
    } else if (!rc) {
        rc = move_files(tmp, target, files, n, err);
    }
    if (made)
        remove_temp_folder(tmp, files, n);
    gf_error_at(err, dir, 0, 0);
    return rc;
}

/* The version-1 folder: five CSV tables, plan.json, plan.geojson, then
 * plan.xlsx and plan.gpkg (written by their libraries, after the others). */

typedef struct plan_writer {
    const gf_plan *p;
    int (*fn)(const gf_plan *, FILE *, gf_error *);
} plan_writer;

static int call_plan_writer(void *ctx, FILE *f, gf_error *err)
{
    const plan_writer *w = ctx;

    return w->fn(w->p, f, err);
}

static int call_xlsx(void *ctx, const char *path, gf_error *err)
{
    static const char *const tables[] = {"flows", "markets", "stocks", "bottlenecks", "routes"};

    (void)ctx; /* the sheets are the CSV files written before it */
    return gf__export_xlsx_tables(path, tables, sizeof tables / sizeof tables[0], err);
}

static int call_gpkg(void *ctx, const char *path, gf_error *err)
{
    return gf__export_plan_gpkg(ctx, path, err);
}

#define TABLE_WRITER(name)                                          \
    static int csv_##name(const gf_plan *p, FILE *f, gf_error *err) \
    {                                                               \
        return gf_export_plan_csv(p, #name, f, err);                \
    }
TABLE_WRITER(flows)
TABLE_WRITER(markets)
TABLE_WRITER(stocks)
TABLE_WRITER(bottlenecks)
TABLE_WRITER(routes)

static const struct {
    const char *file;
    int (*fn)(const gf_plan *, FILE *, gf_error *);
} dir_files[] = {{"flows.csv", csv_flows},
                 {"markets.csv", csv_markets},
                 {"stocks.csv", csv_stocks},
                 {"bottlenecks.csv", csv_bottlenecks},
                 {"routes.csv", csv_routes},
                 {"plan.json", gf_export_plan_json},
                 {"plan.geojson", gf_export_plan_geojson}};

#define N_DIR_FILES (sizeof dir_files / sizeof dir_files[0])

int gf_export_plan_dir(const gf_plan *p, const char *dir, gf_error *err)
{
    plan_writer w[N_DIR_FILES];
    gf__dir_file files[N_DIR_FILES + 2];

    if (!p || !dir)
        return gf_fail(err, GF_EINVAL, "gf_export_plan_dir: NULL argument");
    for (size_t i = 0; i < N_DIR_FILES; i++) {
        w[i] = (plan_writer){p, dir_files[i].fn};
        files[i] = (gf__dir_file){.name = dir_files[i].file, .fn = call_plan_writer, .ctx = &w[i]};
    }
    files[N_DIR_FILES] = (gf__dir_file){"plan.xlsx", NULL, call_xlsx, (void *)p};
    files[N_DIR_FILES + 1] = (gf__dir_file){"plan.gpkg", NULL, call_gpkg, (void *)p};
    return gf__export_dir(dir, files, N_DIR_FILES + 2, err);
}

typedef struct flows_ctx {
    const gf_mcf *mcf;
    int64_t cost;
} flows_ctx;

static int write_mcf_flows(void *ctx, FILE *f, gf_error *err)
{
    const flows_ctx *c = ctx;

    return gf_dimacs_write_flows(f, c->mcf, c->cost, err);
}

int gf_export_mcf_flows(const char *path, const gf_mcf *mcf, int64_t cost, gf_error *err)
{
    flows_ctx c = {mcf, cost};

    if (!mcf)
        return gf_fail(err, GF_EINVAL, "gf_export_mcf_flows: NULL argument");
    return gf_export_file(path, write_mcf_flows, &c, err);
}
