#include "realvm/vmm/trace_record.hpp"

#include "realvm/protocol.h"

namespace vtick::realvm::vmm {

std::string_view trace_kind_name(std::uint32_t kind) {
  switch (kind) {
    case VTICK_TRACE_BOOT: return "boot";
    case VTICK_TRACE_CLOCK_START: return "clock_start";
    case VTICK_TRACE_CLOCK_SAMPLE: return "clock_sample";
    case VTICK_TRACE_TIMER_ARMED: return "timer_armed";
    case VTICK_TRACE_TIMER_FIRED: return "timer_fired";
    case VTICK_TRACE_TICK_SUMMARY: return "tick_summary";
    case VTICK_TRACE_EXIT: return "exit";
    case VTICK_TRACE_BENCH_BEGIN: return "bench_begin";
    case VTICK_TRACE_BENCH_END: return "bench_end";
    case VTICK_TRACE_TIMER_CANCELLED: return "timer_cancelled";
    case VTICK_TRACE_STALE_EXPIRY: return "stale_expiry";
    case VTICK_TRACE_HYPERCALL_ERROR: return "hypercall_error";
    case VTICK_TRACE_MEDIA_FRAME: return "media_frame";
    case VTICK_TRACE_TCP_SEND: return "tcp_send";
    case VTICK_TRACE_TCP_ACK: return "tcp_ack";
    case VTICK_TRACE_TCP_RTO: return "tcp_rto";
    case VTICK_TRACE_CRON_CHECK: return "cron_check";
    default: return "unknown";
  }
}

}  // namespace vtick::realvm::vmm
