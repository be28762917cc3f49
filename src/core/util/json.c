/* The JSON writer: a stack of open containers, each with a flag saying
 * whether it holds a value yet, is all it needs to put each comma where
 * it belongs. */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util/json.h"

void
json_quote(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (s == NULL) {
		fputs("null", f);
		return;
	}
	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void
json_begin(struct json *j, FILE *f)
{
	memset(j, 0, sizeof *j);
	j->f = f;
}

void
json_end(struct json *j)
{
	while (j->depth > 0)
		json_close(j);
	fputc('\n', j->f);
}

/* Before a value or a key: the comma that separates it from the one
 * before, unless it is the value of the key just written. */
static void
sep(struct json *j)
{
	if (j->key) {
		j->key = false;
		return;
	}
	if (j->more[j->depth])
		fputs(", ", j->f);
	j->more[j->depth] = true;
}

static void
open_container(struct json *j, char open, char close)
{
	if (j->depth >= JSON_MAX_DEPTH - 1)
		return;
	sep(j);
	fputc(open, j->f);
	j->depth++;
	j->close[j->depth] = close;
	j->more[j->depth] = false;
}

void
json_object(struct json *j)
{
	open_container(j, '{', '}');
}

void
json_array(struct json *j)
{
	open_container(j, '[', ']');
}

void
json_close(struct json *j)
{
	if (j->depth == 0)
		return;
	fputc(j->close[j->depth], j->f);
	j->depth--;
	j->key = false;
}

void
json_key(struct json *j, const char *key)
{
	sep(j);
	json_quote(j->f, key);
	fputs(": ", j->f);
	j->key = true;
}

void
json_str(struct json *j, const char *s)
{
	sep(j);
	json_quote(j->f, s);
}

void
json_int(struct json *j, long long v)
{
	sep(j);
	fprintf(j->f, "%lld", v);
}

void
json_uint(struct json *j, uint64_t v)
{
	sep(j);
	fprintf(j->f, "%" PRIu64, v);
}

void
json_double(struct json *j, double v, int decimals)
{
	char buf[400], out[400], *p, *q = out;
	bool point = false;

	sep(j);
	if (!isfinite(v)) {
		fputs("null", j->f);
		return;
	}
	snprintf(buf, sizeof buf, "%.*f", decimals, v);
	/* Under a locale that writes 67,3 (LC_NUMERIC not "C"), the decimal
	 * point is the one run of bytes that are neither digits nor a sign
	 * (one byte or several): it becomes one '.'. */
	for (p = buf; *p; p++) {
		if ((*p >= '0' && *p <= '9') || *p == '-')
			*q++ = *p;
		else if (!point) {
			*q++ = '.';
			point = true;
		}
	}
	*q = '\0';
	fputs(out, j->f);
}

void
json_bool(struct json *j, bool v)
{
	sep(j);
	fputs(v ? "true" : "false", j->f);
}

void
json_null(struct json *j)
{
	sep(j);
	fputs("null", j->f);
}

void
json_key_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void
json_key_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

void
json_key_double(struct json *j, const char *key, double v, int decimals)
{
	json_key(j, key);
	json_double(j, v, decimals);
}

void
json_key_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

void
json_key_null(struct json *j, const char *key)
{
	json_key(j, key);
	json_null(j);
}
