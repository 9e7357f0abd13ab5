/*
 * foo.c: the C side of scenario 5 in docs/guide.md. It opens the POSIX shared-memory object that
 * 'shm create foo --size 8' made (the same object as /dev/shm/foo), maps the struct, prints it and
 * adds one to baz.
 *
 *   gcc -o foo foo.c -lrt && ./foo          (or ./foo NAME for another segment)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

struct foo {
    int bar;
    int baz;
};

int main(int argc, char **argv) {
    char name[256];
    snprintf(name, sizeof name, "/%s", argc > 1 ? argv[1] : "foo");
    int fd = shm_open(name, O_RDWR, 0);
    if (fd < 0) {
        perror("shm_open");
        return 1;
    }
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size < (off_t) sizeof(struct foo)) {
        fprintf(stderr, "%s is smaller than struct foo (%zu bytes)\n", name, sizeof(struct foo));
        return 1;
    }
    struct foo *foo = mmap(NULL, sizeof *foo, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (foo == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    close(fd);
    printf("Foo(%d, %d)\n", foo->bar, foo->baz);
    foo->baz += 1;
    munmap(foo, sizeof *foo);
    return 0;
}
