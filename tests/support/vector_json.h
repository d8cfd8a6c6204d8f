/* Loading JSON test-vector files with orca's own JSON reader (test programs
 * only: uses the heap).
 *
 *   vector_json v;
 *   if (vector_json_load(path, &v) != 0) ...;
 *   for (i = 1, n = 0; n < v.doc.tokens[0].size; n++, i = vector_json_skip(&v, i)) ...
 *   vector_json_free(&v);
 */
#ifndef ORCA_TEST_VECTOR_JSON_H
#define ORCA_TEST_VECTOR_JSON_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/json.h"

/* The folder of the vector suites (../shared/testdata beside the project):
 * $ORCA_TESTDATA_DIR when set, else the one CMake was given. */
static inline const char *vector_testdata_dir(void)
{
    const char *dir = getenv("ORCA_TESTDATA_DIR");
    return dir != NULL && dir[0] != '\0' ? dir : ORCA_TESTDATA_DIR;
}

/* 1, after a line naming @p test and the reason, when @p path is absent
 * because the whole suite folder is: a clone without ../shared/testdata
 * skips its vector tests (exit ORCA_SKIP_STATUS). With the folder there, a
 * missing file is the test's failure to report, not a skip: 0. */
static inline int vector_suite_absent(const char *test, const char *path)
{
    const char *root = vector_testdata_dir();
    FILE *f = fopen(path, "rb");
    DIR *d = f == NULL ? opendir(root) : NULL;
    if (f != NULL || d != NULL) {
        if (f != NULL) {
            fclose(f);
        }
        if (d != NULL) {
            closedir(d);
        }
        return 0;
    }
    printf("skipped: %s needs %s, and the vector suites folder %s is absent "
           "(README.md, \"Test vectors\", says where they come from)\n",
           test, path, root);
    return 1;
}

#if ORCA_WITH_JSON_READER /* the vector files are read with orca's own reader */

typedef struct vector_json {
    char *text;
    orca_json doc;
} vector_json;

/* Reads the whole file; returns it (malloc'd, NUL-terminated) or NULL. */
static inline char *vector_file_load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    long size = -1;
    char *text = NULL;
    if (f != NULL && fseek(f, 0, SEEK_END) == 0 && (size = ftell(f)) >= 0 &&
        fseek(f, 0, SEEK_SET) == 0 && (text = malloc((size_t)size + 1u)) != NULL &&
        fread(text, 1, (size_t)size, f) != (size_t)size) {
        free(text);
        text = NULL;
    }
    if (f != NULL) {
        fclose(f);
    }
    if (text != NULL) {
        text[size] = '\0';
        *len = (size_t)size;
    }
    return text;
}

/* Reads and parses the whole file; returns 0 or -1 (with a message on stderr). */
static inline int vector_json_load(const char *path, vector_json *v)
{
    size_t len = 0;
    orca_json_token *tokens;
    memset(v, 0, sizeof *v);
    v->text = vector_file_load(path, &len);
    /* a token needs at least one byte of text, plus the root */
    tokens = v->text != NULL ? malloc((len + 1u) * sizeof *tokens) : NULL;
    if (tokens == NULL ||
        orca_json_parse(&v->doc, v->text, len, tokens, (unsigned)len + 1u) != ORCA_OK) {
        fprintf(stderr, "%s: cannot read or not JSON\n", path);
        free(tokens);
        return -1;
    }
    return 0;
}

static inline void vector_json_free(vector_json *v)
{
    free(v->text);
    free(v->doc.tokens);
    memset(v, 0, sizeof *v);
}

/* Index of the token after the value at token i (and all it contains). */
static inline int vector_json_skip(const vector_json *v, int i)
{
    int n = 1;
    while (n > 0 && i < v->doc.count) {
        const orca_json_token *t = &v->doc.tokens[i++];
        n += (t->type == JSMN_OBJECT ? 2 * t->size : t->type == JSMN_ARRAY ? t->size : 0) - 1;
    }
    return i;
}

/* Unescaped copy (malloc'd, NUL-terminated) of the string at token tok;
 * *len (if not NULL) gets its length, which may count NUL bytes from \u0000.
 * NULL if tok is negative (a missing key) or not a string (JSON null). */
static inline char *vector_json_string(const vector_json *v, int tok, size_t *len)
{
    size_t size;
    char *out;
    if (tok < 0) {
        return NULL;
    }
    size = (size_t)(v->doc.tokens[tok].end - v->doc.tokens[tok].start) + 1u;
    out = malloc(size);
    if (out != NULL && orca_json_copy_string(&v->doc, tok, out, size, len) != ORCA_OK) {
        free(out);
        out = NULL;
    }
    return out;
}

#endif /* ORCA_WITH_JSON_READER */

#endif /* ORCA_TEST_VECTOR_JSON_H */
