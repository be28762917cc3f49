/* CSV reading: bytes -> UTF-8 -> whole physical lines -> libcsv -> rows that
 * know the line they start on. Delimiter and encoding detection are in
 * detect.c. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csv.h>

#include "csv/csv_read.h"
#include "csv/private.h"
#include "i18n.h"

enum {
	CHUNK = 1 << 20,       /* bytes read, converted and reported at a time */
	/* A field this long is an unclosed quote swallowing the file; stop
	 * before it swallows all memory too. */
	MAX_FIELD = 64 << 20
};

struct reader {
	struct csv_parser p;
	const char *name;
	int delim;
	bool check_utf8;       /* iconv output is valid by construction */
	bool suspect;          /* the open record has a line with bad UTF-8 */
	iconv_t cd;            /* (iconv_t)-1 when the input is UTF-8 */

	csv_row_fn fn;
	void *ctx;
	struct err *e;
	int status;            /* 0 go on, 1 stopped by the callback, -1 failed */

	long line;             /* the physical line being fed, 1-based */
	long rec_line;         /* where the current record starts */
	long field_line;       /* where the current field starts */
	bool mid;              /* a record is open at the end of the last line */
	bool row_ended;        /* the line just fed ended a record */
	long records;

	/* The current record: fields packed NUL-terminated into buf; offsets
	 * rather than pointers because buf moves when it grows. */
	char *buf;
	size_t buf_len, buf_cap;
	size_t *offs, *lens;
	char **fields;
	size_t nf, nf_cap;

	char *carry;           /* a line not yet complete at a chunk's end */
	size_t carry_len, carry_cap;
	char *fix;             /* a line rewritten by fix_quotes */
	size_t fix_cap;
	char *conv;            /* iconv output */
	size_t conv_cap;
};

/* Grows a byte buffer to hold at least need bytes, doubling. */
static int
grow(char **p, size_t *cap, size_t need)
{
	size_t n = *cap ? *cap : 256;
	char *q;

	if (need <= *cap)
		return 0;
	while (n < need)
		n *= 2;
	if ((q = realloc(*p, n)) == NULL)
		return -1;
	*p = q;
	*cap = n;
	return 0;
}

static int
oom(struct reader *r)
{
	r->status = -1;
	return err_set(r->e, EXIT_FAIL, _("%s: out of memory"), r->name);
}

size_t
csv_utf8_bad(const unsigned char *s, size_t len, bool cut_ok)
{
	size_t i = 0, n, k;
	unsigned c, lo, hi;
	uint64_t w;

	while (i < len) {
		/* Most text is ASCII: skip it eight bytes at a time. */
		while (i + 8 <= len) {
			memcpy(&w, s + i, 8);
			if (w & UINT64_C(0x8080808080808080))
				break;
			i += 8;
		}
		if (i >= len)
			break;
		if ((c = s[i]) < 0x80) {
			i++;
			continue;
		}
		lo = 0x80, hi = 0xBF;
		if (c >= 0xC2 && c <= 0xDF)
			n = 1;
		else if (c == 0xE0)
			n = 2, lo = 0xA0;           /* overlong */
		else if (c == 0xED)
			n = 2, hi = 0x9F;           /* surrogates */
		else if (c >= 0xE1 && c <= 0xEF)
			n = 2;
		else if (c == 0xF0)
			n = 3, lo = 0x90;           /* overlong */
		else if (c >= 0xF1 && c <= 0xF3)
			n = 3;
		else if (c == 0xF4)
			n = 3, hi = 0x8F;           /* beyond U+10FFFF */
		else
			return i;
		for (k = 1; k <= n; k++) {
			if (i + k >= len)
				return cut_ok ? len : i;
			if (s[i + k] < (k == 1 ? lo : 0x80) || s[i + k] > (k == 1 ? hi : 0xBF))
				return i;
		}
		i += n + 1;
	}
	return len;
}

/* Line breaks in s: CRLF, LF and a lone CR each end a physical line. */
static long
count_breaks(const char *s, size_t len)
{
	long n = 0;
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] == '\r' || (s[i] == '\n' && (i == 0 || s[i - 1] != '\r')))
			n++;
	return n;
}

static int
grow_fields(struct reader *r)
{
	size_t cap = r->nf_cap ? 2 * r->nf_cap : 16;
	void *p;

	if ((p = realloc(r->offs, cap * sizeof *r->offs)) == NULL)
		return -1;
	r->offs = p;
	if ((p = realloc(r->lens, cap * sizeof *r->lens)) == NULL)
		return -1;
	r->lens = p;
	if ((p = realloc(r->fields, cap * sizeof *r->fields)) == NULL)
		return -1;
	r->fields = p;
	r->nf_cap = cap;
	return 0;
}

static void
on_field(void *data, size_t len, void *arg)
{
	struct reader *r = arg;
	size_t bad, at;

	if (r->status != 0)
		return;
	if (r->suspect && (bad = csv_utf8_bad(data, len, false)) < len) {
		/* A field may span lines: name the line of the bad byte itself. */
		r->status = -1;
		err_set_at(r->e, EXIT_DATAERR, r->name, r->field_line + count_breaks(data, bad),
		           (int)r->nf + 1,
		           _("invalid UTF-8 (byte 0x%02X); the file may be in another "
		             "encoding: try --encoding windows-1251 or --encoding latin-1"),
		           ((unsigned char *)data)[bad]);
		return;
	}
	if (r->nf == r->nf_cap && grow_fields(r) != 0)
		goto fail;
	if (grow(&r->buf, &r->buf_cap, r->buf_len + len + 1) != 0)
		goto fail;
	at = r->buf_len;
	if (len > 0)
		memcpy(r->buf + at, data, len);
	r->buf[at + len] = '\0';
	r->offs[r->nf] = at;
	r->lens[r->nf] = len;
	r->nf++;
	r->buf_len = at + len + 1;
	/* The next field starts on the line where this one ended. */
	r->field_line = r->line;
	return;
fail:
	oom(r);
}

static void
on_row(int c, void *arg)
{
	struct reader *r = arg;
	struct csv_row row;
	size_t i;
	int rc;

	(void)c;
	r->row_ended = true;
	if (r->status != 0)
		return;
	for (i = 0; i < r->nf; i++)
		r->fields[i] = r->buf + r->offs[i];
	row.n = r->nf;
	row.fields = r->fields;
	row.lens = r->lens;
	row.line = r->rec_line;
	row.index = r->records++;
	rc = r->fn(r->ctx, &row, r->e);
	if (rc < 0) {
		r->status = -1;
		if (r->e != NULL && r->e->code == 0)
			r->e->code = EXIT_FAIL;
	} else if (rc > 0) {
		r->status = 1;
	}
	r->nf = 0;
	r->buf_len = 0;
	r->suspect = false;
}

/* libcsv calls it for every byte of an unquoted field: no trimming at all,
 * the importer trims (and tells spaces from tabs itself). */
static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

static bool
is_blank(int c, int delim)
{
	return (c == ' ' || c == '\t') && c != delim;
}

/* With trimming off, libcsv reads `a, "b, c"` as three unquoted fields, and
 * after a closing quote it reopens the quotes, so `"a" ,b` or `"12" monitor`
 * swallow the rest of the file. Rewrite such a line the way other readers
 * take it: blanks between a delimiter and an opening quote, or between a
 * closing quote and a delimiter, are dropped (they are outside the value);
 * other text after a closing quote joins the value (`12 monitor`). Only
 * lines with a quote come here. */
static const char *
fix_quotes(struct reader *r, const char *s, size_t *lenp)
{
	enum { START, PLAIN, QUOTED, QUOTE_SEEN, AFTER } st;
	size_t len = *lenp, i, j, o = 0;
	int c, d = r->delim;
	char *out;

	/* AFTER doubles quotes; one more for the quote it closes with. */
	if (grow(&r->fix, &r->fix_cap, 2 * len + 1) != 0)
		return NULL;
	out = r->fix;
	st = r->p.quoted ? QUOTED : START;
	for (i = 0; i < len; i++) {
		c = (unsigned char)s[i];
		switch (st) {
		case START:
			if (c == '"') {
				st = QUOTED;
			} else if (is_blank(c, d)) {
				for (j = i; j < len && is_blank((unsigned char)s[j], d); j++)
					;
				if (j < len && s[j] == '"')
					i = j, c = '"', st = QUOTED;
				else
					st = PLAIN;
			} else if (c != d && c != '\r' && c != '\n') {
				st = PLAIN;
			}
			break;
		case PLAIN:
			if (c == d || c == '\r' || c == '\n')
				st = START;
			break;
		case QUOTED:
			if (c == '"')
				st = QUOTE_SEEN;
			break;
		case QUOTE_SEEN:
			if (c == '"') {
				st = QUOTED;
				break;
			}
			if (is_blank(c, d)) {
				for (j = i; j < len && is_blank((unsigned char)s[j], d); j++)
					;
				if (j < len && (s[j] == d || s[j] == '\r' || s[j] == '\n'))
					i = j, c = (unsigned char)s[j];
			}
			if (c == d || c == '\r' || c == '\n') {
				st = START;
				break;
			}
			/* Move the closing quote to the end of the text. */
			o--;
			st = AFTER;
			break;
		case AFTER:
			if (c == d || c == '\r' || c == '\n') {
				out[o++] = '"';
				st = START;
			} else if (c == '"') {
				out[o++] = '"';
			}
			break;
		}
		out[o++] = (char)c;
	}
	*lenp = o;
	return out;
}

static bool
blank_line(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
			return false;
	return true;
}

/* Feeds one whole physical line, its terminator included. Records end only
 * at a line's end, so a record starts at the first non-blank line after
 * the last one ended. Returns 0, 1 (stopped) or -1. */
static int
feed_line(struct reader *r, const char *s, size_t len)
{
	if (!r->mid) {
		if (blank_line(s, len)) {
			r->line++;
			return 0;
		}
		r->rec_line = r->field_line = r->line;
		r->nf = 0;
		r->buf_len = 0;
	}
	/* Checking whole lines is cheaper than field by field; the fields of
	 * a record with a bad line are checked to name the column. A UTF-8
	 * sequence never contains a line break, so lines can be checked alone. */
	if (r->check_utf8 && !r->suspect && csv_utf8_bad((const unsigned char *)s, len, false) < len)
		r->suspect = true;
	if (memchr(s, '"', len) != NULL && (s = fix_quotes(r, s, &len)) == NULL)
		return oom(r);
	r->row_ended = false;
	if (csv_parse(&r->p, s, len, on_field, on_row, r) != len && r->status == 0) {
		r->status = -1;
		return err_set_at(r->e, EXIT_FAIL, r->name, r->line, 0, "%s",
		                  csv_strerror(csv_error(&r->p)));
	}
	r->line++;
	r->mid = !r->row_ended;
	if (r->status != 0)
		return r->status < 0 ? -1 : 1;
	if (r->mid && csv_get_buffer_size(&r->p) > MAX_FIELD) {
		r->status = -1;
		return err_set_at(r->e, EXIT_DATAERR, r->name, r->field_line, (int)r->nf + 1,
		                  _("a field longer than %d MiB: probably a '\"' opened "
		                    "here is never closed"),
		                  MAX_FIELD >> 20);
	}
	return 0;
}

static int
carry_add(struct reader *r, const char *s, size_t len)
{
	if (grow(&r->carry, &r->carry_cap, r->carry_len + len + 1) != 0)
		return oom(r);
	memcpy(r->carry + r->carry_len, s, len);
	r->carry_len += len;
	return 0;
}

/* Offset just past the line break at or after pos in s, or 0 when the line
 * is not complete in s (a CR at the very end may be half of a CRLF). *nl and
 * *cr cache the next LF and CR (-1: not looked for yet), so that a file
 * with CR line ends only is not searched for LFs again on every line. */
static size_t
next_eol(const char *s, size_t len, size_t pos, ssize_t *nl, ssize_t *cr)
{
	const char *q;
	size_t at;

	if (*nl < (ssize_t)pos)
		*nl = (q = memchr(s + pos, '\n', len - pos)) ? q - s : (ssize_t)len;
	if (*cr < (ssize_t)pos)
		*cr = (q = memchr(s + pos, '\r', len - pos)) ? q - s : (ssize_t)len;
	if (*nl < *cr)
		return (size_t)*nl + 1;
	if ((at = (size_t)*cr) + 1 >= len)
		return 0;
	return s[at + 1] == '\n' ? at + 2 : at + 1;
}

/* Feeds UTF-8 text: whole lines go to the parser, the partial last line
 * waits in carry. */
static int
feed(struct reader *r, const char *s, size_t len)
{
	size_t pos = 0, eol;
	ssize_t nl = -1, cr = -1;
	int rc;

	if (len == 0)
		return 0;
	if (r->carry_len > 0) {
		if (r->carry[r->carry_len - 1] == '\r')
			eol = s[0] == '\n' ? 1 : 0;
		else if ((eol = next_eol(s, len, 0, &nl, &cr)) == 0)
			return carry_add(r, s, len);
		if (carry_add(r, s, eol) != 0)
			return -1;
		if ((rc = feed_line(r, r->carry, r->carry_len)) != 0)
			return rc;
		r->carry_len = 0;
		pos = eol;
	}
	while (pos < len && (eol = next_eol(s, len, pos, &nl, &cr)) != 0) {
		if ((rc = feed_line(r, s + pos, eol - pos)) != 0)
			return rc;
		pos = eol;
	}
	return pos < len ? carry_add(r, s + pos, len - pos) : 0;
}

/* The end of the input: the last line, then the check for an open quote. */
static int
feed_end(struct reader *r)
{
	int rc;

	if (r->carry_len > 0) {
		/* A missing final newline would leave libcsv holding the last
		 * record until csv_fini; a newline ends it the usual way. */
		char last = r->carry[r->carry_len - 1];
		if (last != '\n' && last != '\r' && carry_add(r, "\n", 1) != 0)
			return -1;
		rc = feed_line(r, r->carry, r->carry_len);
		r->carry_len = 0;
		if (rc != 0)
			return rc;
	}
	/* After a line break libcsv is inside a quoted field or between
	 * fields, so a field still quoted here was never closed. */
	if (r->p.quoted)
		return err_set_at(r->e, EXIT_DATAERR, r->name, r->field_line, (int)r->nf + 1,
		                  _("unterminated quoted field (a '\"' opened here is "
		                    "never closed)"));
	return 0;
}

/* Converts a single-byte encoding to UTF-8 and feeds it. */
static int
feed_raw(struct reader *r, const char *s, size_t len)
{
	char *in = (char *)s, *out;
	size_t inleft = len, outleft;

	if (r->cd == (iconv_t)-1)
		return feed(r, s, len);
	/* Three bytes per input byte at most (the euro sign, U+FFFD). */
	if (grow(&r->conv, &r->conv_cap, 3 * len + 4) != 0)
		return oom(r);
	out = r->conv;
	outleft = r->conv_cap;
	while (inleft > 0) {
		if (iconv(r->cd, &in, &inleft, &out, &outleft) != (size_t)-1)
			break;
		if (errno != EILSEQ && errno != EINVAL)
			return err_set(r->e, EXIT_FAIL, _("%s: converting to UTF-8: %s"), r->name,
			               strerror(errno));
		/* A byte the code page leaves undefined (0x98 in cp1251). */
		memcpy(out, "\xEF\xBF\xBD", 3);
		out += 3, outleft -= 3;
		in++, inleft--;
	}
	return feed(r, r->conv, (size_t)(out - r->conv));
}

/* Looks at the first bytes: refuses UTF-16 and binary files, strips a BOM,
 * settles delimiter and encoding, and sets up libcsv and iconv. *skip is
 * the length of the BOM. */
static int
reader_start(struct reader *r, const char *name, const char *s, size_t len,
             const struct csv_opts *opts, struct csv_info *info, size_t *skip)
{
	static const char *const iconv_names[] = {
		[CSV_ENC_CP1251] = "CP1251", [CSV_ENC_LATIN1] = "CP1252" /* Latin-1 as Western Excel writes it: € and smart quotes at 0x80-0x9F */
	};
	size_t n = len < SAMPLE ? len : SAMPLE, nuls[2] = {0, 0}, i;
	const unsigned char *u = (const unsigned char *)s;

	r->name = name;
	r->cd = (iconv_t)-1;
	r->line = 1;
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
		goto utf16;
	/* UTF-16 without a BOM: ASCII text has a NUL in every other byte. */
	for (i = 0; i < n; i++)
		nuls[i & 1] += u[i] == 0;
	if ((nuls[0] * 10 >= n * 2 && nuls[1] * 20 < n) || (nuls[1] * 10 >= n * 2 && nuls[0] * 20 < n))
		goto utf16;
	/* A stray NUL in a text file is reported by the importer at its line
	 * and column; many of them, or a zip (xlsx) or OLE2 (xls) header, make
	 * a binary file. */
	if (nuls[0] + nuls[1] > 8 ||
	    (nuls[0] + nuls[1] > 0 && n >= 4 &&
	     (memcmp(s, "PK\3\4", 4) == 0 || memcmp(s, "\xD0\xCF\x11\xE0", 4) == 0)))
		return err_set(r->e, EXIT_DATAERR,
		               _("%s: the file contains NUL bytes: it is not a text CSV file (a "
		                 "spreadsheet must be saved as CSV first)"),
		               name);
	*skip = 0;
	if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) {
		*skip = 3;
		info->had_bom = 1;
	}
	s += *skip, n -= *skip;
	info->enc = opts->enc != CSV_ENC_AUTO ? opts->enc : csv_detect_encoding(s, n);
	info->delim = opts->delim != 0 ? opts->delim : csv_detect_delim(s, n);
	r->delim = info->delim;
	r->check_utf8 = info->enc == CSV_ENC_UTF8;
	if (!r->check_utf8 && (r->cd = iconv_open("UTF-8", iconv_names[info->enc])) == (iconv_t)-1)
		return err_set(r->e, EXIT_FAIL, _("%s: cannot convert from %s: %s"), name,
		               csv_encoding_name(info->enc), strerror(errno));
	if (csv_init(&r->p, CSV_APPEND_NULL) != 0)
		return err_set(r->e, EXIT_FAIL, _("%s: out of memory"), name);
	csv_set_delim(&r->p, (unsigned char)r->delim);
	csv_set_space_func(&r->p, no_space);
	/* libcsv grows its field buffer linearly by this much. */
	csv_set_blk_size(&r->p, 64 << 10);
	return 0;
utf16:
	return err_set(r->e, EXIT_DATAERR,
	               _("%s: the file is UTF-16; save it as UTF-8 CSV (or Windows-1251)"), name);
}

static void
reader_free(struct reader *r, bool started)
{
	if (started)
		csv_free(&r->p);
	if (r->cd != (iconv_t)-1)
		iconv_close(r->cd);
	free(r->buf);
	free(r->offs);
	free(r->lens);
	free(r->fields);
	free(r->carry);
	free(r->fix);
	free(r->conv);
}

static void
info_finish(struct csv_info *info, const struct reader *r, const struct csv_opts *opts)
{
	/* Empty input: say what would have been used. */
	if (info->delim == 0)
		info->delim = opts->delim != 0 ? opts->delim : ',';
	if (info->enc == CSV_ENC_AUTO)
		info->enc = opts->enc != CSV_ENC_AUTO ? opts->enc : CSV_ENC_UTF8;
	info->records = r->records;
	info->lines = r->line > 0 ? r->line - 1 : 0;
}

/* Reads until buf is full or the file ends; -1 on a read error. */
static ssize_t
read_full(int fd, char *buf, size_t cap)
{
	size_t n = 0;
	ssize_t k;

	while (n < cap) {
		if ((k = read(fd, buf + n, cap - n)) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	return (ssize_t)n;
}

int
csv_read_file(const char *path, const struct csv_opts *opts, csv_row_fn fn, void *ctx,
              struct csv_info *info, struct err *e)
{
	static const struct csv_opts defaults;
	struct reader r = {.fn = fn, .ctx = ctx, .e = e, .cd = (iconv_t)-1};
	struct csv_info local = {0};
	struct stat st;
	char *chunk = NULL;
	ssize_t n;
	size_t skip = 0;
	off_t done = 0;
	bool started = false;
	int fd, rc = -1;

	if (opts == NULL)
		opts = &defaults;
	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof *info);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return err_set(e, EXIT_NOINPUT, _("%s: cannot open: %s"), path, strerror(errno));
	if (fstat(fd, &st) != 0) {
		err_set(e, EXIT_NOINPUT, _("%s: cannot open: %s"), path, strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		err_set(e, EXIT_NOINPUT, _("%s: cannot open: %s"), path, strerror(EISDIR));
		goto out;
	}
	info->size = S_ISREG(st.st_mode) ? st.st_size : 0;
	if ((chunk = malloc(CHUNK)) == NULL) {
		err_set(e, EXIT_FAIL, _("%s: out of memory"), path);
		goto out;
	}
	while ((n = read_full(fd, chunk, CHUNK)) > 0) {
		if (!started) {
			if (reader_start(&r, path, chunk, (size_t)n, opts, info, &skip) != 0)
				goto out;
			started = true;
		}
		if (opts->raw != NULL)
			opts->raw(opts->raw_ctx, chunk, (size_t)n);
		if ((rc = feed_raw(&r, chunk + skip, (size_t)n - skip)) != 0)
			goto out;
		skip = 0;
		done += n;
		if (opts->progress != NULL)
			opts->progress(opts->progress_ctx, done, info->size > done ? info->size : done);
	}
	if (n < 0) {
		rc = err_set(e, EXIT_NOINPUT, _("%s: cannot read: %s"), path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode))
		info->size = done;
	rc = started ? feed_end(&r) : 0;
out:
	if (rc > 0)
		rc = 0; /* stopped early by the callback */
	info_finish(info, &r, opts);
	reader_free(&r, started);
	free(chunk);
	close(fd);
	return rc;
}

int
csv_read_mem(const char *name, const char *buf, size_t len, const struct csv_opts *opts,
             csv_row_fn fn, void *ctx, struct csv_info *info, struct err *e)
{
	static const struct csv_opts defaults;
	struct reader r = {.fn = fn, .ctx = ctx, .e = e, .cd = (iconv_t)-1};
	struct csv_info local = {0};
	size_t pos = 0, n;
	int rc = -1;

	if (opts == NULL)
		opts = &defaults;
	if (info == NULL)
		info = &local;
	memset(info, 0, sizeof *info);
	info->size = (off_t)len;
	if (len == 0) {
		info_finish(info, &r, opts);
		return 0;
	}
	if (reader_start(&r, name, buf, len, opts, info, &pos) != 0) {
		reader_free(&r, false);
		return -1;
	}
	while (pos < len) {
		n = len - pos < CHUNK ? len - pos : CHUNK;
		if ((rc = feed_raw(&r, buf + pos, n)) != 0)
			goto out;
		pos += n;
		if (opts->progress != NULL)
			opts->progress(opts->progress_ctx, (off_t)pos, (off_t)len);
	}
	rc = feed_end(&r);
out:
	if (rc > 0)
		rc = 0;
	info_finish(info, &r, opts);
	reader_free(&r, true);
	return rc;
}
