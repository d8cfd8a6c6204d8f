/* EVA driver: the JSON reader (json_reader.c with jsmn) on IN_MAX unknown
 * bytes or fewer: orca_json_parse into a token array of any size from 1 to
 * TOKENS_MAX, then orca_json_find of a key in any object token and
 * orca_json_copy_string of any token into a buffer of any size from 1 to
 * OUT_MAX. */
#include "__fc_builtin.h"

#include "orca/json.h"

#ifndef IN_MAX
#define IN_MAX 24
#endif
#define TOKENS_MAX 8
#define OUT_MAX 16

int main(void)
{
    static char text[IN_MAX];
    static orca_json_token tokens[TOKENS_MAX];
    static char out[OUT_MAX];
    orca_json doc;
    size_t len = Frama_C_size_t_interval(0, IN_MAX), out_len = 0;
    int r, tok;
    Frama_C_make_unknown(text, IN_MAX);
    r = orca_json_parse(&doc, text, len, tokens, (unsigned)Frama_C_interval(1, TOKENS_MAX));
    if (r != ORCA_OK) {
        return r;
    }
    tok = orca_json_find(&doc, Frama_C_interval(0, TOKENS_MAX - 1), "id");
    if (tok < 0) {
        tok = Frama_C_interval(0, TOKENS_MAX - 1);
    }
    return orca_json_copy_string(&doc, tok, out, Frama_C_size_t_interval(1, OUT_MAX), &out_len);
}
