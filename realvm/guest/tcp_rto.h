/* tcp_rto (models/guest/tcp_rto_workload.hpp): a segment every interval_ns of guest time
 * (fixed grid), each with a retransmission timer rto_ns of guest time after its send. The
 * loss draw is the simulator's (prng.h). A segment that is not lost is handed to the VMM
 * (VTICK_HYPERCALL_TCP_SEND), which plays network and peer: it posts the ACK to the ACK
 * ring after rtt of host time, so the round trip is in true time, as in the simulator,
 * and the guest's clock has no say in it. The ACK deletes the retransmission timer; a
 * timer that runs first is a retransmission (lost segment) or a spurious one (ACK still in
 * flight). One segment is outstanding at a time, as in the simulator. */
#ifndef VTICK_GUEST_TCP_RTO_H
#define VTICK_GUEST_TCP_RTO_H

#include <stdint.h>

#include "realvm/protocol.h"

/* Needs the hypercall block (hypercall_init) and config->ack_ring_gpa. */
void tcp_rto_start(uint32_t send_timer_id, uint32_t rto_timer_id, const struct vtick_boot_config* config);
/* VTICK_TCP_ACK_IRQ handler body (interrupts off). */
void tcp_ack_interrupt(void);
int tcp_rto_active(void);

#endif
