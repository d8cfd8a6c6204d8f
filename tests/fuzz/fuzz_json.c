/* libFuzzer harness: orca_json_parse, orca_json_find and
 * orca_json_copy_string on arbitrary bytes (in a heap block of exactly their
 * size, so ASan sees any read past the text). Beyond memory safety it checks:
 * a refusal is ORCA_ERR_JSON or ORCA_ERR_JSON_TOKENS; every accepted string
 * unescapes, and a truncated copy is a NUL-terminated prefix of the full one;
 * each key is found in its object (the first member of that spelling); the
 * full value written back with orca_json_write_string parses and unescapes
 * to the same bytes. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "orca/json.h"

#define TOKENS 64u
#define VALUE 512u

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The round trip: value -> JSON string literal -> parse -> unescape. */
static void round_trip(const char *value, size_t len)
{
    static char literal[6u * VALUE + 2u], back[VALUE];
    orca_json_token tok[1];
    orca_json doc;
    size_t pos = 0, back_len = 0;
    if (orca_json_write_string(literal, sizeof literal, &pos, value, len) != ORCA_OK ||
        orca_json_parse(&doc, literal, pos, tok, 1u) != ORCA_OK ||
        orca_json_copy_string(&doc, 0, back, sizeof back, &back_len) != ORCA_OK ||
        back_len != len || memcmp(back, value, len) != 0) {
        abort();
    }
}

static void check_string(const orca_json *doc, int t)
{
    static char full[VALUE], part[VALUE];
    size_t len = 0, part_len = 0;
    int rc = orca_json_copy_string(doc, t, full, sizeof full, &len);
    if (rc == ORCA_ERR_JSON_TYPE) {
        return;
    }
    if ((rc != ORCA_OK && rc != ORCA_ERR_TRUNCATED) || len >= sizeof full || full[len] != '\0') {
        abort();
    }
    for (size_t cap = 1; cap <= len; cap += 1u + cap / 4u) {
        if (orca_json_copy_string(doc, t, part, cap, &part_len) != ORCA_ERR_TRUNCATED ||
            part_len >= cap || part[part_len] != '\0' || memcmp(part, full, part_len) != 0) {
            abort();
        }
    }
    if (rc == ORCA_OK) {
        round_trip(full, len);
    }
}

static void check_key(const orca_json *doc, int object, int key)
{
    const orca_json_token *k = &doc->tokens[key];
    char name[VALUE];
    size_t n = (size_t)(k->end - k->start);
    if (n >= sizeof name) {
        return;
    }
    memcpy(name, doc->text + k->start, n);
    name[n] = '\0';
    int found = orca_json_find(doc, object, name);
    /* the first member spelled so: this one or an earlier key of the object */
    if (found < object + 2 || found > key + 1 || doc->tokens[found - 1].type != JSMN_STRING) {
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static orca_json_token tokens[TOKENS];
    orca_json doc;
    char *text = malloc(size > 0u ? size : 1u);
    if (text == NULL) {
        return 0;
    }
    memcpy(text, data, size);
    int rc = orca_json_parse(&doc, text, size, tokens, TOKENS);
    if (rc != ORCA_OK && rc != ORCA_ERR_JSON && rc != ORCA_ERR_JSON_TOKENS) {
        abort();
    }
    for (int t = 0; rc == ORCA_OK && t < doc.count; t++) {
        check_string(&doc, t);
        if (doc.tokens[t].type != JSMN_OBJECT) {
            continue;
        }
        /* the object's keys: the tokens after it that jsmn counted as members */
        for (int i = t + 1, m = 0; m < doc.tokens[t].size && i + 1 < doc.count; m++) {
            check_key(&doc, t, i);
            int end = doc.tokens[i + 1].end; /* skip the value and its children */
            for (i += 2; i < doc.count && doc.tokens[i].start < end; i++) {
            }
        }
    }
    free(text);
    return 0;
}
