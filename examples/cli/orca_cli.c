/* orca: command-line client for PCA 3.0 and Compute Classic sessions.
 *
 *   orca pca|classic --url URL --user U [--tenancy T] [--password-env VAR]
 *        [--password-file F] [--cacert PEM] [--deadline MS] [--newline]
 *        [--output FILE] [--connect-to HOST] STEP...
 *   orca pca-signed --url URL --tenancy-ocid T --user-ocid U --fingerprint FP
 *        --key-file F [--passphrase-env VAR | --passphrase-file F]
 *        [--cacert PEM] [--deadline MS] [--no-wall-clock] [--newline]
 *        [--output FILE] [--connect-to HOST] STEP...
 *
 * Steps run in order over one session (sign-in happens automatically before
 * the first call that needs it). Bodies go to stdout byte for byte, as the
 * server sent them, streamed as they arrive, into a pipe or a file; on a
 * terminal (or with --newline) a body that does not end in a newline gets
 * one. With --output they go to FILE.part instead, renamed to FILE when every
 * step succeeded and removed otherwise. Cookies follow libpsl's public-suffix
 * list. Every HTTP exchange, automatic ones included, logs one line to
 * stderr, and so does every retry (its number, its wait, why). A usage error
 * is one line. A 3xx is not followed (exit 1). Exit status: 0 success, 1 HTTP
 * error, 2 usage, 3 network or TLS failure. */
#define _POSIX_C_SOURCE 200809L /* fdopen, O_NOFOLLOW, O_CLOEXEC */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <orca/orca.h>
#include <orca/posix.h>
#include <orca/signer_mbedtls.h>
#include <orca/tls.h>

#include "state_file.h"

#define CLI_WORK_SIZE 16384u
#define CLI_CRED_SIZE 4096u
#define CLI_JAR_SIZE 8192u
#define CLI_CA_SIZE (512u * 1024u)
#define CLI_PASSWORD_SIZE 1024u
#define CLI_KEY_SIZE 16384u
/* mbedTLS arena (project config only): a whole system CA bundle parses into it. */
#define CLI_TLS_ARENA_SIZE (2048u * 1024u)
#define CLI_SYSTEM_CA "/etc/ssl/certs/ca-certificates.crt"

enum { EXIT_HTTP = 1, EXIT_USAGE = 2, EXIT_NETWORK = 3 };

typedef struct cli_options {
    const char *service, *url, *user, *tenancy, *password_env, *password_file, *cacert;
    /* pca-signed: OCIDs, key fingerprint and file, its passphrase's source */
    const char *tenancy_ocid, *user_ocid, *fingerprint, *key_file, *passphrase_env,
        *passphrase_file;
    int no_wall_clock;    /* pca-signed: behave as a device without a real-time clock */
    int newline;          /* --newline: end every body that does not end in '\n' with one */
    const char *deadline; /* milliseconds for each whole exchange */
    const char *max_time; /* seconds for each whole step (curl's --max-time) */
    const char *state;    /* --state FILE: the session across runs */
    const char *output;   /* --output FILE: bodies to FILE.part, renamed to FILE on success */
    const char *connect_to; /* --connect-to HOST: TCP to HOST, the URL's host for the rest */
    int first_step;       /* index in argv of the first step */
} cli_options;

/* Everything of one run; big, so it lives in static storage, not on the stack. */
typedef struct cli_state {
    orca_session session;
    orca_posix_tcp tcp;
    orca_tls tls;
    orca_transport tcp_transport, tls_transport;
    orca_transport_state tls_state; /* --state carries the TLS session through it */
    /* The same two, watched: they note the phase of the exchange in flight. */
    orca_transport tcp_watched, session_transport;
    const orca_transport *inner; /* what session_transport passes calls to */
    const char *phase;           /* "connect to", "TLS handshake with", ... */
    orca_clock clock;
    uint8_t work[CLI_WORK_SIZE];
    char cred[CLI_CRED_SIZE];
    unsigned char jar[CLI_JAR_SIZE];
    uint8_t ca[CLI_CA_SIZE];
    char password[CLI_PASSWORD_SIZE]; /* the password, or pca-signed: the passphrase */
    uint8_t key[CLI_KEY_SIZE];        /* pca-signed: the key file, wiped once parsed */
    orca_mbedtls_signer signer_state;
    orca_signer signer;
    char host[256];
    uint8_t tls_arena[CLI_TLS_ARENA_SIZE];
    size_t body_len;    /* bytes of the current call's body written out */
    unsigned char last; /* the last of them */
    FILE *out;          /* where bodies go: stdout, or FILE.part with --output */
    char part[4096];    /* --output: the name of FILE.part */
    int32_t (*tcp_connect)(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms);
    const char *connect_to; /* --connect-to: the host TCP connects to */
    int progress;       /* stderr is a terminal and stdout is not: show progress there */
    size_t shown;       /* body bytes the progress line last showed */
    unsigned retry;     /* retries of the exchange in flight so far */
    uint32_t max_retries;
    char why[64];       /* what the last exchange failed with, for the retry line */
    int reported;       /* the error is already on stderr */
} cli_state;

static cli_state cli;

static void usage(FILE *out)
{
    fputs("usage: orca pca|classic --url URL --user U [--tenancy T]\n"
          "            [--password-env VAR] [--password-file F] [--cacert PEM]\n"
          "            [--deadline MS] [--max-time SECONDS] [--state FILE] [--newline]\n"
          "            [--output FILE] [--connect-to HOST] STEP...\n"
          "       orca pca-signed --url URL --tenancy-ocid T --user-ocid U --fingerprint FP\n"
          "            --key-file PEM|DER [--passphrase-env VAR|--passphrase-file F]\n"
          "            [--cacert PEM] [--deadline MS] [--max-time SECONDS] [--no-wall-clock]\n"
          "            [--newline] [--output FILE] [--connect-to HOST] STEP...\n"
          "       orca --version | --help\n"
          "steps: login | logout | refresh | get PATH | delete PATH |\n"
          "       post PATH JSON | put PATH JSON | wait SECONDS\n"
          "The password comes from $ORCA_PASSWORD unless --password-env/--password-file say otherwise.\n"
          "--cacert: the CA certificate(s) to trust, PEM or DER (default " CLI_SYSTEM_CA ").\n"
          "pca-signed signs every request with the RSA key (OCI request signing): no sign-in;\n"
          "an encrypted key's passphrase comes from --passphrase-env/--passphrase-file.\n"
          "Classic GETs of a path ending in '/' are listings (Accept: ...+directory+json).\n"
          "Bodies go to stdout exactly as sent, streamed as they arrive: a transfer that fails\n"
          "midway leaves the bytes already received there. --output FILE writes them to\n"
          "FILE.part instead, renamed to FILE when every step succeeded, removed otherwise.\n"
          "On a terminal (or with --newline) a body that lacks a final newline gets one.\n"
          "A 3xx answer is not followed: exit 1, its Location named.\n"
          "--connect-to HOST: TCP goes to HOST; the URL's host stays the Host header, the\n"
          "TLS name and the cookies' origin.\n"
          "--deadline: each whole exchange (connect to last body byte) ends within MS\n"
          "milliseconds (default 60000).\n"
          "--max-time: each whole step (its sign-in, retries and their waits included)\n"
          "ends within SECONDS (default 120).\n"
          "--state FILE: the session (token or cookies, their time left, the TLS session;\n"
          "never the password) is restored from FILE before the first step when it exists,\n"
          "and saved to it (mode 0600, written whole then renamed) after the last: the next\n"
          "run neither signs in again nor makes a full TLS handshake. A FILE that cannot be\n"
          "used (corrupt, another host or user, expired) is warned about and ignored.\n"
          "exit status: 0 success, 1 HTTP error, 2 usage, 3 network or TLS failure\n",
          out);
}

/* 1 when @p value is given but is not a number of 1 to @p digits digits above 0. */
static int bad_number(const char *value, size_t digits)
{
    return value != NULL && (value[0] == '\0' || strlen(value) > digits ||
                             strspn(value, "0123456789") != strlen(value) ||
                             strtoul(value, NULL, 10) == 0);
}

/* A usage error: one line naming the problem, and where the rest is. */
static void cli_usage_error(const char *problem, const char *what, const char *hint)
{
    fprintf(stderr, "orca: %s%s%s%s; see orca --help\n", problem, what != NULL ? " " : "",
            what != NULL ? what : "", hint);
}

static int parse_options(int argc, char **argv, cli_options *o)
{
    static const char *const names[] = {
        "--url",       "--user",       "--tenancy",  "--password-env",   "--password-file",
        "--cacert",    "--deadline",   "--tenancy-ocid", "--user-ocid", "--fingerprint",
        "--key-file",  "--passphrase-env", "--passphrase-file", "--max-time", "--state",
        "--output",    "--connect-to"};
    const char **slots[] = {&o->url,          &o->user,           &o->tenancy,
                            &o->password_env, &o->password_file,  &o->cacert,
                            &o->deadline,     &o->tenancy_ocid,   &o->user_ocid,
                            &o->fingerprint,  &o->key_file,       &o->passphrase_env,
                            &o->passphrase_file, &o->max_time,    &o->state,
                            &o->output,       &o->connect_to};
    const size_t count = sizeof names / sizeof names[0];
    int i = 2;
    memset(o, 0, sizeof *o);
    if (argc < 2 || (strcmp(argv[1], "pca") != 0 && strcmp(argv[1], "classic") != 0 &&
                     strcmp(argv[1], "pca-signed") != 0)) {
        cli_usage_error(argc < 2 ? "no command" : "unknown command", argc < 2 ? NULL : argv[1],
                        " (pca, classic or pca-signed)");
        return -1;
    }
    o->service = argv[1];
    while (i < argc && strncmp(argv[i], "--", 2) == 0) {
        size_t k = 0;
        if (strcmp(argv[i], "--no-wall-clock") == 0 || strcmp(argv[i], "--newline") == 0) {
            int *flag = strcmp(argv[i], "--newline") == 0 ? &o->newline : &o->no_wall_clock;
            *flag = 1;
            i++;
            continue;
        }
        while (k < count && strcmp(argv[i], names[k]) != 0) {
            k++;
        }
        if (k == count || i + 1 >= argc) {
            cli_usage_error(k == count ? "unknown option" : "missing value after", argv[i], "");
            return -1;
        }
        *slots[k] = argv[i + 1];
        i += 2;
    }
    o->first_step = i;
    if (bad_number(o->deadline, 7u)) {
        fputs("orca: --deadline needs milliseconds (1 to 9999999)\n", stderr);
        return -1;
    }
    if (bad_number(o->max_time, 6u)) {
        fputs("orca: --max-time needs seconds (1 to 999999)\n", stderr);
        return -1;
    }
    if (strcmp(o->service, "pca-signed") == 0) {
        const char *missing = o->url == NULL            ? "--url"
                              : o->tenancy_ocid == NULL ? "--tenancy-ocid"
                              : o->user_ocid == NULL    ? "--user-ocid"
                              : o->fingerprint == NULL  ? "--fingerprint"
                              : o->key_file == NULL     ? "--key-file"
                              : i >= argc               ? "a step (login, get PATH, ...)"
                                                        : NULL;
        if (missing != NULL) {
            cli_usage_error("missing", missing, " (pca-signed)");
            return -1;
        }
        return 0;
    }
    const char *missing = o->url == NULL  ? "--url"
                          : o->user == NULL ? "--user"
                          : strcmp(o->service, "pca") == 0 && o->tenancy == NULL ? "--tenancy"
                          : i >= argc ? "a step (login, get PATH, ...)"
                                      : NULL;
    if (missing != NULL) {
        cli_usage_error("missing", missing, "");
        return -1;
    }
    if (strcmp(o->service, "classic") == 0 && o->tenancy != NULL) {
        fputs("orca: warning: --tenancy is for pca; classic ignores it\n", stderr);
    }
    if (o->output != NULL && (o->output[0] == '\0' || strlen(o->output) + 6u > sizeof cli.part)) {
        cli_usage_error("--output needs a file name (under 4090 bytes)", NULL, "");
        return -1;
    }
    if (o->connect_to != NULL && o->connect_to[0] == '\0') {
        cli_usage_error("--connect-to needs a host", NULL, "");
        return -1;
    }
    return 0;
}

/* The password from a file (first line) or an environment variable; never
 * argv. pca-signed: the key's passphrase, likewise, or none (plain key). */
static int read_password(const cli_options *o, char *out, size_t size, size_t *len)
{
    const char *src;
    const char *file = o->password_file, *env = o->password_env;
    if (strcmp(o->service, "pca-signed") == 0) {
        file = o->passphrase_file;
        env = o->passphrase_env;
        if (file == NULL && env == NULL) {
            out[0] = '\0';
            *len = 0;
            return 0;
        }
    }
    if (file != NULL) {
        FILE *f = fopen(file, "r");
        int ok = f != NULL && fgets(out, (int)size, f) != NULL &&
                 (strchr(out, '\n') != NULL || feof(f));
        if (f != NULL) {
            fclose(f);
        }
        if (!ok) {
            fprintf(stderr, "orca: cannot read the password file %s (or its line is over %zu bytes)\n",
                    file, size - 2u);
            return -1;
        }
        out[strcspn(out, "\r\n")] = '\0';
    } else {
        const char *var = env != NULL ? env : "ORCA_PASSWORD";
        src = getenv(var);
        if (src == NULL || strlen(src) >= size) {
            fprintf(stderr, "orca: set the password in $%s (or use --password-file)\n", var);
            return -1;
        }
        memcpy(out, src, strlen(src) + 1u);
    }
    *len = strlen(out);
    return 0;
}

static int exit_code(int rc);

static void log_exchange(void *ctx, orca_span method, orca_span path, unsigned status, int rc,
                         const char *request_id)
{
    (void)ctx;
    if (rc != ORCA_OK) {
        snprintf(cli.why, sizeof cli.why, "%s", orca_status_str(rc));
    } else if (status == 429u || status >= 500u) {
        snprintf(cli.why, sizeof cli.why, "HTTP %u", status);
    } else {
        cli.retry = 0; /* an answer that is not retried: the next retry is the first */
    }
    int m = (int)method.len, p = (int)path.len; /* spans: printed with %.*s */
    if (rc != ORCA_OK && exit_code(rc) == EXIT_NETWORK && cli.phase != NULL) {
        fprintf(stderr, "orca: --- %.*s %.*s (%s: %s %s)\n", m, method.ptr, p, path.ptr,
                orca_status_str(rc), cli.phase, cli.session.cfg.host);
    } else if (rc != ORCA_OK) {
        fprintf(stderr, "orca: --- %.*s %.*s (%s)\n", m, method.ptr, p, path.ptr,
                orca_status_str(rc));
    } else if (request_id[0] != '\0') {
        fprintf(stderr, "orca: %u %.*s %.*s (request id %s)\n", status, m, method.ptr, p,
                path.ptr, request_id);
    } else {
        fprintf(stderr, "orca: %u %.*s %.*s\n", status, m, method.ptr, p, path.ptr);
    }
}

/* Body bytes to stdout (or FILE.part), unchanged: the streamed part of a
 * large body, and the whole of one that fit the work buffer. */
static int write_body(void *ctx, const uint8_t *data, size_t len)
{
    (void)ctx;
    if (len > 0u) {
        cli.body_len += len;
        cli.last = data[len - 1u];
    }
    if (cli.progress && cli.body_len - cli.shown >= 256u * 1024u) {
        cli.shown = cli.body_len;
        fprintf(stderr, "\rorca: %zu KiB received", cli.body_len / 1024u);
    }
    return fwrite(data, 1, len, cli.out) == len ? 0 : 1;
}

/* --output: FILE.part, created (or emptied) with the default umask; a
 * symbolic link there is refused rather than followed. 0 when open. */
static int open_output(const char *file)
{
    int fd;
    snprintf(cli.part, sizeof cli.part, "%s.part", file);
    fd = open(cli.part, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    cli.out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (cli.out == NULL) {
        fprintf(stderr, "orca: cannot create %s: %s\n", cli.part, strerror(errno));
        if (fd >= 0) {
            (void)close(fd);
            (void)unlink(cli.part);
        }
        cli.out = stdout;
        return -1;
    }
    return 0;
}

/* --output, at the end: FILE.part becomes FILE when the run succeeded
 * (and the bytes reached the file), else it is removed, so FILE never holds
 * a partial body. Returns rc, or ORCA_ERR_ABORTED when the file could not
 * be written (the exit status of a body that cannot be written out). */
static int close_output(const char *file, int rc)
{
    int ok = fclose(cli.out) == 0;
    cli.out = stdout;
    if (rc == ORCA_OK && ok && rename(cli.part, file) == 0) {
        return rc;
    }
    if (rc == ORCA_OK) {
        fprintf(stderr, "orca: error: cannot write %s: %s\n", file, strerror(errno));
        rc = ORCA_ERR_ABORTED;
    }
    (void)unlink(cli.part);
    return rc;
}

/* The clock's sleep, used by the library only before a retry: says which
 * retry, after how long, and why. */
static void cli_sleep(void *ctx, uint32_t ms)
{
    cli.retry++;
    fprintf(stderr, "orca: retry %u/%lu in %u.%u s: %s\n", cli.retry,
            (unsigned long)cli.max_retries, (unsigned)(ms / 1000u), (unsigned)(ms % 1000u / 100u),
            cli.why);
    orca_posix_sleep_ms(ctx, ms);
}

/* The wait step: a countdown on a terminal, silence otherwise. */
static void cli_wait(unsigned seconds)
{
    if (!isatty(STDERR_FILENO)) {
        sleep(seconds);
        return;
    }
    for (unsigned left = seconds; left > 0u; left--) {
        fprintf(stderr, "\rorca: waiting %u s ", left);
        sleep(1);
    }
    fputs("\r                         \r", stderr);
}

/* A 3xx is not followed: say where it pointed (printable bytes only: the
 * server wrote it) and fail the step. */
static int cli_redirect(const orca_http_response *res)
{
    orca_http_header h;
    char where[256] = "(no Location)";
    if (orca_http_response_header(res, "Location", 8u, 0u, &h) == ORCA_OK && h.value_len > 0u) {
        size_t n = h.value_len < sizeof where - 1u ? h.value_len : sizeof where - 1u;
        for (size_t i = 0; i < n; i++) {
            where[i] = h.value[i] > 0x20 && h.value[i] < 0x7F ? h.value[i] : '?';
        }
        where[n] = '\0';
    }
    fprintf(stderr, "orca: error: HTTP %u: redirect to %s not followed\n", res->status, where);
    cli.reported = 1;
    return ORCA_ERR_HTTP;
}

static int exit_code(int rc)
{
    if (rc == ORCA_OK) {
        return 0;
    }
    /* A request the writer refuses (CR/LF in a path or body header, a bad
     * method) is the command line's fault: usage. */
    if (rc == ORCA_ERR_INVALID_ARG || rc == ORCA_ERR_PATH_SPACE ||
        rc == ORCA_ERR_PATH_NOT_ABSOLUTE ||
        (rc <= ORCA_ERR_HEADER_INJECTION && rc >= ORCA_ERR_BAD_HEADER_NAME)) {
        return EXIT_USAGE;
    }
    /* HTTP framing, transport and TLS errors are network failures. */
    return (rc <= ORCA_ERR_HEADERS_TOO_LARGE && rc >= ORCA_ERR_TLS_MEMORY) ? EXIT_NETWORK
                                                                          : EXIT_HTTP;
}

static void report_error(const orca_session *s, int rc)
{
    const orca_session_error *e = &s->error;
    if (rc == ORCA_ERR_HTTP || rc == ORCA_ERR_AUTH) {
        char wait[48] = "";
        if (rc == ORCA_ERR_HTTP && e->retry_after_s >= 0) {
            snprintf(wait, sizeof wait, ", Retry-After %ld s", (long)e->retry_after_s);
        }
        fprintf(stderr, "orca: error: HTTP %u%s%s%s%s%s%s%s%s\n", e->status,
                e->code[0] ? " " : "", e->code, e->message[0] ? ": " : "", e->message,
                e->json ? "" : " (the error body is not JSON)",
                e->request_id[0] ? ", request id " : "", e->request_id, wait);
    } else if (s->request_id[0] != '\0') {
        /* A bad answer (a sign-in without a usable token): name the response. */
        fprintf(stderr, "orca: error: %s, request id %s\n", orca_status_str(rc), s->request_id);
    } else if (exit_code(rc) == EXIT_NETWORK && cli.phase != NULL) {
        /* Where it broke: the phase of the exchange and the host. */
        fprintf(stderr, "orca: error: %s%s%s (%s %s port %u)\n", orca_status_str(rc),
                e->message[0] ? ": " : "", e->message, cli.phase, s->cfg.host,
                s->cfg.port != 0u ? s->cfg.port : s->cfg.tls ? 443u : 80u);
    } else {
        /* The library's own reason when it gave one: a refused config, which
         * time limit ran out ("timeout: call limit passed (call_timeout_ms)"). */
        fprintf(stderr, "orca: error: %s%s%s\n", orca_status_str(rc), e->message[0] ? ": " : "",
                e->message);
    }
}

static int run_call(orca_session *s, const char *method, const char *path, const char *body,
                    int newline)
{
    orca_session_call req;
    orca_http_response res;
    const orca_http_callbacks cb = {NULL, write_body, NULL};
    memset(&req, 0, sizeof req);
    /* A sign-in that fails with an HTTP status (503 on the login) returns
     * ORCA_ERR_HTTP without touching res: its body must read as none. */
    memset(&res, 0, sizeof res);
    req.method = orca_span_from_str(method);
    req.path = orca_span_from_str(path);
    if (body != NULL) {
        req.body = (const uint8_t *)body;
        req.body_len = strlen(body);
    }
    cli.body_len = 0;
    cli.shown = 0;
    int rc = orca_session_request(s, &req, &cb, &res);
    if ((rc == ORCA_OK || rc == ORCA_ERR_HTTP) && res.body != NULL && res.body_len > 0u) {
        (void)write_body(NULL, res.body, res.body_len);
    }
    if (cli.shown > 0u) {
        fputc('\n', stderr); /* after the progress line */
    }
    if (newline && cli.body_len > 0u && cli.last != '\n') {
        fputc('\n', cli.out);
    }
    fflush(cli.out);
    if (rc == ORCA_OK && res.status >= 300u && res.status < 400u) {
        rc = cli_redirect(&res);
    }
    return rc;
}

/* The steps and their argument counts. */
static const struct {
    const char *name, *method;
    int args;
} steps[] = {
    {"login", NULL, 0}, {"logout", NULL, 0},      {"refresh", NULL, 0},  {"wait", NULL, 1},
    {"get", "GET", 1},  {"delete", "DELETE", 1}, {"post", "POST", 2}, {"put", "PUT", 2},
};

/* Index in steps[] of argv[i] when it and its arguments are well-formed, else -1. */
static int parse_step(int argc, char **argv, int i)
{
    size_t k = 0;
    while (k < sizeof steps / sizeof steps[0] && strcmp(argv[i], steps[k].name) != 0) {
        k++;
    }
    if (k == sizeof steps / sizeof steps[0]) {
        cli_usage_error("unknown step", argv[i], "");
        return -1;
    }
    if (i + steps[k].args >= argc) {
        cli_usage_error("missing argument of step", argv[i],
                        steps[k].args == 2 ? " (PATH JSON)" : steps[k].method ? " (PATH)" : " (SECONDS)");
        return -1;
    }
    if (steps[k].method != NULL && argv[i + 1][0] != '/') {
        cli_usage_error("paths start with '/', not", argv[i + 1], "");
        return -1;
    }
    if (steps[k].args == 1 && steps[k].method == NULL) {
        const char *n = argv[i + 1];
        if (n[0] == '\0' || strspn(n, "0123456789") != strlen(n) || strlen(n) > 5) {
            cli_usage_error("wait needs a number of seconds, not", n, "");
            return -1;
        }
    }
    return (int)k;
}

/* 0 when every step of argv[i...] is well-formed (checked before any network use). */
static int check_steps(int argc, char **argv, int i)
{
    while (i < argc) {
        int k = parse_step(argc, argv, i);
        if (k < 0) {
            return -1;
        }
        i += 1 + steps[k].args;
    }
    return 0;
}

/* Runs argv[i...] as steps (already checked); returns the first failure's status. */
static int run_steps(orca_session *s, int argc, char **argv, int i, int newline)
{
    int rc = ORCA_OK;
    while (i < argc && rc == ORCA_OK) {
        int k = parse_step(argc, argv, i);
        const char *step = steps[k].name;
        if (steps[k].method != NULL) {
            rc = run_call(s, steps[k].method, argv[i + 1], steps[k].args == 2 ? argv[i + 2] : NULL,
                          newline);
        } else if (!strcmp(step, "login")) {
            rc = orca_session_sign_in(s);
        } else if (!strcmp(step, "logout")) {
            rc = orca_session_logout(s);
        } else if (!strcmp(step, "refresh")) {
            rc = orca_session_renew(s);
        } else {
            cli_wait((unsigned)strtoul(argv[i + 1], NULL, 10));
        }
        i += 1 + steps[k].args;
    }
    return rc;
}

/* --connect-to: the TCP connection goes to that host instead. */
static int32_t connect_elsewhere(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    (void)host;
    return cli.tcp_connect(ctx, cli.connect_to, port, timeout_ms);
}

/* Transports that note where an exchange is (connect, TLS handshake, sending,
 * waiting for the answer), so a network failure can say it and name the host. */
static int32_t watch_tcp_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    int32_t rc = cli.tcp_transport.connect(ctx, host, port, timeout_ms);
    if (rc == ORCA_OK && cli.inner == &cli.tls_transport) {
        cli.phase = "TLS handshake with"; /* the TLS transport's connect goes on */
    }
    return rc;
}

static int32_t watch_connect(void *ctx, const char *host, uint16_t port, uint32_t timeout_ms)
{
    cli.phase = "connect to";
    return cli.inner->connect(ctx, host, port, timeout_ms);
}

static int32_t watch_send(void *ctx, const uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    cli.phase = "sending the request to";
    return cli.inner->send(ctx, buf, len, timeout_ms);
}

static int32_t watch_recv(void *ctx, uint8_t *buf, size_t len, uint32_t timeout_ms)
{
    cli.phase = "waiting for the answer from";
    return cli.inner->recv(ctx, buf, len, timeout_ms);
}

static void watch_close(void *ctx)
{
    cli.inner->close(ctx);
}

static int setup_transport(const cli_options *o, uint8_t tls)
{
    orca_posix_tcp_init(&cli.tcp, &cli.tcp_transport);
    orca_posix_clock_init(&cli.clock);
    if (o->connect_to != NULL) {
        cli.connect_to = o->connect_to;
        cli.tcp_connect = cli.tcp_transport.connect;
        cli.tcp_transport.connect = connect_elsewhere;
    }
    cli.clock.sleep_ms = cli_sleep;
    cli.tcp_watched = cli.tcp_transport;
    cli.tcp_watched.connect = watch_tcp_connect;
    cli.inner = tls ? &cli.tls_transport : &cli.tcp_transport;
    cli.session_transport = (orca_transport){watch_connect, watch_send, watch_recv, watch_close,
                                             cli.inner->ctx};
    if (!tls) {
        return ORCA_OK;
    }
    const char *ca_path = o->cacert != NULL ? o->cacert : CLI_SYSTEM_CA;
    size_t ca_len = 0;
    int rc = orca_posix_file_load(ca_path, cli.ca, sizeof cli.ca, &ca_len);
    if (rc == ORCA_OK) {
        const orca_tls_config tc = {
            .ca = cli.ca, .ca_len = ca_len, .entropy = orca_posix_entropy, .clock = &cli.clock};
        rc = orca_tls_init(&cli.tls, &tc, &cli.tcp_watched, &cli.tls_transport);
        cli.session_transport.ctx = cli.tls_transport.ctx;
    }
    if (rc != ORCA_OK) {
        fprintf(stderr, "orca: CA %s: %s\n", ca_path, orca_status_str(rc));
    }
    return rc;
}

/* pca-signed: the key file (PEM or DER) and its passphrase into the signer;
 * both buffers are wiped once parsed. */
static int setup_signer(const cli_options *o, size_t passphrase_len)
{
    size_t key_len = 0;
    int rc = orca_posix_file_load(o->key_file, cli.key, sizeof cli.key, &key_len);
    if (rc == ORCA_OK) {
        const orca_mbedtls_signer_config sc = {cli.key, key_len,
                                               passphrase_len > 0u ? (const uint8_t *)cli.password
                                                                   : NULL,
                                               passphrase_len, orca_posix_entropy, NULL};
        rc = orca_mbedtls_signer_init(&cli.signer_state, &sc, &cli.signer);
    }
    orca_wipe(cli.key, sizeof cli.key);
    orca_wipe(cli.password, sizeof cli.password);
    if (rc != ORCA_OK) {
        fprintf(stderr, "orca: key %s: %s\n", o->key_file, orca_status_str(rc));
    }
    return rc;
}

/* No unix_s: the clock of a device without a real-time clock. */
static int no_wall_clock(void *ctx, int64_t *out)
{
    (void)ctx;
    (void)out;
    return ORCA_ERR_UNSUPPORTED;
}

int main(int argc, char **argv)
{
    cli_options o;
    orca_session_config cfg;
    size_t password_len = 0;
    cli.out = stdout;
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("orca %s\n", ORCA_VERSION_STRING);
        return 0;
    }
    if (parse_options(argc, argv, &o) != 0 || check_steps(argc, argv, o.first_step) != 0) {
        return EXIT_USAGE; /* the one line is out */
    }
    orca_session_config_defaults(&cfg);
    int rc = orca_url_split(o.url, cli.host, sizeof cli.host, &cfg.port, &cfg.tls);
    if (rc != ORCA_OK) {
        /* Not echoed: a URL may carry user:password@. */
        fprintf(stderr, "orca: bad --url (https://host[:port][/] expected): %s\n",
                orca_status_str(rc));
        return EXIT_USAGE;
    }
    if (read_password(&o, cli.password, sizeof cli.password, &password_len) != 0) {
        orca_wipe(cli.password, sizeof cli.password); /* a line too long left a part */
        return EXIT_USAGE;
    }
    /* With the system mbedTLS this is ORCA_ERR_UNSUPPORTED and changes nothing. */
    (void)orca_mbedtls_arena_init(cli.tls_arena, sizeof cli.tls_arena);
    if (setup_transport(&o, cfg.tls) != ORCA_OK) {
        orca_wipe(cli.password, sizeof cli.password);
        return EXIT_NETWORK;
    }
    cfg.service = strcmp(o.service, "pca") == 0       ? ORCA_SERVICE_PCA
                  : strcmp(o.service, "classic") == 0 ? ORCA_SERVICE_CLASSIC
                                                      : ORCA_SERVICE_PCA_SIGNED;
    cfg.host = cli.host;
    cfg.user = o.user;
    cfg.tenancy = o.tenancy;
    if (cfg.service == ORCA_SERVICE_PCA_SIGNED) {
        if (setup_signer(&o, password_len) != ORCA_OK) {
            if (cfg.tls) {
                orca_tls_free(&cli.tls);
            }
            return EXIT_USAGE;
        }
        cfg.user = o.user_ocid;
        cfg.tenancy = o.tenancy_ocid;
        cfg.pca_signed.key_fingerprint = o.fingerprint;
        cfg.pca_signed.signer = &cli.signer;
        if (o.no_wall_clock) {
            cli.clock.unix_s = no_wall_clock;
        }
    }
    cfg.password = cli.password;
    cfg.password_len = password_len;
    cfg.transport = &cli.session_transport;
    if (cfg.tls) {
        orca_tls_state_hook(&cli.tls, &cli.tls_state);
        cfg.transport_state = &cli.tls_state;
    }
    cfg.clock = &cli.clock;
    cfg.work = cli.work;
    cfg.work_size = sizeof cli.work;
    cfg.pca.cred = cli.cred;
    cfg.pca.cred_size = sizeof cli.cred;
    cfg.jar_mem = cli.jar;
    cfg.jar_size = sizeof cli.jar;
    /* Domain cookies follow libpsl's public-suffix list (its built-in one). */
    cfg.public_suffix = orca_posix_public_suffix;
    cfg.public_suffix_ctx = NULL;
    cfg.log = log_exchange;
    if (o.deadline != NULL) {
        cfg.exchange_timeout_ms = (uint32_t)strtoul(o.deadline, NULL, 10);
    }
    if (o.max_time != NULL) {
        cfg.call_timeout_ms = (uint32_t)strtoul(o.max_time, NULL, 10) * 1000u;
    }
    cli.max_retries = cfg.max_retries;
    cli.progress = isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
    /* FILE.part is opened last, so no early exit above leaves one behind;
     * one that cannot be created is a usage error, before any exchange. */
    int opened = o.output == NULL || open_output(o.output) == 0;
    rc = opened ? orca_session_init(&cli.session, &cfg) : ORCA_ERR_INVALID_ARG;
    if (rc == ORCA_OK && o.state != NULL) {
        cli_state_load(o.state, &cli.session);
    }
    if (rc == ORCA_OK) {
        /* On a terminal a body gets a final newline, so the next line is not glued to it;
         * into a pipe or a file it stays byte for byte. */
        rc = run_steps(&cli.session, argc, argv, o.first_step,
                       o.newline || (o.output == NULL && isatty(STDOUT_FILENO)));
    }
    if (o.state != NULL && cli.session.auth != NULL) {
        cli_state_save(o.state, &cli.session);
    }
    if (rc != ORCA_OK && opened && !cli.reported) {
        report_error(&cli.session, rc);
        if (rc == ORCA_ERR_TLS_VERIFY && cfg.tls && orca_tls_verify_reason(&cli.tls) != NULL) {
            fprintf(stderr, "orca: certificate of %s: %s\n", cli.host,
                    orca_tls_verify_reason(&cli.tls));
        }
    }
    if (o.output != NULL && opened) {
        rc = close_output(o.output, rc);
    }
    orca_session_free(&cli.session);
    if (cfg.service == ORCA_SERVICE_PCA_SIGNED) {
        orca_mbedtls_signer_free(&cli.signer_state);
    }
    if (cfg.tls) {
        orca_tls_free(&cli.tls);
    }
    orca_wipe(cli.password, sizeof cli.password);
    return exit_code(rc);
}
