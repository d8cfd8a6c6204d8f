/* Preset: every feature but the cookie Expires attribute (bench/size.sh row
 * "no-expires", which sizes the cookie jar without it). */
#define ORCA_WITH_COOKIE_EXPIRES 0
/* Both bring the date parser back (issue 13): off, so the row sizes the jar
 * without it. */
#define ORCA_WITH_PCA_SIGNING 0
#define ORCA_WITH_RETRY_AFTER 0
