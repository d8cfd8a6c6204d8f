/* Runs a libFuzzer harness without libFuzzer, as a ctest: every seed file
 * given on the command line, then ORCA_REPLAY_MUTANTS inputs made from them
 * by a fixed-seed mutator (bytes flipped, inserted, cut), so a plain build
 * (and the sanitizer stage) exercises the harness's checks every run.
 * Usage: fuzz_replay_NAME SEED_FILE... */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define REPLAY_MAX 4096u
#ifndef ORCA_REPLAY_MUTANTS
#define ORCA_REPLAY_MUTANTS 20000u
#endif

static uint8_t seeds[16][REPLAY_MAX];
static size_t seed_len[16];

static uint32_t replay_next(uint32_t *x)
{
    *x ^= *x << 13;
    *x ^= *x >> 17;
    *x ^= *x << 5;
    return *x;
}

/* One mutant of seed @p from into @p out: a few random edits. */
static size_t replay_mutate(uint32_t *rng, const uint8_t *from, size_t len, uint8_t *out)
{
    memcpy(out, from, len);
    for (uint32_t edits = 1u + replay_next(rng) % 4u; edits > 0u; edits--) {
        uint32_t r = replay_next(rng);
        size_t at = len > 0u ? r % len : 0u;
        switch ((r >> 16) % 3u) {
        case 0: /* flip a byte */
            if (len > 0u) {
                out[at] = (uint8_t)replay_next(rng);
            }
            break;
        case 1: /* insert a byte */
            if (len < REPLAY_MAX) {
                memmove(out + at + 1, out + at, len - at);
                out[at] = (uint8_t)replay_next(rng);
                len++;
            }
            break;
        default: /* cut the tail */
            len = at;
            break;
        }
    }
    return len;
}

int main(int argc, char **argv)
{
    static uint8_t input[REPLAY_MAX];
    size_t count = 0;
    uint32_t rng = 0x9E3779B9u;
    for (int i = 1; i < argc && count < 16u; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (f == NULL) {
            fprintf(stderr, "cannot read seed %s\n", argv[i]);
            return 1;
        }
        seed_len[count] = fread(seeds[count], 1, REPLAY_MAX, f);
        fclose(f);
        (void)LLVMFuzzerTestOneInput(seeds[count], seed_len[count]);
        count++;
    }
    if (count == 0u) {
        fprintf(stderr, "usage: %s SEED_FILE...\n", argv[0]);
        return 1;
    }
    for (uint32_t n = 0; n < ORCA_REPLAY_MUTANTS; n++) {
        size_t k = replay_next(&rng) % count;
        size_t len = replay_mutate(&rng, seeds[k], seed_len[k], input);
        (void)LLVMFuzzerTestOneInput(input, len);
    }
    printf("%zu seeds and %u mutants ran\n", count, (unsigned)ORCA_REPLAY_MUTANTS);
    return 0;
}
