/* src/server/multipart.c: split a multipart/form-data body (RFC 7578).
 *
 * The body is held whole in memory (the server's body limit applies). Parts
 * are found by the "--boundary" delimiter lines; each part's headers are read
 * for Content-Disposition's name; the content runs to the CRLF before the
 * next delimiter. Pointers returned point into the body: no copy is made.
 * SPDX-License-Identifier: MIT */
#include <string.h>
#include <strings.h>

#include "server/multipart.h"

/* Find needle (n bytes) in hay (h bytes). */
static const char *find(const char *hay, size_t h, const char *needle, size_t n)
{
    if (n == 0 || h < n)
        return NULL;
    for (size_t i = 0; i + n <= h; i++)
        if (hay[i] == needle[0] && !memcmp(hay + i, needle, n))
            return hay + i;
    return NULL;
}

int gf__multipart_boundary(const char *content_type, char *out, size_t size)
{
    const char *b;
    size_t n = 0;

    if (!content_type || strncasecmp(content_type, "multipart/form-data", 19) != 0)
        return -1;
    b = strstr(content_type, "boundary=");
    if (!b)
        return -1;
    b += 9;
    if (*b == '"')
        b++;
    while (b[n] && b[n] != '"' && b[n] != ';' && b[n] != ' ')
        n++;
    if (n == 0 || n > 70 || n + 3 > size)
        return -1;
    out[0] = '-';
    out[1] = '-';
    memcpy(out + 2, b, n);
    out[n + 2] = '\0';
    return 0;
}

/* The name="..." of the part headers hdr (len bytes) into name. */
static int part_name(const char *hdr, size_t len, char *name, size_t size)
{
    const char *p = find(hdr, len, "name=\"", 6);
    size_t n = 0;

    while (p && p > hdr && p[-1] != ' ' && p[-1] != ';') /* skip filename=" */
        p = find(p + 1, len - (size_t)(p + 1 - hdr), "name=\"", 6);
    if (!p)
        return -1;
    p += 6;
    while (p + n < hdr + len && p[n] != '"') {
        if ((unsigned char)p[n] < 0x20) /* NUL or a control: not a field name */
            return -1;
        n++;
    }
    if (p + n >= hdr + len || n == 0 || n >= size)
        return -1;
    memcpy(name, p, n);
    name[n] = '\0';
    return 0;
}

int gf__multipart_parse(const char *body, size_t len, const char *delim, gf__part *parts,
                        int max_parts, int *n_parts)
{
    size_t dl = strlen(delim);
    const char *end = body + len;
    const char *p = find(body, len, delim, dl);

    *n_parts = 0;
    while (p) {
        const char *hdr = p + dl, *hend, *next;
        if (end - hdr >= 2 && hdr[0] == '-' && hdr[1] == '-')
            return 0; /* closing delimiter */
        if (end - hdr < 2 || hdr[0] != '\r' || hdr[1] != '\n')
            return -1;
        hdr += 2;
        hend = find(hdr, (size_t)(end - hdr), "\r\n\r\n", 4);
        if (!hend)
            return -1;
        next = find(hend + 4, (size_t)(end - hend - 4), delim, dl);
        if (!next || next - (hend + 4) < 2 || next[-2] != '\r' || next[-1] != '\n')
            return -1;
        if (*n_parts == max_parts)
            return -1;
        if (part_name(hdr, (size_t)(hend - hdr), parts[*n_parts].name, sizeof parts[*n_parts].name))
            return -1;
        parts[*n_parts].data = hend + 4;
        parts[*n_parts].len = (size_t)(next - 2 - (hend + 4));
        (*n_parts)++;
        p = next;
    }
    return -1; /* no closing delimiter */
}
