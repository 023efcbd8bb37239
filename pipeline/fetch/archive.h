/* archive: the store of fetched pages under DIR/raw/ and the manifest that indexes it.
 *
 * Layout (relative to the output folder):
 *   raw/<slug>/<year>/<slug>-<year>-<h16>.<ext>.gz
 * where <ext> says what the file is: html for report pages, pdf, docx, png, ... for the
 * files a page links (its attachments and pictures of its tables),
 * and <h16> is the first 16 hex digits of the SHA-256 of the page as served (after
 * any Content-Encoding was undone; before any charset conversion). The file is that
 * body gzip-compressed (zlib, gzip header with no name and time 0, so the same page
 * always gives the same bytes). A page that changes gets a new file beside the old
 * one; a file is never overwritten, so every version ever fetched stays readable.
 *
 * manifest.csv (UTF-8 with BOM, CRLF): one row per report URL or file URL, header
 *   township,year,url,final_url,status,etag,last_modified,fetched_at,bytes,sha256,archive,outcome,kind,parent,files_rule,listed_date
 * township is the registered name; status the last HTTP status (empty for file://);
 * etag, last_modified, fetched_at (ISO 8601, local time with offset), bytes, sha256 and
 * archive describe the archived copy, i.e. the last successful fetch (a 304 counts as
 * one: it confirms the copy); outcome is what the last run did: new, unchanged,
 * changed, or "failed: <reason>" (the previous copy, if any, then stays referenced);
 * kind is what the archived bytes are (page, pdf, docx, doc, xls, xlsx, image, ...: the
 * content decides, not the name); parent is, for a file, the URL of the report page
 * that links it, and empty for what the listing linked; files_rule is, for a page, the
 * version of the rules (NB_EXTRACT_FILES_RULE, pipeline/read/extract.h) that listed the
 * files this archived copy needs — their rows are the ones whose parent is the page —
 * and empty until they are listed or when the copy changes; listed_date is the date the
 * listing printed beside the link (YYYY-MM-DD; the last one seen), empty for files and
 * when it printed none. A manifest of an earlier
 * nianbao is read: without kind and parent as pages without parents, without
 * files_rule (and listed_date) as pages whose files are still to be listed.
 * Rows are sorted by township, year and URL, and never dropped. */
#ifndef NB_ARCHIVE_H
#define NB_ARCHIVE_H

#include <stddef.h>

#include "base/buf.h"

/* Stores body under out_dir as described above unless that file exists already.
 * Fills sha_hex (64 hex digits) and relpath ("raw/pingdong/2019/pingdong-2019-....<ext>.gz").
 * Returns 0, or -1 with a reason in err. */
int nb_archive_store(const char *out_dir, const char *slug, int year, const char *ext, const void *body,
                     size_t len, char sha_hex[65], nb_buf *relpath, nb_buf *err);

/* True if relpath (as in the manifest) exists under out_dir. */
int nb_archive_exists(const char *out_dir, const char *relpath);

typedef struct {
    char *township, *url, *final_url, *etag, *last_modified, *fetched_at, *sha256, *archive, *outcome;
    char *kind, *parent, *files_rule, *listed_date;
    int year;
    long status;     /* 0: none (file:// or no answer) */
    long long bytes; /* of the archived body, uncompressed */
} nb_manifest_row;

typedef struct {
    nb_manifest_row *rows;
    size_t count;
    size_t cap;
    size_t *by_url;   /* open-addressing index of rows by url: row index + 1, 0 = empty */
    size_t nslots;    /* a power of two, at least twice count */
} nb_manifest;

#define NB_MANIFEST_HEADER                                                                              \
    "township,year,url,final_url,status,etag,last_modified,fetched_at,bytes,sha256,archive,outcome,kind,parent," \
    "files_rule,listed_date"
/* The headers of earlier nianbaos: before the files rule was kept, and before files had
 * rows of their own (its rows are pages). */
#define NB_MANIFEST_HEADER_V2 \
    "township,year,url,final_url,status,etag,last_modified,fetched_at,bytes,sha256,archive,outcome,kind,parent"
#define NB_MANIFEST_HEADER_V1 \
    "township,year,url,final_url,status,etag,last_modified,fetched_at,bytes,sha256,archive,outcome"

/* Reads a manifest; a missing file is an empty manifest. Returns 0, or -1 with
 * "path:line: what is wrong" in err. */
int nb_manifest_read(const char *path, nb_manifest *m, nb_buf *err);
/* The row for url, NULL if none. */
nb_manifest_row *nb_manifest_find(const nb_manifest *m, const char *url);
/* The row for url, added (all fields empty) if missing. Invalidates earlier row pointers. */
nb_manifest_row *nb_manifest_put(nb_manifest *m, const char *url);
/* Replaces a field's string (value NULL means ""). */
void nb_manifest_set(char **field, const char *value);
/* Sorts and writes atomically (temporary file + fsync + rename). Returns 0 or -1 + err. */
int nb_manifest_write(const char *path, nb_manifest *m, nb_buf *err);
void nb_manifest_free(nb_manifest *m);

/* The current time as ISO 8601 local time with offset: 2024-05-01T03:12:45+08:00. */
void nb_archive_now(char out[32]);

#endif
