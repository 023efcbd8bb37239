/* slug: a township's proposed slug (townships.csv), in pinyin: 东山镇 -> dongshan,
 * 西河乡 -> xihe-xiang, 南湖街道 -> nanhu-jiedao, the convention of the sample county.
 *
 * `nianbao discover` proposes a registry from the titles it finds; a slug a person can
 * read (and that a later pinyin spelling of the same name reproduces) beats a numbered
 * placeholder. The pinyin comes from ICU's Han-Latin transliterator (libicu, Debian's
 * libicu-dev), not a table of our own: ICU carries the readings of the whole Han block,
 * which a hand-kept table would not. ICU reads each character in its most common
 * reading, which for a few characters is not the one place names use; the two commonest
 * (长 chang, not zhang; 都 du, not dou) are read the place-name way before Han-Latin
 * runs. Others stay ICU's (重 zhong in 重阳, 厦 sha in 厦门, 行 xing in 银行, 单 dan, 六 liu,
 * 蚌 bang, 番 fan): a slug only names files, and a person may change it.
 *
 * The suffix says the kind of township: 镇 adds nothing, 乡 -xiang, 街道 -jiedao; any
 * other name is spelled whole. A slug is ASCII a-z, 0-9 and -, at most NB_SLUG_MAX bytes.
 * A name with nothing ICU can spell (no Han, no Latin letters or digits) gets no slug:
 * the caller keeps a placeholder and says so. */
#ifndef NB_SLUG_H
#define NB_SLUG_H

#include "base/buf.h"

#define NB_SLUG_MAX 64 /* bytes, as townships.csv allows */

/* The transliterator, built once for many names (building it costs milliseconds). */
typedef struct nb_slugger nb_slugger;
/* NULL when ICU cannot build it (then every name keeps a placeholder). */
nb_slugger *nb_slug_new(void);
void nb_slug_free(nb_slugger *s);

/* The pinyin slug of a township name (UTF-8) into out, at most max_len bytes (≤
 * NB_SLUG_MAX; the caller leaves room for a "-2" that makes it unique). Returns 0, or
 * -1 with out empty when the name cannot be spelled (or s is NULL). */
int nb_slug_pinyin(nb_slugger *s, const char *name, size_t max_len, nb_buf *out);

#endif
