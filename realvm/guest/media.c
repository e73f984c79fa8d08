#include "media.h"

#include "clock.h"
#include "math64.h"
#include "realvm/protocol.h"
#include "timer.h"
#include "trace.h"

static struct timer_list frame_timer;
static uint32_t frames_per_second;
static uint32_t next_frame;
/* next_frame's deadline floor(k * 1e9 / fps) as whole ns plus the remainder (k * 1e9 mod
 * fps), stepped by 1e9 / fps per frame: exact for every k, with no rounded frame period
 * accumulating, and without a 64-bit division per frame (shift-and-subtract costs about a
 * millisecond on this host's nested KVM, which would show up as lateness). */
static uint64_t deadline_ns;
static uint32_t deadline_remainder;
static uint32_t step_ns;
static uint32_t step_remainder;

static void advance_deadline(void) {
  deadline_ns += step_ns;
  deadline_remainder += step_remainder;
  if (deadline_remainder >= frames_per_second) {
    deadline_remainder -= frames_per_second;
    ++deadline_ns;
  }
}

static void frame_due(struct timer_list* t) {
  (void)t;
  /* Trace first: the record's host stamp is what the frame's lateness is measured by. */
  trace(VTICK_TRACE_MEDIA_FRAME, next_frame, clock_now_ns(), deadline_ns);
  ++next_frame;
  advance_deadline();
  mod_timer(&frame_timer, clock_ticks_covering(deadline_ns));
}

void media_start(uint32_t timer_id, uint32_t fps) {
  frames_per_second = fps;
  step_ns = (uint32_t)div_u64(1000000000u, fps);
  step_remainder = 1000000000u - step_ns * fps;
  next_frame = 1;
  deadline_ns = 0;
  deadline_remainder = 0;
  advance_deadline();
  frame_timer.id = timer_id;
  frame_timer.function = frame_due;
  frame_timer.pending = 0;
  frame_timer.generation = 0;
  mod_timer(&frame_timer, clock_ticks_covering(deadline_ns));
}
