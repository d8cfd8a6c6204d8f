# The hostile-server matrix (issue 14 part 1): the orca CLI, and a session of
# the library (next_call.c: is the next call fine, is no credential kept?),
# against the scripted raw server of hostile_server.py, plain TCP and TLS, one
# case per row of matrix.py. Included from tests/integration/hostile.cmake, so
# it carries the integration label (host and sanitize stages run it).
if(TARGET orca AND TARGET orca_posix AND TARGET orca_mbedtls)
  add_executable(orca_hostile_next "${CMAKE_CURRENT_LIST_DIR}/next_call.c")
  target_link_libraries(orca_hostile_next PRIVATE orca_test_deps orca_warnings)
  add_test(NAME hostile_matrix
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/matrix.py" $<TARGET_FILE:orca>
            $<TARGET_FILE:orca_hostile_next> "${CMAKE_BINARY_DIR}/tls-certs")
  set_tests_properties(hostile_matrix PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 300)
endif()
