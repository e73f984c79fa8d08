#include "boot_config.h"

static void set_defaults(struct vtick_boot_config* config) {
  *config = (struct vtick_boot_config){0}; /* every field not set below, reserved ones included */
  config->magic = VTICK_BOOT_CONFIG_MAGIC;
  config->abi_version = VTICK_ABI_VERSION;
  config->scheme = VTICK_SCHEME_KERNEL_PIT;
  config->hz = 100;
  config->clock = VTICK_CLOCK_JIFFIES;
  config->flags = 0;
  config->period_ns = 50000000;
  config->sample_interval_ns = 100000000;
  config->duration_ns = 2000000000;
  config->seed = 0;
  config->exit_bench_iterations = 0;
}

/* 19 Hz is the slowest rate the 16-bit PIT counter reaches; 1000 Hz is Linux's highest HZ. */
static int is_runnable(const struct vtick_boot_config* c) {
  return c->magic == VTICK_BOOT_CONFIG_MAGIC && c->abi_version == VTICK_ABI_VERSION &&
         c->hz >= 19 && c->hz <= 1000 &&
         (c->clock == VTICK_CLOCK_JIFFIES || c->clock == VTICK_CLOCK_KVMCLOCK ||
          (c->clock == VTICK_CLOCK_VMM_PVCLOCK && c->vmm_pvclock_gpa != 0)) &&
         c->period_ns > 0 && c->sample_interval_ns > 0 &&
         /* Outsourced timers follow kvmclock and need the VMM's shared pages. */
         (c->scheme != VTICK_SCHEME_OUTSOURCED ||
          (c->clock == VTICK_CLOCK_KVMCLOCK && c->timer_ring_gpa != 0 && c->hypercall_args_gpa != 0));
}

uint32_t boot_config_load(uint32_t loader_magic, uint32_t loader_info, struct vtick_boot_config* config) {
  if (loader_magic != VTICK_BOOT_MAGIC) {
    set_defaults(config);
    return 0;
  }
  *config = *(const struct vtick_boot_config*)loader_info;
  return is_runnable(config) ? 0 : VTICK_EXIT_BAD_CONFIG;
}
