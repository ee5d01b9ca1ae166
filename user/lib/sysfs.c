// SPDX-License-Identifier: MIT
/* Reading files: tdxg's sysfs nodes, the ACPI CCEL and ordinary files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <tdxg/device.h>
#include <tdxg/util.h>

#define ACPI_CCEL_PATH	"/sys/firmware/acpi/tables/data/CCEL"
/* Logs are small (the CCEL area is 256 KiB on TDVF); this bounds hostile input. */
#define LOG_MAX		(64U << 20)

/* sysfs and procfs report sizes that are not the content size: read to EOF. */
int tdxg_read_fd(int fd, size_t max, uint8_t **buf, size_t *len)
{
	uint8_t *data = NULL, *n;
	size_t used = 0, cap = 0;
	ssize_t r;
	int ret;

	*buf = NULL;
	*len = 0;
	for (;;) {
		if (used == cap) {
			if (cap > max) {
				ret = -EFBIG;
				goto fail;
			}
			cap = cap ? cap * 2 : 4096;
			n = realloc(data, cap + 1);
			if (!n) {
				ret = -ENOMEM;
				goto fail;
			}
			data = n;
		}
		r = read(fd, data + used, cap - used);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			goto fail;
		}
		if (r == 0)
			break;
		used += (size_t)r;
		if (used > max) {
			ret = -EFBIG;
			goto fail;
		}
	}
	if (!data) {
		data = malloc(1);
		if (!data)
			return -ENOMEM;
	}
	data[used] = 0;	/* lets callers treat text nodes as strings */
	*buf = data;
	*len = used;
	return 0;
fail:
	free(data);
	return ret;
}

int tdxg_read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int fd, ret;

	*buf = NULL;
	*len = 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	ret = tdxg_read_fd(fd, max, buf, len);
	close(fd);
	return ret;
}

static int sysfs_node(char *path, size_t size, const char *rel)
{
	int n = snprintf(path, size, "%s/%s", tdxg_sysfs_path(), rel);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

/* A one-word node, without its trailing newline. */
static int read_word(const char *rel, char *out, size_t size)
{
	char path[4096];
	uint8_t *buf;
	size_t len;
	int ret;

	ret = sysfs_node(path, sizeof(path), rel);
	if (ret)
		return ret;
	ret = tdxg_read_file(path, 4096, &buf, &len);
	if (ret)
		return ret;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (len == 0 || len >= size || memchr(buf, 0, len)) {
		free(buf);
		return -EINVAL;
	}
	memcpy(out, buf, len);
	out[len] = 0;
	free(buf);
	return 0;
}

static const char *const policy_names[] = {
	[TDXG_POLICY_OPEN] = "open",
	[TDXG_POLICY_ONCE] = "once",
	[TDXG_POLICY_LOCKED] = "locked",
};

const char *tdxg_policy_name(enum tdxg_policy policy)
{
	if ((unsigned int)policy < sizeof(policy_names) / sizeof(policy_names[0]))
		return policy_names[policy];
	return "unknown";
}

int tdxg_read_policy(unsigned int rtmr, enum tdxg_policy *policy)
{
	char rel[32], word[16];
	unsigned int i;
	int ret;

	if (rtmr >= TDXG_NR_RTMR)
		return -ENXIO;
	snprintf(rel, sizeof(rel), "policy/rtmr%u", rtmr);
	ret = read_word(rel, word, sizeof(word));
	if (ret)
		return ret;
	for (i = 0; i < sizeof(policy_names) / sizeof(policy_names[0]); i++) {
		if (!strcmp(word, policy_names[i])) {
			*policy = (enum tdxg_policy)i;
			return 0;
		}
	}
	return -EINVAL;
}

int tdxg_read_backend(char *buf, size_t size)
{
	return read_word("backend", buf, size);
}

int tdxg_read_measurement(const char *name, uint8_t value[TDXG_DIGEST_LEN])
{
	char path[4096], rel[64];
	uint8_t *buf;
	size_t len;
	int ret;

	if (strchr(name, '/') || strlen(name) > 32)
		return -EINVAL;
	snprintf(rel, sizeof(rel), "measurements/%s", name);
	ret = sysfs_node(path, sizeof(path), rel);
	if (ret)
		return ret;
	ret = tdxg_read_file(path, 4096, &buf, &len);
	if (ret)
		return ret;
	if (len != TDXG_DIGEST_LEN) {
		free(buf);
		return -EINVAL;
	}
	memcpy(value, buf, TDXG_DIGEST_LEN);
	free(buf);
	return 0;
}

int tdxg_read_runtime_log(uint8_t **buf, size_t *len)
{
	char path[4096];
	int ret;

	ret = sysfs_node(path, sizeof(path), "event_log");
	if (ret)
		return ret;
	return tdxg_read_file(path, LOG_MAX, buf, len);
}

int tdxg_read_ccel(uint8_t **buf, size_t *len, char *path, size_t path_size)
{
	char node[4096];
	const char *from = ACPI_CCEL_PATH;
	int ret;

	ret = tdxg_read_file(ACPI_CCEL_PATH, LOG_MAX, buf, len);
	if (ret == -ENOENT) {
		ret = sysfs_node(node, sizeof(node), "ccel");
		if (ret)
			return ret;
		from = node;
		ret = tdxg_read_file(node, LOG_MAX, buf, len);
	}
	if (path && path_size)
		snprintf(path, path_size, "%s", from);
	return ret;
}
