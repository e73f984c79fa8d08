#include "calibration/cpu_hogs.hpp"

namespace vtick::calibration {

CpuHogs::CpuHogs(int cpu, int count, std::chrono::nanoseconds longest) {
  sim::LoadTaskSpec hog;
  hog.name = "calibrate-hog";
  hog.kind = sim::LoadKind::CpuHog;
  hog.count = count;
  hog.affinity = {cpu};
  load_ = std::make_unique<realvm::load::HostLoad>(std::vector<sim::LoadTaskSpec>{hog}, 0, longest.count());
  load_->start();
}

}  // namespace vtick::calibration
