// SPDX-License-Identifier: MIT
/* /dev/tdxg: opening it (loading the module on demand) and its ioctls. */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include <libkmod.h>
#include <linux/capability.h>

#include <tdxg/device.h>

struct tdxg_dev {
	int fd;
};

const char *tdxg_device_path(void)
{
	const char *p = secure_getenv("TDXG_DEVICE");

	return p && *p ? p : TDXG_DEVICE_PATH;
}

const char *tdxg_sysfs_path(void)
{
	const char *p = secure_getenv("TDXG_SYSFS");

	return p && *p ? p : TDXG_SYSFS_PATH;
}

int tdxg_module_loaded(void)
{
	struct stat st;

	return stat("/sys/module/" TDXG_MODULE_NAME, &st) == 0;
}

/* Asking before trying keeps the error "not permitted" rather than whatever
 * finit_module says in a container. */
static int may_load_modules(void)
{
	struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];

	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return 0;
	return !!(data[CAP_SYS_MODULE / 32].effective & (1U << (CAP_SYS_MODULE % 32)));
}

/*
 * libkmod is loaded only when the module has to be loaded: linking it made
 * every process, verification included, map and relocate libkmod, libzstd
 * and liblzma (about 0.3 M instructions) for a path few runs take.
 */
static struct {
	__typeof__(&kmod_new) new_ctx;
	__typeof__(&kmod_module_new_from_lookup) from_lookup;
	__typeof__(&kmod_list_next) list_next;
	__typeof__(&kmod_module_get_module) get_module;
	__typeof__(&kmod_module_probe_insert_module) probe_insert;
	__typeof__(&kmod_module_unref) unref;
	__typeof__(&kmod_module_unref_list) unref_list;
	__typeof__(&kmod_unref) unref_ctx;
} km;

static int kmod_load(void)
{
	void *h = dlopen("libkmod.so.2", RTLD_NOW | RTLD_LOCAL);

	if (!h)
		return -1;
	*(void **)&km.new_ctx = dlsym(h, "kmod_new");
	*(void **)&km.from_lookup = dlsym(h, "kmod_module_new_from_lookup");
	*(void **)&km.list_next = dlsym(h, "kmod_list_next");
	*(void **)&km.get_module = dlsym(h, "kmod_module_get_module");
	*(void **)&km.probe_insert = dlsym(h, "kmod_module_probe_insert_module");
	*(void **)&km.unref = dlsym(h, "kmod_module_unref");
	*(void **)&km.unref_list = dlsym(h, "kmod_module_unref_list");
	*(void **)&km.unref_ctx = dlsym(h, "kmod_unref");
	return km.new_ctx && km.from_lookup && km.list_next && km.get_module && km.probe_insert &&
	       km.unref && km.unref_list && km.unref_ctx ? 0 : -1;
}

static int load_module(void)
{
	struct kmod_ctx *ctx;
	struct kmod_list *list = NULL, *l;
	int ret = -ENOENT;

	if (!km.new_ctx && kmod_load())
		return -ENOENT;	/* no libkmod.so.2: the module cannot be found */
	ctx = km.new_ctx(NULL, NULL);
	if (!ctx)
		return -ENOMEM;
	if (km.from_lookup(ctx, TDXG_MODULE_NAME, &list) < 0)
		list = NULL;
	for (l = list; l; l = km.list_next(list, l)) {
		struct kmod_module *mod = km.get_module(l);

		ret = km.probe_insert(mod, 0, NULL, NULL, NULL, NULL);
		km.unref(mod);
		if (ret > 0)	/* blacklisted: report it as absent */
			ret = -ENOENT;
		if (ret == 0 || ret == -EEXIST) {
			ret = 0;
			break;
		}
	}
	km.unref_list(list);
	km.unref_ctx(ctx);
	return ret;
}

static int open_node(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);

	/* Reports and INFO only need read access. */
	if (fd < 0 && errno == EACCES)
		fd = open(path, O_RDONLY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int tdxg_open(struct tdxg_dev **dev, unsigned int flags)
{
	const char *path = tdxg_device_path();
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int fd, ret, i;

	*dev = NULL;
	fd = open_node(path);
	if (fd == -ENOENT && (flags & TDXG_OPEN_LOAD_MODULE) && !(flags & TDXG_OPEN_NO_LOAD) &&
	    !tdxg_module_loaded()) {
		if (!may_load_modules())
			return -EPERM;
		ret = load_module();
		if (ret)
			return ret;
		/* devtmpfs creates the node at once; udev may lag behind. */
		for (i = 0; i < 100; i++) {
			fd = open_node(path);
			if (fd != -ENOENT)
				break;
			nanosleep(&pause, NULL);
		}
	}
	if (fd < 0)
		return fd;
	*dev = calloc(1, sizeof(**dev));
	if (!*dev) {
		close(fd);
		return -ENOMEM;
	}
	(*dev)->fd = fd;
	return 0;
}

void tdxg_close(struct tdxg_dev *dev)
{
	if (!dev)
		return;
	close(dev->fd);
	free(dev);
}

const char *tdxg_open_strerror(int err)
{
	switch (err) {
	case -ENOENT:
		return "no device node: module " TDXG_MODULE_NAME
		       " is not loaded, or libkmod could not find it";
	case -EPERM:
		return "device absent; loading module " TDXG_MODULE_NAME " needs CAP_SYS_MODULE (run as root)";
	case -EACCES:
		return "no permission to open the device";
	case -ENODEV:
	case -ENXIO:
		return "module " TDXG_MODULE_NAME " found no TDX guest (not a TDX VM?)";
	}
	return strerror(-err);
}

static int do_ioctl(struct tdxg_dev *dev, unsigned long req, void *arg)
{
	if (!dev)
		return -EBADF;
	return ioctl(dev->fd, req, arg) < 0 ? -errno : 0;
}

int tdxg_get_report(struct tdxg_dev *dev, const uint8_t reportdata[TDXG_REPORTDATA_LEN],
		    uint8_t tdreport[TDXG_REPORT_LEN])
{
	struct tdxg_report_req req;
	int ret;

	memset(&req, 0, sizeof(req));
	memcpy(req.reportdata, reportdata, TDXG_REPORTDATA_LEN);
	ret = do_ioctl(dev, TDXG_GET_REPORT0, &req);
	if (!ret)
		memcpy(tdreport, req.tdreport, TDXG_REPORT_LEN);
	return ret;
}

int tdxg_get_info(struct tdxg_dev *dev, struct tdxg_info *info)
{
	memset(info, 0, sizeof(*info));
	return do_ioctl(dev, TDXG_INFO, info);
}

int tdxg_extend(struct tdxg_dev *dev, unsigned int rtmr, const uint8_t digest[TDXG_DIGEST_LEN],
		uint32_t event_type, const void *event_data, size_t event_size)
{
	struct tdxg_extend_req req;

	if (rtmr >= TDXG_NR_RTMR)
		return -ENXIO;
	if (event_size > TDXG_EVENT_DATA_MAX || (event_size && !event_data))
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	req.index = rtmr;
	req.event_type = event_type;
	memcpy(req.digest, digest, TDXG_DIGEST_LEN);
	req.event_size = (uint32_t)event_size;
	req.event_data = event_size ? (uint64_t)(uintptr_t)event_data : 0;
	return do_ioctl(dev, TDXG_EXTEND, &req);
}

int tdxg_lock(struct tdxg_dev *dev, unsigned int rtmr, enum tdxg_policy mode)
{
	struct tdxg_lock_req req = { rtmr, (uint32_t)mode };

	if (rtmr >= TDXG_NR_RTMR)
		return -ENXIO;
	if (mode != TDXG_POLICY_ONCE && mode != TDXG_POLICY_LOCKED)
		return -EINVAL;
	return do_ioctl(dev, TDXG_LOCK, &req);
}

int tdxg_get_quote(struct tdxg_dev *dev, const uint8_t reportdata[TDXG_REPORTDATA_LEN],
		   uint8_t *buf, size_t *len, uint32_t flags)
{
	struct tdxg_quote_req req;
	int ret;

	if (!buf || *len == 0 || *len > UINT32_MAX)
		return -EINVAL;
	memset(&req, 0, sizeof(req));
	memcpy(req.reportdata, reportdata, TDXG_REPORTDATA_LEN);
	req.buf = (uint64_t)(uintptr_t)buf;
	req.len = (uint32_t)*len;
	req.flags = flags;
	ret = do_ioctl(dev, TDXG_GET_QUOTE, &req);
	if (ret)
		return ret;
	if (req.len > *len)	/* the module never grows it; don't trust it either */
		return -EIO;
	*len = req.len;
	return 0;
}
