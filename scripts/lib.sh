# Shared helpers for the test scripts (source it).
log() { printf '\n==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# apt_install PKG... — installs the Debian packages that are missing (idempotent, lock-tolerant).
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ ! -f /tmp/.egov-apt-updated ]; then
    as_root apt-get -o DPkg::Lock::Timeout=600 update -qq && touch /tmp/.egov-apt-updated
  fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq "${missing[@]}" >/dev/null
}
