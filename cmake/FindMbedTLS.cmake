# FindMbedTLS: mbedTLS as the imported targets MbedTLS::mbedtls (which links
# MbedTLS::mbedx509, which links MbedTLS::mbedcrypto), the names mbedTLS's own
# CMake package uses.
#
# mbedTLS 3.x installs that package (MbedTLSConfig.cmake): it is used when
# found. Debian's libmbedtls-dev 2.28 ships neither a CMake package nor .pc
# files, so otherwise the header and the three libraries are searched for.
# orca's build and orca's installed package (find_dependency) both use this.
#
# Sets MbedTLS_FOUND, MbedTLS_INCLUDE_DIR, MbedTLS_LIBRARIES (the three files,
# empty when the CMake package was used).

find_package(MbedTLS CONFIG QUIET)
if(MbedTLS_FOUND AND TARGET MbedTLS::mbedtls)
  set(MbedTLS_LIBRARIES "")
  return()
endif()

find_path(MbedTLS_INCLUDE_DIR mbedtls/ssl.h)
find_library(MbedTLS_TLS_LIBRARY mbedtls)
find_library(MbedTLS_X509_LIBRARY mbedx509)
find_library(MbedTLS_CRYPTO_LIBRARY mbedcrypto)
mark_as_advanced(MbedTLS_INCLUDE_DIR MbedTLS_TLS_LIBRARY MbedTLS_X509_LIBRARY
  MbedTLS_CRYPTO_LIBRARY)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MbedTLS REQUIRED_VARS MbedTLS_INCLUDE_DIR
  MbedTLS_TLS_LIBRARY MbedTLS_X509_LIBRARY MbedTLS_CRYPTO_LIBRARY)
if(NOT MbedTLS_FOUND)
  return()
endif()
set(MbedTLS_LIBRARIES "${MbedTLS_TLS_LIBRARY}" "${MbedTLS_X509_LIBRARY}"
  "${MbedTLS_CRYPTO_LIBRARY}")

# One imported target per library, each linking the one below it.
function(_orca_mbedtls_import name file below)
  if(NOT TARGET MbedTLS::${name})
    add_library(MbedTLS::${name} UNKNOWN IMPORTED)
    set_target_properties(MbedTLS::${name} PROPERTIES
      IMPORTED_LOCATION "${file}"
      INTERFACE_INCLUDE_DIRECTORIES "${MbedTLS_INCLUDE_DIR}"
      INTERFACE_LINK_LIBRARIES "${below}")
  endif()
endfunction()
_orca_mbedtls_import(mbedcrypto "${MbedTLS_CRYPTO_LIBRARY}" "")
_orca_mbedtls_import(mbedx509 "${MbedTLS_X509_LIBRARY}" MbedTLS::mbedcrypto)
_orca_mbedtls_import(mbedtls "${MbedTLS_TLS_LIBRARY}" MbedTLS::mbedx509)
