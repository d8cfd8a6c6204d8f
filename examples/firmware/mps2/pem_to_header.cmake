# cmake -DPEM=ca.pem -DOUT=test_ca.h -P pem_to_header.cmake
# Writes the PEM certificate as a C string (test_ca_pem) for the image.
file(STRINGS "${PEM}" lines)
set(body "")
foreach(l ${lines})
  string(APPEND body "    \"${l}\\n\"\n")
endforeach()
file(WRITE "${OUT}.tmp"
  "/* Generated from ${PEM} at build time: the test CA of tests/integration/gen_certs.sh. */\n"
  "static const char test_ca_pem[] =\n${body}    ;\n")
file(RENAME "${OUT}.tmp" "${OUT}")
