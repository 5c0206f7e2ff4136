/* SPDX-License-Identifier: MIT */
/* RDATA reader and printer, with a round-trip oracle: text -> wire -> text -> wire is
 * stable, and wire RDATA of a valid layout prints to text that reads back to the same
 * bytes. Input: a NUL byte, a 2-byte type and wire RDATA; or "TYPE rdata text". */
#include <libsign/rr.h>
#include <libsign/text.h>

#include "fuzz.h"

static const uint8_t root[1] = { 0 };

/* Print @p w, read the text back, and require the same bytes. */
static void round_trip(uint16_t type, const uint8_t *w, size_t len, sgn_buf_t *text)
{
	sgn_buf_t back;
	sgn_buf_init(&back);
	text->len = 0;
	sgn_err_t err = sgn_rdata_to_str(text, type, w, len);
	FUZZ_ASSERT(err == SGN_OK || err == SGN_ENOMEM);
	if (err == SGN_OK) {
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		err = sgn_rdata_from_str(&back, type, (const char *)text->data, root, &diag);
		if (err != SGN_OK) {
			fprintf(stderr, "type %u printed as '%s' does not read back: %s\n", type,
			        (const char *)text->data, diag.msg);
		}
		FUZZ_ASSERT(err == SGN_OK);
		FUZZ_ASSERT(back.len == len && (len == 0 || memcmp(back.data, w, len) == 0));
	}
	sgn_buf_release(&back);
}

static void wire_mode(const uint8_t *data, size_t size)
{
	uint16_t type = (uint16_t)(data[1] << 8 | data[2]);
	const uint8_t *w = data + 3;
	size_t len = size - 3;
	if (sgn_type_is_meta(type)) {
		return; /* no RDATA text for QTYPEs: the zone reader refuses them */
	}
	if (len > 65535 || sgn_rdata_check(type, w, len) != SGN_OK) {
		sgn_buf_t text;
		sgn_buf_init(&text);
		FUZZ_ASSERT(sgn_rdata_to_str(&text, type, w, len) != SGN_EINVAL);
		sgn_buf_release(&text);
		return;
	}
	sgn_buf_t text;
	sgn_buf_init(&text);
	round_trip(type, w, len, &text);
	sgn_buf_release(&text);
}

static void text_mode(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL || memchr(data, '\0', size) != NULL) {
		free(s);
		return;
	}
	memcpy(s, data, size);
	s[size] = '\0';
	char *sp = strpbrk(s, " \t");
	uint16_t type;
	if (sp != NULL) {
		*sp = '\0';
	}
	if (sgn_type_from_str(&type, s) != SGN_OK || sgn_type_is_meta(type)) {
		free(s);
		return;
	}
	sgn_buf_t w1, t1, t2;
	sgn_buf_init(&w1);
	sgn_buf_init(&t1);
	sgn_buf_init(&t2);
	if (sgn_rdata_from_str(&w1, type, sp != NULL ? sp + 1 : "", root, NULL) == SGN_OK) {
		round_trip(type, w1.data, w1.len, &t1);
		/* and the text is stable once it came from libsign's printer */
		round_trip(type, w1.data, w1.len, &t2);
		FUZZ_ASSERT(t1.len == t2.len && (t1.len == 0 || memcmp(t1.data, t2.data, t1.len) == 0));
	}
	sgn_buf_release(&w1);
	sgn_buf_release(&t1);
	sgn_buf_release(&t2);
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_dir(); /* sgn_init() */
	if (size >= 3 && data[0] == 0) {
		wire_mode(data, size);
	} else if (size > 0) {
		text_mode(data, size);
	}
	return 0;
}
