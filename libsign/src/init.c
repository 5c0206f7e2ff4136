/* SPDX-License-Identifier: MIT */
/* One-time initialisation of the crypto libraries, and secret wiping. */
#include <pthread.h>

#include <sodium.h>

#include <libsign/base.h>

#include "internal.h"
#include "alg/alg.h"

/* The only global in libsign: pthread_once state and the result it produced. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static sgn_err_t init_result = SGN_ECRYPTO;

static void init_libraries(void)
{
	if (sodium_init() < 0) {
		init_result = SGN_ECRYPTO;
		return;
	}
	if (sgn__openssl_init() != SGN_OK) {
		init_result = SGN_ECRYPTO;
		return;
	}
	init_result = SGN_OK;
}

sgn_err_t sgn_init(void)
{
	if (pthread_once(&init_once, init_libraries) != 0) {
		return SGN_ECRYPTO;
	}
	return init_result;
}

void sgn_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0) {
		sodium_memzero(p, len);
	}
}
