/* Loading JSON test-vector files with jsmn (test programs only: uses the heap).
 *
 *   vector_json doc;
 *   if (vector_json_load(path, &doc) != 0) ...;
 *   for (i = 1, n = 0; n < doc.tok[0].size; n++, i = vector_json_skip(&doc, i)) ...
 *   vector_json_free(&doc);
 */
#ifndef ORCA_TEST_VECTOR_JSON_H
#define ORCA_TEST_VECTOR_JSON_H

#define JSMN_STATIC
/* jsmn mixes int and unsigned: not ours to fix. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#include <jsmn.h>
#pragma GCC diagnostic pop
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct vector_json {
    char *text;
    size_t len;
    jsmntok_t *tok;
    int count;
} vector_json;

/* Reads and tokenizes the whole file; returns 0 or -1 (with a message on stderr). */
static int vector_json_load(const char *path, vector_json *doc)
{
    FILE *f = fopen(path, "rb");
    long size;
    unsigned cap;
    jsmn_parser parser;
    memset(doc, 0, sizeof *doc);
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0
        || fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        if (f != NULL) {
            fclose(f);
        }
        return -1;
    }
    doc->len = (size_t)size;
    doc->text = malloc(doc->len + 1u);
    if (doc->text == NULL || fread(doc->text, 1, doc->len, f) != doc->len) {
        fprintf(stderr, "%s: cannot read\n", path);
        fclose(f);
        return -1;
    }
    fclose(f);
    doc->text[doc->len] = '\0';
    jsmn_init(&parser);
    cap = (unsigned)jsmn_parse(&parser, doc->text, doc->len, NULL, 0);
    doc->tok = malloc(((size_t)cap + 1u) * sizeof *doc->tok);
    jsmn_init(&parser);
    doc->count = doc->tok == NULL ? -1 : jsmn_parse(&parser, doc->text, doc->len, doc->tok, cap);
    if (doc->count <= 0) {
        fprintf(stderr, "%s: not JSON\n", path);
        return -1;
    }
    return 0;
}

static void vector_json_free(vector_json *doc)
{
    free(doc->text);
    free(doc->tok);
    memset(doc, 0, sizeof *doc);
}

/* Index of the token after the value at token i (and all it contains). */
static int vector_json_skip(const vector_json *doc, int i)
{
    int n = 1;
    while (n > 0 && i < doc->count) {
        n += doc->tok[i].type == JSMN_OBJECT ? 2 * doc->tok[i].size
             : doc->tok[i].type == JSMN_ARRAY ? doc->tok[i].size
                                              : 0;
        n--;
        i++;
    }
    return i;
}

/* Index of the value of key in the object at token obj, or -1. */
static int vector_json_key(const vector_json *doc, int obj, const char *key)
{
    int i = obj + 1, k;
    size_t len = strlen(key);
    for (k = 0; k < doc->tok[obj].size; k++) {
        const jsmntok_t *t = &doc->tok[i];
        if ((size_t)(t->end - t->start) == len && memcmp(doc->text + t->start, key, len) == 0) {
            return i + 1;
        }
        i = vector_json_skip(doc, i + 1);
    }
    return -1;
}

static int vector_json_hex(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                                       : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                              : -1;
}

/* Unescaped copy of the string token i (malloc'd, NUL-terminated; *len gets its
 * length, which may include NUL bytes from \u0000). \uXXXX become UTF-8
 * (surrogate pairs joined). Returns NULL if token i is not a string. */
static char *vector_json_string(const vector_json *doc, int i, size_t *len)
{
    const jsmntok_t *t = &doc->tok[i];
    const char *s = doc->text + t->start, *end = doc->text + t->end;
    char *out, *o;
    if (t->type != JSMN_STRING || (out = malloc((size_t)(end - s) + 1u)) == NULL) {
        return NULL;
    }
    for (o = out; s < end; s++) {
        unsigned long cp = 0;
        int k;
        if (*s != '\\' || s + 1 >= end) {
            *o++ = *s;
            continue;
        }
        switch (*++s) {
        case 'n': *o++ = '\n'; continue;
        case 'r': *o++ = '\r'; continue;
        case 't': *o++ = '\t'; continue;
        case 'b': *o++ = '\b'; continue;
        case 'f': *o++ = '\f'; continue;
        case 'u': break;
        default: *o++ = *s; continue;
        }
        for (k = 0; k < 4 && s + 1 < end && vector_json_hex(s[1]) >= 0; k++) {
            cp = cp * 16u + (unsigned long)vector_json_hex(*++s);
        }
        if (cp >= 0xD800u && cp < 0xDC00u && s + 6 < end && s[1] == '\\' && s[2] == 'u') {
            unsigned long lo = 0;
            for (k = 3; k < 7 && vector_json_hex(s[k]) >= 0; k++) {
                lo = lo * 16u + (unsigned long)vector_json_hex(s[k]);
            }
            if (k == 7 && lo >= 0xDC00u && lo < 0xE000u) {
                cp = 0x10000u + ((cp - 0xD800u) << 10) + (lo - 0xDC00u);
                s += 6;
            }
        }
        if (cp < 0x80u) {
            *o++ = (char)cp;
        } else if (cp < 0x800u) {
            *o++ = (char)(0xC0u | (cp >> 6));
            *o++ = (char)(0x80u | (cp & 0x3Fu));
        } else if (cp < 0x10000u) {
            *o++ = (char)(0xE0u | (cp >> 12));
            *o++ = (char)(0x80u | ((cp >> 6) & 0x3Fu));
            *o++ = (char)(0x80u | (cp & 0x3Fu));
        } else {
            *o++ = (char)(0xF0u | (cp >> 18));
            *o++ = (char)(0x80u | ((cp >> 12) & 0x3Fu));
            *o++ = (char)(0x80u | ((cp >> 6) & 0x3Fu));
            *o++ = (char)(0x80u | (cp & 0x3Fu));
        }
    }
    *o = '\0';
    if (len != NULL) {
        *len = (size_t)(o - out);
    }
    return out;
}

#endif /* ORCA_TEST_VECTOR_JSON_H */
