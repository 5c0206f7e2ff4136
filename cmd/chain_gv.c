/* SPDX-License-Identifier: MIT */
/* The graphviz seam: DOT text laid out and rendered to SVG by graphviz's own library (libgvc,
 * libcgraph), for the HTML report. The only file that includes graphviz.
 *
 * The library is opened when a picture is first asked for, not linked: it and the five
 * libraries it brings weigh about 1 MB on every command's memory and start-up, and only
 * `sigil chain --html` needs them. */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "chain_gv.h"

#ifndef SGN_GVC_SONAME
#define SGN_GVC_SONAME "libgvc.so.6"
#endif

/* The functions used, with graphviz's own types. */
struct gv_api {
	__typeof__(gvContext) *context;
	__typeof__(gvFreeContext) *free_context;
	__typeof__(gvLayout) *layout;
	__typeof__(gvFreeLayout) *free_layout;
	__typeof__(gvRenderData) *render_data;
	__typeof__(gvFreeRenderData) *free_render_data;
	__typeof__(agmemread) *memread;
	__typeof__(agclose) *close;
	__typeof__(agseterrf) *seterrf;
	__typeof__(agseterr) *seterr;
};

/* One symbol into a function pointer (POSIX: dlsym's result may be one). */
static bool gv_sym(void *lib, const char *name, void *fn, char *err, size_t errcap)
{
	void *p = dlsym(lib, name);
	if (p == NULL) {
		snprintf(err, errcap, "graphviz's library %s has no %s", SGN_GVC_SONAME, name);
		return false;
	}
	memcpy(fn, &p, sizeof(p));
	return true;
}

static bool gv_load(struct gv_api *g, char *err, size_t errcap)
{
	void *lib = dlopen(SGN_GVC_SONAME, RTLD_NOW | RTLD_LOCAL); /* kept open: graphviz's plugins */
	if (lib == NULL) {
		const char *why = dlerror();
		snprintf(err, errcap, "graphviz's library could not be loaded: %s",
		         why != NULL ? why : SGN_GVC_SONAME);
		return false;
	}
	return gv_sym(lib, "gvContext", &g->context, err, errcap) &&
	       gv_sym(lib, "gvFreeContext", &g->free_context, err, errcap) &&
	       gv_sym(lib, "gvLayout", &g->layout, err, errcap) &&
	       gv_sym(lib, "gvFreeLayout", &g->free_layout, err, errcap) &&
	       gv_sym(lib, "gvRenderData", &g->render_data, err, errcap) &&
	       gv_sym(lib, "gvFreeRenderData", &g->free_render_data, err, errcap) &&
	       gv_sym(lib, "agmemread", &g->memread, err, errcap) &&
	       gv_sym(lib, "agclose", &g->close, err, errcap) &&
	       gv_sym(lib, "agseterrf", &g->seterrf, err, errcap) &&
	       gv_sym(lib, "agseterr", &g->seterr, err, errcap);
}

/* graphviz reports errors through a callback; keep the first one for the message. */
static char gv_error[256];

static int on_error(char *msg)
{
	if (gv_error[0] == '\0') {
		strncpy(gv_error, msg, sizeof(gv_error) - 1);
		gv_error[strcspn(gv_error, "\n")] = '\0';
	}
	return 0;
}

int chain_gv_svg(const char *dot, char **svg, size_t *len, char *err, size_t errcap)
{
	struct gv_api gv;
	if (!gv_load(&gv, err, errcap)) {
		return -1;
	}
	GVC_t *gvc = gv.context();
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int n = 0;
	int rc = -1;
	gv_error[0] = '\0';
	gv.seterrf(on_error);
	gv.seterr(AGERR);
	if (gvc != NULL && (g = gv.memread(dot)) != NULL && gv.layout(gvc, g, "dot") == 0) {
		if (gv.render_data(gvc, g, "svg", &data, &n) == 0 && data != NULL) {
			*svg = malloc((size_t)n + 1);
			if (*svg != NULL) {
				memcpy(*svg, data, n);
				(*svg)[n] = '\0';
				*len = n;
				rc = 0;
			}
			gv.free_render_data(data);
		}
		gv.free_layout(gvc, g);
	}
	if (rc != 0) {
		snprintf(err, errcap, "%s", gv_error[0] != '\0' ? gv_error : "graphviz could not lay out "
		                                                             "the graph");
	}
	if (g != NULL) {
		gv.close(g);
	}
	if (gvc != NULL) {
		gv.free_context(gvc);
	}
	return rc;
}
