# OCI request signing and Retry-After (issue 13): the orca CLI against the mock
# Oracle server, which verifies signatures with python3-cryptography. Keys
# come from the signing_vectors fixture (tests/vectors/signing.cmake),
# certificates from tls_certs (tls.cmake).
if(TARGET orca AND TARGET orca_posix AND TARGET orca_mbedtls)
  add_test(NAME session_signed
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/signing_tests.py" $<TARGET_FILE:orca>
            "${CMAKE_BINARY_DIR}/tls-certs" "${CMAKE_BINARY_DIR}/signing-vectors"
            "${CMAKE_BINARY_DIR}/signing-work")
  set_tests_properties(session_signed PROPERTIES
    FIXTURES_REQUIRED "tls_certs;signing_vectors" TIMEOUT 300)
endif()
