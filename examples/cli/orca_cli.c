/* orca: command-line client for PCA 3.0 and Compute Classic sessions.
 * Only --help exists so far; the session steps arrive with the session layer. */
#include <stdio.h>
#include <string.h>

#include <orca/orca.h>

static void usage(FILE *out)
{
    fputs("usage: orca pca|classic --url URL --user U [--tenancy T]\n"
          "            [--password-env VAR] [--password-file F] [--cacert PEM] STEP...\n"
          "steps: login | logout | refresh | get PATH | delete PATH |\n"
          "       post PATH JSON | put PATH JSON | wait SECONDS\n"
          "The password comes from $ORCA_PASSWORD unless --password-env/--password-file say otherwise.\n"
          "exit status: 0 success, 1 HTTP error, 2 usage, 3 network or TLS failure\n",
          out);
}

int main(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    usage(stderr);
    return 2;
}
