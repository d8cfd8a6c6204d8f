/*
 * HTTP response vectors (../shared/testdata/http): llhttp's response
 * fixtures and picohttpparser's response and chunked vectors, through
 * orca's parser. Every vector is fed whole, split at every byte offset and
 * byte by byte; every way must give the same result, and that result must
 * be what the vector expects.
 *
 * Per category:
 * - llhttp "response": strict mode; the summary gives status, headers,
 *   body, completed messages (1xx interim ones not counted: orca skips
 *   them and does not report their headers) and whether parsing fails.
 * - llhttp "response-lenient-all" and "-optional-cr-before-lf" (bare LF):
 *   run with ORCA_HTTP_LENIENT_LF and must match the summary.
 * - llhttp's other lenient categories (bad version, obs-fold, CR without LF,
 *   data after Connection: close) have no lenient mode in orca: strict
 *   parsing must refuse them.
 *   Header values are compared without trailing blanks (orca trims them).
 *   meta.skipBody is orca's ORCA_HTTP_HEAD_REQUEST. For "response-finish",
 *   the end of input is signalled with orca_http_parser_finish, which
 *   completes the close-delimited message llhttp leaves uncounted.
 * - picohttpparser "responses": parsed as answers to HEAD (the head is the
 *   whole message) with ORCA_HTTP_LENIENT_LF, since picohttpparser accepts
 *   bare LF.
 * - picohttpparser "chunked": behind a chunked head, strict; a vector that
 *   picohttpparser accepts with a bare LF must be refused with
 *   ORCA_ERR_BARE_LF in strict mode and accepted with ORCA_HTTP_LENIENT_LF.
 *
 * Usage: orca_http_vectors [--corpus DIR]   (--corpus writes every input to
 * DIR as one file, the seed corpus of the fuzz harness, and exits)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/json.h"
#include "http_run.h"
#include "vector_json.h"
#include "feature_skip.h"

#if ORCA_WITH_JSON_READER

#define BUF_SIZE 4096u

typedef struct skip {
    const char *name;
    const char *reason;
} skip;

static const skip skips[] = {
    {"RTSP response", "orca speaks HTTP only; RTSP/ status lines are refused"},
    {"ICE response", "orca speaks HTTP only; ICE/ status lines are refused"},
    {"HTTP version 0.9", "orca accepts HTTP/1.x status lines only"},
    {"`chunked` before other transfer-encoding",
     "orca refuses codings it cannot decode (ORCA_ERR_BAD_TRANSFER_ENCODING), llhttp reads to close"},
    {"multiple transfer-encoding where chunked is not the last one",
     "orca refuses codings it cannot decode (ORCA_ERR_BAD_TRANSFER_ENCODING), llhttp reads to close"},
    {"`chunkedchunked` transfer-encoding does not enable chunked enconding",
     "orca refuses codings it cannot decode (ORCA_ERR_BAD_TRANSFER_ENCODING), llhttp reads to close"},
    {"parse multiline", "obs-fold is refused by design (ORCA_ERR_OBS_FOLD, RFC 9112 5.2)"},
    {"accept multiple spaces between tokens",
     "status line must have single spaces (RFC 9112 4); orca is strict here"},
};

typedef struct counts {
    unsigned passed, skipped, failed;
} counts;

static const char *corpus_dir;

static const char *skip_reason(const char *name)
{
    for (size_t i = 0; i < sizeof skips / sizeof skips[0]; ++i) {
        if (strcmp(skips[i].name, name) == 0) {
            return skips[i].reason;
        }
    }
    return NULL;
}

/* Index of the token after the subtree of token t. */
static int skip_value(const orca_json *d, int t)
{
    int n = d->tokens[t].size;
    int next = t + 1;
    for (int i = 0; i < n; ++i) {
        next = skip_value(d, next);
    }
    return next;
}

/* The string at token t, unescaped, in a malloc'd buffer. */
static char *string_at(const orca_json *d, int t, size_t *len)
{
    size_t size = (size_t)(d->tokens[t].end - d->tokens[t].start) + 1u;
    char *s = malloc(size);
    size_t n = 0;
    if (s == NULL || orca_json_copy_string(d, t, s, size, &n) != ORCA_OK) {
        free(s);
        return NULL;
    }
    if (len != NULL) {
        *len = n;
    }
    return s;
}

static long int_at(const orca_json *d, int t)
{
    return strtol(d->text + d->tokens[t].start, NULL, 10);
}

static int is_null(const orca_json *d, int t)
{
    return d->tokens[t].type == JSMN_PRIMITIVE && d->text[d->tokens[t].start] == 'n';
}

static int member(const orca_json *d, int obj, const char *key)
{
    int t = orca_json_find(d, obj, key);
    return t >= 0 ? t : -1;
}

static uint8_t *base64_decode(const char *s, size_t n, size_t *out_len)
{
    uint8_t *out = malloc(n / 4u * 3u + 3u);
    size_t o = 0;
    unsigned acc = 0, bits = 0;
    for (size_t i = 0; out != NULL && i < n && s[i] != '='; ++i) {
        const char *p = strchr(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", s[i]);
        if (p == NULL || s[i] == '\0') {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)(p - "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/");
        bits += 6u;
        if (bits >= 8u) {
            bits -= 8u;
            out[o++] = (uint8_t)(acc >> bits);
        }
    }
    *out_len = o;
    return out;
}

static void write_seed(const char *prefix, unsigned index, const uint8_t *in, size_t len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s-%03u", corpus_dir, prefix, index);
    FILE *f = fopen(path, "wb");
    if (f == NULL || fwrite(in, 1, len, f) != len) {
        fprintf(stderr, "cannot write %s\n", path);
        exit(1);
    }
    fclose(f);
}

/*
 * Runs the input whole, split at every offset and byte by byte; returns 1
 * when all agree (result of the whole run in *run, for the caller to free),
 * else prints, counts a failure, frees *run and returns 0.
 */
static int run_all_ways(counts *c, const char *name, http_run *run, const uint8_t *in,
                        size_t len, unsigned flags, int eof)
{
    http_run part;
    http_run_feed(run, in, len, len, len, BUF_SIZE, flags, eof);
    for (size_t cut = 1; cut <= len; ++cut) {
        /* the last round goes byte by byte instead of whole again */
        size_t first = cut < len ? cut : 1u, rest = cut < len ? len : 1u;
        int same;
        http_run_feed(&part, in, len, first, rest, BUF_SIZE, flags, eof);
        same = http_run_same(run, &part);
        http_run_free(&part);
        if (!same) {
            printf("FAIL %s: split at %zu differs from whole input\n", name, first);
            c->failed++;
            http_run_free(run);
            return 0;
        }
    }
    return 1;
}

static void report(counts *c, const char *name, int ok, const char *why)
{
    if (ok) {
        c->passed++;
    } else {
        c->failed++;
        printf("FAIL %s: %s\n", name, why);
    }
}

/* Every skip documents a refusal: orca must refuse the input (whole and split),
 * or the skip hides a changed behaviour. */
static void skip_refused(counts *c, const char *name, const char *reason, const uint8_t *in,
                         size_t len, unsigned flags)
{
    http_run run;
    if (!run_all_ways(c, name, &run, in, len, flags, 0)) {
        return;
    }
    if (run.err != ORCA_OK) {
        c->skipped++;
        printf("skip %s: %s (%s)\n", name, reason, http_run_error_str(run.err));
    } else {
        c->failed++;
        printf("FAIL %s: skipped as refused, but not refused\n", name);
    }
    http_run_free(&run);
}

/* 1 for the log line ending the head of a 1xx response. */
static int is_interim(const char *line)
{
    const char *p = strstr(line, "headers complete status=1");
    return p != NULL && strlen(p) > 28u && p[27] == ' ';
}

/* A value without its trailing blanks: orca trims OWS on both sides
 * (RFC 9110 5.5), llhttp only leading ones. */
static size_t trimmed(const char *v, size_t n)
{
    while (n > 0u && (v[n - 1u] == ' ' || v[n - 1u] == '\t')) {
        --n;
    }
    return n;
}

/* Expected headers of the final responses as "name: value\n" lines: the
 * summary's list without the headers of 1xx responses (counted in the log). */
static char *expected_headers(const orca_json *d, int obj)
{
    int log = member(d, obj, "expected_log");
    int hdrs = member(d, member(d, obj, "summary"), "headers");
    size_t drop = 0, pending = 0, len = 0;
    char *out = NULL;
    for (int i = 0, t = log + 1; i < d->tokens[log].size; ++i, t = skip_value(d, t)) {
        char *line = string_at(d, t, NULL);
        if (strstr(line, "message begin") != NULL) {
            pending = 0;
        } else if (strstr(line, "span[header_field]") != NULL) {
            pending++;
        } else if (is_interim(line)) {
            drop += pending;
        }
        free(line);
    }
    http_run_append(&out, &len, "", 0);
    for (int i = 0, t = hdrs + 1; i < d->tokens[hdrs].size; ++i, t = skip_value(d, t)) {
        if ((size_t)i < drop) {
            continue;
        }
        size_t nl = 0, vl = 0;
        char *n = string_at(d, t + 1, &nl);
        char *v = string_at(d, t + 2, &vl);
        http_run_append(&out, &len, n, nl);
        http_run_append(&out, &len, ": ", 2);
        http_run_append(&out, &len, v, trimmed(v, vl));
        http_run_append(&out, &len, "\n", 1);
        free(n);
        free(v);
    }
    return out;
}

/* Number of 1xx "headers complete" events in the log. */
static long interim_count(const orca_json *d, int obj)
{
    int log = member(d, obj, "expected_log");
    long n = 0;
    for (int i = 0, t = log + 1; i < d->tokens[log].size; ++i, t = skip_value(d, t)) {
        char *line = string_at(d, t, NULL);
        n += is_interim(line);
        free(line);
    }
    return n;
}

static void llhttp_case(const orca_json *d, int obj, unsigned index, counts *c)
{
    char *name = string_at(d, member(d, obj, "name"), NULL);
    char *type = string_at(d, member(d, member(d, obj, "meta"), "type"), NULL);
    int b64 = member(d, obj, "input_b64");
    size_t len = 0;
    uint8_t *in = base64_decode(d->text + d->tokens[b64].start,
                                (size_t)(d->tokens[b64].end - d->tokens[b64].start), &len);
    int summary = member(d, obj, "summary");
    const char *reason = skip_reason(name);
    int lenient_lf = strcmp(type, "response-lenient-all") == 0 ||
                     strcmp(type, "response-lenient-optional-cr-before-lf") == 0;
    int skip_body = member(d, member(d, obj, "meta"), "skipBody") >= 0;
    unsigned flags = (lenient_lf ? ORCA_HTTP_LENIENT_LF : 0u) |
                     (skip_body ? ORCA_HTTP_HEAD_REQUEST : 0u);
    if (corpus_dir != NULL) {
        write_seed("llhttp", index, in, len);
    } else if (reason != NULL) {
        skip_refused(c, name, reason, in, len, flags);
    } else {
        int finish = strcmp(type, "response-finish") == 0;
        int must_fail = !is_null(d, member(d, summary, "error")) ||
                        (!lenient_lf && !finish && strcmp(type, "response") != 0);
        http_run run;
        if (run_all_ways(c, name, &run, in, len, flags, finish)) {
            char *headers = expected_headers(d, obj);
            size_t body_len = 0;
            char *body = string_at(d, member(d, summary, "body"), &body_len);
            /* orca's finish completes a close-delimited body; llhttp's
             * summary does not count that message */
            long messages = int_at(d, member(d, summary, "messages_complete")) -
                            interim_count(d, obj) + finish;
            char why[2048];
            snprintf(why, sizeof why, "err %s, status %u, %u messages (want %ld), headers [%s] want [%s]",
                     http_run_error_str(run.err), run.status, run.messages, messages, run.headers ? run.headers : "", headers);
            if (must_fail) {
                report(c, name, run.err != ORCA_OK, "accepted input the vector refuses");
            } else {
                report(c, name,
                       run.err == ORCA_OK && run.messages == (unsigned long)messages &&
                           (run.heads == 0u ||
                            run.status == int_at(d, member(d, summary, "status"))) &&
                           strcmp(run.headers ? run.headers : "", headers) == 0 &&
                           run.body_len == body_len && memcmp(run.body, body, body_len) == 0,
                       why);
            }
            free(headers);
            free(body);
            http_run_free(&run);
        }
    }
    free(in);
    free(name);
    free(type);
}

static void pico_response(const orca_json *d, int obj, unsigned index, counts *c)
{
    char *name = string_at(d, member(d, obj, "comment"), NULL);
    size_t len = 0;
    char *in = string_at(d, member(d, obj, "input"), &len);
    char *expect = string_at(d, member(d, obj, "expect"), NULL);
    const char *reason = skip_reason(name);
    http_run run;
    if (corpus_dir != NULL) {
        write_seed("pico", index, (const uint8_t *)in, len);
    } else if (reason != NULL) {
        skip_refused(c, name, reason, (const uint8_t *)in, len,
                     ORCA_HTTP_LENIENT_LF | ORCA_HTTP_HEAD_REQUEST);
    } else if (run_all_ways(c, name, &run, (const uint8_t *)in, len,
                            ORCA_HTTP_LENIENT_LF | ORCA_HTTP_HEAD_REQUEST, 0)) {
        int ok = strcmp(expect, "error") == 0 ? run.err != ORCA_OK
               : strcmp(expect, "incomplete") == 0
                   ? run.err == ORCA_OK && run.messages == 0u
                   : run.err == ORCA_OK && run.messages == 1u && run.consumed == len;
        report(c, name, ok, http_run_error_str(run.err));
        http_run_free(&run);
    }
    free(name);
    free(in);
    free(expect);
}

#define CHUNKED_HEAD "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

/* 1 when the chunked run matches picohttpparser's ret / decoded. */
static int chunked_matches(const http_run *run, long ret, int consume_trailer,
                           const char *decoded, size_t decoded_len)
{
    if (ret == -1) {
        return run->err != ORCA_OK;
    }
    if (run->err != ORCA_OK || (decoded != NULL && (run->body_len != decoded_len ||
                                                    memcmp(run->body, decoded, decoded_len) != 0))) {
        return 0;
    }
    if (ret == -2) {
        return run->messages == 0u;
    }
    /* picohttpparser without consume_trailer stops before the trailer section */
    return !consume_trailer || run->messages == 1u;
}

static void pico_chunked(const orca_json *d, int obj, unsigned index, counts *c)
{
    char name[64];
    size_t enc_len = 0, dec_len = 0;
    char *enc = string_at(d, member(d, obj, "encoded"), &enc_len);
    int dec_tok = member(d, obj, "decoded");
    char *dec = is_null(d, dec_tok) ? NULL : string_at(d, dec_tok, &dec_len);
    long ret = int_at(d, member(d, obj, "ret"));
    int consume_trailer = (int)int_at(d, member(d, obj, "consume_trailer"));
    char *note = string_at(d, member(d, obj, "note"), NULL);
    size_t len = sizeof CHUNKED_HEAD - 1u + enc_len;
    uint8_t *in = malloc(len);
    http_run run;
    snprintf(name, sizeof name, "chunked[%u]", index);
    memcpy(in, CHUNKED_HEAD, sizeof CHUNKED_HEAD - 1u);
    memcpy(in + sizeof CHUNKED_HEAD - 1u, enc, enc_len);
    if (corpus_dir != NULL) {
        write_seed("pico-chunked", index, in, len);
    } else if (strstr(note, "64-bit size_t only") != NULL && sizeof(size_t) < 8u) {
        c->skipped++;
        printf("skip %s: needs a 64-bit size_t\n", name);
    } else if (run_all_ways(c, name, &run, in, len, 0u, 0)) {
        int ok = chunked_matches(&run, ret, consume_trailer, dec, dec_len);
        if (!ok && run.err == ORCA_ERR_BARE_LF && ret >= 0) {
            /* picohttpparser accepts this bare LF: orca only in lenient mode
             * (-1: the lenient runs disagree, a failure already counted) */
            http_run_free(&run);
            ok = run_all_ways(c, name, &run, in, len, ORCA_HTTP_LENIENT_LF, 0)
                     ? chunked_matches(&run, ret, consume_trailer, dec, dec_len)
                     : -1;
        }
        if (ok >= 0) {
            report(c, name, ok, http_run_error_str(run.err));
        }
        http_run_free(&run);
    }
    free(in);
    free(enc);
    free(dec);
    free(note);
}

int main(int argc, char **argv)
{
    counts c = {0, 0, 0};
    vector_json llhttp_file, pico_file;
    if (argc == 3 && strcmp(argv[1], "--corpus") == 0) {
        corpus_dir = argv[2];
    } else if (argc != 1) {
        fprintf(stderr, "usage: %s [--corpus DIR]\n", argv[0]);
        return 2;
    }
    char llhttp_path[4096], pico_path[4096];
    snprintf(llhttp_path, sizeof llhttp_path, "%s/http/llhttp-responses.json",
             vector_testdata_dir());
    snprintf(pico_path, sizeof pico_path, "%s/http/picohttpparser-vectors.json",
             vector_testdata_dir());
    if (vector_suite_absent("orca_http_vectors", llhttp_path)) {
        return ORCA_SKIP_STATUS;
    }
    if (vector_json_load(llhttp_path, &llhttp_file) != 0 ||
        vector_json_load(pico_path, &pico_file) != 0) {
        return 1;
    }
    orca_json llhttp = llhttp_file.doc, pico = pico_file.doc;
    for (int i = 0, t = 1; i < llhttp.tokens[0].size; ++i, t = skip_value(&llhttp, t)) {
        llhttp_case(&llhttp, t, (unsigned)i, &c);
    }
    int responses = member(&pico, 0, "responses");
    int chunked = member(&pico, 0, "chunked");
    if (llhttp.tokens[0].type != JSMN_ARRAY || responses < 0 || chunked < 0) {
        fprintf(stderr, "vector files lack their case lists\n");
        return 1;
    }
    for (int i = 0, t = responses + 1; i < pico.tokens[responses].size;
         ++i, t = skip_value(&pico, t)) {
        pico_response(&pico, t, (unsigned)i, &c);
    }
    for (int i = 0, t = chunked + 1; i < pico.tokens[chunked].size; ++i, t = skip_value(&pico, t)) {
        pico_chunked(&pico, t, (unsigned)i, &c);
    }
    vector_json_free(&llhttp_file);
    vector_json_free(&pico_file);
    if (corpus_dir != NULL) {
        return 0;
    }
    printf("%u passed, %u skipped, %u failed\n", c.passed, c.skipped, c.failed);
    /* no vector run is a failure too (an emptied or renamed vector file) */
    return c.failed != 0u || c.passed == 0u;
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_JSON_READER to read the vector file")
#endif
