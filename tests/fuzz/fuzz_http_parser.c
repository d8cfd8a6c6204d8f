/*
 * libFuzzer harness of the response parser. Besides "no crash, no
 * out-of-bounds access, no undefined behaviour" (ASan, UBSan) it checks
 * invariants: the same input gives the same result whole, split at a
 * data-chosen offset, in 3-byte pieces and byte by byte, and with a small
 * work buffer (bodies then stream) unless the head does not fit it.
 *
 * An input whose first byte is below 8 uses it as options (bit 0 lenient
 * LF, bit 1 HEAD request, bit 2 end of stream after the input); inputs from
 * the vector corpus start with 'H' and run strict.
 */
#include <stdint.h>
#include <stdlib.h>

#include "http_run.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len);

static void check_same(const http_run *a, const http_run *b)
{
    if (!http_run_same(a, b)) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
    unsigned flags = 0;
    int eof = 0;
    size_t cut = 0;
    http_run whole, part;
    if (len != 0u && data[0] < 8u) {
        flags = (data[0] & 1u ? ORCA_HTTP_LENIENT_LF : 0u) |
                (data[0] & 2u ? ORCA_HTTP_HEAD_REQUEST : 0u);
        eof = (data[0] & 4u) != 0u;
        data++;
        len--;
    }
    for (size_t i = 0; i < len; ++i) {
        cut = cut * 31u + data[i];
    }
    cut = len != 0u ? cut % len + 1u : 0u;

    http_run_feed(&whole, data, len, len, len, 4096u, flags, eof);
    if (whole.consumed > len || whole.messages > whole.heads) {
        abort();
    }
    http_run_feed(&part, data, len, cut, len, 4096u, flags, eof);
    check_same(&whole, &part);
    http_run_free(&part);
    http_run_feed(&part, data, len, 3u, 3u, 4096u, flags, eof);
    check_same(&whole, &part);
    http_run_free(&part);
    if (len <= 4096u) {
        http_run_feed(&part, data, len, 1u, 1u, 4096u, flags, eof);
        check_same(&whole, &part);
        http_run_free(&part);
    }
    http_run_feed(&part, data, len, cut, 7u, 64u + cut % 64u, flags, eof);
    if (part.err != ORCA_ERR_HEADERS_TOO_LARGE) {
        check_same(&whole, &part);
    }
    http_run_free(&part);
    http_run_free(&whole);
    return 0;
}
