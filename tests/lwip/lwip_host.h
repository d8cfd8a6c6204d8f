/*
 * Test harness: lwIP running in the test process, its one Ethernet netif
 * wired to libslirp, so everything stays on this machine and needs no
 * privileges. The guest side is slirp's usual 10.0.2.0/24: lwIP is
 * 10.0.2.15, and 10.0.2.2 is the host's 127.0.0.1 (TCP and UDP). A DNS
 * responder in the harness (on 127.0.0.1, so lwIP's server is 10.0.2.2)
 * answers "localhost" with 10.0.2.2 and every other name with NXDOMAIN.
 */
#ifndef ORCA_TEST_LWIP_HOST_H
#define ORCA_TEST_LWIP_HOST_H

/* The host's loopback as lwIP sees it. */
#define LWIP_HOST_LOOPBACK "10.0.2.2"

/* Starts lwIP (tcpip thread), slirp and the DNS responder (one thread that
 * polls both). Once per process; later calls return 0 at once.
 * Returns 0, or -1 with a message on stderr. */
int lwip_host_start(void);

/* While @p on, every frame lwIP sends is dropped (a black-holed network:
 * connects time out). */
void lwip_host_drop_output(int on);

#endif
