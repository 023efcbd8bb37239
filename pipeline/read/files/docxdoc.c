/* docxdoc: word/document.xml -> cells, and legacy files through LibreOffice (see
 * docxdoc.h). */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#define _DEFAULT_SOURCE
#include "pipeline/read/files/docxdoc.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zip.h>

extern char **environ;

/* ---- the zip ---- */

/* Reads entry name of z into out, at most cap bytes. Returns 0, 1 when the entry is not
 * there, -1 with error set when it cannot be read or is larger than cap. */
static int read_entry(zip_t *z, const char *name, size_t cap, nb_buf *out, nb_buf *error)
{
    zip_int64_t index = zip_name_locate(z, name, 0);
    if (index < 0) return 1;
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)index, 0);
    if (!f) {
        nb_buf_printf(error, "%s cannot be read from the zip: %s", name, zip_strerror(z));
        return -1;
    }
    char chunk[65536];
    int rc = 0;
    for (;;) {
        zip_int64_t n = zip_fread(f, chunk, sizeof chunk);
        if (n < 0) {
            nb_buf_printf(error, "%s is damaged (%s): the file is cut short or corrupt", name, zip_file_strerror(f));
            rc = -1;
            break;
        }
        if (n == 0) break;
        if (out->len + (size_t)n > cap) {
            nb_buf_printf(error, "%s is larger than %zu MB once unpacked: not read", name, cap >> 20);
            rc = -1;
            break;
        }
        nb_buf_add(out, chunk, (size_t)n);
    }
    zip_fclose(f);
    return rc;
}

/* ---- the XML ---- */

static int is_w(const xmlNode *n, const char *local)
{
    if (n->type != XML_ELEMENT_NODE || strcmp((const char *)n->name, local)) return 0;
    /* The transitional namespace (.../wordprocessingml/2006/main) or strict OOXML's. */
    const char *href = n->ns && n->ns->href ? (const char *)n->ns->href : "";
    return strstr(href, "wordprocessingml") != NULL;
}

static const char *w_attr(const xmlNode *n, const char *local)
{
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (!strcmp((const char *)a->name, local) && a->children && a->children->content)
            return (const char *)a->children->content;
    return NULL;
}

static const xmlNode *child(const xmlNode *n, const char *local)
{
    for (const xmlNode *c = n->children; c; c = c->next)
        if (is_w(c, local)) return c;
    return NULL;
}

/* Elements whose text is not the document's: deleted text, field codes, drawings,
 * properties, comments' anchors. */
static int is_skipped(const xmlNode *n)
{
    static const char *const skip[] = {"del", "moveFrom", "instrText", "delText", "drawing", "pict",
                                       "object", "rPr", "pPr", "tblPr", "trPr", "tcPr", "sectPr",
                                       "tblGrid", "commentReference", "footnoteReference",
                                       "endnoteReference", NULL};
    if (n->type == XML_ELEMENT_NODE && !strcmp((const char *)n->name, "AlternateContent")) return 1;
    for (const char *const *s = skip; *s; s++)
        if (is_w(n, *s)) return 1;
    return 0;
}

/* Appends the text under n: paragraphs (and rows, cells of a nested table) end with a
 * space, tabs and breaks are spaces. Iterative: hostile nesting must not recurse. */
static void gather(const xmlNode *n, nb_buf *out)
{
    const xmlNode *stack[256];
    int depth = 0;
    const xmlNode *cur = n->children;
    while (cur || depth) {
        if (!cur) {
            cur = stack[--depth];
            if (is_w(cur, "p") || is_w(cur, "tc")) nb_buf_addc(out, ' ');
            cur = cur->next;
            continue;
        }
        if (cur->type == XML_TEXT_NODE || cur->type == XML_CDATA_SECTION_NODE) {
            if (cur->parent && is_w(cur->parent, "t") && cur->content) nb_buf_adds(out, (const char *)cur->content);
        } else if (cur->type == XML_ELEMENT_NODE && !is_skipped(cur)) {
            if (is_w(cur, "tab") || is_w(cur, "br") || is_w(cur, "cr")) nb_buf_addc(out, ' ');
            else if (is_w(cur, "noBreakHyphen")) nb_buf_addc(out, '-');
            if (cur->children && depth < (int)(sizeof stack / sizeof *stack)) {
                stack[depth++] = cur;
                cur = cur->children;
                continue;
            }
            if (is_w(cur, "p")) nb_buf_addc(out, ' ');
        }
        cur = cur->next;
    }
}

typedef struct {
    int row, col, colspan, rowspan;
    char *text;
} xcell;

typedef struct {
    xcell *cells;
    int n, cap;
} xtable;

static int int_attr(const xmlNode *n, int def, int lo, int hi)
{
    const char *v = n ? w_attr(n, "val") : NULL;
    if (!v) return def;
    long x = strtol(v, NULL, 10);
    return x < lo ? lo : x > hi ? hi : (int)x;
}

/* The w:tc (w:tr) children of n, looking through content controls and custom XML. */
static void collect(const xmlNode *n, const char *local, const xmlNode **out, int *count, int cap, int depth)
{
    for (const xmlNode *c = n->children; c && *count < cap; c = c->next) {
        if (is_w(c, local)) out[(*count)++] = c;
        else if (depth < 8 && (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")))
            collect(c, local, out, count, cap, depth + 1);
    }
}

enum { MAX_ROWS = 10000, MAX_CELLS_PER_ROW = 1000 };

static void read_table(const xmlNode *tbl, nb_doc *d, nb_buf *scratch)
{
    int index = d->ntables++;
    const xmlNode **trs = nb_xmalloc(sizeof *trs * MAX_ROWS);
    const xmlNode **tcs = nb_xmalloc(sizeof *tcs * MAX_CELLS_PER_ROW);
    int ntr = 0;
    collect(tbl, "tr", trs, &ntr, MAX_ROWS, 0);
    xtable t = {0};
    for (int r = 0; r < ntr; r++) {
        const xmlNode *trpr = child(trs[r], "trPr");
        int col = trpr ? int_attr(child(trpr, "gridBefore"), 0, 0, 1000) : 0;
        int ntc = 0;
        collect(trs[r], "tc", tcs, &ntc, MAX_CELLS_PER_ROW, 0);
        for (int k = 0; k < ntc; k++) {
            const xmlNode *tcpr = child(tcs[k], "tcPr");
            int span = tcpr ? int_attr(child(tcpr, "gridSpan"), 1, 1, 1000) : 1;
            const xmlNode *vm = tcpr ? child(tcpr, "vMerge") : NULL;
            const char *vmval = vm ? w_attr(vm, "val") : NULL;
            if (vm && (!vmval || !strcmp(vmval, "continue"))) {
                /* The cell above, in the same column, grows down over this one. */
                xcell *above = NULL;
                for (int i = t.n - 1; i >= 0 && !above; i--)
                    if (t.cells[i].col == col && t.cells[i].row + t.cells[i].rowspan == r) above = &t.cells[i];
                if (above) {
                    above->rowspan++;
                    col += span;
                    continue;
                }
            }
            nb_buf_clear(scratch);
            gather(tcs[k], scratch);
            if (t.n == t.cap) {
                t.cap = t.cap ? t.cap * 2 : 64;
                t.cells = nb_xrealloc(t.cells, sizeof *t.cells * (size_t)t.cap);
            }
            xcell *c = &t.cells[t.n++];
            c->row = r, c->col = col, c->colspan = span, c->rowspan = 1;
            c->text = nb_xmalloc(scratch->len + 1);
            memcpy(c->text, scratch->data ? scratch->data : "", scratch->len);
            c->text[scratch->len] = '\0';
            col += span;
        }
    }
    int row = -1;
    for (int i = 0; i < t.n; i++) {
        if (t.cells[i].row != row) {
            nb_doc_new_row(d);
            row = t.cells[i].row;
        }
        nb_doc_add_cell(d, t.cells[i].text, strlen(t.cells[i].text), t.cells[i].col, t.cells[i].colspan,
                        t.cells[i].rowspan, index, 1);
        free(t.cells[i].text);
    }
    free(t.cells);
    free(trs);
    free(tcs);
}

static void read_body(const xmlNode *body, nb_doc *d, nb_buf *scratch, int depth)
{
    for (const xmlNode *c = body->children; c; c = c->next) {
        if (is_w(c, "p")) {
            nb_buf_clear(scratch);
            gather(c, scratch);
            nb_doc_new_row(d);
            nb_doc_add_cell(d, scratch->data ? scratch->data : "", scratch->len, 0, 1, 1, -1, 0);
        } else if (is_w(c, "tbl")) {
            read_table(c, d, scratch);
        } else if (depth < 8 && (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml"))) {
            read_body(c, d, scratch, depth + 1);
        }
    }
}

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

static const int XML_OPTIONS = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;

int nb_docxdoc_parse(const char *bytes, size_t len, nb_doc *d, nb_buf *error)
{
    pthread_once(&xml_once, xml_init);
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!z) {
        int code = zip_error_code_zip(&zerr);
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_READ)
            nb_buf_printf(error, "not a readable Word file (.docx): the zip archive is cut short or damaged (%s)",
                          zip_error_strerror(&zerr));
        else
            nb_buf_printf(error, "not a readable Word file (.docx): %s", zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        if (src) zip_source_free(src);
        return -1;
    }
    zip_error_fini(&zerr);
    nb_buf xml = NB_BUF_INIT;
    int rc = read_entry(z, "word/document.xml", NB_DOCXDOC_MAX_XML, &xml, error);
    if (rc == 1) nb_buf_adds(error, "not a Word document: the archive has no word/document.xml");
    zip_close(z); /* read only: discards, and frees the source */
    if (rc != 0) {
        nb_buf_free(&xml);
        return -1;
    }
    xmlDoc *doc = xmlReadMemory(xml.data ? xml.data : "", (int)xml.len, "document.xml", NULL, XML_OPTIONS);
    nb_buf_free(&xml);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        nb_buf_printf(error, "word/document.xml is not well-formed XML%s%s", e && e->message ? ": " : "",
                      e && e->message ? e->message : "");
        while (error->len && (error->data[error->len - 1] == '\n' || error->data[error->len - 1] == ' '))
            error->data[--error->len] = '\0';
        return -1;
    }
    const xmlNode *root = xmlDocGetRootElement(doc);
    const xmlNode *body = root ? child(root, "body") : NULL;
    if (!body) {
        nb_buf_adds(error, "word/document.xml has no w:body");
        xmlFreeDoc(doc);
        return -1;
    }
    nb_buf scratch = NB_BUF_INIT;
    read_body(body, d, &scratch, 0);
    nb_buf_free(&scratch);
    xmlFreeDoc(doc);
    return 0;
}

/* ---- legacy files through LibreOffice ---- */

/* The converter on PATH, into path; 0 when found. */
static int find_converter(char *path, size_t cap)
{
    const char *env = getenv("PATH");
    static const char *const names[] = {"soffice", "libreoffice", NULL};
    for (const char *const *name = names; *name; name++)
        for (const char *p = env ? env : "/usr/bin:/bin"; *p;) {
            size_t n = strcspn(p, ":");
            if (n && snprintf(path, cap, "%.*s/%s", (int)n, p, *name) < (int)cap && access(path, X_OK) == 0) return 0;
            p += n + (p[n] == ':');
        }
    return -1;
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static int write_file(const char *path, const char *bytes, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) return -1;
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(fd, bytes + off, len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        off += (size_t)n;
    }
    return close(fd) == 0 && off == len ? 0 : -1;
}

static int read_file(const char *path, nb_buf *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) nb_buf_add(out, chunk, n);
    int bad = ferror(f);
    fclose(f);
    return bad ? -1 : 0;
}

int nb_docxdoc_convert_legacy(const char *bytes, size_t len, nb_buf *out, nb_buf *error)
{
    char soffice[1024];
    if (find_converter(soffice, sizeof soffice) != 0) {
        nb_buf_adds(error, "a legacy Word/WPS file (.doc, .wps) needs LibreOffice to be read, and it is not installed "
                           "(apt-get install libreoffice-writer-nogui)");
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/nianbao-convert-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(dir)) {
        nb_buf_printf(error, "cannot make a temporary folder for LibreOffice: %s", strerror(errno));
        return -1;
    }
    char input[1200], outdir[1200], profile[1300], log[1200], result[1300];
    snprintf(input, sizeof input, "%s/input.doc", dir);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    snprintf(log, sizeof log, "%s/log", dir);
    snprintf(result, sizeof result, "%s/input.docx", outdir);
    int rc = -1;
    if (write_file(input, bytes, len) != 0) {
        nb_buf_printf(error, "cannot write the document for LibreOffice in %s: %s", dir, strerror(errno));
        goto done;
    }
    char *argv[] = {soffice, "--headless", "--norestore", "--nolockcheck", profile, "--convert-to",
                    "docx:MS Word 2007 XML", "--outdir", outdir, input, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    posix_spawnattr_init(&attr);
    /* Its own process group: soffice starts soffice.bin, and a timeout kills both. */
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    pid_t pid;
    int err = posix_spawn(&pid, soffice, &fa, &attr, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    if (err) {
        nb_buf_printf(error, "cannot start LibreOffice (%s): %s", soffice, strerror(err));
        goto done;
    }
    struct timespec start, now, nap = {0, 50 * 1000 * 1000};
    clock_gettime(CLOCK_MONOTONIC, &start);
    int status = 0, timed_out = 0;
    for (;;) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid || (w < 0 && errno != EINTR)) break;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (now.tv_sec - start.tv_sec >= NB_DOCXDOC_CONVERT_SECONDS) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            timed_out = 1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    kill(-pid, SIGKILL); /* whatever it left behind */
    if (timed_out) {
        nb_buf_printf(error, "LibreOffice did not convert the document within %d s", NB_DOCXDOC_CONVERT_SECONDS);
        goto done;
    }
    if (read_file(result, out) != 0 || out->len == 0) {
        nb_buf log_text = NB_BUF_INIT;
        read_file(log, &log_text);
        while (log_text.len && (log_text.data[log_text.len - 1] == '\n' || log_text.data[log_text.len - 1] == '\r'))
            log_text.len--;
        /* Its last line says why. */
        size_t from = log_text.len;
        while (from && log_text.data[from - 1] != '\n') from--;
        const char *last = log_text.data ? log_text.data + from : "";
        nb_buf_printf(error, "LibreOffice could not convert the document (exit status %d)%s%.*s",
                      WIFEXITED(status) ? WEXITSTATUS(status) : -1, log_text.len ? ": " : "",
                      (int)(log_text.len - (size_t)(last - log_text.data)), last ? last : "");
        nb_buf_free(&log_text);
        goto done;
    }
    rc = 0;
done:
    nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    return rc;
}
