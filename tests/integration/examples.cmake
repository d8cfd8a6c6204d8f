# The hosted examples (examples/hosted) against the mock server over TLS, and
# README's quick start checked to be examples/hosted/classic.c byte for byte.
if(TARGET orca_example_classic AND TARGET orca_example_pca)
  add_test(NAME examples_hosted
    COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/examples_tests.py"
            "${CMAKE_BINARY_DIR}/examples" "${CMAKE_BINARY_DIR}/tls-certs"
            "${CMAKE_BINARY_DIR}/examples-work" "${PROJECT_SOURCE_DIR}")
  set_tests_properties(examples_hosted PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 300)
endif()
