/* src/core/utf8.c: UTF-8 checks shared by the readers and the server.
 *
 * One definition of "valid UTF-8" (RFC 3629 table 3-7: no overlong forms,
 * no surrogates, nothing above U+10FFFF, and no NUL byte, which no text of
 * ours may hold): the CSV reader refuses the first bad byte at its line and
 * field, and every gf_error's message and input name has its bad bytes
 * replaced (gf_error_set, gf_error_at), so that an error quoting the user's
 * bytes still prints, and encodes as JSON, as it is.
 * SPDX-License-Identifier: MIT */
#include <stddef.h>

#include "grainflow/error.h"

/* Offset of the first byte of s[0, len) that is NUL or does not start a
 * complete, valid UTF-8 sequence (RFC 3629 table 3-7), or len if none. */
size_t gf_utf8_bad_at(const char *text, size_t len)
{
    const unsigned char *s = (const unsigned char *)text;
    size_t i = 0;

    while (i < len) {
        unsigned char b = s[i], lo = 0x80, hi = 0xBF;
        size_t n;
        if (b >= 0x01 && b <= 0x7F) {
            i++;
            continue;
        }
        if (b >= 0xC2 && b <= 0xDF)
            n = 1;
        else if (b >= 0xE0 && b <= 0xEF)
            n = 2;
        else if (b >= 0xF0 && b <= 0xF4)
            n = 3;
        else
            return i; /* NUL, a continuation byte, C0/C1 (overlong) or F5..FF */
        if (b == 0xE0)
            lo = 0xA0; /* overlong 3-byte form */
        else if (b == 0xED)
            hi = 0x9F; /* UTF-16 surrogates */
        else if (b == 0xF0)
            lo = 0x90; /* overlong 4-byte form */
        else if (b == 0xF4)
            hi = 0x8F; /* above U+10FFFF */
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++)
            if (s[i + k] < (k == 1 ? lo : 0x80) || s[i + k] > (k == 1 ? hi : 0xBF))
                return i;
        i += n + 1;
    }
    return len;
}

void gf_utf8_sanitize(char *text)
{
    unsigned char *s = (unsigned char *)text;
    size_t len = 0, i = 0;

    if (!s)
        return;
    while (s[len])
        len++;
    while (i < len) {
        size_t ok = gf_utf8_bad_at((const char *)s + i, len - i);
        i += ok;
        if (i < len)
            s[i++] = '?'; /* the bad byte; what follows is checked afresh */
    }
}
