/* orca_date_vectors FILE.json: cookie-date vectors
 * ({"test": input, "expected": IMF-fixdate or null}); prints "N passed, N failed".
 *
 * The expected epoch seconds come from timegm() (the host's libc, an
 * independent oracle); the expected IMF-fixdate itself must parse to them too. */
#define _DEFAULT_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "orca/orca.h"
#include "vector_json.h"
#include "feature_skip.h"

#if ORCA_WITH_JSON_READER && ORCA_WITH_DATE_PARSER

/* "Wdy, DD Mon YYYY HH:MM:SS GMT" by sscanf + timegm; -1 on a syntax error. */
static int oracle(const char *imf, int64_t *out)
{
    static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
    char mon[4] = "";
    const char *m;
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    if (sscanf(imf, "%*[A-Za-z], %2d %3s %4d %2d:%2d:%2d GMT", &tm.tm_mday, mon, &tm.tm_year,
               &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6 ||
        strlen(mon) != 3 || (m = strstr(months, mon)) == NULL) {
        return -1;
    }
    tm.tm_mon = (int)(m - months) / 3;
    tm.tm_year -= 1900;
    *out = (int64_t)timegm(&tm);
    return 0;
}

/* Checks the case at token c; returns 1 if it passes. */
static int run_case(const vector_json *v, int c)
{
    size_t len;
    char *input = vector_json_string(v, orca_json_find(&v->doc, c, "test"), &len);
    int e = orca_json_find(&v->doc, c, "expected");
    char *expected = vector_json_string(v, e, NULL);
    int64_t got = 0, want = 0, imf = 0;
    int rc = orca_date_parse_cookie(input, len, &got), ok;
    if (expected == NULL) { /* null: must be rejected */
        ok = rc == ORCA_ERR_BAD_DATE;
    } else {
        ok = oracle(expected, &want) == 0 && rc == ORCA_OK && got == want &&
             orca_date_parse_cookie(expected, strlen(expected), &imf) == ORCA_OK && imf == want;
    }
    if (!ok) {
        printf("FAIL \"%s\": rc %d got %lld, expected %s (%lld)\n", input, rc, (long long)got,
               expected != NULL ? expected : "rejection", (long long)want);
    }
    free(input);
    free(expected);
    return ok;
}

int main(int argc, char **argv)
{
    vector_json v;
    unsigned passed = 0, failed = 0;
    int c, k;
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.json\n", argv[0]);
        return 2;
    }
    if (vector_suite_absent("orca_date_vectors", argv[1])) {
        return ORCA_SKIP_STATUS;
    }
    if (vector_json_load(argv[1], &v) != 0 || v.doc.tokens[0].type != JSMN_ARRAY) {
        return 2;
    }
    for (c = 1, k = 0; k < v.doc.tokens[0].size; k++, c = vector_json_skip(&v, c)) {
        if (run_case(&v, c)) {
            passed++;
        } else {
            failed++;
        }
    }
    printf("%u passed, %u failed\n", passed, failed);
    vector_json_free(&v);
    return failed == 0u && passed > 0u ? 0 : 1;
}

#else
ORCA_SKIP_PROGRAM("the date parser, and ORCA_WITH_JSON_READER to read the vector file")
#endif
