#!/usr/bin/env bash
# A private, loopback-only CUPS for Peerdesk's printing tests (Debian/Ubuntu, no systemd needed).
# Adapted from the team's tested recipe so that tests on a fresh machine can set themselves up.
#
#   cups-test-server.sh up     install the packages if missing, start a private cupsd, add queues
#                              pd-pdf (cups-pdf: one PDF per job) and pd-gen (Generic PDF PPD -> one file)
#   cups-test-server.sh down   stop the cupsd that "up" started (by PID file) and delete its state
#   cups-test-server.sh install  only install the packages (cups, cups-pdf, poppler-utils' pdfinfo)
#   cups-test-server.sh env    print `export CUPS_SERVER=...` (and the output paths) for clients
#
# Several test files may share one server: when PEERDESK_CUPS_HOLDER is set, "up" records that holder
# and "down" only stops cupsd once no live holder is left (holders are "PID TOKEN" lines; a holder whose
# PID died is dropped). Without PEERDESK_CUPS_HOLDER, "down" stops unconditionally.
#
# Everything lives in $PEERDESK_CUPS_DIR (default /tmp/peerdesk-cups). The system cupsd (if any) is
# neither used nor touched, except /etc/cups/cups-pdf-peerdesk.conf (cups-pdf only reads its config
# from there), which "down" removes. Network: a unix socket plus 127.0.0.1:$PEERDESK_CUPS_PORT only,
# Browsing off, and --no-install-recommends keeps avahi and cups-browsed out. Never start avahi here.
# "up" and "down" are idempotent.
set -euo pipefail

DIR=${PEERDESK_CUPS_DIR:-/tmp/peerdesk-cups}
PORT=${PEERDESK_CUPS_PORT:-8641}
INSTANCE=peerdesk
SOCK=$DIR/run/cups.sock
LOCK=$DIR.lock
PACKAGES=(cups-daemon cups-client cups-bsd cups-filters printer-driver-cups-pdf poppler-utils)
# Clients use TCP: with a unix-socket CUPS_SERVER at a non-default path, `lpoptions -l` fails
# ("No printer-uri found") because printer-uri-supported points at localhost:631.
export CUPS_SERVER=localhost:$PORT
export LC_ALL=C

log() { printf '[cups-test %s] %s\n' "$(date +%T)" "$*" >&2; }
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo -n"

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

install_pkgs() {
  local need=()
  for p in "${PACKAGES[@]}"; do installed "$p" || need+=("$p"); done
  [ ${#need[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { log "apt-get not found and missing: ${need[*]}"; return 3; }
  log "installing: ${need[*]}"
  # A fresh image has empty package lists: refresh them only when apt cannot see a package.
  local p
  for p in "${need[@]}"; do
    if ! apt-cache show "$p" >/dev/null 2>&1; then
      log "apt-get update"
      $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 update -q >/dev/null
      break
    fi
  done
  # Keep the packages' postinst from starting a system cupsd (a no-op without systemd anyway).
  local made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    made_policy=1
  fi
  local rc=0
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q \
    --no-install-recommends "${need[@]}" >/dev/null || rc=$?
  [ $made_policy = 1 ] && $SUDO rm -f /usr/sbin/policy-rc.d
  return $rc
}

# A zombie counts as gone: in a container whose PID 1 does not reap, a stopped cupsd lingers as one.
running() { kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* ([^)]*) Z' "/proc/$1/stat" 2>/dev/null; }
alive() { [ -f "$1" ] && running "$(cat "$1")"; }

write_conf() {
  mkdir -p "$DIR"/{etc/ppd,etc/ssl,spool/tmp,cache,run,log,out/pdf}
  # Filters run as user lp: spool, cache and tmp must be group lp (the modes of /var/spool/cups), or
  # jobs stop with "Can't create temporary file".
  $SUDO chown root:lp "$DIR/spool" "$DIR/spool/tmp" "$DIR/cache"
  $SUDO chmod 0710 "$DIR/spool"
  $SUDO chmod 1770 "$DIR/spool/tmp"
  $SUDO chmod 0770 "$DIR/cache"
  chmod 0755 "$DIR" "$DIR/out"
  chmod 1777 "$DIR/out/pdf"
  cat >"$DIR/etc/cups-files.conf" <<EOF
ServerRoot $DIR/etc
RequestRoot $DIR/spool
TempDir $DIR/spool/tmp
CacheDir $DIR/cache
StateDir $DIR/run
AccessLog $DIR/log/access_log
ErrorLog $DIR/log/error_log
PageLog $DIR/log/page_log
SystemGroup root
FileDevice Yes
EOF
  cat >"$DIR/etc/cupsd.conf" <<EOF
LogLevel info
Listen $SOCK
Listen 127.0.0.1:$PORT
Browsing No
BrowseLocalProtocols none
DefaultShared No
WebInterface No
PreserveJobHistory Yes
PreserveJobFiles No
MaxJobs 500
JobRetryLimit 0
ErrorPolicy abort-job
<Location />
  Order allow,deny
  Allow localhost
</Location>
# A test instance: every operation is allowed, but only over the socket or loopback.
<Policy default>
  JobPrivateAccess all
  JobPrivateValues none
  SubscriptionPrivateAccess all
  SubscriptionPrivateValues none
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF
  # Label 2: every file is named job_<id>-<title>.pdf, so a test can find its own job's output.
  $SUDO tee /etc/cups/cups-pdf-$INSTANCE.conf >/dev/null <<EOF
Out $DIR/out/pdf
AnonDirName $DIR/out/pdf
Label 2
UserUMask 0000
EOF
}

wait_for() { # wait_for SECONDS cmd...
  local t=$(($1 * 10))
  shift
  until "$@" >/dev/null 2>&1; do
    t=$((t - 1))
    [ $t -gt 0 ] || return 1
    sleep 0.1
  done
}

add_queue() { # lpadmin prints a deprecation warning for PPD drivers: keep stderr quiet but not errors
  lpadmin "$@" 2>&1 | grep -vi 'deprecated' >&2 || true
}

start() {
  install_pkgs
  [ -d /etc/cups ] || $SUDO mkdir -p /etc/cups
  write_conf
  if alive "$DIR/run/cupsd.pid"; then
    log "cupsd already running (pid $(cat "$DIR/run/cupsd.pid"))"
  else
    $SUDO cupsd -t -c "$DIR/etc/cupsd.conf" -s "$DIR/etc/cups-files.conf" >/dev/null
    # -f keeps cupsd in the foreground, so the PID we record is cupsd's own. 9>&- : cupsd must not
    # inherit the lock's descriptor, or it would hold the lock for as long as it runs.
    setsid $SUDO cupsd -f -c "$DIR/etc/cupsd.conf" -s "$DIR/etc/cups-files.conf" \
      >"$DIR/log/cupsd.out" 2>&1 </dev/null 9>&- &
    echo $! >"$DIR/run/cupsd.pid"
    wait_for 20 lpstat -r || {
      cat "$DIR/log/error_log" >&2 || true
      log "cupsd did not come up"
      exit 1
    }
    log "cupsd up (pid $(cat "$DIR/run/cupsd.pid"), 127.0.0.1:$PORT)"
  fi
  # Re-adding an existing queue only updates it, so this is idempotent.
  # pd-gen: the Generic PDF PPD (Duplex, ColorModel, PageSize) on a file: device; each job overwrites
  # out/gen.pdf, whose PJL header shows which options reached the "printer".
  add_queue -p pd-gen -E -v "file://$DIR/out/gen.pdf" -m lsb/usr/cupsfilters/Generic-PDF_Printer-PDF.ppd \
    -D "Peerdesk test generic PDF"
  # pd-pdf: the cups-pdf backend, one PDF per job in out/pdf.
  add_queue -p pd-pdf -E -v "cups-pdf:/$INSTANCE" -P /usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd \
    -D "Peerdesk test cups-pdf"
  lpadmin -d pd-pdf
}

stop() {
  if alive "$DIR/run/cupsd.pid"; then
    local pid
    pid=$(cat "$DIR/run/cupsd.pid")
    $SUDO kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      running "$pid" || break
      sleep 0.1
    done
    if running "$pid"; then $SUDO kill -9 "$pid" 2>/dev/null || true; fi
    log "stopped cupsd (pid $pid)"
  fi
  $SUDO rm -rf "$DIR"
  $SUDO rm -f /etc/cups/cups-pdf-$INSTANCE.conf
  log "down"
}

holders_file() { echo "$DIR.holders"; }

# Drop holders whose process is gone (a crashed test run must not keep the server up forever).
prune_holders() {
  local f
  f=$(holders_file)
  [ -f "$f" ] || return 0
  local kept=""
  while read -r pid token; do
    [ -n "${pid:-}" ] && running "$pid" && kept+="$pid $token"$'\n'
  done <"$f"
  printf '%s' "$kept" >"$f"
}

up() {
  start
  if [ -n "${PEERDESK_CUPS_HOLDER:-}" ]; then
    prune_holders
    echo "$PEERDESK_CUPS_HOLDER" >>"$(holders_file)"
  fi
}

down() {
  local f
  f=$(holders_file)
  if [ -n "${PEERDESK_CUPS_HOLDER:-}" ] && [ -f "$f" ]; then
    grep -vxF -- "$PEERDESK_CUPS_HOLDER" "$f" >"$f.new" || true
    mv "$f.new" "$f"
    prune_holders
    if [ -s "$f" ]; then
      log "still in use by $(wc -l <"$f") holder(s): leaving cupsd running"
      return 0
    fi
  fi
  rm -f "$f"
  stop
}

locked() { # serialise up/down between concurrent test files
  exec 9>"$LOCK"
  flock -w 600 9
  "$@"
}

case "${1:-}" in
install) locked install_pkgs ;;
up) locked up ;;
down) locked down ;;
env)
  echo "export CUPS_SERVER=localhost:$PORT"
  echo "export PEERDESK_CUPS_OUT=$DIR/out"
  ;;
*)
  echo "usage: $0 up|down|env|install" >&2
  exit 2
  ;;
esac
