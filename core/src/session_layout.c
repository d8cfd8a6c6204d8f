/* The config check of orca_session_init(): the caller's compilation passes
 * what it sees of the config (ORCA_LAYOUT_HERE, session.h); a program built
 * with another header than the library would read orca_session at the wrong
 * offsets, so the first difference is named and the session refused. */
#include <string.h>

#include "orca/session.h"
#include "text_out.h"

#define LAYOUT_FEATURES 12u /* bits of ORCA_LAYOUT_FEATURES */

#if ORCA_STATUS_STRINGS
/* Names of the feature bits (after "ORCA_WITH_"), then of the sizes (after
 * "ORCA_SESSION_", then the two structs), in orca_layout order, packed as in
 * status.c. */
static const char layout_names[] =
    "PCA\0CLASSIC\0COOKIES\0COOKIE_EXPIRES\0RETRIES\0JSON_READER\0JSON_VALIDATION\0"
    "URL_PARSER\0PCA_SIGNING\0RETRY_AFTER\0DEADLINE\0NONBLOCKING\0"
    "JSON_TOKENS\0CODE_MAX\0MESSAGE_MAX\0ID_MAX\0MAX_HEADERS\0"
    "sizeof(orca_session_config)\0sizeof(orca_session)";

static const char *layout_name(unsigned index)
{
    const char *p = layout_names;
    while (index-- > 0u) {
        p += strlen(p) + 1u;
    }
    return p;
}

/* "<name> <here> here, <lib> in the library" into msg (cut to fit: the
 * start of the name is worth more than nothing). */
static void layout_say(char *msg, size_t size, unsigned index, uint32_t here, uint32_t lib)
{
    char line[80];
    orca_text_out w = {line, sizeof line, 0u, ORCA_OK};
    const char *name = layout_name(index);
    if (index < LAYOUT_FEATURES) {
        orca_text_put(&w, "ORCA_WITH_", 10u);
    } else if (index < LAYOUT_FEATURES + 5u) {
        orca_text_put(&w, "ORCA_SESSION_", 13u);
    }
    orca_text_put(&w, name, strlen(name));
    orca_text_put(&w, " ", 1u);
    orca_text_uint(&w, here);
    orca_text_put(&w, " here, ", 7u);
    orca_text_uint(&w, lib);
    orca_text_put(&w, " in the library", 15u);
    w.len = w.len < size - 1u ? w.len : size - 1u;
    memcpy(msg, line, w.len);
    msg[w.len] = '\0';
}

int orca_layout_diff(const orca_layout *caller, char *msg, size_t msg_size)
{
    const orca_layout lib = ORCA_LAYOUT_HERE;
    unsigned i;
    uint32_t here = 0, ours = 0;
    if (caller == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    for (i = 0; i < LAYOUT_FEATURES + 7u; i++) {
        if (i < LAYOUT_FEATURES) {
            here = (caller->features >> i) & 1u;
            ours = (lib.features >> i) & 1u;
        } else {
            here = caller->sizes[i - LAYOUT_FEATURES];
            ours = lib.sizes[i - LAYOUT_FEATURES];
        }
        if (here != ours) {
            break;
        }
    }
    if (i == LAYOUT_FEATURES + 7u) {
        return ORCA_OK;
    }
    if (msg != NULL && msg_size > 0u) {
        layout_say(msg, msg_size, i, here, ours);
    }
    return ORCA_ERR_CONFIG_MISMATCH;
}
#else
/* Bare metal logs numbers (ORCA_STATUS_STRINGS 0): nothing to name, so the
 * layouts agree or they do not, and the message is empty. */
int orca_layout_diff(const orca_layout *caller, char *msg, size_t msg_size)
{
    const orca_layout lib = ORCA_LAYOUT_HERE;
    if (caller == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (msg != NULL && msg_size > 0u) {
        msg[0] = '\0';
    }
    return memcmp(caller, &lib, sizeof lib) == 0 ? ORCA_OK : ORCA_ERR_CONFIG_MISMATCH;
}
#endif
