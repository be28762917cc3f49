/* The export's options as a user types them — on the command line or in
 * the interface's export dialog — each read by one function here, so the
 * two read them alike and word their errors alike. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "export/export.h"
#include "i18n.h"

/* A whole positive number; -1 when s is not one. */
static long long
parse_count(const char *s)
{
	char *end;
	long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno != 0 || *end != '\0' || v <= 0 ? -1 : v;
}

int
export_arg_preset(const char *s, enum export_preset *out, struct err *e)
{
	if (export_preset_parse(s, out) != 0)
		return err_set(e, EXIT_USAGE,
		               _("--preset takes mailchimp, brevo, unisender, generic or "
		                 "excel, not \"%s\""),
		               s);
	return 0;
}

int
export_arg_delimiter(const char *s, char *out, struct err *e)
{
	if (export_delim_parse(s, out) != 0)
		return err_set(e, EXIT_USAGE, _("--delimiter takes \",\", \";\" or tab, not \"%s\""),
		               s);
	return 0;
}

int
export_arg_consent(const char *s, enum export_channel *out, struct err *e)
{
	if (export_channel_parse(s, out) != 0)
		return err_set(e, EXIT_USAGE, _("--consent takes email or sms, not \"%s\""), s);
	return 0;
}

int
export_arg_valid(const char *s, enum export_channel *out, struct err *e)
{
	if (export_channel_parse(s, out) != 0)
		return err_set(e, EXIT_USAGE, _("--valid-only takes email or sms, not \"%s\""), s);
	return 0;
}

int
export_arg_dedupe(const char *s, enum export_channel *out, struct err *e)
{
	if (export_channel_parse(s, out) != 0)
		return err_set(e, EXIT_USAGE, _("--dedupe takes email or phone, not \"%s\""), s);
	return 0;
}

/* A duration of the rule language: digits and d, w, m or y. */
int
export_arg_active_within(const char *s, struct err *e)
{
	size_t n = strlen(s), i;
	bool ok = n >= 2 && n <= 8 && strchr("dwmy", s[n - 1]) != NULL;

	for (i = 0; ok && i + 1 < n; i++)
		ok = s[i] >= '0' && s[i] <= '9';
	if (!ok)
		return err_set(e, EXIT_USAGE,
		               _("--active-within: \"%s\" is not a duration like 6m, 90d, 8w or 1y"),
		               s);
	return 0;
}

int
export_arg_sample(const char *s, struct export_opts *o, struct err *e)
{
	if (export_sample_parse(s, o) != 0)
		return err_set(e, EXIT_USAGE,
		               _("--sample takes a count (500) or a percentage up to 100%% "
		                 "(5%%), not \"%s\""),
		               s);
	return 0;
}

int
export_arg_seed(const char *s, uint64_t *out, struct err *e)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (*s < '0' || *s > '9' || *end != '\0' || errno != 0)
		return err_set(e, EXIT_USAGE, _("--seed takes a whole number, not \"%s\""), s);
	*out = v;
	return 0;
}

int
export_arg_split(const char *s, int *out, struct err *e)
{
	long long k = parse_count(s);

	if (k < 2 || k > EXPORT_MAX_SPLIT)
		return err_set(e, EXIT_USAGE,
		               _("--split takes a number of groups from 2 to %d, not \"%s\""),
		               EXPORT_MAX_SPLIT, s);
	*out = (int)k;
	return 0;
}

int
export_arg_limit(const char *s, long long *out, struct err *e)
{
	long long k = parse_count(s);

	if (k < 0)
		return err_set(e, EXIT_USAGE, _("--limit takes a positive count, not \"%s\""), s);
	*out = k;
	return 0;
}

uint64_t
export_random_seed(void)
{
	uint64_t s = 0;

	if (getrandom(&s, sizeof s, GRND_NONBLOCK) != (ssize_t)sizeof s)
		s = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
	/* small enough to retype */
	return s % 1000000000u;
}
