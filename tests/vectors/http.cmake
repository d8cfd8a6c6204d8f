# HTTP response vectors from ../shared/testdata/http (issue 2): llhttp and
# picohttpparser, each fed whole, split at every offset and byte by byte.
# `orca_http_vectors --corpus DIR` writes the inputs as fuzz seeds.
orca_add_test(orca_http_vectors "${CMAKE_CURRENT_LIST_DIR}/http_vectors.c")

# A clone without ../shared/testdata: every vector program reports itself
# skipped, by name, with the path it looked for (exit 77, "skipped" in ctest).
# ORCA_TESTDATA_DIR points them at a folder that does not exist.
set(orca_no_testdata "${CMAKE_BINARY_DIR}/no-such-testdata")
add_test(NAME vectors_skip_without_testdata_http COMMAND orca_http_vectors)
add_test(NAME vectors_skip_without_testdata_json COMMAND orca_json_vectors)
add_test(NAME vectors_skip_without_testdata_cookies
  COMMAND orca_cookie_vectors "${orca_no_testdata}/cookies/http-state-parser.json")
add_test(NAME vectors_skip_without_testdata_dates
  COMMAND orca_date_vectors "${orca_no_testdata}/cookies/dates-examples.json")
foreach(prog http json cookie date)
  set(name vectors_skip_without_testdata_${prog})
  if(prog STREQUAL "cookie")
    set(name vectors_skip_without_testdata_cookies)
  elseif(prog STREQUAL "date")
    set(name vectors_skip_without_testdata_dates)
  endif()
  # Passes on the skip line (printed only before exit 77), or on the
  # program's own feature skip in a preset that leaves the reader out.
  set_tests_properties(${name} PROPERTIES
    ENVIRONMENT "ORCA_TESTDATA_DIR=${orca_no_testdata}"
    PASS_REGULAR_EXPRESSION "skipped: orca_${prog}_vectors needs .*no-such-testdata.* is absent;skipped: every test here needs")
endforeach()
