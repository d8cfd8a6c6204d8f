# The CLI for a person at a terminal (tests/integration/cli_tests.py): one-line
# usage errors, retry lines, 3xx not followed, a final newline and a countdown
# on a terminal only (pseudo-terminals), against the mock server over TLS.
if(TARGET orca AND TARGET orca_posix AND TARGET orca_mbedtls)
  add_test(NAME cli_terminal
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/cli_tests.py" $<TARGET_FILE:orca>
            "${CMAKE_BINARY_DIR}/tls-certs" "${CMAKE_BINARY_DIR}/cli-work")
  set_tests_properties(cli_terminal PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 300)
endif()
