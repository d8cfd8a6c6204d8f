# HTTP response vectors from ../shared/testdata/http (issue 2): llhttp and
# picohttpparser, each fed whole, split at every offset and byte by byte.
# `orca_http_vectors --corpus DIR` writes the inputs as fuzz seeds.
orca_add_test(orca_http_vectors "${CMAKE_CURRENT_LIST_DIR}/http_vectors.c")
