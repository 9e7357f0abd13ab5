/*
 * parent_child.c: the program of scenario 6 in docs/guide.md, the classic parent and child sharing
 * an anonymous block. It maps 100 bytes MAP_SHARED|MAP_ANONYMOUS (no name, no file) and forks.
 * The parent writes "tick N" at offset 64 once a second; the child sleeps until the first byte of
 * the block is set, prints what it finds there, and exits; then the parent exits too.
 *
 *   gcc -o parent_child parent_child.c && ./parent_child
 *
 * From another terminal, shm finds the block ('shm list --kind anon'), dumps and watches it, and a
 * 'shm write' of the first byte wakes the child.
 */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void) {
    char *block = mmap(NULL, 100, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (block == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("fork");
        return 1;
    }
    if (child == 0) {
        while (block[0] == 0) {
            usleep(10000);
        }
        printf("child %d: woke up, the block says '%.*s'\n", getpid(), 64, block);
        return 0;
    }
    printf("parent %d: block at %p, child %d waits for its first byte\n", getpid(), (void *) block, child);
    fflush(stdout);
    for (int tick = 1; waitpid(child, NULL, WNOHANG) == 0; tick++) {
        snprintf(block + 64, 36, "tick %d", tick);
        sleep(1);
    }
    printf("parent %d: the child is done\n", getpid());
    return 0;
}
