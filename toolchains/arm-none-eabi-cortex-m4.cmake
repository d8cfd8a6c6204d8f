# Bare-metal Cortex-M4 (Debian gcc-arm-none-eabi + libnewlib-arm-none-eabi, newlib-nano).
# Builds orca_core and the firmware example (CMAKE_SYSTEM_NAME Generic: not hosted).
#   cmake -S . -B build-m4 -DCMAKE_TOOLCHAIN_FILE=toolchains/arm-none-eabi-cortex-m4.cmake
set(CMAKE_SYSTEM_NAME Generic)
set(CMAKE_SYSTEM_PROCESSOR arm)

set(CMAKE_C_COMPILER arm-none-eabi-gcc)
set(CMAKE_ASM_COMPILER arm-none-eabi-gcc)
# There is no OS to run a test program on: check the compiler with a library.
set(CMAKE_TRY_COMPILE_TARGET_TYPE STATIC_LIBRARY)

# Soft-float ABI everywhere (compiler, libraries, link) so the image also fits
# an M4 without FPU; core uses no floating point at all.
set(ORCA_TARGET_FLAGS "-mcpu=cortex-m4 -mthumb -mfloat-abi=soft")
set(CMAKE_C_FLAGS_INIT "${ORCA_TARGET_FLAGS} --specs=nano.specs -ffunction-sections -fdata-sections")
set(CMAKE_ASM_FLAGS_INIT "${ORCA_TARGET_FLAGS}")
# The C flags (with the specs) are on the link line too: only add gc here.
set(CMAKE_EXE_LINKER_FLAGS_INIT "-Wl,--gc-sections")

set(CMAKE_FIND_ROOT_PATH /usr/lib/arm-none-eabi)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
