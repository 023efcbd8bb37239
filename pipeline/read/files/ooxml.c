/* ooxml: zip parts read capped or streamed through libxml2, and LibreOffice's conversion
 * of legacy files (see ooxml.h). */
#define _XOPEN_SOURCE 700 /* nftw, mkdtemp */
#define _DEFAULT_SOURCE
#include "pipeline/read/files/ooxml.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <libxml/parser.h>
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

extern char **environ;

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;

static void xml_init(void)
{
    xmlInitParser();
}

int nb_ooxml_xml_options(void)
{
    pthread_once(&xml_once, xml_init);
    return XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
}

/* ---- the zip ---- */

zip_t *nb_ooxml_open(const char *bytes, size_t len, const char *what, nb_buf *error)
{
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(bytes, len, 0, &zerr);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &zerr) : NULL;
    if (!z) {
        int code = zip_error_code_zip(&zerr);
        if (code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS || code == ZIP_ER_EOF || code == ZIP_ER_READ)
            nb_buf_printf(error, "not a readable %s: the zip archive is cut short or damaged (%s)", what,
                          zip_error_strerror(&zerr));
        else
            nb_buf_printf(error, "not a readable %s: %s", what, zip_error_strerror(&zerr));
        zip_error_fini(&zerr);
        if (src) zip_source_free(src);
        return NULL;
    }
    zip_error_fini(&zerr);
    return z;
}

int nb_ooxml_read(zip_t *z, const char *name, size_t cap, nb_buf *out, nb_buf *error)
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

/* ---- streamed parts ---- */

typedef struct {
    zip_file_t *f;
    size_t read, cap;
    int over;           /* the part went past cap */
    nb_buf damage;      /* libzip's reason when the part could not be unpacked */
    nb_buf xml_error;   /* libxml2's first message */
} part_io;

static int part_read(void *ctx, char *buffer, int len)
{
    part_io *io = ctx;
    if (io->over || io->damage.len) return -1;
    zip_int64_t n = zip_fread(io->f, buffer, (zip_uint64_t)len);
    if (n < 0) {
        nb_buf_adds(&io->damage, zip_file_strerror(io->f));
        return -1;
    }
    if (io->read + (size_t)n > io->cap) {
        io->over = 1;
        return -1;
    }
    io->read += (size_t)n;
    return (int)n;
}

static int part_close(void *ctx)
{
    (void)ctx;
    return 0;
}

static void keep_first_error(void *arg, const char *msg, xmlParserSeverities severity, xmlTextReaderLocatorPtr loc)
{
    part_io *io = arg;
    (void)loc;
    if (io->xml_error.len || !msg ||
        (severity != XML_PARSER_SEVERITY_ERROR && severity != XML_PARSER_SEVERITY_VALIDITY_ERROR))
        return;
    nb_buf_adds(&io->xml_error, msg);
    while (io->xml_error.len && (io->xml_error.data[io->xml_error.len - 1] == '\n' ||
                                 io->xml_error.data[io->xml_error.len - 1] == ' '))
        io->xml_error.data[--io->xml_error.len] = '\0';
}

int nb_ooxml_stream(zip_t *z, const char *name, size_t cap, int (*on_node)(xmlTextReaderPtr r, void *ctx),
                    void *ctx, nb_buf *error)
{
    zip_int64_t index = zip_name_locate(z, name, 0);
    if (index < 0) return 1;
    part_io io = {.cap = cap, .damage = NB_BUF_INIT, .xml_error = NB_BUF_INIT};
    io.f = zip_fopen_index(z, (zip_uint64_t)index, 0);
    if (!io.f) {
        nb_buf_printf(error, "%s cannot be read from the zip: %s", name, zip_strerror(z));
        return -1;
    }
    int options = nb_ooxml_xml_options();
    xmlTextReaderPtr r = xmlReaderForIO(part_read, part_close, &io, name, NULL, options);
    int rc = 0;
    if (!r) {
        nb_buf_printf(error, "%s cannot be parsed (out of memory)", name);
        rc = -1;
    } else {
        xmlTextReaderSetErrorHandler(r, keep_first_error, &io);
        int step;
        while ((step = xmlTextReaderRead(r)) == 1) {
            int said = on_node(r, ctx);
            if (said < 0) rc = -1;
            if (said) break;
        }
        if (step < 0 && rc == 0) {
            if (io.over)
                nb_buf_printf(error, "%s is larger than %zu MB once unpacked: not read", name, cap >> 20);
            else if (io.damage.len)
                nb_buf_printf(error, "%s is damaged (%s): the file is cut short or corrupt", name, io.damage.data);
            else
                nb_buf_printf(error, "%s is not well-formed XML%s%s", name, io.xml_error.len ? ": " : "",
                              nb_buf_str(&io.xml_error));
            rc = -1;
        }
        xmlFreeTextReader(r);
    }
    zip_fclose(io.f);
    nb_buf_free(&io.damage);
    nb_buf_free(&io.xml_error);
    return rc;
}

int nb_ooxml_attr(xmlTextReaderPtr r, const char *local, char *out, size_t outsz)
{
    int found = 0;
    if (outsz) out[0] = '\0';
    if (xmlTextReaderHasAttributes(r) != 1) return 0;
    if (xmlTextReaderMoveToFirstAttribute(r) == 1) {
        do {
            const xmlChar *name = xmlTextReaderConstLocalName(r);
            if (name && !strcmp((const char *)name, local)) {
                const xmlChar *value = xmlTextReaderConstValue(r);
                if (outsz) snprintf(out, outsz, "%s", value ? (const char *)value : "");
                found = 1;
                break;
            }
        } while (xmlTextReaderMoveToNextAttribute(r) == 1);
        xmlTextReaderMoveToElement(r);
    }
    return found;
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

const nb_ooxml_legacy nb_ooxml_word = {"a legacy Word/WPS file (.doc, .wps)", "doc", "docx:MS Word 2007 XML", "docx",
                                        "libreoffice-writer-nogui"};
const nb_ooxml_legacy nb_ooxml_excel = {"a legacy Excel/WPS spreadsheet (.xls, .et)", "xls",
                                         "xlsx:Calc MS Excel 2007 XML", "xlsx", "libreoffice-calc-nogui"};

int nb_ooxml_convert(const char *bytes, size_t len, const nb_ooxml_legacy *kind, nb_buf *out, nb_buf *error)
{
    char soffice[1024];
    if (find_converter(soffice, sizeof soffice) != 0) {
        nb_buf_printf(error, "%s needs LibreOffice to be read, and it is not installed (apt-get install %s)", kind->what,
                      kind->package);
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
    snprintf(input, sizeof input, "%s/input.%s", dir, kind->input_ext);
    snprintf(outdir, sizeof outdir, "%s/out", dir);
    snprintf(profile, sizeof profile, "-env:UserInstallation=file://%s/profile", dir);
    snprintf(log, sizeof log, "%s/log", dir);
    snprintf(result, sizeof result, "%s/input.%s", outdir, kind->output_ext);
    int rc = -1;
    if (write_file(input, bytes, len) != 0) {
        nb_buf_printf(error, "cannot write the document for LibreOffice in %s: %s", dir, strerror(errno));
        goto done;
    }
    char target[128];
    snprintf(target, sizeof target, "%s", kind->target);
    char *argv[] = {soffice, "--headless", "--norestore", "--nolockcheck", profile, "--convert-to",
                    target, "--outdir", outdir, input, NULL};
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
        if (now.tv_sec - start.tv_sec >= NB_OOXML_CONVERT_SECONDS) {
            kill(-pid, SIGKILL);
            waitpid(pid, &status, 0);
            timed_out = 1;
            break;
        }
        nanosleep(&nap, NULL);
    }
    kill(-pid, SIGKILL); /* whatever it left behind */
    if (timed_out) {
        nb_buf_printf(error, "LibreOffice did not convert the document within %d s", NB_OOXML_CONVERT_SECONDS);
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
