/* src/store/store_int.h: private declarations of the store module.
 *
 * The schema text src/store/schema.sql is turned into a C array at build time
 * (build/gen/store_schema.c, by xxd -i); it ends with a NUL byte.
 * SPDX-License-Identifier: MIT */
#ifndef GF_STORE_INT_H
#define GF_STORE_INT_H

#include <stddef.h>

extern const unsigned char gf__store_schema_sql[];
extern const size_t gf__store_schema_sql_len; /* without the final NUL */

#endif
