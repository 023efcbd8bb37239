/* pdf_peers: the two PDF libraries nianbao could read with, side by side, doing what the
 * reader needs from them: every character of every page with its position. MuPDF's
 * structured text (what pipeline/read/files/pdfdoc.c builds on; it also gets the drawn lines
 * there, at no extra interpretation) and poppler-glib's text layout (characters and
 * boxes; it has no call for the drawn lines). Not part of nianbao: built by bench/run.sh.
 *
 *   pdf_peers mupdf|poppler REPS FILE...   prints "ms-cpu-per-file characters" per file */
#include <glib.h>
#include <mupdf/fitz.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long mupdf_chars(const unsigned char *buf, size_t len)
{
    fz_context *ctx = fz_new_context(NULL, NULL, FZ_STORE_DEFAULT);
    fz_set_warning_callback(ctx, NULL, NULL);
    fz_register_document_handlers(ctx);
    long n = 0;
    fz_stream *stm = fz_open_memory(ctx, buf, len);
    fz_document *doc = fz_open_document_with_stream(ctx, "application/pdf", stm);
    for (int p = 0; p < fz_count_pages(ctx, doc); p++) {
        fz_stext_page *st = fz_new_stext_page_from_page_number(ctx, doc, p, NULL);
        for (fz_stext_block *b = st->first_block; b; b = b->next)
            if (b->type == FZ_STEXT_BLOCK_TEXT)
                for (fz_stext_line *l = b->u.t.first_line; l; l = l->next)
                    for (fz_stext_char *c = l->first_char; c; c = c->next) n++;
        fz_drop_stext_page(ctx, st);
    }
    fz_drop_document(ctx, doc);
    fz_drop_stream(ctx, stm);
    fz_drop_context(ctx);
    return n;
}

static long poppler_chars(GBytes *bytes)
{
    long n = 0;
    PopplerDocument *doc = poppler_document_new_from_bytes(bytes, NULL, NULL);
    if (!doc) return -1;
    for (int p = 0; p < poppler_document_get_n_pages(doc); p++) {
        PopplerPage *page = poppler_document_get_page(doc, p);
        PopplerRectangle *rects;
        guint count;
        char *text = poppler_page_get_text(page);
        if (poppler_page_get_text_layout(page, &rects, &count)) g_free(rects);
        n += count;
        g_free(text);
        g_object_unref(page);
    }
    g_object_unref(doc);
    return n;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: pdf_peers mupdf|poppler REPS FILE...\n");
        return 2;
    }
    int poppler = !strcmp(argv[1], "poppler"), reps = atoi(argv[2]);
    for (int f = 3; f < argc; f++) {
        gchar *data;
        gsize len;
        if (!g_file_get_contents(argv[f], &data, &len, NULL)) return 1;
        GBytes *bytes = g_bytes_new_take(data, len);
        long chars = 0;
        double t0 = cpu_ms();
        for (int r = 0; r < reps; r++)
            chars = poppler ? poppler_chars(bytes) : mupdf_chars(g_bytes_get_data(bytes, NULL), len);
        printf("%.2f %ld\n", (cpu_ms() - t0) / reps, chars);
        g_bytes_unref(bytes);
    }
    return 0;
}
