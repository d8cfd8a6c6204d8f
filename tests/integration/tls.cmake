# TLS tests with real certificates made by openssl at test time (fixture tls_certs):
# - test_tls (unit): TLS over an in-memory pipe to an in-process mbedTLS server;
# - test_tls_sockets (unit): TLS over the non-blocking POSIX transport to an
#   in-process mbedTLS server on loopback;
# - tls_s_server / tls_nginx: the TLS transport over TCP against openssl s_server and nginx.
set(ORCA_TLS_CERT_DIR "${CMAKE_BINARY_DIR}/tls-certs")
add_test(NAME tls_certs
  COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/gen_certs.sh" "${ORCA_TLS_CERT_DIR}")
set_tests_properties(tls_certs PROPERTIES FIXTURES_SETUP tls_certs)

foreach(t test_tls test_tls_session test_tls_arena test_tls_sockets test_posix_tls)
  if(TARGET ${t})
    set_tests_properties(${t} PROPERTIES FIXTURES_REQUIRED tls_certs
      ENVIRONMENT "ORCA_TLS_CERT_DIR=${ORCA_TLS_CERT_DIR}")
  endif()
endforeach()

# The integration client: POSIX TCP wrapped by the TLS transport.
if(TARGET orca_posix AND TARGET orca_mbedtls)
  add_executable(orca_tls_client "${CMAKE_CURRENT_LIST_DIR}/tls_client.c")
  target_link_libraries(orca_tls_client PRIVATE orca_test_deps orca_warnings)
  foreach(server s_server nginx)
    add_test(NAME tls_${server}
      COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/tls_servers.py" ${server}
              $<TARGET_FILE:orca_tls_client> "${ORCA_TLS_CERT_DIR}" "${CMAKE_BINARY_DIR}/tls-work")
    set_tests_properties(tls_${server} PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 120)
  endforeach()
endif()

# Session resumption against s_server and nginx (bench/tls_resume.c: also the
# program bench/tls-resume.sh measures with callgrind); not with
# ORCA_TLS_RESUMPTION=OFF (test_tls_session checks that builds never resume).
if(TARGET orca_posix AND TARGET orca_mbedtls AND ORCA_TLS_RESUMPTION)
  add_executable(orca_tls_resume "${PROJECT_SOURCE_DIR}/bench/tls_resume.c")
  target_link_libraries(orca_tls_resume PRIVATE orca_test_deps orca_warnings)
  add_test(NAME tls_resume
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/tls_servers.py" resume
            $<TARGET_FILE:orca_tls_resume> "${ORCA_TLS_CERT_DIR}" "${CMAKE_BINARY_DIR}/tls-work")
  set_tests_properties(tls_resume PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 120)
endif()

# Arena figures and heap-call count of one handshake + one request
# (bench/tls_arena.c; heap calls counted by wrapping malloc/calloc/realloc/free).
# Only the source-built mbedTLS has the project's arena allocator.
if(TARGET orca_posix AND TARGET orca_mbedtls AND ORCA_MBEDTLS_SOURCE_DIR)
  add_executable(orca_tls_arena "${PROJECT_SOURCE_DIR}/bench/tls_arena.c")
  target_link_libraries(orca_tls_arena PRIVATE orca_test_deps orca_warnings)
  target_link_options(orca_tls_arena PRIVATE -Wl,--wrap=malloc -Wl,--wrap=calloc
    -Wl,--wrap=realloc -Wl,--wrap=free)
  add_test(NAME tls_arena
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/tls_servers.py" arena
            $<TARGET_FILE:orca_tls_arena> "${ORCA_TLS_CERT_DIR}" "${CMAKE_BINARY_DIR}/tls-work")
  set_tests_properties(tls_arena PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 120)
endif()

# No port or mbedTLS object may reference the libc heap.
set(ORCA_NO_HEAP_LIBS $<TARGET_FILE:orca_posix> $<TARGET_FILE:orca_mbedtls>)
if(TARGET orca_posix_tls)
  list(APPEND ORCA_NO_HEAP_LIBS $<TARGET_FILE:orca_posix_tls>)
endif()
if(ORCA_MBEDTLS_SOURCE_DIR)
  list(APPEND ORCA_NO_HEAP_LIBS $<TARGET_FILE:orca_mbedtls_lib>)
endif()
if(TARGET orca_posix AND TARGET orca_mbedtls)
  add_test(NAME port_no_heap_symbols
    COMMAND bash -c "syms=$(nm -A \"$@\") || exit 1; \
      out=$(printf '%s\\n' \"$syms\" | grep -E ' U (malloc|calloc|realloc|free|strdup)$'); \
      echo \"checked: $*\"; [ -z \"$out\" ] || { echo \"$out\"; exit 1; }" nm ${ORCA_NO_HEAP_LIBS})
endif()
