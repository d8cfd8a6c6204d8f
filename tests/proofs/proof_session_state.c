/* EVA driver: the session-state restore (session_state.c,
 * orca_session_restore) of IN_MAX unknown bytes or fewer, any slept time,
 * into a session from orca_session_init() of either service (PCA or
 * Classic), any port, TLS or not, a wall clock or none, and a transport-state
 * hook whose load reads every byte it is given. The state's cookies go back
 * through the jar's Set-Cookie parser (cookie_jar.c, date.c), a PCA token
 * through the sign-in's token check (auth_pca.c). */
#include "__fc_builtin.h"
#include "proof_clock.h"
#include "proof_http_chars.h"
#include "proof_uncalled.h"

#include "orca/date.h"
#include "orca/session.h"
#include "orca/session_state.h"
#include "session_auth.h"

/* Declared by core's headers, defined in files this driver does not analyse,
 * and never called by a restore (beside proof_uncalled.h's, which says why
 * they need a contract). */
/*@ requires \false;
    assigns \nothing; */
int orca_http_check_path(const char *path, size_t len);
/*@ requires \false;
    assigns \nothing; */
int orca_json_write_string(char *out, size_t out_size, size_t *out_len, const char *str,
                           size_t str_len);
/*@ requires \false;
    assigns \nothing; */
size_t orca_json_string_size(const char *str, size_t str_len);
/*@ requires \false;
    assigns \nothing; */
int orca_json_find(const orca_json *doc, int object, const char *key);
/*@ requires \false;
    assigns \nothing; */
int orca_json_copy_string(const orca_json *doc, int tok, char *out, size_t out_size,
                          size_t *out_len);
/*@ requires \false;
    assigns \nothing; */
int orca_session_retry_delay(const orca_session *s, int rc, const orca_http_response *res,
                             uint32_t *delay_ms);
/*@ requires \false;
    assigns \nothing; */
int orca_session_json(orca_session *s, const orca_http_response *res, orca_json *doc);
/*@ requires \false;
    assigns \nothing; */
void orca_session_copy_member(const orca_json *doc, const char *key, char *out, size_t size);
/*@ requires \false;
    assigns \nothing; */
void orca_session_set_error(orca_session *s, const orca_http_response *res);
/*@ requires \false;
    assigns \nothing; */
void orca_session_copy_span(orca_span value, char *out, size_t size);

#ifndef IN_MAX
#define IN_MAX 48
#endif
#define JAR_MAX 160 /* ORCA_SESSION_MIN_JAR (128) and more */
#define CRED_MAX 24

/* The cookie-date parser by its contract (orca/date.h): date.c is not
 * analysed here; its body is proven with that contract by the date driver
 * (0 alarms, every text of 4096 bytes or fewer: EVA checks the ensures on
 * the body). */

/* The transport's state: every byte read (an invalid view is an alarm here). */
static int load(void *ctx, const char *host, const uint8_t *buf, size_t len)
{
    unsigned sum = 0;
    (void)ctx;
    sum += (unsigned char)host[0];
    for (size_t i = 0; i < len; i++) {
        sum += buf[i];
    }
    return sum == 0u ? ORCA_OK : Frama_C_nondet(ORCA_OK, ORCA_ERR_STATE_CORRUPT);
}

static int save(void *ctx, uint8_t *buf, size_t size, size_t *len)
{
    (void)ctx;
    (void)buf;
    (void)size;
    *len = 0;
    return ORCA_OK;
}

int main(void)
{
    static uint8_t state[IN_MAX];
    static uint8_t work[ORCA_SESSION_MIN_WORK];
    static uint8_t jar[JAR_MAX];
    static char cred[CRED_MAX];
    static orca_clock clock = {now_ms, unix_s, NULL, NULL, NULL};
    static orca_transport transport; /* never called by a restore */
    static orca_transport_state hook = {save, load, NULL};
    static orca_session s;
    orca_session_config cfg;

    Frama_C_make_unknown((char *)state, IN_MAX);
    orca_session_config_defaults(&cfg);
    cfg.service = Frama_C_nondet(0, 1) ? ORCA_SERVICE_PCA : ORCA_SERVICE_CLASSIC;
    cfg.host = "h.example";
    cfg.port = Frama_C_unsigned_short_interval(0, 65535);
    cfg.tls = (uint8_t)Frama_C_nondet(0, 1);
    cfg.user = "u";
    cfg.password = "p";
    cfg.tenancy = "t";
    cfg.pca.cred = cred;
    cfg.pca.cred_size = CRED_MAX;
    cfg.transport = &transport;
    cfg.transport_state = Frama_C_nondet(0, 1) ? &hook : NULL;
    cfg.clock = &clock;
    if (Frama_C_nondet(0, 1)) {
        clock.unix_s = NULL;
    }
    cfg.work = work;
    cfg.work_size = sizeof work;
    cfg.jar_mem = jar;
    cfg.jar_size = Frama_C_size_t_interval(ORCA_SESSION_MIN_JAR, JAR_MAX);
    if (orca_session_init(&s, &cfg) != ORCA_OK) {
        return 1;
    }
    return orca_session_restore(&s, state, Frama_C_size_t_interval(0, IN_MAX),
                                Frama_C_unsigned_int_interval(0, UINT32_MAX));
}
