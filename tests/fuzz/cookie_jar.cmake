# Cookie jar harness of issue 14: a program of stores, raw stores, deletes,
# finds, header writes and clock jumps run against the jar and a model of
# RFC 6265 5.3/5.4 (header equal to the model's after every step, arena
# guards and wiped tail); seeds in seeds/fuzz_cookie_jar/.
orca_add_fuzzer(fuzz_cookie_jar "${CMAKE_CURRENT_LIST_DIR}/fuzz_cookie_jar.c")
# The model and the checks are not what is being explored: no coverage
# feedback from them (libFuzzer's feature bookkeeping of their compares took
# ~40 % of the time), ASan and UBSan still on.
set_source_files_properties("${CMAKE_CURRENT_LIST_DIR}/fuzz_cookie_jar.c" PROPERTIES
  COMPILE_OPTIONS "-fno-sanitize=fuzzer-no-link")
