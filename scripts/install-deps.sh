#!/usr/bin/env bash
# Installs vtick's build and run dependencies from Debian 12's archive.
# Idempotent: packages already present are skipped; nothing is installed with recommends.
set -euo pipefail
packages=(
  build-essential cmake make pkg-config git
  libsystemc-dev libz3-dev libboost-graph-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev nlohmann-json3-dev libcli11-dev
  gnuplot-nox
  qemu-system-x86  # tests/realvm_qemu: the guest under QEMU
  busybox-static   # realvm/linux: the initramfs's shell and mount/poweroff
  liburing-dev     # realvm/vmm: host-kernel timer delivery (io_uring timeouts)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi
sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
