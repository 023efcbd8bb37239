/* prefilter: the reduced page gives gumbo + htmldoc exactly the cells, metadata and links
 * of the whole page. Checked on every HTML fixture, on pages built to hit each tokenizer
 * rule the reducer mirrors, and on a few thousand random tag soups (fixed seed).
 *
 * With file arguments it checks those files instead (bench/run.sh runs it over the
 * generated corpus): `test_prefilter PAGE.html...`. NB_SOUPS=N and NB_SEED=S run more
 * soups or other ones (a longer hunt by hand). */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pipeline/read/decode.h"
#include "pipeline/read/doc.h"
#include "pipeline/read/htmldoc.h"
#include "pipeline/read/prefilter.h"

static int same_str(const char *a, const char *b)
{
    return (!a && !b) || (a && b && !strcmp(a, b));
}

/* Describes the first difference between the two docs into why; 0 if none. */
static int doc_differs(const nb_doc *a, const nb_doc *b, char *why, size_t whysz)
{
    if (!same_str(a->title, b->title)) return snprintf(why, whysz, "title \"%s\" vs \"%s\"", a->title ? a->title : "(none)", b->title ? b->title : "(none)"), 1;
    if (a->ntables != b->ntables || a->nrows != b->nrows) return snprintf(why, whysz, "%d tables %d rows vs %d tables %d rows", a->ntables, a->nrows, b->ntables, b->nrows), 1;
    size_t n = a->ncells < b->ncells ? a->ncells : b->ncells;
    for (size_t i = 0; i < n; i++) {
        const nb_cell *x = &a->cells[i], *y = &b->cells[i];
        if (strcmp(x->text, y->text) || x->row != y->row || x->col != y->col || x->colspan != y->colspan ||
            x->rowspan != y->rowspan || x->table != y->table)
            return snprintf(why, whysz, "cell %zu: \"%s\" r%d c%d span %dx%d t%d vs \"%s\" r%d c%d span %dx%d t%d", i,
                            x->text, x->row, x->col, x->rowspan, x->colspan, x->table, y->text, y->row, y->col,
                            y->rowspan, y->colspan, y->table), 1;
    }
    if (a->ncells != b->ncells) return snprintf(why, whysz, "%zu cells vs %zu", a->ncells, b->ncells), 1;
    if (a->nmetas != b->nmetas) return snprintf(why, whysz, "%zu metas vs %zu", a->nmetas, b->nmetas), 1;
    for (size_t i = 0; i < a->nmetas; i++)
        if (strcmp(a->metas[i].name, b->metas[i].name) || strcmp(a->metas[i].content, b->metas[i].content))
            return snprintf(why, whysz, "meta %zu: %s=%s vs %s=%s", i, a->metas[i].name, a->metas[i].content, b->metas[i].name, b->metas[i].content), 1;
    if (a->nlinks != b->nlinks) return snprintf(why, whysz, "%zu links vs %zu", a->nlinks, b->nlinks), 1;
    for (size_t i = 0; i < a->nlinks; i++)
        if (strcmp(a->links[i].href, b->links[i].href) || strcmp(a->links[i].text, b->links[i].text))
            return snprintf(why, whysz, "link %zu: %s (%s) vs %s (%s)", i, a->links[i].href, a->links[i].text, b->links[i].href, b->links[i].text), 1;
    return 0;
}

/* Parses html whole and reduced; returns 1 if the docs are the same (reports otherwise). */
static int equivalent(const char *what, const char *html, size_t len)
{
    nb_doc whole, reduced;
    nb_doc_init(&whole);
    nb_doc_init(&reduced);
    nb_htmldoc_parse(html, len, &whole);
    nb_buf small = NB_BUF_INIT;
    int rc = nb_prefilter_html(html, len, &small);
    if (rc == 0) nb_htmldoc_parse(small.data, small.len, &reduced);
    else nb_htmldoc_parse(html, len, &reduced);
    char why[600];
    int same = !doc_differs(&whole, &reduced, why, sizeof why);
    if (!same) fprintf(stderr, "%s: %s\n  page:    %.*s\n  reduced: %.*s\n", what, why, (int)(len < 400 ? len : 400), html,
                       (int)(small.len < 400 ? small.len : 400), nb_buf_str(&small));
    nb_buf_free(&small);
    nb_doc_free(&whole);
    nb_doc_free(&reduced);
    return same;
}

static int check_file(const char *path)
{
    nb_buf bytes = NB_BUF_INIT, text = NB_BUF_INIT, plain = NB_BUF_INIT;
    if (nb_buf_read_file(&bytes, path) != 0) {
        fprintf(stderr, "%s: cannot read\n", path);
        return 0;
    }
    const char *p = bytes.data;
    size_t n = bytes.len;
    if (nb_decode_is_gzip(p, n) && nb_decode_gunzip(p, n, (size_t)200 << 20, &plain, NULL) == 0) p = plain.data, n = plain.len;
    nb_decode_to_utf8(p, n, NULL, &text, NULL, NULL);
    int same = !nb_htmldoc_sniff(text.data, text.len) || equivalent(path, text.data, text.len);
    nb_buf_free(&bytes);
    nb_buf_free(&text);
    nb_buf_free(&plain);
    return same;
}

static void fixtures(void)
{
    const char *root = getenv("NB_FIXTURES");
    if (!root) root = "tests/fixtures";
    const char *dirs[] = {"real", "variants"};
    int files = 0;
    for (int k = 0; k < 2; k++) {
        char dir[1024];
        snprintf(dir, sizeof dir, "%s/%s", root, dirs[k]);
        DIR *d = opendir(dir);
        if (!d) continue;
        struct dirent *e;
        while ((e = readdir(d))) {
            const char *dot = strrchr(e->d_name, '.');
            if (!dot || strcmp(dot, ".html")) continue;
            char path[2048];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            CHECK(check_file(path));
            files++;
        }
        closedir(d);
    }
    CHECK(files >= 10);
}

/* Each page exercises one rule of the tokenizer or of the tree builder that the reducer
 * has to respect. */
static const char *const pages[] = {
    /* comments: the short forms, --!>, a comment that runs to the end */
    "<p>a<!-->b<!--->c<!---->d<!-- x --!>e<!-- -- >still-->f</p>",
    "<p>a<!-- x --->b<!-- <p>no -->c</p><p>d<!-- unclosed <p>e",
    /* bogus comments: <?xml ...?> of Word, </ x>, <!x>, </> */
    "<body><?xml:namespace prefix = o ns = \"urn:schemas-microsoft-com:office:office\" /><p>a</ x>b<!x>c</>d<![CDATA[e<b>f]]>g</p>",
    /* attributes: quotes holding '>', unquoted values with '/', '=' first, no values */
    "<table><tr><td colspan=\"2\" style=\"a>b\">x</td><td title='a\"b>' rowspan=2/>y</td></tr><tr><td =x colspan = 3 nowrap>z</td></tr></table>",
    "<table><tr><td COLSPAN=2 colspan=3>dup</td><td rowspan=\"&#50;\">ref</td></tr><tr><td>a<td>b<td>c</table>",
    "<table><tr><td colspan=2/ >a</td></tr></table><p>tail",
    /* a tag cut by the end of the page is dropped, the text before it kept */
    "<p>text<span class=\"x",
    "<p>text<td colspan=\"2",
    "<p>text</p",
    "<p>text<",
    "<p>text</",
    "<p>text<!",
    /* raw text and RCDATA: markup inside is text; end tags with attributes; case */
    "<head><title>A <b>bold</b> &amp; title</title></head><body><p>x",
    "<body><xmp><p>shown</p></xmpx></XMP a=b>after<noembed><b>t</b></noembed><noframes>nf</noframes>",
    "<body><style>p{}</stylex></p></style><p>a<textarea><p>hidden</textarea>b<iframe><p>hidden</iframe>c",
    "<body><p>a<style>unclosed <p>b",
    /* script: escapes, double escapes, an end tag inside a string */
    "<body><script>var s = '</scr' + 'ipt>'; </script><p>a</p>",
    "<body><script><!-- document.write('<script>x</script>'); --></script><p>shown</p><script></script>",
    "<body><script><!--<script></script></script><p>hidden",
    "<body><script><!--<script>--></script><p>shown",
    "<body><script><!-- x </script><p>shown",
    "<body><script><!--> </script><p>shown",
    "<body><script>a</SCRIPT >b<p>c",
    /* the head: inline tags there open the body, so nothing is dropped before it */
    "<html><head><span>x</span><title>T</title><meta name=\"PubDate\" content=\"2020-01-15\"></head><body>y",
    "<html><head><b></b><meta name=a content=b><title>T2</title>",
    "<html><head><noscript><p>ns</p></noscript><title>T3</title></head><body><noscript><b>y</b></noscript>z",
    "<head><title>T4</title></head></br><title>in body</title>",
    "<head>\n<meta charset=\"utf-8\"><title>T5</title>\n</head>\n<font>x</font><title>in body</title>",
    "text first<title>T6</title>",
    /* inline tags against blocks and tables: adoption agency, foster parenting */
    "<b>1<p>2</b>3</p><i>4<div>5</i>6</div>",
    "<table><span>1<td>2</td>3</span></table><table><tr><b>x<td>y</b>z</td></tr></table>",
    "<div><table><b>1<div>2</b>3</div></table></div>",
    "<p><span>a</p>b</span><span><p>c</span>d</p>",
    "<table><tr><td><font>a<p>b</font>c</td><td><o:p></o:p>&nbsp;</td></tr></table>",
    "<pre><span>\n</span>x</pre><pre>\n\ny</pre>",
    /* whitespace runs are cut, but the newline the parser drops after <pre> is not the
     * one that stays */
    "<div>a \n\t b</div><pre>\n\n</pre><form>x</form><pre>\r\n\r\n</pre><p>y</p><listing>\n \n</listing><p>z",
    "<ruby><span>a<rb>b</rb></span></ruby><p><sub>c<rt>d",
    /* links and images */
    "<a href=\"f.pdf\">附件<a href=\"/\">首页</a>after</a><img src=\"x.png\" alt=\"图\" style=\"w\">",
    "<p><A HREF=report.docx class=x>报告</A><image src=y.jpg>",
    /* select: a raw-text start tag inside it is ignored, so its content is markup */
    "<select><option>a<style><p>b</p></style></select><p>c",
    "<select><option>a</select><style><p>b</p></style><p>c",
    "<select><script>x</script><textarea><p>t</textarea><p>c",
    /* things copied as they are from where they start */
    "<p>a<svg><style><p>b</p></style></svg><span>c</span>",
    "<p>a<math><mi>x</mi></math><span>c</span>",
    "<p>a<template><td>b</td></template><span>c</span>",
    "<p>a<plaintext><span>c</span></plaintext>",
    "<frameset><frame src=a.html></frameset><noframes><p>x</noframes>",
    /* doctypes (quirks mode decides whether <table> closes a <p>) */
    "<!DOCTYPE html><p>a<table><tr><td>1</table>",
    "<!DOCTYPE html PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\"><p>a<table><tr><td>1</table>",
    "<!doctype html \"a>b\"><p>a<table><tr><td>1</table>",
    "<p>a<table><tr><td>1</table>",
    /* cases the random soups found, kept: "</>" is no token but must stay between the
     * text around it; gumbo inserts text left pending at </form> after the form; the
     * table proper keeps whitespace runs apart; a "<" or "&am" before an unwrapped text;
     * gumbo ignores </body> in the head; after </body> a comment goes elsewhere */
    "<p>&amp;<</>/  </xmp>x</p><pre></>\n\nx</pre>",
    "<form>文本<?xml x?></td>></form>after<form>A<span>B</span></form>C",
    "<table>x<i> </head>=<tr><td>1</td></tr></table><table>a<!--c--> <!--d-->b</table>",
    "<p><<span><span>x</span></span>&<span>amp;</span>&am<span>p;</span></p>",
    "<noscript></body></td><span> </span><img src=x.png><title>T</title>",
    "<noscript><meta name=PubDate content=\"2020-01-02\"></ x></body><span> </span><td>",
    "<h2><span>A</span><h3>B</h3>C</h2>D<p><b>1<p><span>2</span>3",
    /* selects, inputs and buttons hide or close things */
    "<table><input type=hidden><input type=text>x<tr><td>1</table>",
    "<select><option>x<input>y</select>z",
    "<p><button>hidden<span>too</span></button>shown",
};

static void rules(void)
{
    char what[32];
    for (size_t i = 0; i < sizeof pages / sizeof *pages; i++) {
        snprintf(what, sizeof what, "page %zu", i);
        CHECK(equivalent(what, pages[i], strlen(pages[i])));
    }
}

/* Random tag soups from the pieces real and hostile pages are made of. */
static const char *const pieces[] = {
    "<p>", "</p>", "<div>", "</div>", "<span>", "</span>", "<span style=\"a:b\">", "<b>", "</b>", "<i>", "</i>",
    "<font color=red>", "</font>", "<strong>", "</strong>", "<em>", "</em>", "<u>", "</u>", "<o:p>", "</o:p>",
    "<a href=\"x.pdf\">", "<a href=/>", "<a>", "</a>", "<nobr>", "</nobr>", "<table>", "</table>", "<tbody>",
    "</tbody>", "<tr>", "</tr>", "<td>", "<td colspan=2>", "<td rowspan=\"2\" style='x>y'>", "</td>", "<th>",
    "</th>", "<caption>", "<colgroup>", "<col>", "<br>", "</br>", "<img src=a.png alt=图>", "<select>", "</select>",
    "<option>", "<input type=hidden>", "<input>", "<textarea>", "</textarea>", "<title>", "</title>", "<script>",
    "</script>", "<style>", "</style>", "<!--", "-->", "--!>", "<!-- c -->", "<!--<script>", "<head>", "</head>",
    "<body>", "</body>", "<html>", "</html>", "<meta name=PubDate content=\"2020-01-02\">", "<meta charset=gbk>",
    "<li>", "<ul>", "</ul>", "<h1>", "</h1>", "<pre>", "\n", " ", "  ", "文本", "第一", "12", "&nbsp;", "&amp;", "<",
    ">", "&", "'", "\"", "=", "/", "<?xml x?>", "</ x>", "</>", "<!DOCTYPE html>", "<noscript>", "</noscript>",
    "<iframe>", "</iframe>", "<xmp>", "</xmp>", "<center>", "<blockquote>", "<dd>", "<dt>", "<ruby>", "<rt>",
    "<button>", "</button>", "<form>", "</form>", "<label>", "</label>", "<sub>", "<sup>", "<small>", "<hr>",
    "<st1:chsdate>", "</st1:chsdate>", "<xyz>", "</xyz>", "<p class=\"MsoNormal\" align=center>",
    "<td colspan=2/>", "<a href='x.pdf'title=y>", "<TD COLSPAN=3 ROWSPAN = '2'>", "<SCRIPT>", "</SCRIPT>",
    "</script >", "</script", "<!---->", "<!--->", "<!-->", "<!-", "</style x>", "<svg>", "</svg>", "<math>",
    "<template>", "<plaintext>", "&am", "p;", "<noembed>", "</noembed>", "<noframes>", "</noframes>",
    "</title >", "<meta http-equiv=content-type content=\"text/html; charset=gbk\">", "<img src=x.jpg alt='a>b'>",
    "<td \n colspan\n=\n\"2\"\n>", "\r\n", "\f", "&#60;", "<!DOCTYPE", "<!doctype html public \"x\">",
    "<a\thref=b.doc\t>", "\n\n", "\r\n\r\n", " \t ",
    "<span>文本</span>", "<span lang=EN-US><o:p>&nbsp;</o:p></span>", "<o:p></o:p>", "<SPAN>12</span >",
    "<span><span>x</span></span>", "<text>附件</text>", "<span> </span>", "<span>a</b>", "<sub>2</sub>", "<br/>", "<p/>", "<td colspan=\"2\"rowspan=\"2\">", "<td =\"x\">", "<?", "</ ", "<1",
    "<!--<script>", "</script>-->", "<frameset>", "<input type=\"hidden\" value=x>",
};

static uint64_t rng = 88172645463325252ull;

static unsigned next_random(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng >> 11);
}

static void soups(void)
{
    nb_buf page = NB_BUF_INIT;
    int failed = 0;
    int rounds = getenv("NB_SOUPS") ? atoi(getenv("NB_SOUPS")) : 4000;
    if (getenv("NB_SEED")) rng ^= (uint64_t)atoll(getenv("NB_SEED")) * 0x9E3779B97F4A7C15ull;
    for (int k = 0; k < rounds && failed < 5; k++) {
        nb_buf_clear(&page);
        int npieces = 3 + (int)(next_random() % 60);
        for (int i = 0; i < npieces; i++) nb_buf_adds(&page, pieces[next_random() % (sizeof pieces / sizeof *pieces)]);
        char what[32];
        snprintf(what, sizeof what, "soup %d", k);
        if (!equivalent(what, page.data, page.len)) failed++;
    }
    CHECK(failed == 0);
    nb_buf_free(&page);
}

int main(int argc, char **argv)
{
    if (argc > 1) {
        int bad = 0;
        for (int i = 1; i < argc; i++) bad += !check_file(argv[i]);
        printf("%d pages, %d differ\n", argc - 1, bad);
        return bad != 0;
    }
    fixtures();
    rules();
    soups();
    return check_done();
}
