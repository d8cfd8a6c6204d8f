/* The config check of orca_session_init(): the caller's compilation passes
 * what it sees of the config (ORCA_LAYOUT_HERE, session.h); a program built
 * with another header than the library would read orca_session at the wrong
 * offsets, so the first difference is named and the session refused. */
#include <string.h>

#include "orca/session.h"
#include "text_out.h"

#define LAYOUT_FEATURES ((unsigned)ORCA_LAYOUT_SWITCH_COUNT)
/* The switches, then orca_layout.sizes */
#define LAYOUT_ITEMS (LAYOUT_FEATURES + ORCA_LAYOUT_SIZE_COUNT)

#if ORCA_STATUS_STRINGS
#define LAYOUT_SWITCH_NAME(name) "ORCA_WITH_" #name,
#define LAYOUT_SIZE_NAME(size) #size,
/* What each switch and size is called, in orca_layout order. */
static const char *const layout_names[] = {ORCA_LAYOUT_SWITCHES(LAYOUT_SWITCH_NAME)
                                               ORCA_LAYOUT_SIZES(LAYOUT_SIZE_NAME)};

/* "<name> <here> here, <lib> in the library" into msg (cut to fit: the
 * start of the name is worth more than nothing). */
static void layout_say(char *msg, size_t size, unsigned index, uint32_t here, uint32_t lib)
{
    static const char here_text[] = " here, ", lib_text[] = " in the library";
    char line[80];
    orca_text_out w = {line, sizeof line, 0u, ORCA_OK};
    orca_text_put(&w, layout_names[index], strlen(layout_names[index]));
    orca_text_put(&w, " ", 1u);
    orca_text_uint(&w, here);
    orca_text_put(&w, here_text, sizeof here_text - 1u);
    orca_text_uint(&w, lib);
    orca_text_put(&w, lib_text, sizeof lib_text - 1u);
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
    for (i = 0; i < LAYOUT_ITEMS; i++) {
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
    if (i == LAYOUT_ITEMS) {
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
