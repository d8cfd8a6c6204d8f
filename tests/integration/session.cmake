# Sessions over TLS: the orca CLI against the mock Oracle server (every rule
# checked from the server's request log) and against nginx. The certificates
# come from the tls_certs fixture of tls.cmake (gen_certs.sh).
if(TARGET orca AND TARGET orca_posix AND TARGET orca_mbedtls)
  if(ORCA_TLS_RESUMPTION)
    set(resumption 1)
  else()
    set(resumption 0)
  endif()
  foreach(peer mock nginx)
    add_test(NAME session_${peer}
      COMMAND python3 "${CMAKE_CURRENT_LIST_DIR}/session_tests.py" ${peer} $<TARGET_FILE:orca>
              "${CMAKE_BINARY_DIR}/tls-certs" "${CMAKE_BINARY_DIR}/session-work")
    # The TLS resumption cases expect what the build's switch says.
    set_tests_properties(session_${peer} PROPERTIES FIXTURES_REQUIRED tls_certs TIMEOUT 300
      ENVIRONMENT "ORCA_TLS_RESUMPTION=${resumption}")
  endforeach()
endif()
