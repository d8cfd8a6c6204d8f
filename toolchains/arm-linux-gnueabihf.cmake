# 32-bit ARM Linux (Debian gcc-arm-linux-gnueabihf + armhf multiarch packages).
# Builds everything; ctest runs the test programs under qemu-arm, which catches
# 32-bit and alignment bugs on a real ARM instruction set.
#   dpkg --add-architecture armhf && apt-get update
#   apt-get install gcc-arm-linux-gnueabihf qemu-user libmbedtls-dev:armhf libcmocka-dev:armhf
#   cmake -S . -B build-armhf -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-linux-gnueabihf.cmake
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-linux-gnueabihf-gcc)
# Under qemu-arm the 64-bit host kernel hands out 64-bit directory offsets, and
# readdir() without large-file support fails with EOVERFLOW: use the 64-bit API.
set(CMAKE_C_FLAGS_INIT "-D_FILE_OFFSET_BITS=64")
# Multiarch: armhf libraries live in /usr/lib/arm-linux-gnueabihf, headers in
# /usr/include (shared with the host) and /usr/include/arm-linux-gnueabihf.
set(CMAKE_LIBRARY_ARCHITECTURE arm-linux-gnueabihf)
set(CMAKE_FIND_ROOT_PATH /usr/arm-linux-gnueabihf /)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)

# The armhf loader comes from the cross sysroot; the multiarch libraries
# (cmocka, mbedTLS) from /usr/lib/arm-linux-gnueabihf.
set(CMAKE_CROSSCOMPILING_EMULATOR
    qemu-arm -L /usr/arm-linux-gnueabihf -E LD_LIBRARY_PATH=/usr/lib/arm-linux-gnueabihf)
