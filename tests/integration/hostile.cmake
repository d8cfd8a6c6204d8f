# The hostile-server matrix lives in tests/hostile/ (its server, cases and CMake).
include("${CMAKE_CURRENT_LIST_DIR}/../hostile/hostile.cmake")
