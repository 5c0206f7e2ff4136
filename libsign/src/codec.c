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

/* Each base64 character's value plus one, so that 0 (every unlisted character) means none;
 * whitespace and the pad character have codes of their own. One look-up per character. */
enum { B64_SPACE = 65, B64_PAD = 66 };
static const uint8_t b64_table[256] = {
	['A'] = 1, ['B'] = 2, ['C'] = 3, ['D'] = 4, ['E'] = 5, ['F'] = 6, ['G'] = 7, ['H'] = 8,
	['I'] = 9, ['J'] = 10, ['K'] = 11, ['L'] = 12, ['M'] = 13, ['N'] = 14, ['O'] = 15,
	['P'] = 16, ['Q'] = 17, ['R'] = 18, ['S'] = 19, ['T'] = 20, ['U'] = 21, ['V'] = 22,
	['W'] = 23, ['X'] = 24, ['Y'] = 25, ['Z'] = 26, ['a'] = 27, ['b'] = 28, ['c'] = 29,
	['d'] = 30, ['e'] = 31, ['f'] = 32, ['g'] = 33, ['h'] = 34, ['i'] = 35, ['j'] = 36,
	['k'] = 37, ['l'] = 38, ['m'] = 39, ['n'] = 40, ['o'] = 41, ['p'] = 42, ['q'] = 43,
	['r'] = 44, ['s'] = 45, ['t'] = 46, ['u'] = 47, ['v'] = 48, ['w'] = 49, ['x'] = 50,
	['y'] = 51, ['z'] = 52, ['0'] = 53, ['1'] = 54, ['2'] = 55, ['3'] = 56, ['4'] = 57,
	['5'] = 58, ['6'] = 59, ['7'] = 60, ['8'] = 61, ['9'] = 62, ['+'] = 63, ['/'] = 64,
	[' '] = B64_SPACE, ['\t'] = B64_SPACE, ['\n'] = B64_SPACE, ['\r'] = B64_SPACE,
	['='] = B64_PAD,
};

/* Whole quanta of four data characters from @p t, as many as come before anything else
 * (whitespace, padding, a bad character, the end): nearly all of any base64 text. Appends
 * to @p out (room reserved); returns the characters taken. */
static size_t b64_quanta(sgn_buf_t *out, const uint8_t *t, size_t len)
{
	uint8_t *p = out->data + out->len;
	size_t i = 0;
	for (; len - i >= 4; i += 4) {
		/* Unsigned: "none" (0) becomes a huge value, as do whitespace and padding. */
		uint32_t a = b64_table[t[i]] - 1u, b = b64_table[t[i + 1]] - 1u;
		uint32_t c = b64_table[t[i + 2]] - 1u, d = b64_table[t[i + 3]] - 1u;
		if ((a | b | c | d) >= 64) {
			break;
		}
		uint32_t v = a << 18 | b << 12 | c << 6 | d;
		p[0] = (uint8_t)(v >> 16);
		p[1] = (uint8_t)(v >> 8);
		p[2] = (uint8_t)v;
		p += 3;
	}
	out->len = (size_t)(p - out->data);
	return i;
}

sgn_err_t sgn_base64_decode(sgn_buf_t *out, const char *text, size_t len)
{
	uint32_t acc = 0;
	unsigned nchars = 0, npad = 0;
	sgn_err_t err = sgn_buf_reserve(out, len / 4 * 3 + 3);
	if (err != SGN_OK) {
		return err;
	}
	size_t i = 0;
	while (i < len) {
		if (nchars == 0 && (i += b64_quanta(out, (const uint8_t *)text + i, len - i)) == len) {
			break;
		}
		unsigned v = b64_table[(uint8_t)text[i++]];
		if (v == B64_SPACE) {
			continue;
		}
		if (v == B64_PAD) {
			npad++;
			acc <<= 6;
			nchars++;
		} else {
			if (v == 0 || npad > 0) { /* bad character, or data after padding */
				return SGN_EPARSE;
			}
			acc = (acc << 6) | (v - 1);
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
				for (; i < len; i++) {
					if (!is_space(text[i])) {
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

/* Each hex digit's value plus one, 0 for anything else (as b64_table). */
static const uint8_t hex_table[256] = {
	['0'] = 1, ['1'] = 2, ['2'] = 3, ['3'] = 4, ['4'] = 5, ['5'] = 6, ['6'] = 7, ['7'] = 8,
	['8'] = 9, ['9'] = 10, ['a'] = 11, ['b'] = 12, ['c'] = 13, ['d'] = 14, ['e'] = 15,
	['f'] = 16, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
};

sgn_err_t sgn_hex_decode(sgn_buf_t *out, const char *text, size_t len)
{
	int hi = -1;
	sgn_err_t err = sgn_buf_reserve(out, len / 2 + 1);
	if (err != SGN_OK) {
		return err;
	}
	const uint8_t *t = (const uint8_t *)text;
	for (size_t i = 0; i < len; i++) {
		/* Pairs of digits, nearly all of the text, a byte at a time. */
		if (hi < 0) {
			uint8_t *p = out->data + out->len;
			for (; len - i >= 2 && hex_table[t[i]] != 0 && hex_table[t[i + 1]] != 0; i += 2) {
				*p++ = (uint8_t)((hex_table[t[i]] - 1) << 4 | (hex_table[t[i + 1]] - 1));
			}
			out->len = (size_t)(p - out->data);
			if (i == len) {
				break;
			}
		}
		if (is_space(text[i])) {
			continue;
		}
		int v = hex_table[t[i]] - 1;
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
