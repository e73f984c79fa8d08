/* The guest kernel's main line: configure, start the tick and the workload, then sleep in
 * hlt until the workload's end-of-run timer fires. All work happens in the tick. */
#include "boot_config.h"
#include "clock.h"
#include "console.h"
#include "exit_bench.h"
#include "host_cq.h"
#include "hypercall.h"
#include "idt.h"
#include "kvmclock.h"
#include "misbehave.h"
#include "outsourced_timer.h"
#include "portio.h"
#include "realvm/protocol.h"
#include "tick.h"
#include "trace.h"
#include "vm_exit.h"
#include "workload.h"

void guest_main(uint32_t loader_magic, uint32_t loader_info);

static void check_vmm_abi(void) {
  outl(VTICK_PORT_HYPERCALL, VTICK_HYPERCALL_ABI_VERSION);
  if (inl(VTICK_PORT_HYPERCALL) != VTICK_ABI_VERSION) {
    vm_exit(VTICK_EXIT_ABI_MISMATCH);
  }
}

static void touch_unclaimed_port(void) {
  outb(VTICK_PORT_UNCLAIMED, 0x5a);
  (void)inb(VTICK_PORT_UNCLAIMED);
}

static void idle_until_finished(void) {
  __asm__ volatile("cli");
  while (!workload_finished()) {
    /* sti takes effect after the next instruction, so no interrupt can slip in between
     * the check and the hlt and leave us asleep with the work already done. */
    __asm__ volatile("sti; hlt; cli" : : : "memory");
  }
}

void guest_main(uint32_t loader_magic, uint32_t loader_info) {
  struct vtick_boot_config config;
  idt_install();
  if (loader_magic == VTICK_MULTIBOOT_LOADER_MAGIC) {
    trace_as_text(); /* before anything can exit, so even a config error's exit is traced */
  }
  const uint32_t config_error = boot_config_load(loader_magic, loader_info, &config);
  if (config_error) {
    vm_exit(config_error);
  }
  console_write(loader_magic == VTICK_BOOT_MAGIC ? "vtick guest: booted by vtick vmm\n"
                                                 : "vtick guest: booted by a multiboot loader\n");
  if (loader_magic == VTICK_BOOT_MAGIC) {
    check_vmm_abi();
    hypercall_init(config.hypercall_args_gpa);
  }
  trace(VTICK_TRACE_BOOT, VTICK_ABI_VERSION, 0, config.seed);
  if (config.flags & VTICK_FLAG_TOUCH_UNCLAIMED_PORT) {
    touch_unclaimed_port();
  }
  if (config.exit_bench_iterations > 0) {
    if (config.host_cq_gpa) {
      /* The hypercall benchmark consumes the kernel's completions (exit_bench.c). */
      host_cq_start(&config, &((volatile struct vtick_timer_ring*)config.timer_ring_gpa)->tail);
    }
    exit_bench_run(config.exit_bench_iterations, (config.flags & VTICK_FLAG_HYPERCALL_BENCH) != 0);
    vm_exit(VTICK_EXIT_OK);
  }
  if (config.clock == VTICK_CLOCK_KVMCLOCK) {
    if (!kvmclock_available()) {
      vm_exit(VTICK_EXIT_NO_KVMCLOCK);
    }
    kvmclock_enable();
  }
  if (config.clock == VTICK_CLOCK_VMM_PVCLOCK) {
    clock_use_vmm_pvclock(config.vmm_pvclock_gpa);
  }
  if (config.scheme == VTICK_SCHEME_OUTSOURCED) {
    outsourced_timers_start(&config);
  } else {
    tick_start(config.hz, config.clock);
  }
  misbehave(config.misbehave);
  workload_start(&config);
  idle_until_finished();
  vm_exit(VTICK_EXIT_OK);
}
