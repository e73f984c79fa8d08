#include "workload.h"

#include "clock.h"
#include "cpu.h"
#include "cron.h"
#include "media.h"
#include "outsourced_timer.h"
#include "tcp_rto.h"
#include "tick.h"
#include "timer.h"
#include "trace.h"

enum {
  PERIODIC_TIMER_ID = 1,
  SAMPLE_TIMER_ID = 2,
  END_OF_RUN_TIMER_ID = 3,
  MOVED_TIMER_ID = 4,   /* armed, then moved earlier by mod_timer: must fire once, at the new time */
  DELETED_TIMER_ID = 5, /* deleted by the moved timer's callback before it is due: must never fire */
  RACER_TIMER_ID = 6,   /* outsourced only: deleted while its expiry is already in the ring */
  /* The other workloads' timers (below VTICK_OUTSOURCED_MAX_TIMERS, as every id here). */
  MEDIA_TIMER_ID = 7,
  TCP_SEND_TIMER_ID = 8,
  TCP_RTO_TIMER_ID = 9,
  CRON_TIMER_ID = 10,
};

/* How long the racer waits for the VMM to post its expiry: far beyond an idle host's
 * reaction (tens of us), short enough not to stall the run. */
#define RACE_WAIT_NS 100000000ull

static struct timer_list periodic;
static struct timer_list sampler;
static struct timer_list end_of_run;
static struct timer_list moved;
static struct timer_list deleted;
static struct timer_list racer;
static uint32_t period_ticks;
static uint32_t sample_ticks;
static uint32_t samples_taken;
static volatile int finished;

static void trace_fired(struct timer_list* t) {
  trace(VTICK_TRACE_TIMER_FIRED, t->id, clock_now_ns(), clock_ns_at_jiffies(t->expires));
}

static void arm_traced(struct timer_list* t, uint32_t expires) {
  mod_timer(t, expires);
  trace(VTICK_TRACE_TIMER_ARMED, t->id, clock_now_ns(), clock_ns_at_jiffies(expires));
}

static void periodic_fired(struct timer_list* t) {
  trace_fired(t);
  /* Relative to now, the usual Linux driver idiom: lateness does not pile up into a burst. */
  arm_traced(t, jiffies + period_ticks);
}

static void sample_clock(struct timer_list* t) {
  trace(VTICK_TRACE_CLOCK_SAMPLE, samples_taken++, clock_now_ns(), jiffies);
  mod_timer(t, t->expires + sample_ticks); /* fixed rate: samples stay on a grid */
}

/* Tear down as a driver would, tracing whether each timer was still pending. */
static void cancel(struct timer_list* t) {
  const int was_pending = del_timer(t);
  trace(VTICK_TRACE_TIMER_CANCELLED, t->id, clock_now_ns(), (uint64_t)was_pending);
}

static void moved_fired(struct timer_list* t) {
  trace_fired(t);
  cancel(&deleted);
}

/* Arm a timer due at once, wait with interrupts off until its expiry is in the ring, then
 * delete it: the expiry is delivered after del_timer() returned and must be dropped. */
static void race_del_with_expiry(void) {
  const uint32_t flags = irq_save();
  mod_timer(&racer, jiffies);
  const uint64_t give_up = clock_now_ns() + RACE_WAIT_NS;
  while (!outsourced_expiry_posted() && clock_now_ns() < give_up) {
  }
  cancel(&racer);
  irq_restore(flags);
}

/* The periodic timer and the sampler re-arm themselves, so both should still be pending. */
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
  t->generation = 0;
}

/* The scenario's workload. The sampler, end-of-run and mod/del checks run with every one;
 * the periodic timer only as the periodic_timer workload (its end-of-run cancel then
 * traces it as not pending). */
static void start_workload(const struct vtick_boot_config* config) {
  switch (config->workload) {
    case VTICK_WORKLOAD_MEDIA:
      media_start(MEDIA_TIMER_ID, config->fps);
      return;
    case VTICK_WORKLOAD_TCP_RTO:
      tcp_rto_start(TCP_SEND_TIMER_ID, TCP_RTO_TIMER_ID, config);
      return;
    case VTICK_WORKLOAD_CRON:
      cron_start(CRON_TIMER_ID, config->interval_ns, config->at_ns);
      return;
    default:
      arm_traced(&periodic, jiffies + period_ticks);
  }
}

void workload_start(const struct vtick_boot_config* config) {
  period_ticks = clock_ticks_covering(config->period_ns);
  sample_ticks = clock_ticks_covering(config->sample_interval_ns);
  setup(&periodic, PERIODIC_TIMER_ID, periodic_fired);
  setup(&sampler, SAMPLE_TIMER_ID, sample_clock);
  setup(&end_of_run, END_OF_RUN_TIMER_ID, end_run);
  setup(&moved, MOVED_TIMER_ID, moved_fired);
  setup(&deleted, DELETED_TIMER_ID, trace_fired);
  sampler.expires = jiffies + sample_ticks;
  add_timer(&sampler);
  end_of_run.expires = clock_ticks_covering(config->duration_ns);
  add_timer(&end_of_run);
  start_workload(config);
  arm_traced(&deleted, clock_ticks_covering(config->duration_ns / 2));
  arm_traced(&moved, clock_ticks_covering(config->duration_ns / 4 * 3));
  arm_traced(&moved, clock_ticks_covering(config->duration_ns / 4));
  if (outsourced_timers_active()) {
    setup(&racer, RACER_TIMER_ID, trace_fired);
    race_del_with_expiry();
  }
}

int workload_finished(void) {
  return finished;
}
