/* The firmware run under QEMU (mps2-an386): TLS over the serial link to the
 * test's bridge and mock server, then Classic sign-in, GET, a wait past the
 * token lifetime on the SysTick clock (started at 0xFFFFF000 ms, so it wraps
 * meanwhile), GET (signs in again), then PCA login, GET, logout. Every step
 * and figure goes to the console over semihosting; the exit status is 0, or
 * the number of the first step that failed.
 *
 * Command line (QEMU -append): seed=<32+ hex digits> (TEST-ONLY RNG seed),
 * port=<mock server port>, now=<Unix seconds> (the wall clock, for
 * certificate dates), wait=<ms> (0 skips the wait and the GET after it).
 *
 * The wake cycle of a battery device (mode=cold|wake, service=classic|pca,
 * state=<host file>, slept=<s>): a cold boot signs in over TLS, makes one
 * GET and saves the session state (credential, time left, TLS session) to
 * the host file through semihosting, standing in for RTC RAM, then exits: the
 * deep sleep. A wake boot restores it with the time slept and makes one GET:
 * no sign-in, a resumed handshake while the credential lives. tls12=1 offers
 * TLS 1.2 at most (its tickets resume without public-key operations).
 *
 * mode=superloop: the calls stepped by a non-blocking main loop with a
 * heartbeat (superloop.c; p256=1, max_ops=<n> for restartable ECC). */
#include <string.h>

#include "board.h"
#include "firmware.h"
#include "orca/orca.h"
#include "orca/tls.h"
#include "serial_link.h"
#include "superloop.h"
#include "test_ca.h" /* generated at build time by tests/integration/gen_certs.sh */

#define TLS_ARENA_SIZE (40u * 1024u) /* the project's TLS budget */
#define WORK_SIZE 4096u
#define CRED_SIZE 512u          /* PCA "Bearer <token>" */
#define JAR_SIZE 1024u          /* Classic's nimbula cookie */
#define SERVER_HOST "localhost" /* the bridge connects to 127.0.0.1 only */

/* The mock server's test accounts (tests/server/mock_oracle.py). */
static const char classic_user[] = "/Compute-acme/jack.jones@example.com";
static const char pca_user[] = "jdoe";
static const char pca_tenancy[] = "mytenancy";
static const char test_password[] = "secret";

static uint8_t tls_arena[TLS_ARENA_SIZE];
static uint8_t work[WORK_SIZE];
static char cred[CRED_SIZE];
static unsigned char jar[JAR_SIZE];
static char cmdline[256];

static orca_clock tick;
static serial_link link;
static orca_tls tls;
static orca_transport serial, secure, measured;
static orca_session session;
static orca_session_config session_cfg;
static orca_http_response res;
static uint32_t arg_port, arg_now, arg_wait_ms = 8000u;
static uint32_t arg_slept_s = ORCA_SESSION_SLEPT_UNKNOWN, arg_tls12, arg_p256, arg_max_ops;
static const char *arg_seed, *arg_mode = "full", *arg_service = "classic", *arg_state;
static orca_transport_state tls_hook, measured_hook;
static uint8_t state_buf[2048]; /* the session state between boots */

/* ---- command line ---- */

static uint32_t parse_u32(const char *s)
{
    uint32_t v = 0;
    while (*s >= '0' && *s <= '9')
        v = v * 10u + (uint32_t)(*s++ - '0');
    return v;
}

/* Splits "image key=value ..." in place. */
static int parse_args(void)
{
    char *p = cmdline;
    if (semihost_cmdline(cmdline, sizeof(cmdline)) != 0)
        return -1;
    while (*p != '\0') {
        char *word = p;
        while (*p != '\0' && *p != ' ')
            p++;
        if (*p == ' ')
            *p++ = '\0';
        if (strncmp(word, "seed=", 5) == 0)
            arg_seed = word + 5;
        else if (strncmp(word, "port=", 5) == 0)
            arg_port = parse_u32(word + 5);
        else if (strncmp(word, "now=", 4) == 0)
            arg_now = parse_u32(word + 4);
        else if (strncmp(word, "wait=", 5) == 0)
            arg_wait_ms = parse_u32(word + 5);
        else if (strncmp(word, "mode=", 5) == 0)
            arg_mode = word + 5;
        else if (strncmp(word, "service=", 8) == 0)
            arg_service = word + 8;
        else if (strncmp(word, "state=", 6) == 0)
            arg_state = word + 6;
        else if (strncmp(word, "slept=", 6) == 0)
            arg_slept_s = parse_u32(word + 6);
        else if (strncmp(word, "tls12=", 6) == 0)
            arg_tls12 = parse_u32(word + 6);
        else if (strncmp(word, "p256=", 5) == 0)
            arg_p256 = parse_u32(word + 5);
        else if (strncmp(word, "max_ops=", 8) == 0)
            arg_max_ops = parse_u32(word + 8);
    }
    if ((strcmp(arg_mode, "cold") == 0 || strcmp(arg_mode, "wake") == 0) && arg_state == NULL)
        return -1;
    return arg_port > 0 && arg_port < 65536u && arg_now > 0 ? 0 : -1;
}

/* ---- steps ---- */

/* Each HTTP exchange, automatic ones included, as one line. */
static void log_exchange(void *ctx, orca_span method, orca_span path, unsigned status, int rc,
                         const char *request_id)
{
    static report_line line; /* not on orca's stack: this runs inside its calls */
    (void)ctx;
    (void)request_id;
    report_begin(&line, "http");
    report_u64(&line, "status", status);
    report_span(&line, "method", method.ptr, method.len);
    report_span(&line, "path", path.ptr, path.len);
    report_i32(&line, "rc", rc);
    report_u64(&line, "tick", tick.now_ms(tick.ctx));
    report_end(&line);
}

static int tls_init_call(void *arg)
{
    orca_tls_config *cfg = arg;
    return orca_tls_init(&tls, cfg, &serial, &secure);
}

static int step_tls_setup(void)
{
    static orca_tls_config cfg;
    int rc = orca_mbedtls_arena_init(tls_arena, sizeof(tls_arena));
    if (rc != ORCA_OK)
        return rc;
    cfg.ca = (const uint8_t *)test_ca_pem;
    cfg.ca_len = sizeof(test_ca_pem); /* PEM: the NUL is counted */
    cfg.entropy = trng_entropy;
    cfg.clock = &tick;
    stack_mark_app();
    rc = stack_probe_call(tls_init_call, &cfg);
    if (arg_tls12)
        orca_tls_max_tls12(&tls);
    stack_probe_transport(&secure, &measured);
    return rc;
}

static int session_start(orca_service service)
{
    orca_session_config_defaults(&session_cfg);
    session_cfg.service = service;
    session_cfg.host = SERVER_HOST;
    session_cfg.port = (uint16_t)arg_port;
    session_cfg.tls = 1;
    session_cfg.user = service == ORCA_SERVICE_PCA ? pca_user : classic_user;
    session_cfg.tenancy = pca_tenancy;
    session_cfg.password = test_password;
    session_cfg.password_len = sizeof(test_password) - 1;
    session_cfg.transport = &measured;
    session_cfg.clock = &tick;
    session_cfg.work = work;
    session_cfg.work_size = sizeof(work);
    session_cfg.pca.cred = cred;
    session_cfg.pca.cred_size = sizeof(cred);
    session_cfg.jar_mem = jar;
    session_cfg.jar_size = sizeof(jar);
    session_cfg.log = log_exchange;
    orca_tls_state_hook(&tls, &tls_hook); /* the state carries the TLS session */
    stack_probe_state(&tls_hook, &measured_hook);
    session_cfg.transport_state = &measured_hook;
    stack_mark_app();
    return orca_session_init(&session, &session_cfg);
}

static int call(const char *method, const char *path, const char *accept)
{
    static orca_http_header accept_header;
    static orca_session_call req;
    memset(&req, 0, sizeof(req));
    req.method = orca_span_from_str(method);
    req.path = orca_span_from_str(path);
    if (accept != NULL) {
        accept_header.name = "Accept";
        accept_header.name_len = 6;
        accept_header.value = accept;
        accept_header.value_len = strlen(accept);
        req.headers = &accept_header;
        req.header_count = 1;
    }
    stack_mark_app();
    return orca_session_request(&session, &req, NULL, &res);
}

/* The TLS version the handshake of the current connection settled on, and
 * whether it resumed a session. */
static void report_tls_version(void)
{
    static report_line line; /* below the app's stack mark: kept off the stack */
    report_begin(&line, "tls");
    report_str(&line, "version", mbedtls_ssl_get_version(&tls.ssl));
    report_u64(&line, "resumed", (uint64_t)orca_tls_resumed(&tls));
    report_end(&line);
}

static int step_classic_sign_in(void)
{
    int rc = session_start(ORCA_SERVICE_CLASSIC);
    stack_mark_app();
    rc = rc != ORCA_OK ? rc : orca_session_sign_in(&session);
    report_tls_version();
    return rc;
}

static int step_classic_get(void)
{
    return call("GET", "/instance/Compute-acme/jack.jones@example.com/",
                ORCA_CLASSIC_MEDIA_DIRECTORY);
}

static int step_wait(void)
{
    tick.sleep_ms(tick.ctx, arg_wait_ms);
    return ORCA_OK;
}

static int step_session_end(void)
{
    stack_mark_app();
    orca_session_free(&session);
    return ORCA_OK;
}

static int step_pca_login(void)
{
    int rc = session_start(ORCA_SERVICE_PCA);
    stack_mark_app();
    return rc != ORCA_OK ? rc : orca_session_sign_in(&session);
}

static int step_pca_get(void)
{
    return call("GET", "/20160918/instances?compartmentId=ocid1.compartment.oc1..test", NULL);
}

static int step_pca_logout(void)
{
    stack_mark_app();
    return orca_session_logout(&session);
}

/* ---- the wake cycle ---- */

static orca_service wake_service(void)
{
    return strcmp(arg_service, "pca") == 0 ? ORCA_SERVICE_PCA : ORCA_SERVICE_CLASSIC;
}

static int step_wake_sign_in(void)
{
    int rc = session_start(wake_service());
    stack_mark_app();
    return rc != ORCA_OK ? rc : orca_session_sign_in(&session);
}

static int step_wake_get(void)
{
    int rc = wake_service() == ORCA_SERVICE_PCA ? step_pca_get() : step_classic_get();
    report_tls_version();
    return rc;
}

/* Before the deep sleep: the session state to the host file ("RTC RAM"). */
static int step_state_save(void)
{
    size_t len = 0;
    static report_line line;
    int rc = orca_session_save(&session, state_buf, sizeof(state_buf), &len);
    if (rc == ORCA_OK && semihost_file_write(arg_state, state_buf, len) != 0)
        rc = ORCA_ERR_FILE;
    orca_wipe(state_buf, sizeof(state_buf));
    report_begin(&line, "state");
    report_u64(&line, "saved", len);
    report_end(&line);
    return rc;
}

/* After the wake: the session back from the host file, with the time slept. */
static int step_state_restore(void)
{
    size_t len = 0;
    int rc = session_start(wake_service());
    if (rc == ORCA_OK && semihost_file_read(arg_state, state_buf, sizeof(state_buf), &len) != 0)
        rc = ORCA_ERR_FILE;
    static report_line line;
    int restored;
    stack_mark_app();
    if (rc != ORCA_OK)
        return rc;
    restored = orca_session_restore(&session, state_buf, len, arg_slept_s);
    orca_wipe(state_buf, sizeof(state_buf));
    report_begin(&line, "state");
    report_i32(&line, "restored", restored);
    report_u64(&line, "signed_in", session.signed_in);
    report_end(&line);
    /* corrupt, foreign or expired: the session is clean and signs in itself */
    return ORCA_OK;
}

/* ---- where a full handshake's instructions go (mode=profile) ---- */

/* mbedtls_ssl_states, in order: the state a handshake step starts in is the
 * message it reads or writes. */
static const char *const hs_state_names[] = {
    "hello_request", "client_hello", "server_hello", "server_certificate",
    "server_key_exchange", "certificate_request", "server_hello_done", "client_certificate",
    "client_key_exchange", "certificate_verify", "client_change_cipher_spec", "client_finished",
    "server_change_cipher_spec", "server_finished", "flush_buffers", "handshake_wrapup",
    "new_session_ticket", "hello_verify_request_sent", "hello_retry_request",
    "encrypted_extensions", "end_of_early_data", "client_certificate_verify",
    "client_ccs_after_server_finished", "client_ccs_before_2nd_client_hello",
    "server_ccs_after_server_hello", "client_ccs_after_client_hello",
    "server_ccs_after_hello_retry_request", "handshake_over"};
static uint64_t hs_busy[sizeof(hs_state_names) / sizeof(hs_state_names[0])];

/* One full handshake driven a step at a time, the busy cycles of each step
 * added to the state it started in (instructions under -icount shift=0). */
static int step_handshake_profile(void)
{
    static report_line line;
    const size_t count = sizeof(hs_state_names) / sizeof(hs_state_names[0]);
    int ret = mbedtls_ssl_set_hostname(&tls.ssl, SERVER_HOST);
    if (ret == 0)
        ret = serial.connect(serial.ctx, SERVER_HOST, (uint16_t)arg_port, 10000u);
    if (ret != 0)
        return ret < 0 && ret > -256 ? ret : ORCA_ERR_TLS;
    tls.lower_open = 1;
    tls.timeout_ms = 30000u; /* what orca_tls's connect sets for its own loop */
    tls.deadline_ms = tick.now_ms(tick.ctx) + 30000u;
    do {
        size_t state = (size_t)tls.ssl.MBEDTLS_PRIVATE(state);
        uint64_t cycles = tick_clock_cycles(), idle = tick_clock_idle_cycles();
        ret = mbedtls_ssl_handshake_step(&tls.ssl);
        uint64_t total = tick_clock_cycles() - cycles, waited = tick_clock_idle_cycles() - idle;
        if (state < count && total > waited)
            hs_busy[state] += total - waited;
    } while ((ret == 0 || ret == MBEDTLS_ERR_SSL_WANT_READ || ret == MBEDTLS_ERR_SSL_WANT_WRITE) &&
             !mbedtls_ssl_is_handshake_over(&tls.ssl));
    tls.connected = ret == 0;
    for (size_t i = 0; i < count; i++) {
        if (hs_busy[i] == 0)
            continue;
        report_begin(&line, "handshake");
        report_str(&line, "state", hs_state_names[i]);
        report_u64(&line, "cpu_ns", hs_busy[i] * (1000000000u / BOARD_CORE_HZ));
        report_end(&line);
    }
    report_tls_version();
    secure.close(secure.ctx);
    return ret == 0 ? ORCA_OK : ORCA_ERR_TLS;
}

typedef struct step {
    const char *name;
    int (*run)(void);
    uint8_t after_wait; /* skipped when wait=0 */
} step;

static const step full_steps[] = {
    {"tls_setup", step_tls_setup, 0},
    {"classic_sign_in", step_classic_sign_in, 0},
    {"classic_get", step_classic_get, 0},
    {"wait", step_wait, 1},
    {"classic_get_after_wait", step_classic_get, 1},
    {"classic_end", step_session_end, 0},
    {"pca_login", step_pca_login, 0},
    {"pca_get", step_pca_get, 0},
    {"pca_logout", step_pca_logout, 0},
    {"pca_end", step_session_end, 0},
};

/* Boot 1: connect, full handshake, sign-in, one GET, state saved. */
static const step cold_steps[] = {
    {"tls_setup", step_tls_setup, 0},
    {"sign_in", step_wake_sign_in, 0},
    {"get", step_wake_get, 0},
    {"state_save", step_state_save, 0},
};

/* One full handshake, profiled. */
static const step profile_steps[] = {
    {"tls_setup", step_tls_setup, 0},
    {"handshake", step_handshake_profile, 0},
};

/* Boot 2: state restored (a refused one leaves a clean session that signs
 * in by itself), one GET: connect, resumed handshake. */
static const step wake_steps[] = {
    {"tls_setup", step_tls_setup, 0},
    {"state_restore", step_state_restore, 0},
    {"get", step_wake_get, 0},
};

/* Runs one step and reports it: its status, the ticks around it, the
 * session's credential deadline, and the core cycles it kept busy (not in
 * WFI): under QEMU -icount shift=0, cpu_ns is its instruction count. */
static int run_step(const step *st)
{
    uint32_t start = tick.now_ms(tick.ctx);
    uint64_t cycles = tick_clock_cycles(), idle = tick_clock_idle_cycles();
    int rc = st->run();
    uint64_t busy = (tick_clock_cycles() - cycles) - (tick_clock_idle_cycles() - idle);
    report_line line;

    report_begin(&line, "step");
    report_str(&line, "name", st->name);
    report_i32(&line, "rc", rc);
    report_u64(&line, "tick_start", start);
    report_u64(&line, "tick_end", tick.now_ms(tick.ctx));
    report_u64(&line, "deadline", session.cfg.service == ORCA_SERVICE_CLASSIC
                                      ? session.svc.classic.deadline_ms
                                      : 0u); /* Classic's credential expiry */
    report_u64(&line, "signed_in", session.signed_in);
    report_u64(&line, "cpu_ns", busy * (1000000000u / BOARD_CORE_HZ));
    report_end(&line);
    return rc;
}

/* ---- figures ---- */

extern uint32_t _etext, _sdata, _edata, _sbss, _ebss;

static void report_figures(void)
{
    report_line line;
    stack_report stack;
    size_t arena_now = 0, arena_peak = 0;
    uint32_t data = (uint32_t)((uintptr_t)&_edata - (uintptr_t)&_sdata);

    stack_probe_report(&stack);
    report_begin(&line, "stack");
    report_u64(&line, "size", stack.size);
    report_u64(&line, "high_water", stack.high_water);
    report_u64(&line, "orca", stack.orca);
    report_u64(&line, "tls", stack.tls);
    report_end(&line);

    (void)orca_mbedtls_arena_stats(&arena_now, &arena_peak);
    report_begin(&line, "arena");
    report_u64(&line, "size", sizeof(tls_arena));
    report_u64(&line, "peak", arena_peak);
    report_u64(&line, "in_use", arena_now);
    report_end(&line);

    report_begin(&line, "memory");
    report_u64(&line, "flash", (uint32_t)(uintptr_t)&_etext + data);
    report_u64(&line, "data", data);
    report_u64(&line, "bss", (uint32_t)((uintptr_t)&_ebss - (uintptr_t)&_sbss));
    report_u64(&line, "stack", stack.size);
    report_u64(&line, "ram", data + (uint32_t)((uintptr_t)&_ebss - (uintptr_t)&_sbss) + stack.size);
    report_end(&line);

    report_begin(&line, "link");
    report_u64(&line, "frames", link.frames);
    report_u64(&line, "dropped", link.dropped);
    report_u64(&line, "stale", link.stale);
    report_end(&line);
}

/* mode=superloop (superloop.c): the same calls, never blocking, stepped by
 * a main loop with a 10 ms heartbeat. tls12=1 p256=1 max_ops=<n>: TLS 1.2
 * ECDHE-ECDSA over secp256r1 with mbedTLS's restartable ECC (an image built
 * with -DORCA_FIRMWARE_ECP_RESTARTABLE=ON). */
static int run_superloop(void)
{
    static superloop_env env;
    env.tick = &tick;
    env.link = &link;
    env.tls = &tls;
    env.arena = tls_arena;
    env.arena_size = sizeof(tls_arena);
    env.ca = (const uint8_t *)test_ca_pem;
    env.ca_len = sizeof(test_ca_pem);
    env.work = work;
    env.work_size = sizeof(work);
    env.cred = cred;
    env.cred_size = sizeof(cred);
    env.jar = jar;
    env.jar_size = sizeof(jar);
    env.session = &session;
    env.session_cfg = &session_cfg;
    env.res = &res;
    env.port = (uint16_t)arg_port;
    env.tls12 = arg_tls12 != 0 || arg_max_ops != 0;
    env.p256 = arg_p256 != 0 || arg_max_ops != 0;
    env.max_ops = arg_max_ops;
    return superloop_run(&env);
}

static void link_idle(void *ctx)
{
    (void)ctx;
    tick_clock_idle();
}

int main(void)
{
    static const serial_io uart_io = {uart_put, uart_get, link_idle, 0};
    report_line line;
    unsigned i, count = sizeof(full_steps) / sizeof(full_steps[0]);
    const step *steps = full_steps;
    int failed = 0;

    tick_clock_init(&tick);
    tick_clock_start(BOARD_CORE_HZ);
    uart_start(BOARD_CORE_HZ, BOARD_UART_BAUD);
    report_begin(&line, "boot");
    report_u64(&line, "tick", tick.now_ms(tick.ctx));
    report_end(&line);
    if (parse_args() != 0 || test_rng_seed(arg_seed) != 0) {
        semihost_write("orca-fw: usage: seed=<32+ hex digits> port=<n> now=<unix s> [wait=<ms>]"
                       " [mode=cold|wake service=classic|pca state=<file> [slept=<s>]]"
                       " [mode=superloop [tls12=1] [p256=1] [max_ops=<n>]]\n");
        return 1;
    }
    if (strcmp(arg_mode, "cold") == 0) {
        steps = cold_steps;
        count = sizeof(cold_steps) / sizeof(cold_steps[0]);
    } else if (strcmp(arg_mode, "wake") == 0) {
        steps = wake_steps;
        count = sizeof(wake_steps) / sizeof(wake_steps[0]);
    } else if (strcmp(arg_mode, "profile") == 0) {
        steps = profile_steps;
        count = sizeof(profile_steps) / sizeof(profile_steps[0]);
    }
    firmware_epoch_s = arg_now - tick_clock_uptime_ms() / 1000u;

    serial_link_init(&link, &uart_io, &tick);
    serial_link_transport(&link, &serial);
    if (strcmp(arg_mode, "superloop") == 0) {
        int rc = run_superloop();
        report_figures();
        return rc;
    }

    for (i = 0; i < count && !failed; i++) {
        if (steps[i].after_wait && arg_wait_ms == 0)
            continue;
        if (run_step(&steps[i]) != ORCA_OK)
            failed = (int)i + 2;
    }
    orca_session_free(&session);
    orca_tls_free(&tls);
    report_figures();
    report_begin(&line, "result");
    report_str(&line, "status", failed ? "fail" : "ok");
    report_str(&line, "step", failed ? steps[failed - 2].name : "-");
    report_end(&line);
    return failed;
}
