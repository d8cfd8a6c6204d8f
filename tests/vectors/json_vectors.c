/* JSONTestSuite runner: every y_ file must parse, every n_ file must be
 * refused, i_ files may go either way; none may crash or read out of bounds
 * (each file sits in a heap block of exactly its size, for ASan). No case
 * needs a skip.
 * Usage: orca_json_vectors [DIR]   (default: the shared test_parsing folder) */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orca/json.h"
#include "feature_skip.h"
#include "vector_json.h"

#if ORCA_WITH_JSON_READER

#define TOKENS 4096u

static char *load(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        return NULL;
    }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc(size > 0 ? (size_t)size : 1u);
    if (buf != NULL && size > 0 && fread(buf, 1, (size_t)size, f) != (size_t)size) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    *len = size > 0 ? (size_t)size : 0u;
    return buf;
}

int main(int argc, char **argv)
{
    char default_dir[1024];
    snprintf(default_dir, sizeof default_dir, "%s/json/test_parsing", vector_testdata_dir());
    const char *dir = argc > 1 ? argv[1] : default_dir;
    static orca_json_token tokens[TOKENS];
    unsigned passed = 0, failed = 0, impl = 0, skipped = 0;
    if (vector_suite_absent("orca_json_vectors", dir)) {
        return ORCA_SKIP_STATUS;
    }
    DIR *d = opendir(dir);
    if (d == NULL) {
        fprintf(stderr, "cannot open %s\n", dir);
        return 1;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const char *name = e->d_name;
        if (strlen(name) < 2 || name[1] != '_' || strchr("yni", name[0]) == NULL) {
            continue;
        }
        char path[4096];
        size_t len;
        snprintf(path, sizeof path, "%s/%s", dir, name);
        char *text = load(path, &len);
        if (text == NULL) {
            fprintf(stderr, "FAIL %s: cannot read\n", name);
            failed++;
            continue;
        }
        orca_json doc;
        int rc = orca_json_parse(&doc, text, len, tokens, TOKENS);
        /* Walk every string the parser accepted: unescaping must not fail. */
        for (int t = 0; rc == ORCA_OK && t < doc.count; t++) {
            char out[64];
            int c = orca_json_copy_string(&doc, t, out, sizeof out, NULL);
            if (c != ORCA_OK && c != ORCA_ERR_TRUNCATED && c != ORCA_ERR_JSON_TYPE) {
                rc = c;
            }
        }
        free(text);
        if (name[0] == 'i') {
            impl++;
            printf("info %s: %s\n", name, rc == ORCA_OK ? "accepted" : orca_status_str(rc));
        } else if (name[0] == 'n' && rc == ORCA_OK && !ORCA_WITH_JSON_VALIDATION) {
            skipped++; /* jsmn's strict mode alone lets it through */
            printf("skip %s: accepted; refusing it needs ORCA_WITH_JSON_VALIDATION\n", name);
        } else if (strncmp(name, "y_structure_lonely_", 19) == 0 && rc != ORCA_OK &&
                   !ORCA_WITH_JSON_VALIDATION) {
            skipped++; /* jsmn's strict mode refuses a number or literal as the root */
            printf("skip %s: refused; a lone number or literal needs ORCA_WITH_JSON_VALIDATION\n",
                   name);
        } else if ((name[0] == 'y') == (rc == ORCA_OK)) {
            passed++;
        } else {
            failed++;
            printf("FAIL %s: %s\n", name, rc == ORCA_OK ? "accepted" : orca_status_str(rc));
        }
    }
    closedir(d);
    printf("%u passed, %u failed, %u implementation-defined (no crash), %u skipped\n", passed,
           failed, impl, skipped);
    return failed == 0u && passed > 0u ? 0 : 1;
}

#else
ORCA_SKIP_PROGRAM("ORCA_WITH_JSON_READER")
#endif
