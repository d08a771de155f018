/* src/server/static.c: the web page's files.
 *
 * Static files are looked up under the realpath of the static folder and
 * served only if their own realpath stays inside it; a path with "%", "\\"
 * or a segment starting with "." is refused. The file is answered from its
 * descriptor.
 * SPDX-License-Identifier: MIT */
#define _XOPEN_SOURCE 700 /* realpath */
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/server_int.h"

/* ---- static files ---- */

static const char *mime(const char *path)
{
    static const char *const types[][2] = {
        {".html", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"},
        {".css", "text/css; charset=utf-8"},
        {".json", "application/json"},
        {".svg", "image/svg+xml"},
        {".png", "image/png"},
        {".ico", "image/x-icon"},
        {".txt", "text/plain; charset=utf-8"},
    };
    const char *dot = strrchr(path, '.');

    for (size_t i = 0; dot && i < sizeof types / sizeof types[0]; i++)
        if (!strcmp(dot, types[i][0]))
            return types[i][1];
    return "application/octet-stream";
}

static bool path_is_safe(const char *p)
{
    if (p[0] != '/' || strchr(p, '\\') || strchr(p, '%'))
        return false;
    for (const char *s = p; (s = strchr(s, '/')) != NULL; s++)
        if (s[1] == '.') /* "..", hidden files */
            return false;
    return true;
}

void gf__serve_static(gf_server *srv, const gf__request *req, gf__response *res)
{
    const char *path = strcmp(req->path, "/") == 0 ? "/index.html" : req->path;
    char full[PATH_MAX * 2], real[PATH_MAX];
    size_t n = strlen(srv->static_real);
    struct stat sb;
    int fd;

    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        snprintf(res->allow, sizeof res->allow, "GET, HEAD");
        gf__fail(res, 405, GF_EINVAL, req->path, "static files answer GET and HEAD only");
        return;
    }
    if (!srv->static_real[0] || !path_is_safe(path) ||
        (size_t)snprintf(full, sizeof full, "%s%s", srv->static_real, path) >= sizeof full ||
        !realpath(full, real) || strncmp(real, srv->static_real, n) != 0 || real[n] != '/') {
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "no such file");
        return;
    }
    fd = open(real, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        if (fd >= 0)
            close(fd);
        gf__fail(res, 404, GF_ENOTFOUND, req->path, "no such file");
        return;
    }
    res->status = 200;
    res->fd = fd;
    res->fd_size = (size_t)sb.st_size;
    res->content_type = mime(real);
}
