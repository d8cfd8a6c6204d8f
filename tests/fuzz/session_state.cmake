# Restore of a saved session state (orca/session_state.h): untrusted bytes
# into a session; seeds in seeds/fuzz_session_state/ (a PCA and a Classic state).
orca_add_fuzzer(fuzz_session_state "${CMAKE_CURRENT_LIST_DIR}/fuzz_session_state.c")
