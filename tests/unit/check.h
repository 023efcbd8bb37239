/* check.h: the unit tests' assertions. Each failed check prints file:line and what
 * differed, the test goes on, and check_done() turns the count into the exit status. */
#ifndef NB_CHECK_H
#define NB_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_failures, check_count;

#define CHECK(cond)                                                                    \
    do {                                                                               \
        check_count++;                                                                 \
        if (!(cond)) {                                                                 \
            check_failures++;                                                          \
            fprintf(stderr, "%s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond);   \
        }                                                                              \
    } while (0)

#define CHECK_STR(actual, expected)                                                    \
    do {                                                                               \
        const char *a_ = (actual), *e_ = (expected);                                   \
        check_count++;                                                                 \
        if (!a_ || !e_ || strcmp(a_, e_) != 0) {                                       \
            check_failures++;                                                          \
            fprintf(stderr, "%s:%d: %s is \"%s\", expected \"%s\"\n", __FILE__,        \
                    __LINE__, #actual, a_ ? a_ : "(null)", e_ ? e_ : "(null)");        \
        }                                                                              \
    } while (0)

#define CHECK_INT(actual, expected)                                                    \
    do {                                                                               \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                \
        check_count++;                                                                 \
        if (a_ != e_) {                                                                \
            check_failures++;                                                          \
            fprintf(stderr, "%s:%d: %s is %lld, expected %lld\n", __FILE__, __LINE__,   \
                    #actual, a_, e_);                                                  \
        }                                                                              \
    } while (0)

static inline int check_done(void)
{
    printf("%d checks, %d failed\n", check_count, check_failures);
    return check_failures ? 1 : 0;
}

#endif
