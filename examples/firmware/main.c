/* Firmware example: a bare-metal Cortex-M4 image that signs in to Compute
 * Classic over TLS and makes one call. Everything lives in static buffers
 * sized here; the image links no heap. Built, sized and checked; not run. */
#include <string.h>

#include "firmware.h"
#include "orca/orca.h"
#include "orca/tls.h"
#include "site_ca.h"

#define CORE_HZ 16000000u
#define TLS_ARENA_SIZE (40u * 1024u)
#define WORK_SIZE 4096u

static uint8_t tls_arena[TLS_ARENA_SIZE];
static uint8_t work[WORK_SIZE];
static netif_stub nic;
static orca_tls tls;

static const char site_host[] = "api-z999.compute.us0.oraclecloud.com";
/* Provisioned at manufacturing in a real product, never in the image. */
static const char auth_body[] =
    "{\"user\":\"/Compute-acme/jack.jones@example.com\",\"password\":\"example\"}";

static int classic_authenticate(const orca_transport *transport)
{
    static const orca_http_header headers[] = {
        {"Content-Type", 12, "application/oracle-compute-v3+json", 34},
        {"Accept", 6, "application/oracle-compute-v3+json", 34},
    };
    orca_http_request req;
    orca_http_response res;
    int rc;

    memset(&req, 0, sizeof(req));
    req.method = "POST";
    req.method_len = 4;
    req.path = "/authenticate/";
    req.path_len = 14;
    req.host = site_host;
    req.host_len = sizeof(site_host) - 1;
    req.tls = 1;
    req.keep_alive = 1;
    req.headers = headers;
    req.header_count = 2;
    req.body = (const uint8_t *)auth_body;
    req.body_len = sizeof(auth_body) - 1;
    rc = orca_http_exchange(transport, work, sizeof(work), &req, NULL, &res);
    if (rc != ORCA_OK)
        return rc;
    return res.status == 204 ? ORCA_OK : ORCA_ERR_AUTH;
}

int main(void)
{
    orca_clock clock;
    orca_transport tcp, secure;
    orca_tls_config cfg;
    int rc;

    tick_clock_init(&clock);
    tick_clock_start(CORE_HZ);
    trng_start();
    netif_stub_init(&nic, &clock);
    netif_stub_transport(&nic, &tcp);

    if (orca_mbedtls_arena_init(tls_arena, sizeof(tls_arena)) != ORCA_OK)
        return 1;
    memset(&cfg, 0, sizeof(cfg));
    cfg.ca = (const uint8_t *)site_ca_pem;
    cfg.ca_len = sizeof(site_ca_pem); /* PEM: the NUL is counted */
    cfg.entropy = trng_entropy;
    cfg.clock = &clock;
    if (orca_tls_init(&tls, &cfg, &tcp, &secure) != ORCA_OK)
        return 1;
    rc = secure.connect(secure.ctx, site_host, 443, ORCA_DEFAULT_TIMEOUT_MS);
    if (rc == ORCA_OK)
        rc = classic_authenticate(&secure);
    secure.close(secure.ctx);
    orca_tls_free(&tls);
    return rc == ORCA_OK ? 0 : 1;
}
