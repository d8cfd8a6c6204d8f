# FindLibPSL: libpsl (the Public Suffix List library curl uses) as the
# imported target LibPSL::LibPSL, for the POSIX port's cookie check
# (port/posix/src/posix_psl.c). Debian: libpsl-dev (the list: publicsuffix).
#
# pkg-config (libpsl.pc) gives the hints on a native build; a cross build
# skips them (they name the build machine's libraries) and searches the
# toolchain's root path (armhf: libpsl-dev:armhf in /usr/lib/arm-linux-gnueabihf).
# orca's build and orca's installed package (find_dependency) both use this.
#
# Sets LibPSL_FOUND, LibPSL_INCLUDE_DIR, LibPSL_LIBRARY.

if(NOT CMAKE_CROSSCOMPILING)
  find_package(PkgConfig QUIET)
  if(PKG_CONFIG_FOUND)
    pkg_check_modules(PC_LIBPSL QUIET libpsl)
  endif()
endif()
find_path(LibPSL_INCLUDE_DIR libpsl.h HINTS ${PC_LIBPSL_INCLUDE_DIRS})
find_library(LibPSL_LIBRARY psl HINTS ${PC_LIBPSL_LIBRARY_DIRS})
mark_as_advanced(LibPSL_INCLUDE_DIR LibPSL_LIBRARY)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(LibPSL REQUIRED_VARS LibPSL_LIBRARY LibPSL_INCLUDE_DIR)
if(LibPSL_FOUND AND NOT TARGET LibPSL::LibPSL)
  add_library(LibPSL::LibPSL UNKNOWN IMPORTED)
  set_target_properties(LibPSL::LibPSL PROPERTIES
    IMPORTED_LOCATION "${LibPSL_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${LibPSL_INCLUDE_DIR}")
endif()
