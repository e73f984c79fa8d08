/* The periodic-timer workload: a kernel timer that re-arms itself every period, a clock
 * sample every sample interval, and an end-of-run timer at the configured duration; plus a
 * timer moved by mod_timer and one deleted before it is due (and, with outsourced timers,
 * one deleted while its expiry is already on its way) to check those paths. With
 * config->workload other than periodic_timer, that workload (media.h, tcp_rto.h, cron.h)
 * replaces the periodic timer. */
#ifndef VTICK_GUEST_WORKLOAD_H
#define VTICK_GUEST_WORKLOAD_H

#include "realvm/protocol.h"

void workload_start(const struct vtick_boot_config* config);
int workload_finished(void);

#endif
