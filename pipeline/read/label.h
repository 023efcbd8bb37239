/* label: table labels as keys that survive how real pages print them. Knows nothing
 * about HTML or about which labels the templates have.
 *
 * A label's key is its core text plus its leading item number:
 *   "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" -> core "部分公开", number 2
 *   "3、其他" -> core "其他", number 3        "本年新<br>制作数量" -> core "本年新制作数量"
 *   "第二十条第（一）项" -> core "第二十条第一项"      "上一年项目数量(指2019年事项数)" -> "上一年项目数量"
 * Whitespace of every kind, punctuation and quotes are dropped; full-width forms become
 * ASCII; a parenthesised annotation is dropped unless it is just a numeral. */
#ifndef NB_LABEL_H
#define NB_LABEL_H

#include <stddef.h>
#include <stdint.h>

#include "base/arena.h"

typedef struct {
    const char *core; /* never NULL; "" when the text is only an annotation or punctuation */
    int number;       /* leading item number: (三) 三、 3. 3、 ③ -> 3; 0 if none */
} nb_label_key;

/* Builds the key of text[0..len); the core is allocated in a. */
void nb_label_key_make(nb_arena *a, const char *text, size_t len, nb_label_key *out);

/* Writes the core of text into out (at most outsz-1 bytes, NUL-terminated) and returns the
 * item number; for callers without an arena. */
int nb_label_core(const char *text, size_t len, char *out, size_t outsz);

/* The value of a Chinese numeral digit (一 … 九, 十 is 10), 0 if cp is none. */
int nb_label_cn_digit(uint32_t cp);

#endif
