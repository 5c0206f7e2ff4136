/* SPDX-License-Identifier: MIT */
/* One-time initialisation of the crypto backends behind the algorithm table. */
#include <pthread.h>

#include <libsign/base.h>

#include "alg.h"

/* The only global in libsign: pthread_once state and the result it produced. */
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static sgn_err_t init_result = SGN_ECRYPTO;

static void init_backends(void)
{
	if (sgn__sodium_init() != SGN_OK || sgn__openssl_init() != SGN_OK) {
		init_result = SGN_ECRYPTO;
		return;
	}
	init_result = SGN_OK;
}

sgn_err_t sgn_init(void)
{
	if (pthread_once(&init_once, init_backends) != 0) {
		return SGN_ECRYPTO;
	}
	return init_result;
}
