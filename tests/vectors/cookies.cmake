# Cookie and cookie-date vectors from ../shared/testdata/cookies (issue 3).
# The programs take the vector file as their argument, so they are not
# registered through orca_add_test().
foreach(prog orca_cookie_vectors orca_date_vectors)
  string(REPLACE "orca_" "" src ${prog})
  add_executable(${prog} "${CMAKE_CURRENT_LIST_DIR}/${src}.c")
  target_link_libraries(${prog} PRIVATE orca_test_deps orca_warnings)
endforeach()

# The suite's Domain cases (example.org from home.example.org) need a
# public-suffix list: the POSIX port's libpsl check. Without it the program
# says so and exits 77 (skipped).
if(TARGET orca_posix AND ORCA_POSIX_LIBPSL)
  target_compile_definitions(orca_cookie_vectors PRIVATE ORCA_VECTORS_PSL=1)
else()
  target_compile_definitions(orca_cookie_vectors PRIVATE ORCA_VECTORS_PSL=0)
endif()

add_test(NAME cookie_vectors_http_state
  COMMAND orca_cookie_vectors "${ORCA_TESTDATA_DIR}/cookies/http-state-parser.json")
add_test(NAME date_vectors_examples
  COMMAND orca_date_vectors "${ORCA_TESTDATA_DIR}/cookies/dates-examples.json")
add_test(NAME date_vectors_bsd_examples
  COMMAND orca_date_vectors "${ORCA_TESTDATA_DIR}/cookies/dates-bsd-examples.json")
set_tests_properties(cookie_vectors_http_state date_vectors_examples date_vectors_bsd_examples
  PROPERTIES SKIP_RETURN_CODE 77)
