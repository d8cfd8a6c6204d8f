/* The superloop (superloop.h): a bare-metal main loop that never blocks.
 *
 * Every pass of the loop: a heartbeat when 10 ms of the board tick have
 * passed since the last one (the stand-in for a sensor, a watchdog, a radio:
 * the work a device must not miss), the serial link's queued bytes handed to
 * the UART, then one step of the call in flight: exactly one call into orca,
 * which returns at once. A call that waits for the peer (ORCA_ERR_WANT_READ)
 * lets the loop sleep until the next interrupt (UART receive or the 1 ms
 * SysTick); one that can go on at once (ORCA_ERR_WANT_WRITE: a paused ECC
 * computation, a full tx buffer) is stepped again on the next pass.
 *
 * Figures: heartbeats, the longest gap between two heartbeats (ms of the
 * tick), the longest step (core cycles of one call into orca, times 40 ns at
 * 25 MHz: its instruction count under QEMU -icount shift=0) and the calls that
 * ended ORCA_OK.
 *
 * The calls, each an orca_session_* call of a non-blocking session
 * (orca_session_config.nonblocking) stepped to its end: a Classic sign-in
 * over TLS and two GETs, then a PCA login, GET and logout. ORCA_ERR_WANT_TICK
 * (a backoff) sleeps till the tick orca_session_wait() gives. */
#include <string.h>

#include "board.h"
#include "firmware.h"
#include "orca/orca.h"
#include "orca/tls.h"
#include "superloop.h"

#define HEARTBEAT_MS 10u
#define SERVER_HOST "localhost"
/* A call given up when it has not ended in this much of the tick. */
#define CALL_DEADLINE_MS 60000u

static const char classic_user[] = "/Compute-acme/jack.jones@example.com";
static const char classic_get_path[] = "/instance/Compute-acme/jack.jones@example.com/";
static const char test_password[] = "secret";

static const superloop_env *env;
static const char *tls_version = "none"; /* of the last connection seen open */
static orca_transport serial, secure;

/* ---- the loop's figures ---- */

static struct {
    uint32_t heartbeats;
    uint32_t last_beat;
    uint32_t longest_gap_ms;
    uint64_t longest_step; /* instructions */
    uint64_t steps;        /* calls into orca */
    uint32_t calls_ok;
    uint32_t calls;
} fig;

static uint32_t now_ms(void)
{
    return env->tick->now_ms(env->tick->ctx);
}

/* The device's own work: due every HEARTBEAT_MS; a late one shows in the gap. */
static void heartbeat(void)
{
    uint32_t now = now_ms();
    uint32_t gap = now - fig.last_beat;
    if (gap < HEARTBEAT_MS)
        return;
    if (gap > fig.longest_gap_ms)
        fig.longest_gap_ms = gap;
    fig.heartbeats++;
    fig.last_beat = now;
}

/* Instructions of a run of core cycles (25 MHz; 1 ns per instruction under
 * -icount shift=0), the figure main_qemu.c reports as cpu_ns. */
static uint64_t instructions(uint64_t cycles)
{
    return cycles * (1000000000u / BOARD_CORE_HZ);
}

/* ---- the calls ---- */

typedef struct call {
    const char *name;
    int32_t (*step)(void); /* exactly one call into orca */
} call;

/* ---- the session API, non-blocking ---- */

static const char pca_user[] = "jdoe";
static const char pca_tenancy[] = "mytenancy";
static orca_session_call req;
static orca_http_header accept_header;
static uint32_t until_ms; /* ORCA_ERR_WANT_TICK: the tick to call again at */

static int32_t session_start(orca_service service)
{
    orca_session_config_defaults(env->session_cfg);
    env->session_cfg->service = service;
    env->session_cfg->host = SERVER_HOST;
    env->session_cfg->port = env->port;
    env->session_cfg->tls = 1;
    env->session_cfg->user = service == ORCA_SERVICE_PCA ? pca_user : classic_user;
    env->session_cfg->tenancy = pca_tenancy;
    env->session_cfg->password = test_password;
    env->session_cfg->password_len = sizeof(test_password) - 1;
    env->session_cfg->transport = &secure;
    env->session_cfg->clock = env->tick;
    env->session_cfg->work = env->work;
    env->session_cfg->work_size = env->work_size;
    env->session_cfg->pca.cred = env->cred;
    env->session_cfg->pca.cred_size = env->cred_size;
    env->session_cfg->jar_mem = env->jar;
    env->session_cfg->jar_size = env->jar_size;
    env->session_cfg->nonblocking = 1;
    return orca_session_init(env->session, env->session_cfg);
}

/* A step's status for the loop: ORCA_ERR_WANT_TICK sleeps till until_ms. */
static int32_t session_status(int rc)
{
    if (rc == ORCA_ERR_WANT_TICK || rc == ORCA_ERR_WANT_READ || rc == ORCA_ERR_WANT_WRITE)
        (void)orca_session_wait(env->session, &until_ms);
    return rc;
}

static int32_t classic_sign_in(void)
{
    return session_status(orca_session_sign_in(env->session));
}

static int32_t classic_get(void)
{
    /* the same arguments on every call of one request */
    memset(&req, 0, sizeof(req));
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str(classic_get_path);
    accept_header.name = "Accept";
    accept_header.name_len = 6;
    accept_header.value = ORCA_CLASSIC_MEDIA_DIRECTORY;
    accept_header.value_len = sizeof(ORCA_CLASSIC_MEDIA_DIRECTORY) - 1;
    req.headers = &accept_header;
    req.header_count = 1;
    return session_status(orca_session_request(env->session, &req, NULL, env->res));
}

static int32_t pca_login(void)
{
    return session_status(orca_session_sign_in(env->session));
}

static int32_t pca_get(void)
{
    memset(&req, 0, sizeof(req));
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/20160918/instances?compartmentId=ocid1.compartment.oc1..test");
    return session_status(orca_session_request(env->session, &req, NULL, env->res));
}

static int32_t pca_logout(void)
{
    return session_status(orca_session_logout(env->session));
}

static const call calls[] = {
    {"classic_sign_in", classic_sign_in},
    {"classic_get", classic_get},
    {"classic_get", classic_get},
    {"pca_login", pca_login},
    {"pca_get", pca_get},
    {"pca_logout", pca_logout},
};

/* Before call @p i: the session it belongs to. */
static int32_t call_setup(size_t i)
{
    if (i == 0)
        return session_start(ORCA_SERVICE_CLASSIC);
    if (i == 3) {
        orca_session_free(env->session);
        return session_start(ORCA_SERVICE_PCA);
    }
    return ORCA_OK;
}

static void calls_end(void)
{
    orca_session_free(env->session);
}

static void call_give_up(void)
{
    orca_session_cancel(env->session);
}

/* ---- the loop ---- */

static void report_call(const char *name, int32_t rc, uint64_t steps, uint64_t longest, uint32_t ms,
                        int state)
{
    static report_line line;
    report_begin(&line, "call");
    report_str(&line, "name", name);
    report_i32(&line, "rc", rc);
    report_u64(&line, "steps", steps);
    report_u64(&line, "longest", longest);
    report_u64(&line, "ms", ms);
    report_i32(&line, "longest_tls_state", state);
    report_end(&line);
}

static int32_t tls_setup(void)
{
    static const uint16_t p256_only[] = {MBEDTLS_SSL_IANA_TLS_GROUP_SECP256R1,
                                         MBEDTLS_SSL_IANA_TLS_GROUP_NONE};
    static orca_tls_config cfg;
    int rc = orca_mbedtls_arena_init(env->arena, env->arena_size);
    if (rc != ORCA_OK)
        return rc;
    cfg.ca = env->ca;
    cfg.ca_len = env->ca_len;
    cfg.entropy = trng_entropy;
    cfg.clock = env->tick;
    rc = orca_tls_init(env->tls, &cfg, &serial, &secure);
    if (rc != ORCA_OK)
        return rc;
    if (env->p256) {
        /* mbedTLS copies the group list into the handshake at a reset */
        mbedtls_ssl_conf_groups(&env->tls->conf, p256_only);
        (void)mbedtls_ssl_session_reset(&env->tls->ssl);
    }
    if (env->tls12)
        orca_tls_max_tls12(env->tls);
    return env->max_ops != 0 ? orca_tls_restartable(env->tls, env->max_ops) : ORCA_OK;
}

/* Steps call @p c to its end, the heartbeat running all along. */
static int32_t run_call(const call *c)
{
    uint32_t start = now_ms();
    uint64_t steps = 0, longest = 0;
    int longest_state = -1;
    int32_t rc;
    for (;;) {
        uint64_t cycles, spent;
        int state = env->tls->ssl.MBEDTLS_PRIVATE(state);
        heartbeat();
        (void)serial_link_poll(env->link);
        cycles = tick_clock_cycles();
        rc = c->step();
        spent = instructions(tick_clock_cycles() - cycles);
        steps++;
        if (spent > longest) {
            longest = spent;
            longest_state = state;
        }

        if (rc != ORCA_ERR_WANT_READ && rc != ORCA_ERR_WANT_WRITE && rc != ORCA_ERR_WANT_TICK)
            break;
        if (now_ms() - start > CALL_DEADLINE_MS) {
            call_give_up();
            rc = ORCA_ERR_TIMEOUT;
            break;
        }
        if (rc == ORCA_ERR_WANT_TICK) {
            while ((int32_t)(until_ms - now_ms()) > 0) {
                heartbeat();
                tick_clock_idle();
            }
            continue;
        }
        /* Nothing to do till the peer answers: sleep till an interrupt
         * (a received byte or the next millisecond). */
        if (rc == ORCA_ERR_WANT_READ && serial_link_poll(env->link) == 0)
            tick_clock_idle();
    }
    if (env->tls->connected)
        tls_version = mbedtls_ssl_get_version(&env->tls->ssl);
    fig.steps += steps;
    if (longest > fig.longest_step)
        fig.longest_step = longest;
    report_call(c->name, rc, steps, longest, now_ms() - start, longest_state);

    return rc;
}

int superloop_run(const superloop_env *e)
{
    static report_line line;
    size_t i, count = sizeof(calls) / sizeof(calls[0]);
    int32_t rc;

    env = e;
    serial_link_set_nonblocking(env->link, uart_try_put);
    serial_link_transport(env->link, &serial);
    rc = tls_setup();
    fig.last_beat = now_ms();
    for (i = 0; i < count && rc == ORCA_OK; i++) {
        rc = call_setup(i);
        if (rc == ORCA_OK)
            rc = run_call(&calls[i]);
        fig.calls++;
        if (rc == ORCA_OK)
            fig.calls_ok++;
    }
    calls_end();
    while (serial_link_poll(env->link) != 0) /* the CLOSE out before the end */
        heartbeat();

    report_begin(&line, "superloop");
    report_u64(&line, "heartbeats", fig.heartbeats);
    report_u64(&line, "longest_gap_ms", fig.longest_gap_ms);
    report_u64(&line, "longest_step", fig.longest_step);
    report_u64(&line, "calls_ok", fig.calls_ok);
    report_u64(&line, "calls", count);
    report_u64(&line, "steps", fig.steps);
    report_u64(&line, "max_ops", env->max_ops);
    report_str(&line, "tls", tls_version);
    report_end(&line);
    orca_tls_free(env->tls);
    return fig.calls_ok == count ? 0 : 1;
}
