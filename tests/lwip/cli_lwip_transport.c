/*
 * The orca CLI (examples/cli/orca_cli.c, unchanged) over lwIP: the program is
 * linked with -Wl,--wrap=orca_posix_tcp_init, so the CLI's one call that
 * picks its TCP transport lands here and gets the lwIP one instead, on lwIP
 * running in-process behind slirp (lwip_host.c). TLS (port/mbedtls), the
 * clock and everything else stay the CLI's own.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lwip_host.h"
#include "orca/lwip.h"
#include "orca/posix.h"

void __wrap_orca_posix_tcp_init(orca_posix_tcp *tcp, orca_transport *transport);

void __wrap_orca_posix_tcp_init(orca_posix_tcp *tcp, orca_transport *transport)
{
    static orca_lwip_tcp lwip_tcp;
    if (lwip_host_start() != 0) {
        fprintf(stderr, "orca: lwIP host network did not start\n");
        exit(3);
    }
    if (tcp != NULL) {
        tcp->fd = -1; /* unused: the CLI only hands it to the transport */
    }
    orca_lwip_tcp_init(&lwip_tcp, transport);
}
