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

/* The first @p needle in [p, end), or NULL: every search stays inside the element it is
 * about, so reading the file is linear in its size. */
static const char *find(const char *p, const char *end, const char *needle)
{
	size_t n = strlen(needle);
	for (; p != NULL && (size_t)(end - p) >= n; p++) {
		p = memchr(p, needle[0], (size_t)(end - p) - n + 1);
		if (p == NULL || memcmp(p, needle, n) == 0) {
			return p;
		}
	}
	return NULL;
}

/* The line of @p in @p xml, for messages. */
static unsigned long line_of(const char *xml, const char *p)
{
	unsigned long line = 1;
	for (const char *q = xml; q < p; q++) {
		line += *q == '\n';
	}
	return line;
}

/* Text of the first <tag>...</tag> inside [p, end), copied to @p out. */
static bool element_text(const char *p, const char *end, const char *tag, char *out, size_t cap)
{
	char open[64], close[64];
	snprintf(open, sizeof(open), "<%s>", tag);
	snprintf(close, sizeof(close), "</%s>", tag);
	const char *a = find(p, end, open);
	if (a == NULL) {
		return false;
	}
	a += strlen(open);
	const char *b = find(a, end, close);
	if (b == NULL || (size_t)(b - a) >= cap) {
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
	const char *a = find(p, tag_end, key);
	if (a == NULL) {
		return false;
	}
	a += strlen(key);
	const char *b = find(a, tag_end, "\"");
	if (b == NULL || (size_t)(b - a) >= cap) {
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
	if (sgn_time_from_str(out, stamp) != SGN_OK) {
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

struct xml_doc {
	const char *path, *text;
	sgn_diag_t *diag;
};

static sgn_err_t xml_error(const struct xml_doc *d, const char *at, const char *msg)
{
	return sgn_diag_set(d->diag, SGN_EPARSE, d->path, line_of(d->text, at),
	                    "root-anchors XML: %s", msg);
}

static sgn_err_t key_digest(sgn_anchors_t *a, const uint8_t *zone, const char *p, const char *end,
                            int64_t now, const struct xml_doc *d)
{
	char tag[16], alg[16], dtype[16], digest[256], from[64], until[64];
	const char *tag_end = find(p, end, ">");
	int64_t t;
	if (tag_end == NULL || !element_text(p, end, "KeyTag", tag, sizeof(tag)) ||
	    !element_text(p, end, "Algorithm", alg, sizeof(alg)) ||
	    !element_text(p, end, "DigestType", dtype, sizeof(dtype)) ||
	    !element_text(p, end, "Digest", digest, sizeof(digest))) {
		return xml_error(d, p, "incomplete KeyDigest element");
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
	sgn_err_t err = sgn_hex_decode(&bytes, digest, strlen(digest));
	if (err != SGN_OK || bytes.len > 64 || vtag > 65535 || valg > 255 || vdt > 255) {
		sgn_buf_release(&bytes);
		return xml_error(d, p, "bad KeyDigest (key tag, algorithm, digest type or digest)");
	}
	sgn__put16(rd, (uint16_t)vtag);
	rd[2] = (uint8_t)valg;
	rd[3] = (uint8_t)vdt;
	memcpy(rd + 4, bytes.data, bytes.len);
	err = sgn_anchors_add_ds(a, zone, rd, 4 + bytes.len);
	sgn_buf_release(&bytes);
	if (err == SGN_ELIMIT) {
		return sgn_diag_set(d->diag, err, d->path, line_of(d->text, p),
		                    "root-anchors XML: more than %d trust anchors", SGN_ANCHORS_MAX);
	}
	return err;
}

sgn_err_t sgn__anchors_load_xml(sgn_anchors_t *a, const char *path, const char *xml, int64_t now,
                                sgn_diag_t *diag)
{
	char zone_text[SGN_NAME_STR_MAX];
	uint8_t zone[SGN_NAME_MAX];
	const char *end = xml + strlen(xml);
	const struct xml_doc d = { path, xml, diag };
	const char *top = find(xml, end, "<TrustAnchor");
	if (top == NULL) {
		return xml_error(&d, xml, "no <TrustAnchor> element (RFC 7958)");
	}
	if (!element_text(top, end, "Zone", zone_text, sizeof(zone_text)) ||
	    sgn_name_from_str(zone, NULL, zone_text, NULL) != SGN_OK) {
		return xml_error(&d, top, "no valid <Zone> in the trust anchor");
	}
	static const char open[] = "<KeyDigest", close_tag[] = "</KeyDigest>";
	sgn_err_t err = SGN_OK;
	for (const char *p = find(top, end, open); err == SGN_OK && p != NULL;) {
		const char *close = find(p, end, close_tag);
		if (close == NULL) {
			return xml_error(&d, p, "unterminated KeyDigest element");
		}
		if (find(p + 1, close, open) != NULL) {
			return xml_error(&d, find(p + 1, close, open), "KeyDigest element inside another");
		}
		err = key_digest(a, zone, p, close, now, &d);
		p = find(close + sizeof(close_tag) - 1, end, open);
	}
	return err;
}
