# Packaging: the orca::* names, install rules, the CMake package and the
# pkg-config files. `cmake --install build --prefix P` gives
#   P/include/orca/*.h        public headers, jsmn.h (see below), your config header
#   P/lib/liborca_*.a         orca_core, orca_posix, orca_mbedtls, orca_posix_tls (those built)
#   P/bin/orca                the CLI (when built)
#   P/lib/cmake/orca/         orcaConfig.cmake, orcaConfigVersion.cmake, orcaTargets*.cmake,
#                             FindMbedTLS.cmake, FindLibPSL.cmake
#   P/lib/pkgconfig/          orca.pc (everything built), orca-core.pc, orca-posix.pc,
#                             orca-mbedtls.pc, orca-posix-tls.pc
#
# jsmn.h: orca/json.h includes it (orca_json_token is a jsmntok_t), so it is
# installed beside json.h, the copy orca was compiled with. Debian's jsmn has
# no CMake or pkg-config file to find it by, a cross sysroot has no jsmn at
# all, and the token layout must be the one core was built with.

# The libraries built are the package's components, with the same orca::
# names for add_subdirectory(orca) users as for find_package.
set(ORCA_PACKAGE_COMPONENTS "")
foreach(_orca_lib core posix mbedtls posix_tls)
  if(TARGET orca_${_orca_lib})
    add_library(orca::${_orca_lib} ALIAS orca_${_orca_lib})
    set_target_properties(orca_${_orca_lib} PROPERTIES EXPORT_NAME ${_orca_lib})
    list(APPEND ORCA_PACKAGE_COMPONENTS ${_orca_lib})
  endif()
endforeach()

# Off by default under add_subdirectory (a parent that installs its own
# targets linking orca turns it on) and with the bare-metal firmware example,
# which adds board files of its own to the mbedTLS library.
if(ORCA_IS_TOP_LEVEL AND NOT TARGET orca_firmware)
  set(_orca_install_default ON)
else()
  set(_orca_install_default OFF)
endif()
option(ORCA_INSTALL "Install rules, CMake package and pkg-config files" ${_orca_install_default})
if(NOT ORCA_INSTALL)
  return()
endif()
if(TARGET orca_firmware)
  message(FATAL_ERROR "ORCA_INSTALL=ON with the firmware example: its board config would be "
    "installed with mbedTLS; configure with -DORCA_BUILD_EXAMPLES=OFF")
endif()

include(CMakePackageConfigHelpers)
set(ORCA_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/orca")
set(ORCA_PKGCONFIG_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")

# ---- headers ----
file(GLOB _orca_headers "${PROJECT_SOURCE_DIR}/core/include/orca/*.h")
foreach(_orca_port posix mbedtls posix_tls)
  if(TARGET orca_${_orca_port})
    file(GLOB _orca_port_headers "${PROJECT_SOURCE_DIR}/port/${_orca_port}/include/orca/*.h")
    list(APPEND _orca_headers ${_orca_port_headers})
  endif()
endforeach()
# orca/posix.h includes the shared sockets transport's state (orca/bsd_tcp.h).
if(TARGET orca_posix)
  list(APPEND _orca_headers "${PROJECT_SOURCE_DIR}/port/sockets/include/orca/bsd_tcp.h")
endif()
install(FILES ${_orca_headers} "${ORCA_JSMN_DIR}/jsmn.h"
  DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/orca")

# ---- definitions consumers must share with the library ----
# Consumers must compile with the same sizes and switches as core (struct
# layouts depend on them): the config header is installed and orca::core (and
# orca-core.pc's Cflags) carry ORCA_CONFIG_FILE="orca/user/<name>"; the
# exported target carries ORCA_STATUS_STRINGS by itself, the .pc file here.
set(_orca_pc_cflags "")
if(ORCA_STATUS_STRINGS)
  string(APPEND _orca_pc_cflags " -DORCA_STATUS_STRINGS=1")
endif()
if(ORCA_CONFIG_FILE)
  get_filename_component(_orca_config_name "${ORCA_CONFIG_FILE}" NAME)
  install(FILES "${ORCA_CONFIG_PATH}" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/orca/user")
  target_compile_definitions(orca_core
    PUBLIC "$<INSTALL_INTERFACE:ORCA_CONFIG_FILE=\"orca/user/${_orca_config_name}\">")
  string(APPEND _orca_pc_cflags " -DORCA_CONFIG_FILE=\\\"orca/user/${_orca_config_name}\\\"")
endif()

# ---- libraries and the CLI ----
set(_orca_targets ${ORCA_PACKAGE_COMPONENTS})
list(TRANSFORM _orca_targets PREPEND orca_)

# mbedTLS for orca_mbedtls: the system one is found again by the consumer
# (find_dependency(MbedTLS), FindMbedTLS.cmake installed beside the config);
# one built from ORCA_MBEDTLS_SOURCE_DIR with the project's config header is
# part of the package (orca::mbedtls_lib), since orca_tls embeds mbedTLS
# structs whose layout that config header decides.
set(ORCA_PACKAGE_FIND_MBEDTLS OFF)
set(_orca_pc_mbedtls_cflags "")
set(_orca_pc_mbedtls_libs "")
set(_orca_pc_mbedtls_requires "")
if(TARGET orca_mbedtls)
  set_target_properties(orca_mbedtls_lib PROPERTIES EXPORT_NAME mbedtls_lib)
  list(APPEND _orca_targets orca_mbedtls_lib)
  if(ORCA_MBEDTLS_SOURCE_DIR)
    set(_orca_mbedtls_inc "${CMAKE_INSTALL_INCLUDEDIR}/orca/mbedtls")
    target_include_directories(orca_mbedtls_lib SYSTEM PUBLIC "$<INSTALL_INTERFACE:${_orca_mbedtls_inc}>")
    install(DIRECTORY "${ORCA_MBEDTLS_SOURCE_DIR}/include/" DESTINATION "${_orca_mbedtls_inc}"
      FILES_MATCHING PATTERN "*.h")
    install(FILES "${PROJECT_SOURCE_DIR}/port/mbedtls/orca_mbedtls_config.h"
      DESTINATION "${_orca_mbedtls_inc}")
    set(_orca_pc_mbedtls_cflags
      "-I\${includedir}/orca/mbedtls -DMBEDTLS_CONFIG_FILE=\\\"orca_mbedtls_config.h\\\"")
    if(ORCA_MBEDTLS_KEY_DECRYPTION) # the config header reads it: the same in every consumer
      string(APPEND _orca_pc_mbedtls_cflags " -DORCA_MBEDTLS_WITH_KEY_DECRYPTION")
    endif()
    set(_orca_pc_mbedtls_libs "-lorca_mbedtls_lib")
  else()
    set(ORCA_PACKAGE_FIND_MBEDTLS ON)
    install(FILES "${PROJECT_SOURCE_DIR}/cmake/FindMbedTLS.cmake" DESTINATION "${ORCA_CMAKE_DIR}")
    if(MbedTLS_TLS_LIBRARY) # found as files (FindMbedTLS.cmake), not as a CMake package
      get_filename_component(_orca_mbedtls_libdir "${MbedTLS_TLS_LIBRARY}" DIRECTORY)
      set(_orca_pc_mbedtls_cflags "-I${MbedTLS_INCLUDE_DIR}")
      set(_orca_pc_mbedtls_libs "-L${_orca_mbedtls_libdir} -lmbedtls -lmbedx509 -lmbedcrypto")
    else()
      set(_orca_pc_mbedtls_requires "mbedtls mbedx509 mbedcrypto") # mbedTLS 3.x's own .pc files
    endif()
  endif()
endif()

# libpsl for orca_posix (its public-suffix check): found again by the
# consumer (find_dependency(LibPSL), FindLibPSL.cmake installed beside the
# config), and a Requires of orca-posix.pc (libpsl-dev ships libpsl.pc).
set(ORCA_PACKAGE_FIND_LIBPSL OFF)
set(_orca_pc_posix_requires "orca-core")
if(TARGET orca_posix AND ORCA_POSIX_LIBPSL)
  set(ORCA_PACKAGE_FIND_LIBPSL ON)
  install(FILES "${PROJECT_SOURCE_DIR}/cmake/FindLibPSL.cmake" DESTINATION "${ORCA_CMAKE_DIR}")
  set(_orca_pc_posix_requires "orca-core libpsl")
endif()

install(TARGETS ${_orca_targets} EXPORT orcaTargets
  ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
  LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}")
if(TARGET orca)
  install(TARGETS orca RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
endif()
install(FILES "${PROJECT_SOURCE_DIR}/CHANGELOG.md" "${PROJECT_SOURCE_DIR}/README.md"
  DESTINATION "${CMAKE_INSTALL_DOCDIR}")

# ---- CMake package ----
install(EXPORT orcaTargets NAMESPACE orca:: DESTINATION "${ORCA_CMAKE_DIR}")
configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/orcaConfig.cmake.in"
  "${PROJECT_BINARY_DIR}/orcaConfig.cmake" INSTALL_DESTINATION "${ORCA_CMAKE_DIR}")
# 0.x: a minor release may break the API, so only the same minor is compatible.
write_basic_package_version_file("${PROJECT_BINARY_DIR}/orcaConfigVersion.cmake"
  VERSION "${PROJECT_VERSION}" COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/orcaConfig.cmake" "${PROJECT_BINARY_DIR}/orcaConfigVersion.cmake"
  DESTINATION "${ORCA_CMAKE_DIR}")

# ---- pkg-config: one file per library, orca.pc for all of them ----
# Relocatable: prefix is found from the .pc file's own place (${pcfiledir}),
# so `cmake --install --prefix P` works for any P. The libraries are static
# only, so dependencies go in Libs/Requires, not the .private fields.
file(RELATIVE_PATH _orca_pc_up "/P/${ORCA_PKGCONFIG_DIR}" "/P")
set(PC_PREFIX "\${pcfiledir}/${_orca_pc_up}")
string(REGEX REPLACE "/$" "" PC_PREFIX "${PC_PREFIX}")
function(orca_write_pc name description requires cflags libs)
  set(PC_NAME "${name}")
  set(PC_DESCRIPTION "${description}")
  set(PC_REQUIRES "${requires}")
  set(PC_CFLAGS "${cflags}")
  set(PC_LIBS "${libs}")
  configure_file("${PROJECT_SOURCE_DIR}/cmake/orca.pc.in" "${PROJECT_BINARY_DIR}/pkgconfig/${name}.pc"
    @ONLY)
  install(FILES "${PROJECT_BINARY_DIR}/pkgconfig/${name}.pc" DESTINATION "${ORCA_PKGCONFIG_DIR}")
endfunction()
orca_write_pc(orca-core "orca core: HTTP, cookies, JSON, PCA and Classic sessions" ""
  "-I\${includedir}${_orca_pc_cflags}" "-L\${libdir} -lorca_core")
set(_orca_pc_all "orca-core")
if(TARGET orca_posix)
  orca_write_pc(orca-posix
    "orca POSIX port: TCP transport, clock, entropy, file loading, public suffixes (libpsl)"
    "${_orca_pc_posix_requires}" "" "-L\${libdir} -lorca_posix")
  set(_orca_pc_all "orca-posix ${_orca_pc_all}")
endif()
if(TARGET orca_mbedtls)
  string(STRIP "orca-core ${_orca_pc_mbedtls_requires}" _orca_pc_requires)
  orca_write_pc(orca-mbedtls "orca TLS transport on mbedTLS" "${_orca_pc_requires}"
    "${_orca_pc_mbedtls_cflags}" "-L\${libdir} -lorca_mbedtls ${_orca_pc_mbedtls_libs}")
  set(_orca_pc_all "orca-mbedtls ${_orca_pc_all}")
endif()
if(TARGET orca_posix_tls)
  orca_write_pc(orca-posix-tls
    "orca on a POSIX host in one call: TLS over TCP with a CA file, clock, session buffers"
    "orca-mbedtls orca-posix" "" "-L\${libdir} -lorca_posix_tls")
  set(_orca_pc_all "orca-posix-tls ${_orca_pc_all}")
endif()
orca_write_pc(orca "orca: sign in to Oracle cloud APIs from small devices (every library built)"
  "${_orca_pc_all}" "" "")
