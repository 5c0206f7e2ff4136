/* SPDX-License-Identifier: MIT */
/* Base64, base32hex and hexadecimal, as presentation format uses them. */
#include <pthread.h>
#include <string.h>

#include <libsign/codec.h>

#include "internal.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* -- base64 (RFC 4648 §4) -- */

static const char b64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Value of each base64 character; every other character maps to 0 as well (see below). */
static const uint8_t b64_table[256] = {
	['A'] = 0, ['B'] = 1, ['C'] = 2, ['D'] = 3, ['E'] = 4, ['F'] = 5, ['G'] = 6, ['H'] = 7,
	['I'] = 8, ['J'] = 9, ['K'] = 10, ['L'] = 11, ['M'] = 12, ['N'] = 13, ['O'] = 14, ['P'] = 15,
	['Q'] = 16, ['R'] = 17, ['S'] = 18, ['T'] = 19, ['U'] = 20, ['V'] = 21, ['W'] = 22, ['X'] = 23,
	['Y'] = 24, ['Z'] = 25, ['a'] = 26, ['b'] = 27, ['c'] = 28, ['d'] = 29, ['e'] = 30, ['f'] = 31,
	['g'] = 32, ['h'] = 33, ['i'] = 34, ['j'] = 35, ['k'] = 36, ['l'] = 37, ['m'] = 38, ['n'] = 39,
	['o'] = 40, ['p'] = 41, ['q'] = 42, ['r'] = 43, ['s'] = 44, ['t'] = 45, ['u'] = 46, ['v'] = 47,
	['w'] = 48, ['x'] = 49, ['y'] = 50, ['z'] = 51, ['0'] = 52, ['1'] = 53, ['2'] = 54, ['3'] = 55,
	['4'] = 56, ['5'] = 57, ['6'] = 58, ['7'] = 59, ['8'] = 60, ['9'] = 61, ['+'] = 62, ['/'] = 63,
};

/* The table above leaves unlisted characters at 0, like 'A': tell them apart. */
static int b64_value(char c)
{
	uint8_t v = b64_table[(uint8_t)c];
	return (v != 0 || c == 'A') ? v : -1;
}

sgn_err_t sgn_base64_decode(sgn_buf_t *out, const char *text, size_t len)
{
	uint32_t acc = 0;
	unsigned nchars = 0, npad = 0;
	sgn_err_t err = sgn_buf_reserve(out, len / 4 * 3 + 3);
	if (err != SGN_OK) {
		return err;
	}
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (is_space(c)) {
			continue;
		}
		if (c == '=') {
			npad++;
			acc <<= 6;
			nchars++;
		} else {
			int v = b64_value(c);
			if (v < 0 || npad > 0) { /* bad character, or data after padding */
				return SGN_EPARSE;
			}
			acc = (acc << 6) | (uint32_t)v;
			nchars++;
		}
		if (nchars == 4) {
			if (npad > 2) {
				return SGN_EPARSE;
			}
			uint8_t *p = out->data + out->len;
			p[0] = (uint8_t)(acc >> 16);
			p[1] = (uint8_t)(acc >> 8);
			p[2] = (uint8_t)acc;
			out->len += 3 - npad;
			acc = 0;
			nchars = 0;
			if (npad > 0) {
				/* Only whitespace may follow the final quantum. */
				for (size_t j = i + 1; j < len; j++) {
					if (!is_space(text[j])) {
						return SGN_EPARSE;
					}
				}
				return SGN_OK;
			}
		}
	}
	return nchars == 0 ? SGN_OK : SGN_EPARSE; /* truncated quantum */
}

/* The two characters of each 12 bits, made once: two lookups per 3 bytes instead of four,
 * for the signatures and keys that are most of a signed zone's text. */
static char b64_pairs[4096][2];
static pthread_once_t b64_pairs_once = PTHREAD_ONCE_INIT;

static void b64_pairs_make(void)
{
	for (unsigned v = 0; v < 4096; v++) {
		b64_pairs[v][0] = b64_alphabet[v >> 6];
		b64_pairs[v][1] = b64_alphabet[v & 63];
	}
}

size_t sgn__base64_put(char *out, const uint8_t *data, size_t len)
{
	char *p = out;
	size_t i = 0;
	pthread_once(&b64_pairs_once, b64_pairs_make);
	for (; i + 3 <= len; i += 3) {
		uint32_t v = ((uint32_t)data[i] << 16) | ((uint32_t)data[i + 1] << 8) | data[i + 2];
		memcpy(p, b64_pairs[v >> 12], 2);
		memcpy(p + 2, b64_pairs[v & 4095], 2);
		p += 4;
	}
	if (i < len) {
		uint32_t v = (uint32_t)data[i] << 16;
		if (i + 1 < len) {
			v |= (uint32_t)data[i + 1] << 8;
		}
		p[0] = b64_alphabet[v >> 18];
		p[1] = b64_alphabet[(v >> 12) & 63];
		p[2] = i + 1 < len ? b64_alphabet[(v >> 6) & 63] : '=';
		p[3] = '=';
		p += 4;
	}
	*p = '\0';
	return (size_t)(p - out);
}

sgn_err_t sgn_base64_encode(sgn_buf_t *out, const uint8_t *data, size_t len)
{
	sgn_err_t err = sgn_buf_reserve(out, SGN_BASE64_LEN(len) + 1);
	if (err == SGN_OK) {
		out->len += sgn__base64_put((char *)out->data + out->len, data, len);
	}
	return err;
}

/* -- base32hex without padding (RFC 4648 §7, as NSEC3 uses it) -- */

static const char b32_alphabet[] = "0123456789abcdefghijklmnopqrstuv";

size_t sgn__base32hex_put(char *out, const uint8_t *data, size_t len)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	size_t k = 0;
	for (size_t i = 0; i < len; i++) {
		acc = (acc << 8) | data[i];
		bits += 8;
		while (bits >= 5) {
			out[k++] = b32_alphabet[(acc >> (bits - 5)) & 31];
			bits -= 5;
		}
	}
	if (bits > 0) {
		out[k++] = b32_alphabet[(acc << (5 - bits)) & 31];
	}
	out[k] = '\0';
	return k;
}

sgn_err_t sgn_base32hex_encode(char *out, size_t cap, const uint8_t *data, size_t len)
{
	if (cap < SGN_BASE32HEX_LEN(len) + 1) {
		return SGN_EINVAL;
	}
	sgn__base32hex_put(out, data, len);
	return SGN_OK;
}

sgn_err_t sgn_base32hex_decode(sgn_buf_t *out, const char *text, size_t len)
{
	uint32_t acc = 0;
	unsigned bits = 0;
	sgn_err_t err = sgn_buf_reserve(out, len * 5 / 8 + 1);
	if (err != SGN_OK) {
		return err;
	}
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		int v;
		if (c >= '0' && c <= '9') {
			v = c - '0';
		} else if (c >= 'a' && c <= 'v') {
			v = c - 'a' + 10;
		} else if (c >= 'A' && c <= 'V') {
			v = c - 'A' + 10;
		} else {
			return SGN_EPARSE;
		}
		acc = (acc << 5) | (uint32_t)v;
		bits += 5;
		if (bits >= 8) {
			out->data[out->len++] = (uint8_t)(acc >> (bits - 8));
			bits -= 8;
		}
	}
	/* Leftover bits must be zero padding of less than one byte (RFC 4648 §6 canonical). */
	if (bits >= 5 || (acc & ((1u << bits) - 1)) != 0) {
		return SGN_EPARSE;
	}
	return SGN_OK;
}

/* -- hexadecimal -- */

static int hex_value(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

sgn_err_t sgn_hex_decode(sgn_buf_t *out, const char *text, size_t len)
{
	int hi = -1;
	sgn_err_t err = sgn_buf_reserve(out, len / 2 + 1);
	if (err != SGN_OK) {
		return err;
	}
	for (size_t i = 0; i < len; i++) {
		if (is_space(text[i])) {
			continue;
		}
		int v = hex_value(text[i]);
		if (v < 0) {
			return SGN_EPARSE;
		}
		if (hi < 0) {
			hi = v;
		} else {
			out->data[out->len++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	return hi < 0 ? SGN_OK : SGN_EPARSE;
}

size_t sgn__hex_put(char *out, const uint8_t *data, size_t len, bool upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[data[i] >> 4];
		out[2 * i + 1] = digits[data[i] & 15];
	}
	out[2 * len] = '\0';
	return 2 * len;
}

sgn_err_t sgn_hex_encode(char *out, size_t cap, const uint8_t *data, size_t len, bool upper)
{
	if (cap < 2 * len + 1) {
		return SGN_EINVAL;
	}
	sgn__hex_put(out, data, len, upper);
	return SGN_OK;
}
