/* Outsourced timers delivered by the host kernel: the expiries are completions the host's
 * io_uring writes into its completion queue, which the VMM maps read-only into our
 * physical address space (realvm/protocol.h, VTICK_HOST_CQ_GPA). We read them in place and
 * tell the VMM how far we got through a word in our own RAM; we never write the queue. */
#ifndef VTICK_GUEST_HOST_CQ_H
#define VTICK_GUEST_HOST_CQ_H

#include <stdint.h>

#include "realvm/protocol.h"

/* Take expiries from the queue the boot config describes; `consumed` is where we publish
 * our progress (the timer ring's tail). */
void host_cq_start(const struct vtick_boot_config* config, volatile uint32_t* consumed);
int host_cq_active(void);
/* Acknowledge the expiry interrupt where it came from: the LAPIC for the MSI, else the PIC. */
void host_cq_end_of_interrupt(void);
/* The next expiry, skipping bookkeeping completions; 0 when the queue is drained. */
int host_cq_take(struct vtick_timer_expiry* out);
/* Consume the completions in front that are not expiries (the VMM's removes and the
 * timeouts they cancelled), stopping at the first expiry, which is left for the interrupt
 * handler. Called before each timer hypercall: the VMM frees what we consumed there, so
 * bookkeeping alone can never fill the queue while our interrupts are off. */
void host_cq_skip_bookkeeping(void);
/* An expiry is waiting (without consuming anything). */
int host_cq_expiry_waiting(void);

#endif
