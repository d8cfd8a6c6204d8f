# JSON reader and writer harness: parse, lookup and unescape on arbitrary
# bytes, then a writer -> reader round trip of every string accepted; seeds
# in seeds/fuzz_json/.
orca_add_fuzzer(fuzz_json "${CMAKE_CURRENT_LIST_DIR}/fuzz_json.c")
