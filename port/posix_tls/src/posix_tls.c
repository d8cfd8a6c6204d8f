/* A session's network and memory on a POSIX host: TLS over TCP with a CA
 * file, the POSIX clock and the session's buffers (orca/posix_tls.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "orca/posix_tls.h"
#include "orca/status.h"
#include "orca/wipe.h"

#if defined(__GNUC__)
#define PRINTF_LIKE __attribute__((format(printf, 3, 4)))
#else
#define PRINTF_LIKE
#endif

/* net->error = the formatted reason (truncated to fit); returns rc. */
static int refuse(orca_posix_tls *net, int rc, const char *fmt, ...) PRINTF_LIKE;
static int refuse(orca_posix_tls *net, int rc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    (void)vsnprintf(net->error, sizeof net->error, fmt, ap);
    va_end(ap);
    return rc;
}

/* Reads the CA file into net->ca; *len: what orca_tls_init() takes. */
static int load_ca(orca_posix_tls *net, const char *ca_file, size_t *len)
{
    int rc;
    errno = 0;
    rc = orca_posix_file_load(ca_file, net->ca, sizeof net->ca, len);
    if (rc == ORCA_ERR_FILE) {
        return refuse(net, rc, "CA file %s: %s", ca_file, errno != 0 ? strerror(errno) : "empty");
    }
    if (rc == ORCA_ERR_BUFFER_TOO_SMALL) {
        return refuse(net, rc, "CA file %s: larger than %u bytes (ORCA_POSIX_TLS_CA_SIZE - 1)",
                      ca_file, ORCA_POSIX_TLS_CA_SIZE - 1u);
    }
    return rc;
}

/* What orca_tls_init()'s failure means for this file. */
static int tls_refused(orca_posix_tls *net, int rc, const char *ca_file)
{
    switch (rc) {
    case ORCA_ERR_TLS_CA:
        return refuse(net, rc, "CA file %s: no certificate in it parses (PEM or DER expected)",
                      ca_file);
    case ORCA_ERR_TLS_MEMORY:
        return refuse(net, rc,
                      "mbedTLS out of memory reading CA file %s: with mbedTLS built with "
                      "orca's config, call orca_mbedtls_arena_init() first, with room for it",
                      ca_file);
    default: return refuse(net, rc, "TLS setup failed (%s)", orca_status_str(rc));
    }
}

int orca_posix_tls_init(orca_posix_tls *net, const char *host, uint16_t port, const char *ca_file,
                        orca_session_config *cfg)
{
    orca_tls_config tc;
    int rc;
    if (cfg != NULL) {
        orca_session_config_defaults(cfg);
    }
    if (net == NULL) {
        return ORCA_ERR_INVALID_ARG;
    }
    if (net->ready) {
        return refuse(net, ORCA_ERR_STATE,
                      "orca_posix_tls_init: already initialised (orca_posix_tls_free() first)");
    }
    net->error[0] = '\0';
    if (cfg == NULL) {
        return refuse(net, ORCA_ERR_INVALID_ARG, "orca_posix_tls_init: cfg is NULL");
    }
    if (host == NULL || host[0] == '\0') {
        return refuse(net, ORCA_ERR_INVALID_ARG, "orca_posix_tls_init: host is %s",
                      host == NULL ? "NULL" : "empty");
    }
    if (ca_file == NULL || ca_file[0] == '\0') {
        return refuse(net, ORCA_ERR_INVALID_ARG, "orca_posix_tls_init: CA file name is %s",
                      ca_file == NULL ? "NULL" : "empty");
    }
    orca_posix_tcp_init(&net->tcp, &net->tcp_io);
    orca_posix_clock_init(&net->clock);
    memset(&tc, 0, sizeof tc);
    rc = load_ca(net, ca_file, &tc.ca_len);
    if (rc != ORCA_OK) {
        return rc;
    }
    tc.ca = net->ca;
    tc.entropy = orca_posix_entropy;
    tc.clock = &net->clock;
    rc = orca_tls_init(&net->tls, &tc, &net->tcp_io, &net->tls_io);
    if (rc != ORCA_OK) {
        return tls_refused(net, rc, ca_file);
    }
    orca_tls_state_hook(&net->tls, &net->tls_state);
    net->ready = 1u;

    cfg->host = host;
    cfg->port = port;
    cfg->tls = 1u;
    cfg->transport = &net->tls_io;
    cfg->transport_state = &net->tls_state;
    cfg->clock = &net->clock;
    cfg->work = net->work;
    cfg->work_size = sizeof net->work;
    cfg->pca.cred = net->cred;
    cfg->pca.cred_size = sizeof net->cred;
    cfg->jar_mem = net->jar;
    cfg->jar_size = sizeof net->jar;
    cfg->public_suffix = orca_posix_public_suffix;
    cfg->public_suffix_ctx = NULL;
    return ORCA_OK;
}

void orca_posix_tls_free(orca_posix_tls *net)
{
    if (net == NULL || !net->ready) {
        return;
    }
    orca_tls_free(&net->tls); /* closes TLS and TCP, wipes the saved session */
    orca_wipe(net->cred, sizeof net->cred);
    orca_wipe(net->jar, sizeof net->jar);
    orca_wipe(net->work, sizeof net->work);
    net->ready = 0u;
}
