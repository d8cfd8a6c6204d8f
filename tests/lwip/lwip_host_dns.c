/*
 * The harness's DNS responder: a UDP socket on 127.0.0.1 (lwIP reaches it as
 * 10.0.2.2 through slirp). One A record, "localhost" -> 10.0.2.2; every other
 * name gets NXDOMAIN, so a failed lookup is fast and certain.
 */
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "lwip_host_dns.h"

/* Questions seen, read by the test thread while the responder's thread
 * writes: atomic builtins (GCC and Clang). */
static unsigned long queries;

unsigned long lwip_host_dns_queries(void)
{
    return __atomic_load_n(&queries, __ATOMIC_SEQ_CST);
}

int lwip_host_dns_open(unsigned short *port)
{
    struct sockaddr_in a;
    socklen_t len = (socklen_t)sizeof a;
    int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) {
        return -1;
    }
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    *port = ntohs(a.sin_port);
    return fd;
}

/* Length of the question's name (labels up to the root), 0 if malformed. */
static size_t name_len(const unsigned char *q, size_t n)
{
    size_t i = 0;
    while (i < n && q[i] != 0) {
        if (q[i] > 63) {
            return 0;
        }
        i += (size_t)q[i] + 1u;
    }
    return i < n ? i + 1u : 0;
}

void lwip_host_dns_answer(int fd)
{
    static const unsigned char localhost[] = "\x09localhost";
    static const unsigned char record[] = {0xC0, 0x0C, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 2, 2};
    unsigned char m[512];
    struct sockaddr_in from;
    socklen_t flen = (socklen_t)sizeof from;
    ssize_t got;
    size_t n, qlen, len;
    int found;

    while ((got = recvfrom(fd, m, sizeof m - sizeof record, 0, (struct sockaddr *)&from, &flen)) >
           0) {
        n = (size_t)got;
        (void)__atomic_add_fetch(&queries, 1ul, __ATOMIC_SEQ_CST);
        if (n < 12 + 5 || m[4] != 0 || m[5] != 1) {
            continue; /* not one question */
        }
        qlen = name_len(m + 12, n - 12);
        if (qlen == 0 || 12 + qlen + 4 > n) {
            continue;
        }
        len = 12 + qlen + 4;
        found = qlen == sizeof localhost && memcmp(m + 12, localhost, sizeof localhost) == 0 &&
                m[12 + qlen] == 0 && m[12 + qlen + 1] == 1; /* type A */
        m[2] = (unsigned char)(0x80 | (m[2] & 0x01));       /* response, RD echoed */
        m[3] = (unsigned char)(found ? 0x80 : 0x83);        /* RA; NOERROR or NXDOMAIN */
        m[6] = 0;
        m[7] = found ? 1 : 0;
        memset(m + 8, 0, 4);
        if (found) {
            memcpy(m + len, record, sizeof record);
            len += sizeof record;
        }
        (void)sendto(fd, m, len, 0, (struct sockaddr *)&from, flen);
        flen = (socklen_t)sizeof from;
    }
}
