# libFuzzer harnesses of issue 3: fuzz_cookie (Set-Cookie parser and jar) and
# fuzz_date (cookie dates, IMF-fixdate). Built with -DORCA_FUZZ=ON and clang;
# scripts/stage-fuzz.sh runs every fuzz_* target it finds, with the seeds in
# seeds/<target>/.
foreach(target fuzz_cookie fuzz_date)
  add_executable(${target} "${CMAKE_CURRENT_LIST_DIR}/${target}.c")
  target_compile_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_libraries(${target} PRIVATE orca_core orca_warnings)
endforeach()

# Coverage feedback needs core instrumented too (once, whichever fragment comes first).
if(NOT ORCA_FUZZ_CORE_INSTRUMENTED)
  set(ORCA_FUZZ_CORE_INSTRUMENTED ON)
  target_compile_options(orca_core PRIVATE -fsanitize=fuzzer-no-link,address,undefined)
endif()
