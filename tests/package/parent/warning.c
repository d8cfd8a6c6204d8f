/* Compiles with a warning (unused variable) on purpose: the parent build
 * fails if orca's usage requirements carried -Werror into the parent. */
#include <orca/orca.h>

int main(void)
{
    int unused = 0;
    return orca_status_str(ORCA_OK)[0] == 'o' ? 0 : 1;
}
