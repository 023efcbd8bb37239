/* prefilter: an HTML page (UTF-8) -> a much smaller HTML page from which gumbo builds the
 * same cells, metadata and links (doc.h) as from the whole page. One lexical pass, no tree.
 *
 * Why: gumbo spends its time per byte and per token, and on portal pages most bytes are
 * scripts, style sheets, comments and the inline style/class attributes of Word-exported
 * tables, and most tokens are inline tags (<span>, <font>, <o:p>) around the text. None of
 * them changes what htmldoc.h reads. What the reduced page keeps, exactly as written:
 *   - every character of text (outside the elements whose content htmldoc skips), so no
 *     cell, label, title or date near the title is lost;
 *   - every tag that can change the tree gumbo builds (blocks, tables, lists, headings,
 *     forms, <a>, <br>, <img>, <input>, ...), unknown tags included, and the doctype
 *     (quirks mode decides whether <table> closes a <p>);
 *   - the attributes htmldoc reads: colspan/rowspan of cells, <meta> name, http-equiv,
 *     property, content and charset, <a href>, <img src alt>, <input type>;
 *   - <script>, <style>, <iframe> and <textarea> as empty elements.
 * What it drops: comments, bogus comments (<?xml ...?>, </ x>), the content of the four
 * elements above, every other attribute, and in the body the purely inline tags (span,
 * font, b, i, u, strong, em, small, sub, sup, o:p and other "prefix:name" tags, ...):
 * their end tags never close a block and their start tags never open one, so dropping
 * them leaves each text in the same block and in the same order.
 *
 * The scan follows the HTML5 tokenizer wherever it decides what is markup: comment ends
 * (<!-->, --!>), bogus comments, attribute quoting, raw-text and RCDATA elements and the
 * escape states of <script> (a "</script>" inside "<!--<script>" does not end it), a tag
 * cut by the end of the page (dropped, as gumbo drops it). Where the tree builder would
 * change how later bytes are tokenized in a way a lexical scan cannot follow (<svg>,
 * <math>, <template>, <plaintext>, a raw-text element inside <select>), the rest of the
 * page is copied as it is; a <frameset> page is not reduced at all. */
#ifndef NB_PREFILTER_H
#define NB_PREFILTER_H

#include <stddef.h>

#include "buf.h"

/* Writes the reduced page into out (replacing its content). Returns 0, or -1 when the
 * page must be parsed whole (a frameset page); out is then empty. */
int nb_prefilter_html(const char *html, size_t len, nb_buf *out);

#endif
