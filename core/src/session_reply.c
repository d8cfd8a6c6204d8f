/* What an answer leaves in the session: header values in printable text (the
 * request id), JSON members of a sign-in answer, the details of an error
 * status (code, message, request id, Retry-After), and the answer's Date.
 * Private to core; the request cycle is session.c. */
#include <string.h>

#include "orca/date.h"
#include "session_auth.h"

/* Copies printable ASCII (other bytes become '?': a server's value never
 * brings a terminal escape into a log), NUL-terminated, cut to fit. */
static void session_copy_text(char *out, size_t size, const char *src, size_t len)
{
    size_t i;
    for (i = 0; i < len && i + 1u < size; i++) {
        unsigned char c = (unsigned char)src[i];
        out[i] = (c < 0x20u || c >= 0x7Fu) ? '?' : (char)c;
    }
    out[i] = '\0';
}

void orca_session_copy_span(orca_span value, char *out, size_t size)
{
    session_copy_text(out, size, value.ptr, value.len);
}

#if ORCA_WITH_DATE_PARSER
int orca_session_answer_date(const orca_session *s, int64_t *out)
{
    if (s->answer.date_rc == ORCA_OK) {
        *out = s->answer.date_s;
    }
    return s->answer.date_rc;
}
#endif

#if ORCA_WITH_JSON_READER
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc)
{
    if (res->body == NULL) {
        return ORCA_ERR_JSON;
    }
    return orca_json_parse(doc, (const char *)res->body, res->body_len, s->tokens,
                           ORCA_SESSION_JSON_TOKENS);
}

void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size)
{
    size_t len = 0;
    out[0] = '\0';
    (void)orca_json_copy_string(doc, orca_json_find(doc, 0, key), out, size, &len);
    /* Unescaped, it may hold any control byte (\u001b, \u0000): '?' instead. */
    for (size_t i = 0; i < len; i++) {
        out[i] = (unsigned char)out[i] < 0x20u || out[i] == 0x7F ? '?' : out[i];
    }
}
#endif

#if ORCA_WITH_JSON_READER
/* The server's code and message from an error body that is a JSON object
 * (missing or non-string members stay "", long ones are cut): 1, or 0 when
 * the body is not one. */
static int session_error_json(orca_session *s, const orca_http_response *res)
{
    orca_session_error *e = &s->error;
    orca_json doc;
    if (orca_session_json(s, res, &doc) != ORCA_OK || doc.tokens[0].type != JSMN_OBJECT) {
        return 0;
    }
    orca_session_copy_member(&doc, "code", e->code, sizeof e->code);
    orca_session_copy_member(&doc, "message", e->message, sizeof e->message);
    return 1;
}
#else
/* Without the JSON reader an error body is kept as text. */
static int session_error_json(orca_session *s, const orca_http_response *res)
{
    (void)s;
    (void)res;
    return 0;
}
#endif

void orca_session_set_error(orca_session *s, const orca_http_response *res)
{
    orca_session_error *e = &s->error;
    e->status = res->status;
    e->retry_after_s = orca_session_retry_after(s, res);
    memcpy(e->request_id, s->request_id, sizeof e->request_id);
    e->code[0] = '\0';
    e->json = (uint8_t)session_error_json(s, res);
    if (!e->json) { /* its printable start; no body: "" */
        session_copy_text(e->message, sizeof e->message, (const char *)res->body,
                          res->body != NULL ? res->body_len : 0u);
    }
}
