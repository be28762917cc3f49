/* Translated messages: the core's own text goes through gettext in the
 * program's domain, whatever text domain its caller has chosen. */
#ifndef CLIENTELE_I18N_H
#define CLIENTELE_I18N_H

#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) dgettext(PACKAGE, s)
/* A message with a number in it, in the plural form the language gives n. */
#define P_(s, p, n) dngettext(PACKAGE, s, p, (unsigned long)(n))
#else
#define _(s) (s)
#define P_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
/* Marks s for translation where it is defined; _() translates it where
 * it is shown. */
#define N_(s) (s)

#endif
