#!/usr/bin/env bash
# Sizes of the lwIP port and of lwIP itself for Cortex-M4 (-Os, Thumb-2,
# newlib), built with port/lwip/lwipopts.h: text/data/bss of orca_lwip
# (port/sockets/src/bsd_tcp.c with the lwIP shim, with orca's warnings as
# errors) and of the lwIP stack objects
# the port needs. Compile-only (the arch headers are m4-arch/). Fails when
# something does not compile or the port's code is over its budget.
# Usage: size-m4.sh LWIP_SOURCE_DIR
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
lwip="$1"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
cflags=(-mcpu=cortex-m4 -mthumb -mfloat-abi=soft -Os -ffunction-sections -fdata-sections
  --specs=nano.specs -std=c99 -I"$root/port/lwip" -I"$lwip/src/include" -I"$here/m4-arch")
# 902 B before the shared transport; 1,194 B with non-blocking mode and a given
# address (docs/transports.md)
port_budget=1280 # bytes of .text for the lwIP transport (bsd_tcp.c + lwip_shim.h)

arm-none-eabi-gcc "${cflags[@]}" -Wall -Wextra -Wpedantic -Wshadow -Wconversion \
  -Wsign-conversion -Wstrict-prototypes -Wmissing-prototypes -Wcast-qual -Wundef -Werror \
  -isystem "$lwip/src/include" -isystem "$here/m4-arch" \
  -I"$root/core/include" -I"$root/port/lwip/include" -I"$root/port/sockets/include" \
  -I"$root/port/lwip/src" -DORCA_BSD_SHIM='"lwip_shim.h"' \
  -c "$root/port/sockets/src/bsd_tcp.c" -o "$out/lwip_tcp.o"
stack=()
for f in core/{init,def,dns,inet_chksum,ip,mem,memp,netif,pbuf,raw,stats,sys,tcp,tcp_in,tcp_out,timeouts,udp} \
         core/ipv4/{etharp,icmp,ip4_frag,ip4,ip4_addr,acd} api/{api_lib,api_msg,err,netbuf,netdb,sockets,tcpip} \
         netif/ethernet; do
  o="$out/$(echo "$f" | tr / _).o"
  arm-none-eabi-gcc "${cflags[@]}" -w -c "$lwip/src/$f.c" -o "$o"
  stack+=("$o")
done
echo "Cortex-M4 -Os sizes (bytes), lwipopts.h as shipped:"
arm-none-eabi-size "$out/lwip_tcp.o" | awk 'NR==2 {printf "  orca_lwip (bsd_tcp.c + lwip_shim.h): text %d data %d bss %d\n", $1, $2, $3}'
arm-none-eabi-size -t "${stack[@]}" | awk 'END {printf "  lwIP 2.2 stack (IPv4, TCP, UDP, DNS, sockets, ARP): text %d data %d bss %d\n", $1, $2, $3}'
text=$(arm-none-eabi-size "$out/lwip_tcp.o" | awk 'NR==2 {print $1}')
if [ "$text" -gt "$port_budget" ]; then
  echo "FAIL: the lwIP transport is $text B of text, budget $port_budget B" >&2
  exit 1
fi
