/* orca_cookie_vectors FILE.json: runs an http-state cookie suite
 * (../shared/testdata/README.md) through the jar and prints "N passed, N failed".
 *
 * Each case: every "received" Set-Cookie arrives on a response from
 * http://home.example.org:8888/cookie-parser?NAME; then the Cookie header for
 * "sent-to" (default /cookie-parser-result?NAME) must list exactly "sent".
 * DISABLED_* and OPTIONAL_* cases are run too, but only reported, never counted.
 * The jar checks Domain attributes against libpsl's public-suffix list (the
 * POSIX port's orca_posix_public_suffix()), as a browser does; a build
 * without it skips the suite (exit 77): without a list every Domain case
 * other than the host would be refused. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orca/orca.h"
#include "vector_json.h"
#include "feature_skip.h"

#if ORCA_WITH_JSON_READER && ORCA_WITH_COOKIES && ORCA_VECTORS_PSL
#include "orca/posix.h"

#define ARENA_SIZE 65536u
#define HEADER_SIZE 16384u
#define SUITE_HOST "home.example.org"

static uint32_t fixed_now_ms(void *ctx)
{
    (void)ctx;
    return 0xFFFF0000u; /* close to the wrap, on purpose */
}

static int wall_clock(void *ctx, int64_t *out)
{
    (void)ctx;
    *out = (int64_t)time(NULL);
    return ORCA_OK;
}

/* Splits "sent-to" (a path, or an http:// URL) into host and path. */
static void request_target(const char *sent_to, char *host, size_t host_size, orca_span *path)
{
    const char *p = sent_to;
    size_t n = 0;
    snprintf(host, host_size, "%s", SUITE_HOST);
    *path = orca_span_from_str(sent_to);
    if (strncmp(p, "http://", 7) != 0) {
        return;
    }
    p += 7;
    while (p[n] != '\0' && p[n] != ':' && p[n] != '/' && n + 1u < host_size) {
        host[n] = p[n];
        n++;
    }
    host[n] = '\0';
    p = strchr(p, '/');
    *path = orca_span_from_str(p != NULL ? p : "/");
}

/* The Cookie header the case expects: "name=value; ..." from "sent". */
static char *expected_header(const vector_json *v, int sent)
{
    char *out = calloc(1, HEADER_SIZE);
    int i = sent + 1, k;
    for (k = 0; out != NULL && k < v->doc.tokens[sent].size; k++) {
        char *name = vector_json_string(v, orca_json_find(&v->doc, i, "name"), NULL);
        char *value = vector_json_string(v, orca_json_find(&v->doc, i, "value"), NULL);
        size_t used = strlen(out);
        snprintf(out + used, HEADER_SIZE - used, "%s%s=%s", k > 0 ? "; " : "", name, value);
        free(name);
        free(value);
        i = vector_json_skip(v, i);
    }
    return out;
}

/* Runs the case at token c; returns 1 if the header matches (else says why
 * when report is set). */
static int run_case(const vector_json *v, int c, const char *name, unsigned char *arena, int report)
{
    const orca_clock clock = {fixed_now_ms, wall_clock, NULL, NULL, NULL};
    char from_path[256], host[256], header[HEADER_SIZE];
    orca_cookie_origin from = {SUITE_HOST, {from_path, 0}, 0}, to = {host, {NULL, 0}, 0};
    orca_cookie_jar jar;
    int received = orca_json_find(&v->doc, c, "received");
    int sent_to = orca_json_find(&v->doc, c, "sent-to");
    int i = received + 1, k, ok;
    char *target, *expected;
    size_t len = 0;
    snprintf(from_path, sizeof from_path, "/cookie-parser?%s", name);
    from.path.len = strlen(from_path);
    orca_cookie_jar_init(&jar, arena, ARENA_SIZE);
    orca_cookie_jar_set_public_suffix(&jar, orca_posix_public_suffix, NULL);
    for (k = 0; k < v->doc.tokens[received].size; k++, i = vector_json_skip(v, i)) {
        size_t n;
        char *set_cookie = vector_json_string(v, i, &n);
        (void)orca_cookie_jar_store(&jar, set_cookie, n, &from, NULL, &clock);
        free(set_cookie);
    }
    if (sent_to >= 0) {
        target = vector_json_string(v, sent_to, NULL);
    } else {
        target = malloc(strlen(name) + 32u);
        sprintf(target, "/cookie-parser-result?%s", name);
    }
    request_target(target, host, sizeof host, &to.path);
    expected = expected_header(v, orca_json_find(&v->doc, c, "sent"));
    ok = orca_cookie_jar_header(&jar, &to, fixed_now_ms(NULL), header, sizeof header, &len) ==
             ORCA_OK &&
         strlen(header) == len && strcmp(header, expected) == 0;
    if (!ok && report) {
        printf("FAIL %s: sent \"%s\", expected \"%s\"\n", name, header, expected);
    }
    orca_cookie_jar_free(&jar);
    free(target);
    free(expected);
    return ok;
}

/* 1 for the cases whose result needs the Expires attribute (a date in the
 * past deletes the cookie): without ORCA_WITH_COOKIE_EXPIRES it is ignored. */
static int needs_expires(const char *name)
{
    static const char *const names[] = {"0003", "MOZILLA0003", "MOZILLA0007"};
    for (size_t i = 0; !ORCA_WITH_COOKIE_EXPIRES && i < sizeof names / sizeof names[0]; i++) {
        if (strcmp(name, names[i]) == 0) {
            return 1;
        }
    }
    return 0;
}

int main(int argc, char **argv)
{
    vector_json v;
    unsigned passed = 0, failed = 0, skipped = 0;
    unsigned char *arena = malloc(ARENA_SIZE);
    int c, k;
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.json\n", argv[0]);
        return 2;
    }
    if (vector_suite_absent("orca_cookie_vectors", argv[1])) {
        free(arena);
        return ORCA_SKIP_STATUS;
    }
    if (arena == NULL || vector_json_load(argv[1], &v) != 0 || v.doc.tokens[0].type != JSMN_ARRAY) {
        return 2;
    }
    for (c = 1, k = 0; k < v.doc.tokens[0].size; k++, c = vector_json_skip(&v, c)) {
        char *name = vector_json_string(&v, orca_json_find(&v.doc, c, "test"), NULL);
        int optional = strncmp(name, "DISABLED_", 9) == 0 || strncmp(name, "OPTIONAL_", 9) == 0;
        int ok = run_case(&v, c, name, arena, !optional && !needs_expires(name));
        if (optional) {
            printf("skip %s: optional or disabled in the suite (it %s here)\n", name,
                   ok ? "passes" : "fails");
            skipped++;
        } else if (needs_expires(name)) {
            printf("skip %s: needs ORCA_WITH_COOKIE_EXPIRES (it %s here)\n", name,
                   ok ? "passes" : "fails");
            skipped++;
        } else if (ok) {
            passed++;
        } else {
            failed++;
        }
        free(name);
    }
    printf("%u passed, %u failed, %u skipped\n", passed, failed, skipped);
    vector_json_free(&v);
    free(arena);
    return failed == 0u && passed > 0u ? 0 : 1;
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_COOKIES, ORCA_WITH_JSON_READER to read the vector file, "
                  "and the POSIX port with libpsl (ORCA_POSIX_LIBPSL) for its public-suffix list")
#endif
