# Hostile server values (issue 15) and the byte-exact body (issue 13 part 4):
# the orca CLI against the mock Oracle server answering bad tokens, cookies,
# request ids, Location, Retry-After and statuses (hostile_tests.py).
if(TARGET orca AND TARGET orca_posix AND TARGET orca_mbedtls)
  add_test(NAME session_hostile
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/hostile_tests.py" $<TARGET_FILE:orca>
            "${CMAKE_BINARY_DIR}/tls-certs" "${CMAKE_BINARY_DIR}/hostile-work")
  set_tests_properties(session_hostile PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 300)
endif()
# The hostile-server matrix lives in tests/hostile/ (its server, cases and CMake).
include("${CMAKE_CURRENT_LIST_DIR}/../hostile/hostile.cmake")
