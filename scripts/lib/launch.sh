# How one shm call starts its JVM, shared by scripts/shm and the launcher scripts/install writes
# (which copies this function into itself, so an installed shm reads no file of the source tree).
# POSIX sh, sourced; defines shm_exec. No subprocess: a call costs the shell and the exec.

shm_exec() { # JAVA JAR AOTDIR OPTIONS ARGS...: execs the JVM for the shm command ARGS
  shm_java=$1 shm_jar=$2 shm_aot=$3 shm_opts=$4
  shift 4
  # Short commands run on C1 alone: on two cores C2's compiler threads compete with the one thread
  # that does a few bytes of work (docs/benchmarks.md). Long runners keep C2 for their loops: watch,
  # shell, and dump, unless it is given a --length under 1 MiB (C1 dumps at half C2's speed).
  case ${1:-} in
    watch|shell) ;;
    dump) shm_short_dump "$@" && shm_opts="$shm_opts -XX:TieredStopAtLevel=1" ;;
    *) shm_opts="$shm_opts -XX:TieredStopAtLevel=1" ;;
  esac
  # Each family of commands has an AOT cache of its own (scripts/lib/aot-train says why); the byte
  # commands have one without typed values, whose classes would cost every other call ~4 ms.
  shm_family=core
  case ${1:-} in
    list|info) shm_family=inspect ;;
    shell|dump|watch) shm_family=$1 ;;
    create|write|read|rm|resize)
      shm_family=bytes
      for shm_arg in "$@"; do
        case $shm_arg in
          --as|--as=*|--layout|--layout=*) shm_family=core ;;
        esac
      done ;;
  esac
  shm_aot=$shm_aot/shm-$shm_family.aot
  set -- -jar "$shm_jar" "$@"
  if [ -f "$shm_aot" ]; then
    set -- "-XX:AOTCache=$shm_aot" "$@"
  fi
  # With no locale at all the JVM could not name a file whose name is not ASCII: default to UTF-8.
  [ -n "${LC_ALL:-}${LC_CTYPE:-}${LANG:-}" ] || export LC_ALL=C.UTF-8
  # The options are shm's own (scripts/lib/jvm-options), words without spaces: split on purpose.
  # shellcheck disable=SC2086
  exec "$shm_java" $shm_opts "$@"
}

shm_short_dump() { # ARGS...: whether they give a --length of under 1 MiB (digits, or digits and K/KiB)
  shm_length=
  while [ $# -gt 0 ]; do
    case $1 in
      --) break ;;
      -l|--length) shm_length=${2:-}; [ $# -gt 1 ] && shift ;;
      --length=*) shm_length=${1#--length=} ;;
      -l*) shm_length=${1#-l} ;;
    esac
    shift
  done
  shm_digits=${shm_length%KiB}
  shm_digits=${shm_digits%K}
  case $shm_digits in
    '' | *[!0-9]* | ????????*) return 1 ;;
  esac
  if [ "$shm_digits" = "$shm_length" ]; then
    [ "$shm_digits" -lt 1048576 ]
  else
    [ "$shm_digits" -lt 1024 ]
  fi
}
