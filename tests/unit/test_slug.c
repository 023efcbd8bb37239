#include "check.h"
#include "scrapers/slug.h"

static nb_slugger *slugger;

static const char *slug_of(const char *name, size_t max)
{
    static nb_buf out = NB_BUF_INIT;
    if (nb_slug_pinyin(slugger, name, max, &out) != 0) return "(none)";
    return out.data;
}

static void spells_the_sample_convention(void)
{
    CHECK_STR(slug_of("东山镇", 64), "dongshan");
    CHECK_STR(slug_of("西河乡", 64), "xihe-xiang");
    CHECK_STR(slug_of("南湖街道", 64), "nanhu-jiedao");
    CHECK_STR(slug_of("城关镇", 64), "chengguan");
    CHECK_STR(slug_of("桃源乡", 64), "taoyuan-xiang");
    /* the place-name readings ICU's commonest ones would get wrong */
    CHECK_STR(slug_of("长安镇", 64), "changan");
    CHECK_STR(slug_of("都江乡", 64), "dujiang-xiang");
    /* another kind of unit: spelled whole; Latin letters and digits kept, lower case */
    CHECK_STR(slug_of("经济开发区", 64), "jingjikaifaqu");
    CHECK_STR(slug_of("第2社区", 64), "di2shequ");
    CHECK_STR(slug_of("ABC镇", 64), "abc");
}

static void stays_in_bounds(void)
{
    /* 30 characters and a suffix: cut to the room given, the suffix kept */
    const char *slug = slug_of("东东东东东东东东东东东东东东东东东东东东东东东东东东东东东东乡", 20);
    CHECK_INT((long)strlen(slug), 20);
    CHECK(strstr(slug, "-xiang") == slug + 14);
    CHECK_INT((long)strlen(slug_of("东东东东东东东东东东东东东东东东东东东东东东东东东东东东东东", 999)), 64);
    /* nothing ICU can spell: no slug, the caller keeps a placeholder */
    CHECK_STR(slug_of("★☆镇", 64), "(none)");
    CHECK_STR(slug_of("", 64), "(none)");
    CHECK_STR(slug_of("镇", 64), "zhen"); /* a name that is only its kind */
}

int main(void)
{
    slugger = nb_slug_new();
    CHECK(slugger != NULL);
    spells_the_sample_convention();
    stays_in_bounds();
    nb_slug_free(slugger);
    CHECK_INT(nb_slug_pinyin(NULL, "东山镇", 64, &(nb_buf)NB_BUF_INIT), -1); /* no ICU: no slug */
    return check_done();
}
