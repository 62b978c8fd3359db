// SPDX-License-Identifier: GPL-2.0
/*
 * dtk canary: the smallest out-of-tree kernel module. Compiling it against a driver toolkit
 * image proves the image holds matching headers, kbuild and compiler; its vermagic names the
 * kernel it was built for.
 */
#include <linux/init.h>
#include <linux/module.h>
#include <linux/printk.h>

static int __init dtk_canary_init(void)
{
	pr_info("dtk_canary: loaded\n");
	return 0;
}

static void __exit dtk_canary_exit(void)
{
	pr_info("dtk_canary: unloaded\n");
}

module_init(dtk_canary_init);
module_exit(dtk_canary_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("dtk canary: proves a driver toolkit image can build modules for its kernel");
MODULE_AUTHOR("dtk");
