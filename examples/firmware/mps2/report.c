/* Console lines over semihosting, "orca-fw: <what> key=value ...": the test
 * driver parses them. Number formatting by hand: no stdio in the image. */
#include <string.h>

#include "board.h"

static void put_bytes(report_line *line, const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && line->len < sizeof(line->text) - 5u)
        line->text[line->len++] = text[i++];
    if (i < len && line->len == sizeof(line->text) - 5u) {
        memcpy(line->text + line->len, "...", 3);
        line->len += 3;
    }
}

static void put_text(report_line *line, const char *text)
{
    put_bytes(line, text, strlen(text));
}

void report_begin(report_line *line, const char *what)
{
    line->len = 0;
    put_text(line, "orca-fw: ");
    put_text(line, what);
}

static void put_key(report_line *line, const char *key)
{
    put_text(line, " ");
    put_text(line, key);
    put_text(line, "=");
}

static void put_number(report_line *line, uint64_t value)
{
    char digits[21];
    size_t i = sizeof(digits) - 1;
    digits[i] = '\0';
    do {
        digits[--i] = (char)('0' + (int)(value % 10u));
        value /= 10u;
    } while (value > 0);
    put_text(line, digits + i);
}

void report_str(report_line *line, const char *key, const char *value)
{
    put_key(line, key);
    put_text(line, value);
}

void report_span(report_line *line, const char *key, const char *value, size_t len)
{
    put_key(line, key);
    put_bytes(line, value, len);
}

void report_u64(report_line *line, const char *key, uint64_t value)
{
    put_key(line, key);
    put_number(line, value);
}

void report_i32(report_line *line, const char *key, int32_t value)
{
    put_key(line, key);
    if (value < 0)
        put_text(line, "-");
    put_number(line, value < 0 ? (uint64_t)(-(int64_t)value) : (uint64_t)value);
}

void report_end(report_line *line)
{
    line->text[line->len++] = '\n';
    line->text[line->len] = '\0';
    semihost_write(line->text);
}
