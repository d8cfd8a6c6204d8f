# Bare-metal RV64 (Debian gcc-riscv64-unknown-elf + picolibc-riscv64-unknown-elf).
# Builds orca_core freestanding; the firmware example is Cortex-M4 only.
#   cmake -S . -B build-rv64 -DCMAKE_TOOLCHAIN_FILE=toolchains/riscv64-unknown-elf.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR riscv64)

set(CMAKE_C_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_ASM_COMPILER riscv64-unknown-elf-gcc)
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# rv64imac/lp64 is one of picolibc's multilibs; medany lets code live anywhere.
set(ORCA_TARGET_FLAGS "-march=rv64imac -mabi=lp64 -mcmodel=medany")
set(CMAKE_C_FLAGS_INIT "${ORCA_TARGET_FLAGS} --specs=picolibc.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${ORCA_TARGET_FLAGS}")
# The C flags (with the specs) are on the link line too: only add gc here.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH /usr/lib/picolibc/riscv64-unknown-elf)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
