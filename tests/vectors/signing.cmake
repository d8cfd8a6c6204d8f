# OCI request-signing vectors: keys and openssl signatures made at test time
# (fixture signing_vectors, gen_signing_vectors.sh), read by the mbedTLS
# signer's known-answer test and by the signed-PCA integration test.
set(ORCA_SIGNING_VECTOR_DIR "${CMAKE_BINARY_DIR}/signing-vectors")
add_test(NAME signing_vectors
  COMMAND bash "${CMAKE_CURRENT_LIST_DIR}/gen_signing_vectors.sh" "${ORCA_SIGNING_VECTOR_DIR}")
set_tests_properties(signing_vectors PROPERTIES FIXTURES_SETUP signing_vectors)
if(TARGET test_signer_mbedtls)
  set_tests_properties(test_signer_mbedtls PROPERTIES FIXTURES_REQUIRED signing_vectors
    ENVIRONMENT "ORCA_SIGNING_VECTORS=${ORCA_SIGNING_VECTOR_DIR}")
endif()
