/* The harness's DNS responder (lwip_host_dns.c). */
#ifndef ORCA_TEST_LWIP_HOST_DNS_H
#define ORCA_TEST_LWIP_HOST_DNS_H

/* Opens the responder's non-blocking UDP socket on 127.0.0.1, a free port
 * (stored in *port). Returns the socket or -1. */
int lwip_host_dns_open(unsigned short *port);

/* Answers every query waiting on @p fd. */
void lwip_host_dns_answer(int fd);

/* How many queries the responder has received so far (any name). */
unsigned long lwip_host_dns_queries(void);

#endif
