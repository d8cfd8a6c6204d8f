/* EVA driver: orca_url_split (url.c) on any NUL-terminated string of IN_MAX
 * bytes or fewer (every byte unknown but the terminator), into a host buffer
 * of any size from 0 to HOST_MAX. */
#include "__fc_builtin.h"

#include "orca/session.h"

#ifndef IN_MAX
#define IN_MAX 40
#endif
#define HOST_MAX 24

int main(void)
{
    static char url[IN_MAX + 1];
    static char host[HOST_MAX];
    uint16_t port = 0;
    uint8_t tls = 0;
    size_t len = Frama_C_size_t_interval(0, IN_MAX);
    Frama_C_make_unknown(url, IN_MAX);
    for (size_t i = 0; i < IN_MAX; i++) { /* no NUL before the end */
        url[i] = Frama_C_char_interval(1, 127) | (char)(Frama_C_nondet(0, 1) ? 0x80 : 0);
    }
    url[len] = '\0';
    return orca_url_split(url, host, Frama_C_size_t_interval(0, HOST_MAX), &port, &tls);
}
