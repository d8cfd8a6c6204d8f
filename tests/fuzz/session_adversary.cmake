# Session layer against an adversarial server (issue 14): templates and raw
# bytes as responses, a program of calls, renewals, sign-ins, logouts and
# clock jumps; sign-in bounds, credential hosts and whole tokens checked after
# every operation. The harness itself gets no coverage feedback (ASan and
# UBSan still on): its checks are not what the fuzzer should explore.
orca_add_fuzzer(fuzz_session_adversary "${CMAKE_CURRENT_LIST_DIR}/fuzz_session_adversary.c")
set_source_files_properties("${CMAKE_CURRENT_LIST_DIR}/fuzz_session_adversary.c" PROPERTIES
  COMPILE_OPTIONS "-fno-sanitize=fuzzer-no-link")
