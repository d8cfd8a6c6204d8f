# API documentation: Doxyfile at the top of the tree, output in
# <build>/docs/html. Warnings are errors (WARN_AS_ERROR in the Doxyfile), so
# the target fails on any undocumented public function, member or status.
# The version comes from project() through the environment (one number).
find_program(ORCA_DOXYGEN doxygen)
if(NOT ORCA_DOXYGEN)
  # Without doxygen the target still exists and says how to get it.
  if(ORCA_IS_TOP_LEVEL AND NOT TARGET docs)
    add_custom_target(docs
      COMMAND "${CMAKE_COMMAND}" -E echo
              "docs: doxygen not found. Install it (Debian: sudo apt-get install doxygen), run cmake again, then cmake --build <build> --target docs"
      COMMAND "${CMAKE_COMMAND}" -E false
      VERBATIM)
  endif()
  return()
endif()
add_custom_target(orca_docs
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${PROJECT_BINARY_DIR}/docs"
  COMMAND "${CMAKE_COMMAND}" -E env "ORCA_VERSION=${PROJECT_VERSION}"
          "ORCA_DOCS_OUT=${PROJECT_BINARY_DIR}/docs" "${ORCA_DOXYGEN}" Doxyfile
  WORKING_DIRECTORY "${PROJECT_SOURCE_DIR}"
  COMMENT "Doxygen: API documentation in ${PROJECT_BINARY_DIR}/docs/html"
  VERBATIM)
if(ORCA_IS_TOP_LEVEL AND NOT TARGET docs)
  add_custom_target(docs DEPENDS orca_docs)
endif()
