/* The exporter's vocabulary: preset and channel names, the header names
 * and formats of the presets, the --columns list, and what makes an email
 * or a phone valid for a mailing, and the option values (--sample,
 * --delimiter, the format) as the command line and the dialog read them. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "export/export.h"
#include "private.h"
#include "i18n.h"
#include "text/norm.h"
#include "text/text.h"

/* --- names ------------------------------------------------------------------ */

static const char *const preset_names[] = {"none", "generic", "mailchimp", "brevo", "unisender",
                                           "excel"};

int
export_preset_parse(const char *s, enum export_preset *out)
{
	size_t i;

	for (i = 1; i < sizeof preset_names / sizeof preset_names[0]; i++)
		if (strcasecmp(s, preset_names[i]) == 0) {
			*out = (enum export_preset)i;
			return 0;
		}
	return -1;
}

const char *
export_preset_name(enum export_preset p)
{
	return (size_t)p < sizeof preset_names / sizeof preset_names[0] ? preset_names[p] : "?";
}

int
export_channel_parse(const char *s, enum export_channel *out)
{
	if (strcasecmp(s, "email") == 0 || strcasecmp(s, "e-mail") == 0)
		*out = EXPORT_CHANNEL_EMAIL;
	else if (strcasecmp(s, "sms") == 0 || strcasecmp(s, "phone") == 0)
		*out = EXPORT_CHANNEL_SMS;
	else
		return -1;
	return 0;
}

const char *
export_channel_name(enum export_channel c)
{
	return c == EXPORT_CHANNEL_EMAIL ? "email" : c == EXPORT_CHANNEL_SMS ? "sms" : "none";
}

char *
export_split_path(const char *path, int group)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	const char *dot = strrchr(base, '.');
	size_t stem, n = strlen(path);
	char *out = malloc(n + 3);

	if (out == NULL)
		return NULL;
	/* "out.csv" -> "out.A.csv"; a leading dot (".hidden") is no extension */
	stem = dot != NULL && dot != base ? (size_t)(dot - path) : n;
	memcpy(out, path, stem);
	out[stem] = '.';
	out[stem + 1] = (char)('A' + group);
	memcpy(out + stem + 2, path + stem, n - stem + 1);
	return out;
}

/* --- presets ------------------------------------------------------------------ */

/* Header names the mail services recognise without manual mapping, from
 * their import documentation:
 * - Mailchimp, "Format guidelines for your import file"
 *   (https://mailchimp.com/help/format-guidelines-for-your-import-file/):
 *   the "Email Address" column is required; First Name, Last Name, Phone
 *   Number are the default audience fields; SMS phones in E.164 (+15551234567);
 *   tags in a column, separated by commas.
 * - Brevo, "Format your contact import file"
 *   (https://help.brevo.com/hc/en-us/articles/208729849): the default
 *   attributes are EMAIL, FIRSTNAME, LASTNAME and SMS; SMS numbers with the
 *   + sign and the country code, digits not separated; attribute names are
 *   upper case, so other columns are written upper-cased too.
 * - UniSender, importContacts and "How to import your contact base"
 *   (https://www.unisender.com/en/support/api/partners/importcontacts/):
 *   system fields email, phone and tags (comma-separated), the default
 *   user field Name; files in UTF-8, comma-separated. */
struct preset_header {
	const char *field, *header;
};

static const struct preset_header mailchimp_headers[] = {
	{"email", "Email Address"}, {"first_name", "First Name"}, {"last_name", "Last Name"},
	{"phone", "Phone Number"},  {"tags", "Tags"},             {NULL, NULL},
};
static const struct preset_header brevo_headers[] = {
	{"email", "EMAIL"}, {"first_name", "FIRSTNAME"}, {"last_name", "LASTNAME"},
	{"phone", "SMS"},   {"id", "EXT_ID"},            {NULL, NULL},
};
static const struct preset_header unisender_headers[] = {
	{"email", "email"}, {"first_name", "Name"}, {"phone", "phone"}, {"tags", "tags"},
	{NULL, NULL},
};

const char *
export_preset_columns(enum export_preset p)
{
	switch (p) {
	case EXPORT_PRESET_MAILCHIMP:
	case EXPORT_PRESET_BREVO: return "email,first_name,last_name,phone";
	case EXPORT_PRESET_UNISENDER: return "email,first_name,phone";
	/* id first: every row says whose it is, even in a base without
	 * contacts */
	default: return "id,email,phone,first_name,last_name,city,tags";
	}
}

static bool
mail_service(enum export_preset p)
{
	return p == EXPORT_PRESET_GENERIC || p == EXPORT_PRESET_MAILCHIMP || p == EXPORT_PRESET_BREVO ||
	       p == EXPORT_PRESET_UNISENDER;
}

/* The header of field name under preset p: malloc'd. */
static char *
preset_header(enum export_preset p, const char *name)
{
	const struct preset_header *t = p == EXPORT_PRESET_MAILCHIMP ? mailchimp_headers
	                                : p == EXPORT_PRESET_BREVO   ? brevo_headers
	                                : p == EXPORT_PRESET_UNISENDER ? unisender_headers
	                                                               : NULL;
	char *h, *q;

	for (; t != NULL && t->field != NULL; t++)
		if (strcmp(t->field, name) == 0)
			return strdup(t->header);
	h = strdup(name);
	if (h != NULL && p == EXPORT_PRESET_BREVO)
		for (q = h; *q != '\0'; q++)
			*q = (char)toupper((unsigned char)*q);
	return h;
}

void
export_format_preset(enum export_preset p, struct export_format *out)
{
	memset(out, 0, sizeof *out);
	out->delim = ',';
	if (p == EXPORT_PRESET_EXCEL) {
		/* Russian and Ukrainian Excel split on ';' (',' is their decimal
		 * separator) and read UTF-8 only after a BOM. */
		out->delim = ';';
		out->bom = true;
		out->crlf = true;
		out->decimal_comma = true;
	}
	out->keep_contacts = mail_service(p);
}

void
export_format_make(enum export_preset p, char delim, bool bom, bool crlf, bool raw,
                   struct export_format *out)
{
	export_format_preset(p, out);
	if (delim != 0)
		out->delim = delim;
	out->bom = out->bom || bom;
	out->crlf = out->crlf || crlf;
	out->raw = raw;
}

int
export_sample_parse(const char *s, struct export_opts *o)
{
	size_t n = strlen(s);
	char *end;
	double p;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	if (n > 1 && s[n - 1] == '%') {
		p = strtod(s, &end);
		if (end != s + n - 1 || !(p > 0) || p > 100)
			return -1;
		o->sample_pct = p;
		o->sample_n = 0;
		return 0;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno != 0 || *end != '\0' || v <= 0)
		return -1;
	o->sample_n = v;
	o->sample_pct = 0;
	return 0;
}

int
export_delim_parse(const char *s, char *out)
{
	if (strcmp(s, ",") == 0 || strcmp(s, ";") == 0)
		*out = s[0];
	else if (strcmp(s, "tab") == 0 || strcmp(s, "\t") == 0)
		*out = '\t';
	else
		return -1;
	return 0;
}

enum export_channel
export_valid_default(enum export_channel consent)
{
	return consent != EXPORT_CHANNEL_NONE ? consent : EXPORT_CHANNEL_EMAIL;
}

const char *
export_preset_tag_sep(enum export_preset p)
{
	return p == EXPORT_PRESET_MAILCHIMP || p == EXPORT_PRESET_UNISENDER ? "," : "; ";
}

/* --- validity ------------------------------------------------------------------ */

/* E.164: '+', a country code not starting with 0, 7 to 15 digits in all. */
bool
export_e164_ok(const char *s, size_t n)
{
	size_t i;

	if (n < 8 || n > 16 || s[0] != '+' || s[1] < '1' || s[1] > '9')
		return false;
	for (i = 1; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* A stored email is valid when norm_email takes it and gives it back (up to
 * ASCII case): the import normalised it already. */
bool
export_email_ok(const char *s, size_t n)
{
	char in[320], norm[320];
	const char *why;

	if (n == 0 || n >= sizeof in)
		return false;
	memcpy(in, s, n);
	in[n] = '\0';
	if (norm_email(in, norm, sizeof norm, &why) != 0)
		return false;
	return strlen(norm) == n && strncasecmp(norm, s, n) == 0;
}

/* --- columns -------------------------------------------------------------------- */

void
export_columns_free(struct column *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i].header);
	free(v);
}

int
export_columns_parse(const char *spec, enum export_preset preset,
                     const struct field_catalog *cat, struct column **out, size_t *nout,
                     struct err *e)
{
	struct column *v = NULL;
	size_t n = 0, cap = 0;
	char *copy = strdup(spec), *item, *save = NULL;

	*out = NULL;
	*nout = 0;
	if (copy == NULL)
		return err_set(e, EXIT_FAIL, _("out of memory"));
	for (item = strtok_r(copy, ",", &save); item != NULL; item = strtok_r(NULL, ",", &save)) {
		const struct field *f;
		char *name = text_trim(item), *header = NULL, *colon;
		struct column *c;

		if (*name == '\0')
			continue;
		/* A label may hold ':' ("Note: VIP"): try the whole item first. */
		f = strcasecmp(name, "tags") == 0 ? NULL : fields_find(cat, name);
		if (f == NULL && strcasecmp(name, "tags") != 0 && (colon = strchr(name, ':')) != NULL) {
			*colon = '\0';
			header = text_trim(colon + 1);
			name = text_trim(name);
			if (*header == '\0') {
				err_set(e, EXIT_USAGE, _("--columns: \"%s:\" needs a header after the ':'"),
				        name);
				goto fail;
			}
			f = strcasecmp(name, "tags") == 0 ? NULL : fields_find(cat, name);
		}
		if (f == NULL && strcasecmp(name, "tags") != 0) {
			const char *near = fields_nearest(cat, name);

			if (near != NULL)
				err_set(e, EXIT_USAGE,
				        _("--columns: unknown field \"%s\"; did you mean \"%s\"?"), name, near);
			else
				err_set(e, EXIT_USAGE,
				        _("--columns: unknown field \"%s\" (clientele info lists the fields)"),
				        name);
			goto fail;
		}
		if (n == cap) {
			struct column *nv = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof *v);

			if (nv == NULL)
				goto oom;
			v = nv;
		}
		c = &v[n];
		memset(c, 0, sizeof *c);
		/* "tags" in a rule counts the tags; in a file it lists them */
		c->sql = f != NULL ? f->sql : NULL;
		c->needs_metrics = f != NULL && f->needs_metrics;
		if (f != NULL && strcmp(f->name, "email") == 0)
			c->contact = CONTACT_EMAIL;
		else if (f != NULL && strcmp(f->name, "phone") == 0)
			c->contact = CONTACT_PHONE;
		c->header = header != NULL ? strdup(header)
		                           : preset_header(preset, f != NULL ? f->name : "tags");
		if (c->header == NULL)
			goto oom;
		n++;
	}
	if (n == 0) {
		err_set(e, EXIT_USAGE, _("--columns names no column"));
		goto fail;
	}
	free(copy);
	*out = v;
	*nout = n;
	return 0;
oom:
	err_set(e, EXIT_FAIL, _("out of memory"));
fail:
	free(copy);
	export_columns_free(v, n);
	return -1;
}
