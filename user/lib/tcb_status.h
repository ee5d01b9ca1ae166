/* SPDX-License-Identifier: MIT */
/*
 * libtdxg internal: what each TCB status (enum tdxg_tcb_status) means to
 * verification, and QVL's rules for combining the platform, TDX module and
 * QE statuses (tcb_status.c). Not exported (libtdxg.map).
 */
#ifndef TDXG_TCB_STATUS_H
#define TDXG_TCB_STATUS_H

#include <stddef.h>

/* Where a status is read from collateral. */
enum tdxg_tcb_level_kind {
	TDXG_LEVEL_PLATFORM,	/* a TCB info tcbLevels entry */
	TDXG_LEVEL_ISVSVN,	/* a QE or TDX module identity level */
};

/* The status a level of this kind may say by this name, or -1. */
int tdxg_tcb_status_in_collateral(const char *name, size_t len, enum tdxg_tcb_level_kind kind);

/*
 * A platform (or platform and module) status with a TDX module or QE
 * level's status, as QVL converges them.
 */
int tdxg_tcb_converge(int level, int other);

/*
 * The TD relaunch status QVL advises for these statuses (the SGX part of
 * the platform at most ConfigurationAndSWHardeningNeeded, the TDX part
 * OutOfDate because the module is, the QE UpToDate), or -1 when the
 * statuses rule a relaunch out; the caller still checks TEE_TCB_SVN2.
 */
int tdxg_tcb_relaunch(int sgx, int tdx, int module, int qe);

#endif
