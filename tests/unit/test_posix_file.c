#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "orca/posix.h"
#include "orca/status.h"

static char path[64];

static int make_file(void **state)
{
    int fd;
    (void)state;
    strcpy(path, "/tmp/orca-file-XXXXXX");
    fd = mkstemp(path);
    if (fd < 0) {
        return -1;
    }
    close(fd);
    return 0;
}

static int remove_file(void **state)
{
    (void)state;
    return unlink(path);
}

static void write_file(const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void test_pem_len_includes_nul(void **state)
{
    static const char pem[] = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    uint8_t buf[128];
    size_t len = 0;
    (void)state;
    write_file(pem, sizeof pem - 1);
    memset(buf, 'x', sizeof buf);
    assert_int_equal(orca_posix_file_load(path, buf, sizeof buf, &len), ORCA_OK);
    assert_int_equal(len, sizeof pem); /* content + NUL */
    assert_memory_equal(buf, pem, sizeof pem);
    /* Boundary: content + NUL exactly fills the buffer; one byte less does not. */
    assert_int_equal(orca_posix_file_load(path, buf, sizeof pem, &len), ORCA_OK);
    assert_int_equal(orca_posix_file_load(path, buf, sizeof pem - 1, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL);
}

static void test_der_exact_len(void **state)
{
    static const uint8_t der[] = {0x30, 0x82, 0x01, 0x00, 0x00, 0x2d, 0x2d};
    uint8_t buf[16];
    size_t len = 0;
    (void)state;
    write_file(der, sizeof der);
    assert_int_equal(orca_posix_file_load(path, buf, sizeof buf, &len), ORCA_OK);
    assert_int_equal(len, sizeof der);
    assert_memory_equal(buf, der, sizeof der);
    assert_int_equal(buf[sizeof der], 0);
    assert_int_equal(orca_posix_file_load(path, buf, sizeof der, &len),
                     ORCA_ERR_BUFFER_TOO_SMALL);
}

static void test_errors(void **state)
{
    uint8_t buf[16];
    size_t len = 0;
    (void)state;
    write_file("", 0);
    assert_int_equal(orca_posix_file_load(path, buf, sizeof buf, &len), ORCA_ERR_FILE);
    assert_int_equal(orca_posix_file_load("/nonexistent/ca.pem", buf, sizeof buf, &len),
                     ORCA_ERR_FILE);
    assert_int_equal(orca_posix_file_load("/tmp", buf, sizeof buf, &len), ORCA_ERR_FILE);
    assert_int_equal(orca_posix_file_load(NULL, buf, sizeof buf, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_file_load(path, NULL, sizeof buf, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_file_load(path, buf, 0, &len), ORCA_ERR_INVALID_ARG);
    assert_int_equal(orca_posix_file_load(path, buf, sizeof buf, NULL), ORCA_ERR_INVALID_ARG);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_pem_len_includes_nul, make_file, remove_file),
        cmocka_unit_test_setup_teardown(test_der_exact_len, make_file, remove_file),
        cmocka_unit_test_setup_teardown(test_errors, make_file, remove_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
