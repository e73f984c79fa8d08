#include "exit_bench.h"

#include "cpu.h"
#include "portio.h"
#include "realvm/protocol.h"
#include "trace.h"

void exit_bench_run(uint32_t iterations) {
  trace(VTICK_TRACE_BENCH_BEGIN, iterations, 0, rdtsc());
  for (uint32_t i = 0; i < iterations; ++i) {
    outl(VTICK_PORT_NOP, i);
  }
  trace(VTICK_TRACE_BENCH_END, iterations, 0, rdtsc());
}
