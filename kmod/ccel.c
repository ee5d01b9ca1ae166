// SPDX-License-Identifier: GPL-2.0
/*
 * The firmware event log, found through the ACPI CCEL table. Kernels from
 * 6.4 expose it as /sys/firmware/acpi/tables/data/CCEL; tdxg offers the
 * same bytes as /sys/class/misc/tdxg/ccel where the kernel does not.
 */
#include <linux/acpi.h>
#include <linux/io.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/vmalloc.h>

#include "tdxg.h"

/* CCEL: ACPI header, CC type, subtype, reserved u16, LAML u64, LASA u64. */
#define CCEL_LAML_OFFSET	40
#define CCEL_LASA_OFFSET	48
#define CCEL_TABLE_LEN		56
/* A firmware log is 64 KiB to a few MiB; refuse anything absurd. */
#define CCEL_MAX_LEN		(16 << 20)

static int ccel_node = -1;
module_param(ccel_node, int, 0444);
MODULE_PARM_DESC(ccel_node,
		 "Expose the CCEL log as tdxg/ccel: -1 when the kernel lacks data/CCEL (default), 0 never, 1 always");

static u8 *ccel_buf;
static size_t ccel_len;

static bool kernel_has_ccel_data(void)
{
	struct path path;

	if (kern_path("/sys/firmware/acpi/tables/data/CCEL", 0, &path))
		return false;
	path_put(&path);
	return true;
}

bool tdxg_ccel_node_wanted(void)
{
	return ccel_buf && (ccel_node == 1 ||
			    (ccel_node == -1 && !kernel_has_ccel_data()));
}

const u8 *tdxg_ccel_data(size_t *len)
{
	*len = ccel_len;
	return ccel_buf;
}

/* Copy the log once at load: the table and the area never change. */
int tdxg_ccel_init(void)
{
	struct acpi_table_header *hdr;
	u64 laml, lasa;
	void __iomem *area;
	acpi_status status;
	int ret = 0;

	if (acpi_disabled)
		return 0;
	status = acpi_get_table("CCEL", 0, &hdr);
	if (ACPI_FAILURE(status))
		return 0;
	if (hdr->length < CCEL_TABLE_LEN) {
		pr_warn("CCEL: table too short (%u bytes)\n", hdr->length);
		goto out;
	}
	laml = get_unaligned_le64((u8 *)hdr + CCEL_LAML_OFFSET);
	lasa = get_unaligned_le64((u8 *)hdr + CCEL_LASA_OFFSET);
	if (!laml || laml > CCEL_MAX_LEN) {
		pr_warn("CCEL: log length %llu out of range\n", laml);
		goto out;
	}
	/*
	 * Mapped as the kernel maps it for data/CCEL (drivers/acpi/sysfs.c
	 * acpi_data_show(): acpi_os_map_iomem()), so private or shared is the
	 * running kernel's own choice for that ACPI region on every version,
	 * not memremap()'s, whose x86 default changed (arch_memremap_wb():
	 * ioremap_cache() before, ioremap_encrypted() unless MEMREMAP_DEC
	 * after).
	 */
	area = acpi_os_map_iomem(lasa, laml);
	if (!area) {
		pr_warn("CCEL: cannot map log at %#llx\n", lasa);
		goto out;
	}
	ccel_buf = vmalloc(laml);
	if (ccel_buf) {
		memcpy_fromio(ccel_buf, area, laml);
		ccel_len = laml;
	} else {
		ret = -ENOMEM;
	}
	acpi_os_unmap_iomem(area, laml);
out:
	acpi_put_table(hdr);
	return ret;
}

void tdxg_ccel_exit(void)
{
	vfree(ccel_buf);
	ccel_buf = NULL;
	ccel_len = 0;
}
