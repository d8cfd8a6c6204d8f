/*
 * Overrides of port/lwip/lwipopts.h for the host tests (ORCA_LWIPOPTS_EXTRA):
 * lwIP's DNS queries go to the test's own responder, whose UDP port is picked
 * at run time (lwip_host.c), so the port is a variable instead of 53.
 */
#ifndef ORCA_LWIPOPTS_TEST_H
#define ORCA_LWIPOPTS_TEST_H

extern unsigned short lwip_host_dns_port;

/* 64-bit host: lwIP's pools hold pointers, which need 8-byte alignment
 * (the 4 of lwipopts.h is a 32-bit device's; UBSan catches the difference). */
#define MEM_ALIGNMENT 8
#define DNS_SERVER_PORT lwip_host_dns_port

#endif
