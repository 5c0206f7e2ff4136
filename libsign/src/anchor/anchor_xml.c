/* SPDX-License-Identifier: MIT */
/* IANA root-anchors.xml (RFC 7958): each KeyDigest becomes a DS anchor for the <Zone>,
 * kept only when `now` lies within its validFrom/validUntil. A deliberately small reader
 * for this one well-known format, not a general XML parser. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/name.h>
#include <libsign/time.h>

#include "anchor_internal.h"

/* Text of the first <tag>...</tag> inside [p, end), copied to @p out. */
static bool element_text(const char *p, const char *end, const char *tag, char *out, size_t cap)
{
	char open[64], close[64];
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	const char *a = strstr(p, open);
	if (a == NULL || a >= end) {
		return false;
	}
	a += strlen(open);
	const char *b = strstr(a, close);
	if (b == NULL || b > end || (size_t)(b - a) >= cap) {
		return false;
	}
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
	return true;
}

/* Value of attribute @p name in the start tag [p, tag_end). */
static bool attribute(const char *p, const char *tag_end, const char *name, char *out, size_t cap)
{
	char key[64];
	snprintf(key, sizeof(key), " %s=\"", name);
	const char *a = strstr(p, key);
	if (a == NULL || a >= tag_end) {
		return false;
	}
	a += strlen(key);
	const char *b = strchr(a, '"');
	if (b == NULL || b > tag_end || (size_t)(b - a) >= cap) {
		return false;
	}
	memcpy(out, a, (size_t)(b - a));
	out[b - a] = '\0';
	return true;
}

/* "2017-02-02T00:00:00+00:00" (RFC 3339, as RFC 7958 uses). */
static bool parse_xml_time(const char *s, int64_t *out)
{
	int y, mo, d, h, mi, sec, n = 0;
	char stamp[SGN_TIME_STR_MAX + 1];
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) != 6 ||
	    y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || sec < 0 || y > 9999 || mo > 99 ||
	    d > 99 || h > 99 || mi > 99 || sec > 99) {
		return false;
	}
	snprintf(stamp, sizeof(stamp), "%04d%02d%02d%02d%02d%02d", y, mo, d, h, mi, sec);
	if (sgn_time_from_str(stamp, out) != SGN_OK) {
		return false;
	}
	s += n;
	if (*s == '+' || *s == '-') {
		int oh, om;
		if (sscanf(s + 1, "%2d:%2d", &oh, &om) != 2) {
			return false;
		}
		*out -= (*s == '-' ? -1 : 1) * (oh * 3600 + om * 60);
	}
	return true;
}

static sgn_err_t key_digest(sgn_anchors_t *a, const uint8_t *zone, const char *p, const char *end,
                            int64_t now, const char *path, sgn_diag_t *diag)
{
	char tag[16], alg[16], dtype[16], digest[256], from[64], until[64];
	const char *tag_end = strchr(p, '>');
	int64_t t;
	if (tag_end == NULL || !element_text(p, end, "KeyTag", tag, sizeof(tag)) ||
	    !element_text(p, end, "Algorithm", alg, sizeof(alg)) ||
	    !element_text(p, end, "DigestType", dtype, sizeof(dtype)) ||
	    !element_text(p, end, "Digest", digest, sizeof(digest))) {
		return sgn_diag_set(diag, SGN_EPARSE, path, 0, "incomplete KeyDigest element");
	}
	if ((attribute(p, tag_end, "validFrom", from, sizeof(from)) &&
	     (!parse_xml_time(from, &t) || now < t)) ||
	    (attribute(p, tag_end, "validUntil", until, sizeof(until)) &&
	     (!parse_xml_time(until, &t) || now >= t))) {
		a->skipped++;
		return SGN_OK;
	}
	uint8_t rd[4 + 64];
	sgn_buf_t bytes;
	sgn_buf_init(&bytes);
	unsigned long vtag = strtoul(tag, NULL, 10), valg = strtoul(alg, NULL, 10),
	              vdt = strtoul(dtype, NULL, 10);
	sgn_err_t err = sgn_hex_decode(digest, strlen(digest), &bytes);
	if (err != SGN_OK || bytes.len > 64 || vtag > 65535 || valg > 255 || vdt > 255) {
		sgn_buf_release(&bytes);
		return sgn_diag_set(diag, SGN_EPARSE, path, 0, "bad KeyDigest for key tag %s", tag);
	}
	sgn__put16(rd, (uint16_t)vtag);
	rd[2] = (uint8_t)valg;
	rd[3] = (uint8_t)vdt;
	memcpy(rd + 4, bytes.data, bytes.len);
	err = sgn_anchors_add_ds(a, zone, rd, 4 + bytes.len);
	sgn_buf_release(&bytes);
	return err;
}

sgn_err_t sgn__anchors_load_xml(sgn_anchors_t *a, const char *path, const char *xml, int64_t now,
                                sgn_diag_t *diag)
{
	char zone_text[SGN_NAME_STR_MAX];
	uint8_t zone[SGN_NAME_MAX];
	const char *end = xml + strlen(xml);
	if (!element_text(xml, end, "Zone", zone_text, sizeof(zone_text)) ||
	    sgn_name_from_str(zone, NULL, zone_text, NULL) != SGN_OK) {
		return sgn_diag_set(diag, SGN_EPARSE, path, 0, "no valid <Zone> in the trust anchor");
	}
	sgn_err_t err = SGN_OK;
	for (const char *p = strstr(xml, "<KeyDigest"); err == SGN_OK && p != NULL;
	     p = strstr(p + 1, "<KeyDigest")) {
		const char *close = strstr(p, "</KeyDigest>");
		if (close == NULL) {
			return sgn_diag_set(diag, SGN_EPARSE, path, 0, "unterminated KeyDigest element");
		}
		err = key_digest(a, zone, p, close, now, path, diag);
	}
	return err;
}
