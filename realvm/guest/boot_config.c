#include "boot_config.h"

#include "cmdline.h"
#include "console.h"

/* Multiboot v1 info: flags bit 2 says `cmdline` (offset 16) holds the command line's address. */
#define MULTIBOOT_INFO_CMDLINE 0x4u
struct multiboot_info {
  uint32_t flags;
  uint32_t unused[3];
  uint32_t cmdline;
};

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
  config->workload = VTICK_WORKLOAD_PERIODIC_TIMER;
  config->fps = 30;
  config->interval_ns = 100000000;
  config->at_ns = 1000000000;
}

/* Each workload's parameters; the VMM validates the same ranges (vm_config.cpp). */
static int workload_is_runnable(const struct vtick_boot_config* c) {
  switch (c->workload) {
    case VTICK_WORKLOAD_PERIODIC_TIMER: return 1;
    case VTICK_WORKLOAD_MEDIA: return c->fps >= 1 && c->fps <= 1000;
    case VTICK_WORKLOAD_CRON: return c->interval_ns > 0;
    /* Only our VMM delivers ACKs (it must pass the ring and the hypercall block). */
    case VTICK_WORKLOAD_TCP_RTO: return c->interval_ns > 0 && c->ack_ring_gpa != 0 && c->hypercall_args_gpa != 0;
    default: return 0;
  }
}

/* 19 Hz is the slowest rate the 16-bit PIT counter reaches; 1000 Hz is Linux's highest HZ. */
static int is_runnable(const struct vtick_boot_config* c) {
  return c->magic == VTICK_BOOT_CONFIG_MAGIC && c->abi_version == VTICK_ABI_VERSION &&
         c->hz >= 19 && c->hz <= 1000 &&
         (c->clock == VTICK_CLOCK_JIFFIES || c->clock == VTICK_CLOCK_KVMCLOCK ||
          (c->clock == VTICK_CLOCK_VMM_PVCLOCK && c->vmm_pvclock_gpa != 0)) &&
         c->period_ns > 0 && c->sample_interval_ns > 0 && workload_is_runnable(c) &&
         /* Outsourced timers follow kvmclock and need the VMM's shared pages. */
         (c->scheme != VTICK_SCHEME_OUTSOURCED ||
          (c->clock == VTICK_CLOCK_KVMCLOCK && c->timer_ring_gpa != 0 && c->hypercall_args_gpa != 0)) &&
         /* The host kernel's completion queue: a power-of-two size, outsourced scheme only. */
         (c->host_cq_gpa == 0 ||
          (c->scheme == VTICK_SCHEME_OUTSOURCED && c->host_cq_entries != 0 &&
           (c->host_cq_entries & (c->host_cq_entries - 1)) == 0 &&
           (c->host_cq_msi_vector == 0 || c->host_cq_msi_vector == VTICK_HOST_CQ_MSI_VECTOR)));
}

uint32_t boot_config_load(uint32_t loader_magic, uint32_t loader_info, struct vtick_boot_config* config) {
  if (loader_magic == VTICK_MULTIBOOT_LOADER_MAGIC) {
    set_defaults(config);
    const struct multiboot_info* info = (const struct multiboot_info*)loader_info;
    if (info->flags & MULTIBOOT_INFO_CMDLINE) {
      const uint32_t error = cmdline_apply((const char*)info->cmdline, config);
      if (error) {
        return error;
      }
    }
    if (!is_runnable(config)) {
      console_write("vtick guest: command line needs hz 19..1000, period_ns, sample_ns and interval_ns > 0, fps 1..1000\n");
      return VTICK_EXIT_BAD_CONFIG;
    }
    return 0;
  }
  if (loader_magic != VTICK_BOOT_MAGIC) {
    set_defaults(config); /* an unknown loader: nothing to read */
    return 0;
  }
  *config = *(const struct vtick_boot_config*)loader_info;
  return is_runnable(config) ? 0 : VTICK_EXIT_BAD_CONFIG;
}
