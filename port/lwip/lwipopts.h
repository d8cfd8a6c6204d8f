/*
 * lwIP configuration of the orca lwIP port (lwIP 2.2, opt.h style: every
 * setting can be overridden by defining it first, for instance in the file
 * named by ORCA_LWIPOPTS_EXTRA, which is included before the defaults).
 *
 * What orca needs: an OS (NO_SYS 0) for the sockets API, TCP, IPv4, DNS over
 * UDP, and select (every wait of the transport). SO_RCVTIMEO is no longer
 * used by orca (kept on: it costs little and applications may use it). Everything is
 * static: lwIP's pools and its MEM_SIZE heap are arrays in .bss, never libc's
 * malloc (MEM_LIBC_MALLOC 0, MEMP_MEM_MALLOC 0). Sized for one TLS connection
 * at a time plus DNS: 25 KB of .bss and 39 KB of code on Cortex-M4 -Os
 * (tests/lwip/size-m4.sh, ctest lwip_size_m4). A 32-bit device's alignment;
 * 64-bit hosts need MEM_ALIGNMENT 8 (tests/lwip/lwipopts_test.h).
 */
#ifndef ORCA_LWIPOPTS_H
#define ORCA_LWIPOPTS_H

#ifdef ORCA_LWIPOPTS_EXTRA
#include ORCA_LWIPOPTS_EXTRA
#endif

/* ---- system: an RTOS (or the unix port's pthreads on the host) */
#ifndef NO_SYS
#define NO_SYS 0
#endif
#ifndef SYS_LIGHTWEIGHT_PROT
#define SYS_LIGHTWEIGHT_PROT 1
#endif
#ifndef LWIP_TCPIP_CORE_LOCKING
#define LWIP_TCPIP_CORE_LOCKING 1
#endif
#ifndef TCPIP_MBOX_SIZE
#define TCPIP_MBOX_SIZE 16
#endif
#ifndef DEFAULT_TCP_RECVMBOX_SIZE
#define DEFAULT_TCP_RECVMBOX_SIZE 16
#endif
#ifndef DEFAULT_UDP_RECVMBOX_SIZE
#define DEFAULT_UDP_RECVMBOX_SIZE 4
#endif
#ifndef DEFAULT_ACCEPTMBOX_SIZE
#define DEFAULT_ACCEPTMBOX_SIZE 2
#endif

/* ---- memory: static pools and a static heap array, no libc heap */
#ifndef MEM_LIBC_MALLOC
#define MEM_LIBC_MALLOC 0
#endif
#ifndef MEMP_MEM_MALLOC
#define MEMP_MEM_MALLOC 0
#endif
#ifndef MEM_ALIGNMENT
#define MEM_ALIGNMENT 4
#endif
#ifndef MEM_SIZE
#define MEM_SIZE (8 * 1024)
#endif
#ifndef MEMP_NUM_TCP_PCB
#define MEMP_NUM_TCP_PCB 4
#endif
#ifndef MEMP_NUM_TCP_PCB_LISTEN
#define MEMP_NUM_TCP_PCB_LISTEN 1
#endif
#ifndef MEMP_NUM_UDP_PCB
#define MEMP_NUM_UDP_PCB 2
#endif
#ifndef MEMP_NUM_NETCONN
#define MEMP_NUM_NETCONN 4
#endif
#ifndef MEMP_NUM_TCP_SEG
#define MEMP_NUM_TCP_SEG 16
#endif
#ifndef PBUF_POOL_SIZE
#define PBUF_POOL_SIZE 8
#endif

/* ---- protocols: IPv4, TCP, UDP for DNS; ARP on an Ethernet netif */
#ifndef LWIP_IPV4
#define LWIP_IPV4 1
#endif
#ifndef LWIP_IPV6
#define LWIP_IPV6 0
#endif
#ifndef LWIP_TCP
#define LWIP_TCP 1
#endif
#ifndef LWIP_UDP
#define LWIP_UDP 1
#endif
#ifndef LWIP_ARP
#define LWIP_ARP 1
#endif
#ifndef LWIP_ETHERNET
#define LWIP_ETHERNET 1
#endif
#ifndef LWIP_DHCP
#define LWIP_DHCP 0
#endif
#ifndef LWIP_DNS
#define LWIP_DNS 1
#endif
#ifndef LWIP_RAW
#define LWIP_RAW 0
#endif
#ifndef LWIP_IGMP
#define LWIP_IGMP 0
#endif
#ifndef TCP_MSS
#define TCP_MSS 1460
#endif
#ifndef TCP_WND
#define TCP_WND (4 * TCP_MSS)
#endif
#ifndef TCP_SND_BUF
#define TCP_SND_BUF (4 * TCP_MSS)
#endif
#ifndef TCP_SND_QUEUELEN
#define TCP_SND_QUEUELEN 16
#endif
/* "localhost" is resolved like any other name (through DNS), not mapped to
 * a loopback netif: orca's hosts are never the device itself. */
#ifndef LWIP_HAVE_LOOPIF
#define LWIP_HAVE_LOOPIF 0
#endif
#ifndef LWIP_NETIF_LOOPBACK
#define LWIP_NETIF_LOOPBACK 0
#endif

/* ---- APIs: BSD-style sockets (lwip_* names only), SO_RCVTIMEO and select */
#ifndef LWIP_NETCONN
#define LWIP_NETCONN 1
#endif
#ifndef LWIP_SOCKET
#define LWIP_SOCKET 1
#endif
#ifndef LWIP_COMPAT_SOCKETS
#define LWIP_COMPAT_SOCKETS 0
#endif
#ifndef LWIP_POSIX_SOCKETS_IO_NAMES
#define LWIP_POSIX_SOCKETS_IO_NAMES 0
#endif
#ifndef LWIP_SO_RCVTIMEO
#define LWIP_SO_RCVTIMEO 1
#endif
#ifndef LWIP_SO_SNDTIMEO
#define LWIP_SO_SNDTIMEO 0 /* not used: send waits in lwip_select */
#endif
#ifndef LWIP_SOCKET_SELECT
#define LWIP_SOCKET_SELECT 1
#endif
#ifndef LWIP_SOCKET_POLL
#define LWIP_SOCKET_POLL 0
#endif
#ifndef MEMP_NUM_SELECT_CB
#define MEMP_NUM_SELECT_CB 4
#endif
#ifndef LWIP_NETIF_API
#define LWIP_NETIF_API 0
#endif

/* ---- diagnostics off */
#ifndef LWIP_STATS
#define LWIP_STATS 0
#endif

#endif /* ORCA_LWIPOPTS_H */
