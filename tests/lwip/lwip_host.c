/*
 * lwIP in the test process, its Ethernet netif wired to libslirp (user-mode
 * networking: slirp turns the guest's TCP/UDP into host sockets, so 10.0.2.2
 * is the host's 127.0.0.1). One harness thread polls slirp's sockets, its
 * timers and the DNS responder; slirp is not thread-safe, so every slirp
 * call holds slirp_lock. Frames towards lwIP go through tcpip_input, which
 * only queues them, so holding slirp_lock there cannot deadlock lwIP.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <slirp/libslirp.h>

#include "lwip/dns.h"
#include "lwip/etharp.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/tcpip.h"
#include "netif/ethernet.h"

#include "lwip_host.h"
#include "lwip_host_dns.h"

unsigned short lwip_host_dns_port = 53; /* DNS_SERVER_PORT, see lwipopts_test.h */

#define MAX_TIMERS 8
#define MAX_POLL 64
#define FRAME_MAX 1536

typedef struct host_timer {
    SlirpTimerId id;
    void *cb_opaque;
    int64_t expire_ms; /* -1: not armed */
    int used;
} host_timer;

static struct {
    Slirp *slirp;
    pthread_mutex_t slirp_lock;
    struct netif netif;
    host_timer timers[MAX_TIMERS];
    struct pollfd fds[MAX_POLL];
    int nfds;
    int wake[2]; /* written to cut the harness thread's poll short */
    int dns_fd;
    volatile int drop;
    int started;
} host = {.slirp_lock = PTHREAD_MUTEX_INITIALIZER, .wake = {-1, -1}, .dns_fd = -1};

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void wake_thread(void)
{
    char c = 0;
    (void)!write(host.wake[1], &c, 1);
}

/* ---- slirp callbacks (called with slirp_lock held) */

/* A frame from slirp to lwIP. */
static ssize_t slirp_send_packet(const void *buf, size_t len, void *opaque)
{
    struct pbuf *p;
    (void)opaque;
    if (len > 0xFFFFu || (p = pbuf_alloc(PBUF_RAW, (u16_t)len, PBUF_POOL)) == NULL) {
        return (ssize_t)len; /* dropped: TCP retransmits */
    }
    if (pbuf_take(p, buf, (u16_t)len) != ERR_OK || host.netif.input(p, &host.netif) != ERR_OK) {
        pbuf_free(p);
    }
    return (ssize_t)len;
}

static void slirp_guest_error(const char *msg, void *opaque)
{
    (void)opaque;
    fprintf(stderr, "slirp: guest error: %s\n", msg);
}

static int64_t slirp_clock_ns(void *opaque)
{
    (void)opaque;
    return now_ns();
}

static void *slirp_timer_new_opaque(SlirpTimerId id, void *cb_opaque, void *opaque)
{
    int i;
    (void)opaque;
    for (i = 0; i < MAX_TIMERS; i++) {
        if (!host.timers[i].used) {
            host.timers[i] = (host_timer){id, cb_opaque, -1, 1};
            return &host.timers[i];
        }
    }
    fprintf(stderr, "slirp: out of timers\n");
    return NULL;
}

static void slirp_timer_free(void *timer, void *opaque)
{
    (void)opaque;
    if (timer != NULL) {
        ((host_timer *)timer)->used = 0;
    }
}

static void slirp_timer_mod(void *timer, int64_t expire_ms, void *opaque)
{
    (void)opaque;
    if (timer != NULL) {
        ((host_timer *)timer)->expire_ms = expire_ms;
    }
}

static void slirp_poll_fd_noop(int fd, void *opaque)
{
    (void)fd;
    (void)opaque;
}

static void slirp_notify(void *opaque)
{
    (void)opaque;
    wake_thread();
}

static const SlirpCb slirp_callbacks = {
    .send_packet = slirp_send_packet,
    .guest_error = slirp_guest_error,
    .clock_get_ns = slirp_clock_ns,
    .timer_free = slirp_timer_free,
    .timer_mod = slirp_timer_mod,
    .register_poll_fd = slirp_poll_fd_noop,
    .unregister_poll_fd = slirp_poll_fd_noop,
    .notify = slirp_notify,
    .timer_new_opaque = slirp_timer_new_opaque,
};

static int add_poll(int fd, int events, void *opaque)
{
    short ev = 0;
    (void)opaque;
    if (host.nfds >= MAX_POLL) {
        return -1;
    }
    ev = (short)(((events & SLIRP_POLL_IN) ? POLLIN : 0) |
                 ((events & SLIRP_POLL_OUT) ? POLLOUT : 0) |
                 ((events & SLIRP_POLL_PRI) ? POLLPRI : 0));
    host.fds[host.nfds] = (struct pollfd){fd, ev, 0};
    return host.nfds++;
}

static int get_revents(int idx, void *opaque)
{
    short r;
    (void)opaque;
    if (idx < 0 || idx >= host.nfds) {
        return 0;
    }
    r = host.fds[idx].revents;
    return ((r & POLLIN) ? SLIRP_POLL_IN : 0) | ((r & POLLOUT) ? SLIRP_POLL_OUT : 0) |
           ((r & POLLPRI) ? SLIRP_POLL_PRI : 0) | ((r & POLLERR) ? SLIRP_POLL_ERR : 0) |
           ((r & POLLHUP) ? SLIRP_POLL_HUP : 0);
}

static void fire_timers(void)
{
    int64_t now_ms = now_ns() / 1000000;
    int i;
    for (i = 0; i < MAX_TIMERS; i++) {
        host_timer *t = &host.timers[i];
        if (t->used && t->expire_ms >= 0 && t->expire_ms <= now_ms) {
            t->expire_ms = -1;
            slirp_handle_timer(host.slirp, t->id, t->cb_opaque);
        }
    }
}

/* The harness thread: slirp's sockets and timers, the DNS responder. */
static void *host_thread(void *arg)
{
    char drain[64];
    (void)arg;
    for (;;) {
        uint32_t timeout = 5; /* ms; also the timer resolution */
        int n;
        pthread_mutex_lock(&host.slirp_lock);
        host.nfds = 0;
        (void)add_poll(host.wake[0], SLIRP_POLL_IN, NULL);
        (void)add_poll(host.dns_fd, SLIRP_POLL_IN, NULL);
        slirp_pollfds_fill(host.slirp, &timeout, add_poll, NULL);
        pthread_mutex_unlock(&host.slirp_lock);
        n = poll(host.fds, (nfds_t)host.nfds, (int)timeout);
        if (host.fds[0].revents & POLLIN) {
            (void)!read(host.wake[0], drain, sizeof drain);
        }
        if (host.fds[1].revents & POLLIN) {
            lwip_host_dns_answer(host.dns_fd);
        }
        pthread_mutex_lock(&host.slirp_lock);
        slirp_pollfds_poll(host.slirp, n < 0, get_revents, NULL);
        fire_timers();
        pthread_mutex_unlock(&host.slirp_lock);
    }
    return NULL;
}

/* ---- the lwIP netif */

/* A frame from lwIP to slirp (tcpip thread or an application thread). */
static err_t netif_linkoutput(struct netif *netif, struct pbuf *p)
{
    unsigned char frame[FRAME_MAX];
    (void)netif;
    if (host.drop || p->tot_len > sizeof frame) {
        return ERR_OK;
    }
    (void)pbuf_copy_partial(p, frame, p->tot_len, 0);
    pthread_mutex_lock(&host.slirp_lock);
    slirp_input(host.slirp, frame, (int)p->tot_len);
    pthread_mutex_unlock(&host.slirp_lock);
    wake_thread(); /* slirp may have opened a socket to poll */
    return ERR_OK;
}

static err_t netif_setup(struct netif *netif)
{
    static const u8_t mac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
    netif->name[0] = 's';
    netif->name[1] = 'l';
    netif->mtu = 1500;
    netif->hwaddr_len = 6;
    memcpy(netif->hwaddr, mac, sizeof mac);
    netif->flags =
        NETIF_FLAG_BROADCAST | NETIF_FLAG_ETHARP | NETIF_FLAG_ETHERNET | NETIF_FLAG_LINK_UP;
    netif->output = etharp_output;
    netif->linkoutput = netif_linkoutput;
    return ERR_OK;
}

static void tcpip_ready(void *arg)
{
    sys_sem_signal((sys_sem_t *)arg);
}

static int start_slirp(void)
{
    SlirpConfig cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.version = 4;
    cfg.in_enabled = true;
    inet_pton(AF_INET, "10.0.2.0", &cfg.vnetwork);
    inet_pton(AF_INET, "255.255.255.0", &cfg.vnetmask);
    inet_pton(AF_INET, LWIP_HOST_LOOPBACK, &cfg.vhost);
    inet_pton(AF_INET, "10.0.2.15", &cfg.vdhcp_start);
    inet_pton(AF_INET, "10.0.2.3", &cfg.vnameserver);
    cfg.if_mtu = 1500;
    cfg.if_mru = 1500;
    cfg.disable_dns = true; /* slirp's own DNS forwarder would leave the machine */
    host.slirp = slirp_new(&cfg, &slirp_callbacks, NULL);
    return host.slirp != NULL ? 0 : -1;
}

static void start_netif(void)
{
    ip4_addr_t ip, mask, gw, dns;
    IP4_ADDR(&ip, 10, 0, 2, 15);
    IP4_ADDR(&mask, 255, 255, 255, 0);
    IP4_ADDR(&gw, 10, 0, 2, 2);
    IP4_ADDR(&dns, 10, 0, 2, 2);
    LOCK_TCPIP_CORE();
    netif_add(&host.netif, &ip, &mask, &gw, NULL, netif_setup, tcpip_input);
    netif_set_default(&host.netif);
    netif_set_up(&host.netif);
    dns_setserver(0, &dns);
    UNLOCK_TCPIP_CORE();
}

int lwip_host_start(void)
{
    sys_sem_t ready;
    pthread_t thread;
    if (host.started) {
        return 0;
    }
    /* slirp writes to its host sockets without MSG_NOSIGNAL: a peer that has
     * reset would kill the process with SIGPIPE (QEMU ignores it too). */
    (void)signal(SIGPIPE, SIG_IGN);
    if (pipe2(host.wake, O_CLOEXEC | O_NONBLOCK) != 0 ||
        (host.dns_fd = lwip_host_dns_open(&lwip_host_dns_port)) < 0 || start_slirp() != 0) {
        fprintf(stderr, "lwip_host: cannot start slirp or the DNS responder\n");
        return -1;
    }
    if (sys_sem_new(&ready, 0) != ERR_OK) {
        return -1;
    }
    tcpip_init(tcpip_ready, &ready);
    sys_sem_wait(&ready);
    sys_sem_free(&ready);
    start_netif();
    if (pthread_create(&thread, NULL, host_thread, NULL) != 0) {
        fprintf(stderr, "lwip_host: cannot start the harness thread\n");
        return -1;
    }
    (void)pthread_detach(thread);
    host.started = 1;
    return 0;
}

void lwip_host_drop_output(int on)
{
    host.drop = on;
}
