#include "exit_bench.h"

#include "cpu.h"
#include "host_cq.h"
#include "hypercall.h"
#include "portio.h"
#include "realvm/protocol.h"
#include "trace.h"

/* kvmclock counts from the VM's creation, so 600 s is inside the VMM's 1 h horizon and
 * never due during the benchmark: the host timer is armed and disarmed, never fires. */
#define HYPERCALL_BENCH_DEADLINE_NS 600000000000ull

static void timer_hypercall_pairs(uint32_t iterations) {
  for (uint32_t i = 0; i < iterations; ++i) {
    /* Host-kernel delivery: each pair leaves two bookkeeping completions (the remove and
     * the removed timeout) that we must consume, as outsourced_arm() does, or the queue
     * fills and the VMM refuses. Part of the measured cost in that mode. */
    if (host_cq_active()) {
      host_cq_skip_bookkeeping();
    }
    hypercall(VTICK_HYPERCALL_TIMER_ARM, 0, 2 * i + 1, HYPERCALL_BENCH_DEADLINE_NS);
    hypercall(VTICK_HYPERCALL_TIMER_CANCEL, 0, 2 * i + 2, 0);
  }
}

void exit_bench_run(uint32_t iterations, int hypercalls) {
  trace(VTICK_TRACE_BENCH_BEGIN, iterations, 0, rdtsc());
  if (hypercalls) {
    timer_hypercall_pairs(iterations);
  } else {
    for (uint32_t i = 0; i < iterations; ++i) {
      outl(VTICK_PORT_NOP, i);
    }
  }
  trace(VTICK_TRACE_BENCH_END, iterations, 0, rdtsc());
}
