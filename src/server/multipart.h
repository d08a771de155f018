/* src/server/multipart.h: split a multipart/form-data body (server private).
 * SPDX-License-Identifier: MIT */
#ifndef GF_SERVER_MULTIPART_H
#define GF_SERVER_MULTIPART_H

#include <stddef.h>

typedef struct gf__part {
    char name[64];    /* the form field name */
    const char *data; /* into the body */
    size_t len;
} gf__part;

/* "--" + the boundary of a multipart/form-data Content-Type into out;
 * -1 when content_type is not multipart/form-data with a boundary. */
int gf__multipart_boundary(const char *content_type, char *out, size_t size);

/* Split body (len bytes) at delim ("--boundary") into at most max_parts
 * parts; 0, or -1 for a malformed body or too many parts. */
int gf__multipart_parse(const char *body, size_t len, const char *delim, gf__part *parts,
                        int max_parts, int *n_parts);

#endif
