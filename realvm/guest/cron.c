#include "cron.h"

#include "clock.h"
#include "realvm/protocol.h"
#include "timer.h"
#include "trace.h"

static struct timer_list check_timer;
static uint64_t interval_ns;
static uint64_t due_ns;
static uint32_t next_check;

static void arm_next_check(void) {
  mod_timer(&check_timer, clock_ticks_covering((uint64_t)next_check * interval_ns));
}

static void check(struct timer_list* t) {
  (void)t;
  const uint64_t wall = clock_now_ns();
  const int run_job = wall >= due_ns;
  trace(VTICK_TRACE_CRON_CHECK, next_check, wall, (uint64_t)run_job);
  if (!run_job) {
    ++next_check;
    arm_next_check();
  }
}

void cron_start(uint32_t timer_id, uint64_t check_interval_ns, uint64_t at_ns) {
  interval_ns = check_interval_ns;
  due_ns = at_ns;
  next_check = 1;
  check_timer.id = timer_id;
  check_timer.function = check;
  check_timer.pending = 0;
  check_timer.generation = 0;
  arm_next_check();
}
