/* foo.h: the struct of scenario 5 (docs/guide.md), shared by foo.c and by shm (--layout @foo.h) */
#ifndef FOO_H
#define FOO_H

struct foo {
    int bar;
    int baz;
};

#endif
