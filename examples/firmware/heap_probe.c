/* Proof that the heap check can fail: a program that does allocate. Its map
 * must be refused by check_no_heap.cmake (test firmware_heap_check_catches_malloc). */
#include <stdlib.h>

void *_sbrk(int incr);
void *_sbrk(int incr)
{
    (void)incr;
    return (void *)-1;
}

int main(void)
{
    return malloc(4) != NULL;
}
