# Session layer harness (issue 5): response handling of the whole request
# cycle over the scripted transport; seeds in seeds/fuzz_session/.
orca_add_fuzzer(fuzz_session "${CMAKE_CURRENT_LIST_DIR}/fuzz_session.c")
# The same harness through a non-blocking session whose transport would
# block at random points (tests/support/session_fakes.h).
orca_add_fuzzer(fuzz_session_nonblocking "${CMAKE_CURRENT_LIST_DIR}/fuzz_session.c")
target_compile_definitions(fuzz_session_nonblocking PRIVATE FAKE_WOULD_BLOCK=1u)
