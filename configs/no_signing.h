/* Preset "no-signing": every feature but the two added after the size
 * budgets of issue 10 were set (OCI request signing and Retry-After): the
 * feature set that budget ("everything on, today's build") measures. */
#define ORCA_WITH_PCA_SIGNING 0
#define ORCA_WITH_RETRY_AFTER 0
