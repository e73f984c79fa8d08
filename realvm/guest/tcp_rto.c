#include "tcp_rto.h"

#include "clock.h"
#include "cpu.h"
#include "hypercall.h"
#include "pic.h"
#include "prng.h"
#include "timer.h"
#include "trace.h"

static struct timer_list send_timer;
static struct timer_list rto_timer;
static volatile struct vtick_ack_ring* acks;
static struct prng loss_draws;
static uint64_t loss_threshold;
static uint64_t interval_ns;
static uint64_t rto_ns;
static uint32_t next_send;
static uint32_t segment; /* the newest segment's number; 0 before the first */
static int outstanding;
static int lost;
/* The next segment's loss, drawn ahead: 64-bit arithmetic is slow enough on this host's
 * nested KVM that drawing between the tick and the send's trace record would make the
 * send look later than it was, and its retransmission earlier. */
static int next_lost;

static int draw_loss(void) {
  return (prng_next(&loss_draws) >> 11) < loss_threshold;
}

static void arm_next_send(void) {
  mod_timer(&send_timer, clock_ticks_covering((uint64_t)next_send * interval_ns));
}

static void send(struct timer_list* t) {
  (void)t;
  const uint64_t now = clock_now_ns();
  ++segment;
  outstanding = 1;
  lost = next_lost;
  trace(VTICK_TRACE_TCP_SEND, segment, now, (uint64_t)lost);
  next_lost = draw_loss();
  mod_timer(&rto_timer, clock_ticks_covering(now + rto_ns));
  if (!lost) {
    const uint32_t result = hypercall(VTICK_HYPERCALL_TCP_SEND, segment, 0, 0);
    if (result != VTICK_HYPERCALL_OK) {
      trace(VTICK_TRACE_HYPERCALL_ERROR, VTICK_HYPERCALL_TCP_SEND, now, result);
    }
  }
  ++next_send;
  arm_next_send();
}

static void retransmission_timeout(struct timer_list* t) {
  (void)t;
  if (!outstanding) {
    return;
  }
  outstanding = 0; /* the retransmission is assumed to get through, as in the simulator */
  trace(VTICK_TRACE_TCP_RTO, segment, clock_now_ns(), (uint64_t)lost);
}

static void ack_arrived(uint32_t acked) {
  const int current = outstanding && acked == segment;
  if (current) {
    outstanding = 0;
    del_timer(&rto_timer);
  }
  trace(VTICK_TRACE_TCP_ACK, acked, clock_now_ns(), (uint64_t)current);
}

void tcp_ack_interrupt(void) {
  /* Acknowledge first, as for the timer ring: an ACK posted from now on raises a new edge. */
  pic_end_of_interrupt(VTICK_TCP_ACK_IRQ);
  uint32_t tail = acks->tail;
  while (tail != acks->head) {
    barrier();
    const uint32_t acked = acks->segments[tail % VTICK_ACK_RING_SIZE];
    barrier();
    acks->tail = ++tail;
    ack_arrived(acked);
  }
}

int tcp_rto_active(void) {
  return acks != 0;
}

static void setup(struct timer_list* t, uint32_t id, void (*function)(struct timer_list*)) {
  t->id = id;
  t->function = function;
  t->pending = 0;
  t->generation = 0;
}

void tcp_rto_start(uint32_t send_timer_id, uint32_t rto_timer_id, const struct vtick_boot_config* config) {
  acks = (volatile struct vtick_ack_ring*)config->ack_ring_gpa;
  prng_seed(&loss_draws, config->workload_seed);
  loss_threshold = config->loss_threshold;
  next_lost = draw_loss();
  interval_ns = config->interval_ns;
  rto_ns = config->rto_ns;
  next_send = 1;
  setup(&send_timer, send_timer_id, send);
  setup(&rto_timer, rto_timer_id, retransmission_timeout);
  pic_unmask(VTICK_TCP_ACK_IRQ);
  arm_next_send();
}
