// vtick: the command-line entry point. Exit codes: 0 success, 1 an expectation failed (or a
// crosscheck diverged), 2 bad input (scenario, trace or command line), 3 internal error,
// 4 no usable /dev/kvm or QEMU (vtick realvm; vtick calibrate --strict; vtick loadcurve: an engine's
// curve skipped),
// 130 interrupted (vtick realvm).
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/vtick/bound_command.hpp"
#include "tools/vtick/calibrate_command.hpp"
#include "tools/vtick/compare_command.hpp"
#include "tools/vtick/crosscheck_command.hpp"
#include "tools/vtick/loadcurve_command.hpp"
#include "tools/vtick/validate_command.hpp"
#include "tools/vtick/prove_command.hpp"
#include "tools/vtick/realvm_command.hpp"
#include "tools/vtick/realvm_linux_command.hpp"
#include "tools/vtick/run_command.hpp"
#include "tools/vtick/sweep_command.hpp"

int main(int argc, char** argv) {
  CLI::App app{"vtick: deterministic simulator of timer virtualization in hosted VMs"};
  app.require_subcommand(1);
  vtick::tools::RunCommand run(app);
  vtick::tools::CompareCommand compare(app);
  vtick::tools::SweepCommand sweep(app);
  vtick::tools::ProveCommand prove(app);
  vtick::tools::BoundCommand bound(app);
  vtick::tools::RealvmCommand realvm(app);
  vtick::tools::CrosscheckCommand crosscheck(app);
  vtick::tools::ValidateCommand validate(app);
  vtick::tools::CalibrateCommand calibrate(app);
  vtick::tools::LoadcurveCommand loadcurve(app);
  vtick::tools::RealvmLinuxCommand realvm_linux(*app.get_subcommand("realvm"));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }
  if (run.selected()) return run.execute();
  if (compare.selected()) return compare.execute();
  if (sweep.selected()) return sweep.execute();
  if (prove.selected()) return prove.execute();
  if (bound.selected()) return bound.execute();
  if (realvm_linux.selected()) return realvm_linux.execute();
  if (realvm.selected()) return realvm.execute();
  if (crosscheck.selected()) return crosscheck.execute();
  if (validate.selected()) return validate.execute();
  if (calibrate.selected()) return calibrate.execute();
  if (loadcurve.selected()) return loadcurve.execute();
  return 2;
}
