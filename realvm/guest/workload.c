#include "workload.h"

#include "clock.h"
#include "tick.h"
#include "timer.h"
#include "trace.h"

enum { PERIODIC_TIMER_ID = 1, SAMPLE_TIMER_ID = 2, END_OF_RUN_TIMER_ID = 3 };

static struct timer_list periodic;
static struct timer_list sampler;
static struct timer_list end_of_run;
static uint32_t period_ticks;
static uint32_t sample_ticks;
static uint32_t samples_taken;
static volatile int finished;

static void arm_periodic(uint32_t expires) {
  mod_timer(&periodic, expires);
  trace(VTICK_TRACE_TIMER_ARMED, periodic.id, clock_now_ns(), clock_ns_at_jiffies(expires));
}

static void periodic_fired(struct timer_list* t) {
  trace(VTICK_TRACE_TIMER_FIRED, t->id, clock_now_ns(), clock_ns_at_jiffies(t->expires));
  /* Relative to now, the usual Linux driver idiom: lateness does not pile up into a burst. */
  arm_periodic(jiffies + period_ticks);
}

static void sample_clock(struct timer_list* t) {
  trace(VTICK_TRACE_CLOCK_SAMPLE, samples_taken++, clock_now_ns(), jiffies);
  mod_timer(t, t->expires + sample_ticks); /* fixed rate: samples stay on a grid */
}

/* Tear down as a driver would: delete the workload's timers, tracing whether each was
 * still pending (both re-arm themselves, so both should be). */
static void cancel(struct timer_list* t) {
  const int was_pending = del_timer(t);
  trace(VTICK_TRACE_TIMER_CANCELLED, t->id, clock_now_ns(), (uint64_t)was_pending);
}

static void end_run(struct timer_list* t) {
  (void)t;
  cancel(&periodic);
  cancel(&sampler);
  finished = 1;
}

static void setup(struct timer_list* t, uint32_t id, void (*function)(struct timer_list*)) {
  t->id = id;
  t->function = function;
  t->pending = 0;
}

void workload_start(const struct vtick_boot_config* config) {
  period_ticks = clock_ticks_covering(config->period_ns);
  sample_ticks = clock_ticks_covering(config->sample_interval_ns);
  setup(&periodic, PERIODIC_TIMER_ID, periodic_fired);
  setup(&sampler, SAMPLE_TIMER_ID, sample_clock);
  setup(&end_of_run, END_OF_RUN_TIMER_ID, end_run);
  sampler.expires = jiffies + sample_ticks;
  add_timer(&sampler);
  end_of_run.expires = clock_ticks_covering(config->duration_ns);
  add_timer(&end_of_run);
  arm_periodic(jiffies + period_ticks);
}

int workload_finished(void) {
  return finished;
}
