# orca_wipe without libFuzzer's coverage feedback (ASan still checks every
# byte it writes): its one loop has nothing to explore, yet instrumented it
# compared every byte of every wiped buffer and took ~85 % of fuzz_session's
# time (perf, issue 14), a tenth of the executions per second.
set_source_files_properties("${PROJECT_SOURCE_DIR}/core/src/wipe.c"
  TARGET_DIRECTORY orca_core PROPERTIES COMPILE_OPTIONS "-fno-sanitize=fuzzer-no-link")
