# JSONTestSuite (../shared/testdata/json/test_parsing) through orca_json_parse.
orca_add_test(orca_json_vectors "${CMAKE_CURRENT_LIST_DIR}/json_vectors.c")
