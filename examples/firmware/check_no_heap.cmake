# cmake -DMAP=<file.map> -P check_no_heap.cmake
# Fails when the linked image contains an allocator symbol. Only the memory map
# part of the map file counts (not the list of discarded input sections).
file(READ "${MAP}" map)
string(FIND "${map}" "Linker script and memory map" start)
if(start EQUAL -1)
  message(FATAL_ERROR "${MAP}: not a GNU ld map file")
endif()
string(SUBSTRING "${map}" ${start} -1 linked)
set(found "")
foreach(sym malloc free calloc realloc _sbrk _malloc_r _free_r _calloc_r _realloc_r _sbrk_r)
  # A defined symbol line: "  0x08001234   malloc", or an input section ".text.malloc".
  if(linked MATCHES "\n[ \t]+0x[0-9a-fA-F]+[ \t]+${sym}\n" OR linked MATCHES "[ \t]\\.text\\.${sym}[ \t\n]")
    list(APPEND found ${sym})
  endif()
endforeach()
if(found)
  message(FATAL_ERROR "${MAP}: heap symbols linked: ${found}")
endif()
message(STATUS "${MAP}: no heap symbol (malloc, free, calloc, realloc, _sbrk and their _r forms)")
