/* EVA driver: orca_url_split (url.c) on any C string of IN_MAX bytes or
 * fewer (IN_MAX unknown bytes, NUL among them or after them), into a host
 * buffer of any size from 0 to HOST_MAX. */
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
    Frama_C_make_unknown(url, IN_MAX);
    url[IN_MAX] = '\0';
    return orca_url_split(url, host, Frama_C_size_t_interval(0, HOST_MAX), &port, &tls);
}
