#!/usr/bin/env bash
# DashboardIT drives a real headless Chromium. Debian packages the browser with its driver;
# install them when missing, so the test command works on a machine that has only a JDK.
set -euo pipefail
if [[ -x /usr/bin/chromium && -x /usr/bin/chromedriver ]]; then
  exit 0
fi
if ! command -v apt-get >/dev/null; then
  echo "DashboardIT needs Chromium and ChromeDriver at /usr/bin/chromium and /usr/bin/chromedriver" >&2
  exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  sudo=(sudo -n)
fi
echo "Installing Debian's chromium and chromium-driver for DashboardIT..." >&2
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium chromium-driver
