/* SPDX-License-Identifier: MIT */
/** @file libsign.h
 * Umbrella header for libsign users: includes every public header. Never included from
 * inside libsign itself (each source file includes what it uses).
 */
#ifndef LIBSIGN_LIBSIGN_H
#define LIBSIGN_LIBSIGN_H

#include <libsign/alg.h>
#include <libsign/anchor.h>
#include <libsign/base.h>
#include <libsign/chain.h>
#include <libsign/codec.h>
#include <libsign/denial.h>
#include <libsign/ds.h>
#include <libsign/finding.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/outfile.h>
#include <libsign/rr.h>
#include <libsign/rrset.h>
#include <libsign/rrsig.h>
#include <libsign/sign.h>
#include <libsign/text.h>
#include <libsign/time.h>
#include <libsign/update.h>
#include <libsign/validate.h>
#include <libsign/version.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#endif
