/*
 * Overrides of port/lwip/lwipopts.h for the host tests (ORCA_LWIPOPTS_EXTRA):
 * lwIP's DNS queries go to the test's own responder, whose UDP port is picked
 * at run time (lwip_host.c), so the port is a variable instead of 53.
 */
#ifndef ORCA_LWIPOPTS_TEST_H
#define ORCA_LWIPOPTS_TEST_H

extern unsigned short lwip_host_dns_port;
#define DNS_SERVER_PORT lwip_host_dns_port

#endif
