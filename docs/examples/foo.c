/* foo.c: maps the shared struct foo that shm sets, prints it, adds one to baz.
 *   gcc -o foo foo.c -lrt && ./foo [NAME]      (NAME defaults to foo: /dev/shm/foo) */
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include "foo.h"

int main(int argc, char **argv) {
    char path[256];
    snprintf(path, sizeof path, "/%s", argc > 1 ? argv[1] : "foo");
    int fd = shm_open(path, O_RDWR, 0);
    if (fd < 0) { perror("shm_open"); return 1; }
    struct stat st;
    if (fstat(fd, &st) < 0 || st.st_size < (off_t) sizeof(struct foo)) {
        fprintf(stderr, "%s is smaller than struct foo\n", path);
        return 1;
    }
    struct foo *foo = mmap(NULL, sizeof *foo, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (foo == MAP_FAILED) { perror("mmap"); return 1; }
    printf("Foo(%d, %d)\n", foo->bar, foo->baz);
    foo->baz += 1;
    return 0;
}
