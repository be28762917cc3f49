/* A value bound to a `?` parameter: what compiled rules carry and what the
 * undo log saves, without either needing the database's header. */
#ifndef CLIENTELE_SQL_PARAM_H
#define CLIENTELE_SQL_PARAM_H

struct sql_param {
	enum { SQLP_TEXT, SQLP_INT, SQLP_REAL } kind;
	char *text;
	long long i;
	double d;
};

#endif
