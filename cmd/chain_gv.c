/* SPDX-License-Identifier: MIT */
/* The graphviz seam: DOT text laid out and rendered to SVG by graphviz's own library (libgvc,
 * libcgraph), for the HTML report. The only file that includes graphviz. */
#include <stdlib.h>
#include <string.h>

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include "chain_gv.h"

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
	GVC_t *gvc = gvContext();
	Agraph_t *g = NULL;
	char *data = NULL;
	unsigned int n = 0;
	int rc = -1;
	gv_error[0] = '\0';
	agseterrf(on_error);
	agseterr(AGERR);
	if (gvc != NULL && (g = agmemread(dot)) != NULL && gvLayout(gvc, g, "dot") == 0) {
		if (gvRenderData(gvc, g, "svg", &data, &n) == 0 && data != NULL) {
			*svg = malloc((size_t)n + 1);
			if (*svg != NULL) {
				memcpy(*svg, data, n);
				(*svg)[n] = '\0';
				*len = n;
				rc = 0;
			}
			gvFreeRenderData(data);
		}
		gvFreeLayout(gvc, g);
	}
	if (rc != 0) {
		snprintf(err, errcap, "%s", gv_error[0] != '\0' ? gv_error : "graphviz could not lay out "
		                                                             "the graph");
	}
	if (g != NULL) {
		agclose(g);
	}
	if (gvc != NULL) {
		gvFreeContext(gvc);
	}
	return rc;
}
