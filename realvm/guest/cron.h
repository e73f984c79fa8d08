/* cron (models/guest/cron_workload.hpp): a check every interval_ns of guest time, on a
 * fixed grid; the first check whose wall clock has reached at_ns runs the job, and checking
 * stops. Every check is a trace record, so the runner sees how many there were and when
 * the job ran in host time. This guest has no NTP: its wall clock is its clock. */
#ifndef VTICK_GUEST_CRON_H
#define VTICK_GUEST_CRON_H

#include <stdint.h>

void cron_start(uint32_t timer_id, uint64_t check_interval_ns, uint64_t at_ns);

#endif
