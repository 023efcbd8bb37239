/* htmlnest: the depth estimate follows what an HTML parser keeps open, so real (and
 * sloppy) pages stay shallow and hostile ones are caught. */
#include "check.h"
#include "base/buf.h"
#include "pipeline/read/htmlnest.h"

#include <stdlib.h>

static int depth_of(const char *html)
{
    return nb_htmlnest_depth(html, strlen(html), 100000);
}

static char *repeat(const char *head, const char *unit, int n, const char *tail)
{
    nb_buf b = NB_BUF_INIT;
    nb_buf_adds(&b, head);
    for (int i = 0; i < n; i++) nb_buf_adds(&b, unit);
    nb_buf_adds(&b, tail);
    return nb_buf_detach(&b);
}

static void counts_what_stays_open(void)
{
    CHECK_INT(depth_of(""), 0);
    CHECK_INT(depth_of("plain text, 1 < 2"), 0);
    CHECK_INT(depth_of("<div><div><span>x</span></div></div>"), 3);
    CHECK_INT(depth_of("<html><head><meta charset=utf-8><title>a<b>c</title></head><body><p>x<br>y</p></body></html>"), 1);
    CHECK_INT(depth_of("<div><!-- <div><div><div> --><script>var s='<div><div>';</script></div>"), 1);
    CHECK_INT(depth_of("<div><span/><span/><span/></div>"), 1);               /* XHTML empty elements */
    CHECK_INT(depth_of("<div></x></y></z><div>"), 2);                      /* stray end tags close nothing */
    CHECK_INT(depth_of("<DIV><Div>x</DIV></div>"), 2);                     /* names in any case */
    CHECK_INT(depth_of("<div title='a>b'><div>"), 2);                      /* '>' inside a quoted value */
}

static void sloppy_pages_stay_shallow(void)
{
    /* HTML closes these implicitly; so does the estimate */
    char *p = repeat("<body>", "<p><font size=3>text<b>bold", 5000, "");
    char *li = repeat("<ul>", "<li><span>x<a href=#>y", 5000, "</ul>");
    char *td = repeat("<table>", "<tr><td><font>x<td><b>y", 5000, "</table>");
    char *dd = repeat("<dl>", "<dt><i>x<dd><em>y", 5000, "</dl>");
    char *tables = repeat("", "<table><tr><td colspan=65534>1</td></tr></table>", 10000, "");
    CHECK(depth_of(p) <= 4);
    CHECK(depth_of(li) <= 4);
    CHECK(depth_of(td) <= 4);
    CHECK(depth_of(dd) <= 5);
    CHECK_INT(depth_of(tables), 3);
    free(p), free(li), free(td), free(dd), free(tables);
}

static void hostile_pages_are_caught_quickly(void)
{
    char *divs = repeat("<html><body>", "<div>", 50000, "x");
    char *lists = repeat("", "<ul><li>", 50000, "");
    char *nested_tables = repeat("", "<table><tr><td>", 50000, "");
    char *stray = repeat("", "<span>", 50000, "");
    CHECK_INT(depth_of(divs), 50000);
    CHECK_INT(depth_of(lists), 100000);
    CHECK(depth_of(nested_tables) >= 50000);
    CHECK_INT(nb_htmlnest_depth(stray, strlen(stray), NB_HTMLNEST_LIMIT), NB_HTMLNEST_LIMIT + 1); /* stops at once */
    /* just under the limit and then a million blocks: read to the end (the scan never
     * walks the open elements for an end tag of a name that is not open) */
    char *flat = repeat("", "<span>", NB_HTMLNEST_LIMIT - 10, "");
    char *blocks = repeat(flat, "<div></div>", 1000000, "");
    CHECK_INT(nb_htmlnest_depth(blocks, strlen(blocks), NB_HTMLNEST_LIMIT), NB_HTMLNEST_LIMIT - 9);
    free(divs), free(lists), free(nested_tables), free(stray), free(flat), free(blocks);
}

static void real_pages_nest_a_few_dozen(void)
{
    const char *dir = getenv("NB_FIXTURES");
    static const char *const pages[] = {"real/pingtan-2019.html", "real/shuyang-fgj-2023.html",
                                        "variants/cells-2019.html", "variants/r1-spans-2019.html", NULL};
    for (int i = 0; dir && pages[i]; i++) {
        nb_buf path = NB_BUF_INIT, page = NB_BUF_INIT;
        nb_buf_printf(&path, "%s/%s", dir, pages[i]);
        CHECK_INT(nb_buf_read_file(&page, path.data), 0);
        int d = nb_htmlnest_depth(page.data, page.len, NB_HTMLNEST_LIMIT);
        CHECK(d > 0 && d < 40);
        nb_buf_free(&path);
        nb_buf_free(&page);
    }
}

int main(void)
{
    counts_what_stays_open();
    sloppy_pages_stay_shallow();
    hostile_pages_are_caught_quickly();
    real_pages_nest_a_few_dozen();
    return check_done();
}
