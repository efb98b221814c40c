#!/usr/bin/env bash
# Installs every Debian package ThreadLab needs to build, test and run.
# Idempotent: when everything is already installed it asks no registry.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libglfw3-dev libgl-dev libimgui-dev libstb-dev python3-glad
  catch2 libbenchmark-dev
  libcli11-dev nlohmann-json3-dev libfmt-dev
  fonts-dejavu-core
  xvfb xauth xdotool x11-utils mesa-utils libgl1-mesa-dri
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "installed" ]] || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "threadlab: installing ${#missing[@]} Debian package(s): ${missing[*]}" >&2
as_root=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "threadlab: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  as_root=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
