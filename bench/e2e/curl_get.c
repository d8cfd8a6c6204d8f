/* libcurl client of the end-to-end benchmark: N keep-alive GETs of one URL on
 * one easy handle (connection reused), checking each status and body length.
 * Usage: curl_get URL CA_FILE N EXPECTED_BODY_LEN */
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>

static size_t on_body(char *data, size_t size, size_t n, void *ctx)
{
    (void)data;
    *(size_t *)ctx += size * n;
    return size * n;
}

int main(int argc, char **argv)
{
    CURL *curl;
    long i, n, status = 0;
    size_t got, want;

    if (argc != 5) {
        fprintf(stderr, "usage: %s URL CA_FILE N EXPECTED_BODY_LEN\n", argv[0]);
        return 2;
    }
    n = atol(argv[3]);
    want = (size_t)atol(argv[4]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    curl = curl_easy_init();
    curl_easy_setopt(curl, CURLOPT_URL, argv[1]);
    curl_easy_setopt(curl, CURLOPT_CAINFO, argv[2]);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &got);
    for (i = 0; i < n; i++) {
        got = 0;
        if (curl_easy_perform(curl) != CURLE_OK)
            return 1;
        curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
        if (status != 200 || got != want) {
            fprintf(stderr, "request %ld: status %ld, %zu bytes\n", i, status, got);
            return 1;
        }
    }
    curl_easy_cleanup(curl);
    curl_global_cleanup();
    return 0;
}
