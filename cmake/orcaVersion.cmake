# One version: project(orca VERSION ...) in CMakeLists.txt is the number;
# core/include/orca/version.h repeats it for code (and builds without CMake).
# Configuring fails when they differ, so neither can be bumped alone. The
# package test (tests/package) checks the installed header, the CMake package
# version, orca.pc and `orca --version` against each other.
file(STRINGS "${PROJECT_SOURCE_DIR}/core/include/orca/version.h" _orca_version_lines
  REGEX "^#define ORCA_VERSION_(MAJOR|MINOR|PATCH|STRING) ")
set(_orca_header_version "")
foreach(_orca_part MAJOR MINOR PATCH)
  string(REGEX MATCH "#define ORCA_VERSION_${_orca_part} ([0-9]+)" _orca_match
    "${_orca_version_lines}")
  list(APPEND _orca_header_version "${CMAKE_MATCH_1}")
endforeach()
string(REPLACE ";" "." _orca_header_version "${_orca_header_version}")
string(REGEX MATCH "#define ORCA_VERSION_STRING \"([^\"]*)\"" _orca_match "${_orca_version_lines}")
if(NOT _orca_header_version STREQUAL PROJECT_VERSION OR NOT CMAKE_MATCH_1 STREQUAL PROJECT_VERSION)
  message(FATAL_ERROR "core/include/orca/version.h says ${_orca_header_version} "
    "(string \"${CMAKE_MATCH_1}\") but project(orca VERSION ${PROJECT_VERSION}): make them equal")
endif()
unset(_orca_version_lines)
unset(_orca_header_version)
unset(_orca_part)
unset(_orca_match)
