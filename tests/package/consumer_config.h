/* The ORCA_CONFIG_FILE the package test builds orca with: a size that changes
 * orca_session's layout, so a consumer that did not get this file through the
 * installed package would not compile (tests/package/consumer/consumer.c). */
#define ORCA_SESSION_MESSAGE_MAX 192u
