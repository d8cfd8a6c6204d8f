/* EVA driver: the cookie-date parser (date.c, RFC 6265 5.1.1, which reads
 * IMF-fixdate, RFC 850 and asctime dates too: the Date and Retry-After
 * headers and the cookie Expires attribute) on IN_MAX unknown bytes or
 * fewer. */
#include "__fc_builtin.h"

#include "orca/date.h"

#ifndef IN_MAX
#define IN_MAX 32
#endif

int main(void)
{
    static char in[IN_MAX];
    int64_t t = 0;
    size_t len = Frama_C_size_t_interval(0, IN_MAX);
    int r;
    Frama_C_make_unknown(in, IN_MAX);
    r = orca_date_parse_cookie(in, len, &t);
    return r;
}
