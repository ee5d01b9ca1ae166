// SPDX-License-Identifier: MIT
/*
 * TCB statuses: the one table of Intel's names and what each status
 * means, and the rules (as Intel's QVL applies them) that combine the
 * platform's, the TDX module's and the QE's statuses into the verdict.
 * A new status is a value in enum tdxg_tcb_status and a row here.
 */
#include <errno.h>
#include <string.h>

#include <tdxg/verify.h>

#include "tcb_status.h"

#define CONFIG		(1u << 0)	/* ...ConfigurationNeeded */
#define SW_HARDENING	(1u << 1)	/* ...SWHardeningNeeded */
#define OUT_OF_DATE	(1u << 2)
#define REVOKED		(1u << 3)
#define RELAUNCH	(1u << 4)	/* a verdict only, never in collateral */
#define ISVSVN_LEVEL	(1u << 5)	/* a QE or TDX module level may say it */

static const struct {
	const char *name;
	unsigned flags;
} statuses[TDXG_TCB_COUNT] = {
	[TDXG_TCB_UP_TO_DATE] = { "UpToDate", ISVSVN_LEVEL },
	[TDXG_TCB_SW_HARDENING_NEEDED] = { "SWHardeningNeeded", SW_HARDENING },
	[TDXG_TCB_CONFIGURATION_NEEDED] = { "ConfigurationNeeded", CONFIG },
	[TDXG_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED] = {
		"ConfigurationAndSWHardeningNeeded", CONFIG | SW_HARDENING },
	[TDXG_TCB_OUT_OF_DATE] = { "OutOfDate", OUT_OF_DATE | ISVSVN_LEVEL },
	[TDXG_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED] = {
		"OutOfDateConfigurationNeeded", OUT_OF_DATE | CONFIG },
	[TDXG_TCB_REVOKED] = { "Revoked", REVOKED | ISVSVN_LEVEL },
	[TDXG_TCB_TD_RELAUNCH_ADVISED] = { "TDRelaunchAdvised", RELAUNCH },
	[TDXG_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED] = {
		"TDRelaunchAdvisedConfigurationNeeded", RELAUNCH | CONFIG },
};

const char *tdxg_tcb_status_name(int s)
{
	return s >= 0 && s < TDXG_TCB_COUNT ? statuses[s].name : "None";
}

int tdxg_tcb_status_from_name(const char *name, size_t len)
{
	int i;

	for (i = 0; i < TDXG_TCB_COUNT; i++)
		if (strlen(statuses[i].name) == len && !memcmp(statuses[i].name, name, len))
			return i;
	return -ENOENT;
}

static unsigned flags(int s)
{
	return s >= 0 && s < TDXG_TCB_COUNT ? statuses[s].flags : 0;
}

static int with_flags(unsigned f)
{
	int i;

	for (i = 0; i < TDXG_TCB_COUNT; i++)
		if ((statuses[i].flags & ~ISVSVN_LEVEL) == f)
			return i;
	return -1;
}

int tdxg_tcb_status_in_collateral(const char *name, size_t len, enum tdxg_tcb_level_kind kind)
{
	int s = tdxg_tcb_status_from_name(name, len);

	if (s < 0 || (flags(s) & RELAUNCH) || (kind == TDXG_LEVEL_ISVSVN && !(flags(s) & ISVSVN_LEVEL)))
		return -1;
	return s;
}

int tdxg_tcb_converge(int level, int other)
{
	if (level < 0 || level >= TDXG_TCB_COUNT)
		return level;
	if (flags(other) & REVOKED)
		return other;
	/* OutOfDate supersedes SWHardeningNeeded and keeps ConfigurationNeeded. */
	if ((flags(other) & OUT_OF_DATE) && !(flags(level) & (OUT_OF_DATE | REVOKED | RELAUNCH)))
		return with_flags(OUT_OF_DATE | (flags(level) & CONFIG));
	return level;
}

int tdxg_tcb_relaunch(int sgx, int tdx, int module, int qe)
{
	if (sgx < 0 || qe != TDXG_TCB_UP_TO_DATE || (flags(sgx) & (OUT_OF_DATE | REVOKED | RELAUNCH)) ||
	    (flags(tdx) & (OUT_OF_DATE | REVOKED | RELAUNCH)) != OUT_OF_DATE ||
	    (flags(module) & (OUT_OF_DATE | REVOKED)) != OUT_OF_DATE)
		return -1;
	return with_flags(RELAUNCH | ((flags(sgx) | flags(tdx)) & CONFIG));
}
