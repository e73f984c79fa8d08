// Linux's LAPIC period from its console: the calibration result N it prints (apic=verbose),
// the count N / 16 it writes, and QEMU's period of (count + 1) x 16 ns. Lines from a real boot
// (Debian 6.1 under QEMU 7.2's TCG); arithmetic by hand.
#include "realvm/linux/lapic_period.hpp"

#include <gtest/gtest.h>

#include <string>

namespace vtick::realvm::linux_guest {
namespace {

const std::string kBoot =
    "[    0.840986] ... lapic delta = 6249973\r\n"
    "[    0.841567] ..... delta 6249973\r\n"
    "[    0.841659] ..... mult: 268433308\r\n"
    "[    0.841814] ..... calibration result: 3999982\r\n"
    "[    0.842004] ..... CPU clock speed is 2445.1588 MHz.\r\n";

TEST(LapicPeriod, TheCalibrationResultFromTheConsole) {
  EXPECT_EQ(lapic_calibration_result(kBoot), 3'999'982);
  EXPECT_FALSE(lapic_calibration_result("[    0.84] ..... mult: 268433308\n"));
  EXPECT_FALSE(lapic_calibration_result("..... calibration result: \n"));
  // A second boot's line (a reboot) wins: the last one is the kernel that ran.
  EXPECT_EQ(lapic_calibration_result(kBoot + "..... calibration result: 4023040\n"), 4'023'040);
}

TEST(LapicPeriod, QemusPeriodForACount) {
  // 3,999,982 / 16 = 249,998; (249,998 + 1) x 16 = 3,999,984 ns.
  EXPECT_EQ(lapic_period_ns(3'999'982), 3'999'984);
  // 4,000,000 / 16 = 250,000: QEMU's + 1 makes it 16 ns long, +4 ppm at HZ 250.
  EXPECT_EQ(lapic_period_ns(4'000'000), 4'000'016);
  EXPECT_NEAR(*lapic_period_error_ppm(kBoot, 250), -4.0, 1e-9);
  // A boot that calibrated 0.58 % long: 4,023,040 / 16 = 251,440 -> 4,023,056 ns.
  EXPECT_NEAR(*lapic_period_error_ppm("..... calibration result: 4023040\n", 250), 5764.0, 1e-9);
  EXPECT_FALSE(lapic_period_error_ppm(kBoot, 0));
  EXPECT_FALSE(lapic_period_error_ppm("no apic lines", 250));
}

}  // namespace
}  // namespace vtick::realvm::linux_guest
