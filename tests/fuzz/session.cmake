# Session layer harness (issue 5): response handling of the whole request
# cycle over the scripted transport; seeds in seeds/fuzz_session/.
orca_add_fuzzer(fuzz_session "${CMAKE_CURRENT_LIST_DIR}/fuzz_session.c")
