# Sourced by the eng/install-*.sh scripts: installs Debian packages with apt-get, through sudo when not root.
# Usage: apt_install <script name> <package>...
apt_install() {
  local name=$1
  shift
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "$name: missing $* and apt-get is not available; install them with your package manager." >&2
    return 1
  fi

  local sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo_cmd=(sudo)
    else
      echo "$name: need root or sudo to install $*." >&2
      return 1
    fi
  fi

  echo "$name: installing $* ..."
  "${sudo_cmd[@]}" apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@"
}
