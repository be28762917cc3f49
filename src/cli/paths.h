/* Where the program finds its catalogs and its demo data. Installed, they
 * are under LOCALEDIR and PKGDATADIR; run from its build tree, the program
 * takes them from that tree, which it knows by the file clientele-srcdir
 * that make writes beside it (src/clientele-srcdir: the source tree's
 * absolute path). No build-tree path is compiled into the program. */
#ifndef CLIENTELE_PATHS_H
#define CLIENTELE_PATHS_H

/* The catalogs' directory: BUILD/locale from the build tree, else
 * LOCALEDIR. A static string. */
const char *paths_locale_dir(void);

/* The directory that holds demo/customers.csv: SRC/data from the build
 * tree, else PKGDATADIR. A static string. */
const char *paths_data_dir(void);

#endif
