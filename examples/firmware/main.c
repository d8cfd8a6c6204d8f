/* Firmware example: a bare-metal Cortex-M4 image that signs in to Compute
 * Classic over TLS and makes one call with the session API. Every byte lives
 * in the static buffers sized here; the image links no heap (the build checks
 * the map file). Built, sized and checked; not run. */
#include <string.h>

#include "firmware.h"
#include "orca/orca.h"
#include "orca/tls.h"
#include "site_ca.h"

#define CORE_HZ 16000000u
#define TLS_ARENA_SIZE (40u * 1024u) /* the project's TLS budget */
#define WORK_SIZE 4096u
#define CRED_SIZE 1024u              /* "nimbula=<token>" Cookie header */
#define JAR_SIZE 2048u

static uint8_t tls_arena[TLS_ARENA_SIZE];
static uint8_t work[WORK_SIZE];
static char cred[CRED_SIZE];
static unsigned char jar[JAR_SIZE];
static netif_stub nic;
static orca_tls tls;
static orca_session session;

/* A product provisions these (secure element, protected flash), never in the image. */
static const char site_host[] = "api-z999.compute.us0.oraclecloud.com";
static const char site_user[] = "/Compute-acme/jack.jones@example.com";
static const char site_password[] = "example-only";

static int setup_tls(const orca_clock *clock, const orca_transport *tcp, orca_transport *out)
{
    orca_tls_config cfg;
    int rc = orca_mbedtls_arena_init(tls_arena, sizeof(tls_arena));
    if (rc != ORCA_OK)
        return rc;
    memset(&cfg, 0, sizeof(cfg));
    cfg.ca = (const uint8_t *)site_ca_pem;
    cfg.ca_len = sizeof(site_ca_pem); /* PEM: the NUL is counted */
    cfg.entropy = trng_entropy;
    cfg.clock = clock;
    return orca_tls_init(&tls, &cfg, tcp, out);
}

/* Sign in to Classic (automatically, before the first call) and list the
 * user's instances: one call with the session API. */
static int list_instances(const orca_clock *clock, const orca_transport *secure)
{
    static const orca_http_header accept = {
        "Accept", 6, ORCA_CLASSIC_MEDIA_DIRECTORY, sizeof(ORCA_CLASSIC_MEDIA_DIRECTORY) - 1};
    orca_session_config cfg;
    orca_session_call req;
    orca_http_response res;
    int rc;

    orca_session_config_defaults(&cfg);
    cfg.service = ORCA_SERVICE_CLASSIC;
    cfg.host = site_host;
    cfg.tls = 1;
    cfg.user = site_user;
    cfg.password = site_password;
    cfg.password_len = sizeof(site_password) - 1;
    cfg.transport = secure;
    cfg.clock = clock;
    cfg.work = work;
    cfg.work_size = sizeof(work);
    cfg.pca.cred = cred;
    cfg.pca.cred_size = sizeof(cred);
    cfg.jar_mem = jar;
    cfg.jar_size = sizeof(jar);
    rc = orca_session_init(&session, &cfg);
    if (rc != ORCA_OK)
        return rc;

    memset(&req, 0, sizeof(req));
    req.method = orca_span_from_str("GET");
    req.path = orca_span_from_str("/instance/Compute-acme/jack.jones@example.com/");
    req.headers = &accept;
    req.header_count = 1;
    rc = orca_session_request(&session, &req, NULL, &res);
    /* res.body / res.body_len hold the JSON list here (views into work). */
    orca_session_free(&session);
    return rc;
}

int main(void)
{
    orca_clock clock;
    orca_transport tcp, secure;
    int rc;

    tick_clock_init(&clock);
    tick_clock_start(CORE_HZ);
    trng_start();
    netif_stub_init(&nic, &clock);
    netif_stub_transport(&nic, &tcp);

    rc = setup_tls(&clock, &tcp, &secure);
    if (rc == ORCA_OK)
        rc = list_instances(&clock, &secure);
    orca_tls_free(&tls);
    return rc == ORCA_OK ? 0 : 1;
}
