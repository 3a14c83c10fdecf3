#!/usr/bin/env bash
# Installs obshell-console behind nginx: renders nginx.conf and security-headers.conf (the
# templates beside this script) and console.json for one listen address, one certificate and
# the backends given once as arguments, checks the result with `nginx -t`, and only then puts
# it in place. Needs bash, coreutils and nginx (no Rust, node or python). `--help` for usage;
# docs/deploy.md for the whole procedure.
set -euo pipefail
shopt -u patsub_replacement 2>/dev/null || true
export LC_ALL=C

here=$(cd "$(dirname "$0")" && pwd)
me=install.sh

usage() {
  cat <<'EOF'
Usage: install.sh --listen [HOST:]PORT --cert FILE --key FILE
                  --backend NAME,KIND,ADDRESS[,PREFIX] [--backend ...] [options]

Installs obshell-console into DIR (default /srv/obshell-console):
  DIR/dist/                  the console, with DIR/dist/console.json listing the backends
  DIR/nginx.conf             the nginx configuration (start: nginx -c DIR/nginx.conf)
  DIR/security-headers.conf  the headers every answer carries (included by nginx.conf)
  DIR/var/                   nginx's pid, logs and temporary files
Nothing is written before every argument has been checked and the rendered configuration has
passed `nginx -t` in a scratch folder. It never starts, stops or reloads nginx: it prints the
command that does.

  --listen [HOST:]PORT   where nginx serves the console over HTTPS (e.g. 443, 10.0.0.5:8443);
                         refused when something already listens there
  --listen-http [HOST:]PORT
                         also listen for plain HTTP there, answering only a redirect to HTTPS
  --cert FILE            the certificate chain (PEM) for --listen; must be readable
  --key FILE             its private key (PEM); must be readable
  --backend NAME,KIND,ADDRESS[,PREFIX]
                         one backend, in the order the console lists them; repeat for each.
                         NAME: 1 to 32 of A-Z a-z 0-9 . _ - (not "." or ".."), unique.
                         KIND: obshell (an OBShell agent) or ocp (OCP's API v2).
                         ADDRESS: HOST:PORT of the agent or OCP as nginx reaches it.
                         PREFIX (optional): where the browser reaches it. An agent is at ""
                         (/api/; the default for the first agent) or at /agents/NAME (the
                         default for the others); OCP is at "" (/api/v2/), one OCP at most.
  --dir DIR              the install folder (default /srv/obshell-console)
  --user USER            the user nginx's workers run as (nginx's default without it)
  --dist-from DIR        the built console to install (default: dist/ beside this script)
  --render-only OUT      only check the arguments and write nginx.conf, security-headers.conf
                         and console.json into OUT (their paths still name DIR); no nginx -t,
                         nothing else written (to review a configuration; the tests use it)
  -h, --help             this text

Example:
  ./install.sh --listen 443 --listen-http 80 \
    --cert /etc/ssl/console/fullchain.pem --key /etc/ssl/console/privkey.pem \
    --backend demo,obshell,127.0.0.1:2886 --backend east,obshell,10.0.1.1:2886 \
    --backend ocp,ocp,10.0.0.9:8080
EOF
}

fail() {
  echo "$me: $*" >&2
  echo "$me: nothing was written." >&2
  exit 2
}

# --- The Content-Security-Policy's script hashes ---------------------------------------------

# One 'sha256-<base64>' per inline <script> (without src) of index.html: the exact text between
# <script ...> and </script>, as the browser hashes it (Trunk writes one: the wasm loader).
csp_hashes() {
  local html rest attrs text hex out=()
  html=$(<"$1")
  while [[ $html == *"<script"* ]]; do
    rest=${html#*<script}
    attrs=${rest%%>*}
    rest=${rest#*>}
    text=${rest%%</script>*}
    html=${rest#*</script>}
    [[ $attrs =~ (^|[[:space:]])src[[:space:]]*= ]] && continue
    hex=$(printf '%s' "$text" | sha256sum)
    hex=${hex%% *}
    out+=("'sha256-$(printf "$(sed 's/../\\x&/g' <<<"$hex")" | base64 -w0)'")
  done
  echo "${out[*]}"
}

listen= listen_http= cert= key= dir=/srv/obshell-console user= dist_from= render_only=
specs=()
need() { [ $# -ge 2 ] || fail "$1 needs a value (--help)"; }
while [ $# -gt 0 ]; do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --listen) need "$@"; listen=$2; shift 2 ;;
    --listen-http) need "$@"; listen_http=$2; shift 2 ;;
    --cert) need "$@"; cert=$2; shift 2 ;;
    --key) need "$@"; key=$2; shift 2 ;;
    --backend) need "$@"; specs+=("$2"); shift 2 ;;
    --dir) need "$@"; dir=$2; shift 2 ;;
    --user) need "$@"; user=$2; shift 2 ;;
    --dist-from) need "$@"; dist_from=$2; shift 2 ;;
    --render-only) need "$@"; render_only=$2; shift 2 ;;
    --csp-of) need "$@"; csp_hashes "$2"; exit 0 ;;
    *) fail "unknown argument '$1' (--help)" ;;
  esac
done
[ -n "$dist_from" ] || dist_from=$here/dist

# --- The arguments, each checked with a message naming it ------------------------------------

# A path nginx reads as one word: absolute, without blanks, quotes, ; { } $ or #.
word_path() {
  [[ $2 == /* && $2 != *[[:space:]\;\{\}\$\#\"\'\\]* ]] ||
    fail "$1 '$2': must be an absolute path without blanks, quotes, ';', '{', '}', '\$', '#' or '\\'"
}

# [HOST:]PORT for nginx's listen: sets l_host (127.0.0.1 for a wildcard) and l_port.
listen_value() {
  local what=$1 value=$2
  if [[ $value =~ ^([0-9]{1,5})$ ]]; then
    l_host=127.0.0.1 l_port=${BASH_REMATCH[1]}
  elif [[ $value =~ ^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+|\*):([0-9]{1,5})$ ]]; then
    l_host=${BASH_REMATCH[1]} l_port=${BASH_REMATCH[2]}
    case "$l_host" in '*' | 0.0.0.0) l_host=127.0.0.1 ;; '[::]') l_host=::1 ;; esac
  else
    fail "$what '$value': must be PORT or HOST:PORT (e.g. 443, 10.0.0.5:8443, [::]:443)"
  fi
  ((10#$l_port >= 1 && 10#$l_port <= 65535)) || fail "$what '$value': the port must be 1 to 65535"
  l_host=${l_host#[}
  l_host=${l_host%]}
}

# The nginx of this install folder, when it runs (a re-install keeps its ports).
running_pid=
if [ -r "$dir/var/nginx.pid" ]; then
  pid=$(<"$dir/var/nginx.pid")
  if [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then running_pid=$pid; fi
fi

port_free() {
  local what=$1 value=$2
  listen_value "$what" "$value"
  [ -n "$running_pid" ] && return 0
  local used=
  if command -v ss >/dev/null 2>&1; then
    [ -n "$(ss -Hltn "sport = :$l_port" 2>/dev/null)" ] && used=1
  elif (exec 3<>"/dev/tcp/$l_host/$l_port") 2>/dev/null; then
    used=1
  fi
  [ -z "$used" ] || fail "$what '$value': port $l_port is in use (something already listens there; stop it or choose another port)"
}

[ -n "$listen" ] || fail "--listen is missing: where nginx serves the console over HTTPS (--help)"
port_free --listen "$listen"
https_port=$l_port
if [ -n "$listen_http" ]; then
  port_free --listen-http "$listen_http"
  [ "$l_port" != "$https_port" ] || fail "--listen-http '$listen_http': the same port as --listen"
fi

readable() {
  local what=$1 file=$2 pem=$3
  [ -n "$file" ] || fail "$what is missing (--help)"
  word_path "$what" "$file"
  [ -f "$file" ] || fail "$what '$file': no such file"
  [ -r "$file" ] || fail "$what '$file': not readable"
  grep -q -- "-----BEGIN .*$pem" "$file" 2>/dev/null || fail "$what '$file': no PEM $pem in it"
}
readable --cert "$cert" CERTIFICATE
readable --key "$key" "PRIVATE KEY"

word_path --dir "$dir"
[ -z "$user" ] || [[ $user =~ ^[a-z_][a-z0-9_-]*$ ]] || fail "--user '$user': not a user name"
[ -f "$dist_from/index.html" ] || fail "--dist-from '$dist_from': no built console (index.html) there"

# The console's own rules for console.json (src/core/backend.rs: valid_name, valid_prefix), in
# its words: a backend it would refuse is refused here, before nginx is touched.
NAME_RULE='must be 1 to 32 of A-Z a-z 0-9 . _ - (not "." or ".."), unique'
PREFIX_RULE='must be "" or start with "/", without a trailing "/", and without "?", "#", "%" or ".."'
valid_name() { [[ $1 =~ ^[A-Za-z0-9._-]{1,32}$ && $1 != . && $1 != .. ]]; }
valid_prefix() {
  [ -z "$1" ] && return 0
  [[ $1 == /* && $1 != */ && $1 != *[\?\#%]* && $1 != *..* && $1 != *[[:space:][:cntrl:]]* ]]
}

# The backends: parallel arrays, in the order given.
b_name=() b_kind=() b_addr=() b_prefix=()
default_agent= the_ocp=
for spec in ${specs[@]+"${specs[@]}"}; do
  what="--backend '$spec'"
  IFS=, read -r name kind addr prefix extra <<<"$spec,"
  [ -z "$extra" ] || fail "$what: NAME,KIND,ADDRESS[,PREFIX] has at most four fields"
  [ -n "$name" ] && [ -n "$kind" ] && [ -n "$addr" ] || fail "$what: must be NAME,KIND,ADDRESS[,PREFIX]"
  valid_name "$name" || fail "$what: name '$name': $NAME_RULE"
  for seen in ${b_name[@]+"${b_name[@]}"}; do
    [ "$seen" != "$name" ] || fail "$what: name '$name': $NAME_RULE (listed twice)"
  done
  case "$kind" in obshell | ocp) ;; *) fail "$what: kind '$kind': must be \"obshell\" or \"ocp\"" ;; esac
  [[ $addr =~ ^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):([0-9]{1,5})$ ]] &&
    ((10#${BASH_REMATCH[2]} >= 1 && 10#${BASH_REMATCH[2]} <= 65535)) ||
    fail "$what: address '$addr': must be HOST:PORT (e.g. 10.0.1.1:2886)"
  # The prefix: the given one (a fourth field, even empty) or the default for the kind.
  if [[ $spec != *,*,*,* ]]; then
    if [ "$kind" = obshell ] && [ -n "$default_agent" ]; then prefix=/agents/$name; else prefix=; fi
  fi
  valid_prefix "$prefix" || fail "$what: prefix '$prefix': $PREFIX_RULE"
  if [ "$kind" = ocp ]; then
    [ -z "$prefix" ] || fail "$what: prefix '$prefix': this nginx serves OCP at \"\" (/api/v2/) only"
    [ -z "$the_ocp" ] || fail "$what: one OCP at most (already '$the_ocp')"
    the_ocp=$name
  elif [ -z "$prefix" ]; then
    [ -z "$default_agent" ] || fail "$what: prefix '': already the agent '$default_agent' (give /agents/$name)"
    default_agent=$name
  else
    [ "$prefix" = "/agents/$name" ] ||
      fail "$what: prefix '$prefix': this nginx serves an agent at \"\" (/api/) or at /agents/$name"
  fi
  b_name+=("$name") b_kind+=("$kind") b_addr+=("$addr") b_prefix+=("$prefix")
done
[ ${#b_name[@]} -gt 0 ] || fail "--backend is missing: name at least one agent or OCP (--help)"

csp=$(csp_hashes "$dist_from/index.html")
[ -n "$csp" ] || fail "--dist-from '$dist_from': index.html has no inline script to allow"

# --- Rendering -------------------------------------------------------------------------------

redirect_port=":$https_port"
[ "$https_port" != 443 ] || redirect_port=
# Globals for fill(): set by render_into.
headers= prefix_dir=

# The placeholders every line may hold (a comment is the template's: kept as it is).
fill() {
  local s=$1
  if [[ $s =~ ^[[:space:]]*# ]]; then printf '%s\n' "$s"; return; fi
  s=${s//@LISTEN_HTTP@/"$listen_http"}
  s=${s//@LISTEN@/"$listen"}
  s=${s//@REDIRECT_PORT@/"$redirect_port"}
  s=${s//@TLS_CERT@/"$cert"}
  s=${s//@TLS_KEY@/"$key"}
  s=${s//@SECURITY_HEADERS@/"$headers"}
  s=${s//@DIST@/"$dir/dist"}
  s=${s//@PREFIX@/"$prefix_dir"}
  s=${s//@USER@/"$user"}
  s=${s//@CSP_SCRIPT_HASHES@/"$csp"}
  printf '%s\n' "$s"
}

# The backends (their indexes) a block is repeated for: USER and REDIRECT once when asked for.
instances() {
  local i
  case "$1" in
    USER) [ -z "$user" ] || echo - ;;
    REDIRECT) [ -z "$listen_http" ] || echo - ;;
    "DEFAULT AGENT"*) for i in "${!b_name[@]}"; do [ "${b_kind[i]}" = obshell ] && [ -z "${b_prefix[i]}" ] && echo "$i"; done ;;
    "PREFIXED AGENT"*) for i in "${!b_name[@]}"; do [ -n "${b_prefix[i]}" ] && echo "$i"; done ;;
    OCP*) for i in "${!b_name[@]}"; do [ "${b_kind[i]}" = ocp ] && echo "$i"; done ;;
    *) echo "$me: the template has an unknown block '$1'" >&2; return 1 ;;
  esac
  return 0
}

# One block per instance: its lines with the backend's placeholders filled, then the globals.
emit_block() {
  local tag=$1 note=$2 indent=$3 i line name addr
  shift 3
  for i in $(instances "$tag"); do
    name= addr=
    [ "$i" = - ] || name=${b_name[i]} addr=${b_addr[i]}
    [ -z "$note" ] || printf '%s\n' "$indent# ${note//@NAME@/$name}${name:+ ($name, $addr)}"
    for line in "$@"; do
      line=${line//@NAME_RE@/"${name//./\\.}"}
      line=${line//@NAME@/"$name"}
      line=${line//@N@/"${i/-/0}"}
      line=${line//@ADDRESS@/"$addr"}
      fill "$line"
    done
  done
}

# The template on stdin, rendered on stdout: `# BEGIN EACH <tag>[: note]` … `# END EACH <tag>`
# repeated per instance, every other line filled.
render() {
  local line tag= note= indent= block=()
  while IFS= read -r line || [ -n "$line" ]; do
    if [ -z "$tag" ] && [[ $line =~ ^([[:space:]]*)#\ BEGIN\ EACH\ ([^:]+)(:\ (.*))?$ ]]; then
      indent=${BASH_REMATCH[1]} tag=${BASH_REMATCH[2]} note=${BASH_REMATCH[4]} block=()
    elif [ -n "$tag" ] && [[ $line =~ ^[[:space:]]*#\ END\ EACH\ (.+)$ ]]; then
      [ "${BASH_REMATCH[1]}" = "$tag" ] || { echo "$me: '$line' closes '$tag'" >&2; return 1; }
      emit_block "$tag" "$note" "$indent" ${block[@]+"${block[@]}"}
      tag=
    elif [ -n "$tag" ]; then
      block+=("$line")
    else
      fill "$line"
    fi
  done
  [ -z "$tag" ] || { echo "$me: the block '$tag' is not closed" >&2; return 1; }
}

console_json() {
  local i sep= out='{"backends":['
  for i in "${!b_name[@]}"; do
    out+="$sep{\"name\":\"${b_name[i]}\",\"kind\":\"${b_kind[i]}\",\"prefix\":\"${b_prefix[i]}\"}"
    sep=,
  done
  echo "$out]}"
}

# Renders the three files into $1, with nginx's headers file and state folder at $2 and $3.
render_into() {
  local out=$1
  headers=$2 prefix_dir=$3
  {
    echo "# Rendered by install.sh from its nginx.conf template for: $(for i in "${!b_name[@]}"; do printf '%s ' "${b_name[i]}"; done)"
    render <"$here/nginx.conf"
  } >"$out/nginx.conf" || fail "could not render $here/nginx.conf"
  render <"$here/security-headers.conf" >"$out/security-headers.conf" || fail "could not render $here/security-headers.conf"
  console_json >"$out/console.json"
  local left
  left=$(grep -v '^[[:space:]]*#' "$out/nginx.conf" "$out/security-headers.conf" | grep -o '@[A-Z0-9_]*@' | sort -u | tr '\n' ' ' || true)
  [ -z "$left" ] || fail "the templates beside $me hold placeholders it does not know: $left"
}

if [ -n "$render_only" ]; then
  [ -d "$render_only" ] || fail "--render-only '$render_only': no such folder"
  render_into "$render_only" "$dir/security-headers.conf" "$dir/var"
  echo "$me: rendered $render_only/nginx.conf, security-headers.conf and console.json for $dir"
  exit 0
fi

# --- Check, then install ---------------------------------------------------------------------

# A release checks its own files first (SHA256SUMS beside this script, written by make release).
if [ -f "$here/SHA256SUMS" ]; then
  (cd "$here" && sha256sum --quiet -c SHA256SUMS) >/dev/null 2>&1 ||
    fail "the release's files differ from its SHA256SUMS (a damaged download or unpacking): unpack it again"
fi
command -v nginx >/dev/null 2>&1 || fail "nginx is not on PATH"
# The install folder, or the nearest folder above it that exists, must be writable.
up=$dir
while [ ! -e "$up" ]; do up=$(dirname "$up"); done
[ -d "$up" ] && [ -w "$up" ] || fail "--dir '$dir': $up is not a writable folder (run as a user who may write it)"

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/final" "$scratch/check/var/tmp"
render_into "$scratch/final" "$dir/security-headers.conf" "$dir/var"
render_into "$scratch/check" "$scratch/check/security-headers.conf" "$scratch/check/var"
if ! nginx -t -q -c "$scratch/check/nginx.conf" -p "$scratch/check/var/" -e "$scratch/check/var/error.log" \
  >"$scratch/nginx-t.log" 2>&1; then
  sed "s|$scratch/check/|$dir/|g" "$scratch/nginx-t.log" >&2
  fail "nginx -t refused the rendered configuration (above)"
fi

# Everything checked: now the install folder.
mkdir -p "$dir/var/tmp"
rm -rf "$dir/dist.new"
cp -R "$dist_from" "$dir/dist.new"
cp "$scratch/final/console.json" "$dir/dist.new/console.json"
if [ -d "$dir/dist" ]; then mv "$dir/dist" "$dir/dist.old"; fi
mv "$dir/dist.new" "$dir/dist"
rm -rf "$dir/dist.old"
cp "$scratch/final/security-headers.conf" "$dir/security-headers.conf"
cp "$scratch/final/nginx.conf" "$dir/nginx.conf"

echo "$me: installed obshell-console into $dir:"
echo "  $dir/dist/                  the console ($(find "$dir/dist" -type f | wc -l) files)"
echo "  $dir/dist/console.json      $(<"$dir/dist/console.json")"
echo "  $dir/nginx.conf             HTTPS at $listen${listen_http:+, plain HTTP at $listen_http (redirect)}"
for i in "${!b_name[@]}"; do
  case "${b_kind[i]},${b_prefix[i]}" in
    ocp,*) at=/api/v2/ ;; obshell,) at=/api/ ;; *) at=${b_prefix[i]}/api/ ;;
  esac
  echo "                              ${b_name[i]} (${b_kind[i]}): $at -> ${b_addr[i]}"
done
echo "  $dir/security-headers.conf  the security headers"
echo "  $dir/var/                   nginx's pid, logs and temporary files"
echo "nginx -t passed."
if [ -n "$running_pid" ]; then
  echo "nginx of $dir runs (pid $running_pid): reload it with  nginx -c $dir/nginx.conf -s reload"
else
  echo "Start nginx with  nginx -c $dir/nginx.conf"
fi
