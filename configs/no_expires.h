/* Preset: every feature but the cookie Expires attribute (bench/size.sh row
 * "no-expires", which sizes the cookie jar without it). */
#define ORCA_WITH_COOKIE_EXPIRES 0
