/* Tests that need a feature the build's config leaves out (the ORCA_WITH_*
 * switches of orca/config.h, set by a preset in configs/) are kept and
 * reported as skipped by name, with the switch they need: never deleted.
 * A whole program exits ORCA_SKIP_STATUS, which ctest reports as "skipped"
 * (SKIP_RETURN_CODE, set for every test in tests/CMakeLists.txt); a single
 * cmocka test calls skip(). */
#ifndef ORCA_TEST_FEATURE_SKIP_H
#define ORCA_TEST_FEATURE_SKIP_H

#include <stdio.h>

#include "orca/config.h"

#define ORCA_SKIP_STATUS 77

/* The main() of a test program whose every test needs @p feature. */
#define ORCA_SKIP_PROGRAM(feature)                                                      \
    int main(void)                                                                     \
    {                                                                                  \
        printf("skipped: every test here needs %s (see this build's config)\n",       \
               feature);                                                               \
        return ORCA_SKIP_STATUS;                                                       \
    }

/* A cmocka test @p name that needs @p feature: it reports the skip. */
#define ORCA_SKIP_TEST(name, feature)                                                   \
    static void name(void **state)                                                     \
    {                                                                                  \
        (void)state;                                                                   \
        print_message("%s skipped: needs %s (see this build's config)\n", #name,      \
                      feature);                                                        \
        skip();                                                                        \
    }

#endif /* ORCA_TEST_FEATURE_SKIP_H */
