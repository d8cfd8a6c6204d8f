# Response parser harness (issue 2); seeds: orca_http_vectors --corpus.
orca_add_fuzzer(fuzz_http_parser "${CMAKE_CURRENT_LIST_DIR}/fuzz_http_parser.c")
