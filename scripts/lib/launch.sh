# How one shm call starts its JVM, shared by scripts/shm and the launcher scripts/install writes
# (which copies this function into itself, so an installed shm reads no file of the source tree).
# POSIX sh, sourced; defines shm_exec. No subprocess: a call costs the shell and the exec.

shm_exec() { # JAVA JAR AOTDIR OPTIONS ARGS...: execs the JVM for the shm command ARGS
  shm_java=$1 shm_jar=$2 shm_aot=$3 shm_opts=$4
  shift 4
  # Each command's family (generated from Commands.FAMILIES; LaunchTableTest keeps it so): the AOT
  # cache it starts from (scripts/lib/aot-train says why there are several), the one it starts from
  # with typed values (--as, --layout: their classes would cost every other call ~4 ms), and whether
  # it runs long enough for C2 to pay off. Short commands run on C1 alone: on two cores C2's compiler
  # threads compete with the one thread that does a few bytes of work (docs/benchmarks.md).
  # BEGIN generated families
  case ${1:-} in
    create|write|read|rm|resize) shm_family=bytes shm_typed=core shm_c2=0 ;;
    watch) shm_family=watch shm_typed=watch shm_c2=1 ;;
    dump) shm_family=dump shm_typed=dump shm_c2=1 ;;
    list|info) shm_family=inspect shm_typed=inspect shm_c2=0 ;;
    add|cas|layout|lock|completion|demo) shm_family=core shm_typed=core shm_c2=0 ;;
    shell) shm_family=shell shm_typed=shell shm_c2=1 ;;
    *) shm_family=core shm_typed=core shm_c2=0 ;;
  esac
  # END generated families
  # One look at the arguments: typed values (--as, --layout) start from the family's typed cache; a
  # segment of another kind (sysv:, pid:, memfd:), or list --kind/--all, starts a byte or inspect
  # command from the cache that holds those kinds' classes (Commands.KINDS): in the bytes or inspect
  # cache they would be loaded at every POSIX call's start. Typed values win, then the kinds. list and
  # info with --no-used start from a cache without the FFM linker (Commands.INSPECT_NO_USED).
  shm_typed_used= shm_kinds= shm_no_used=
  for shm_arg in "$@"; do
    case $shm_arg in
      --as|--as=*|--layout|--layout=*) shm_typed_used=1 ;;
      sysv:?*|pid:[0-9]*|memfd:?*|--kind|--kind=*|-k|-k?*) shm_kinds=1 ;;
      --all|-a) [ "$1" = list ] && shm_kinds=1 ;;
      --no-used) shm_no_used=1 ;;
    esac
  done
  if [ -n "$shm_typed_used" ]; then
    shm_family=$shm_typed
  elif [ -n "$shm_kinds" ]; then
    case $shm_family in bytes|inspect) shm_family=kinds ;; esac
  elif [ -n "$shm_no_used" ] && [ "$shm_family" = inspect ]; then
    shm_family=inspect-no-used
  fi
  # A shell that reads its commands from a pipe or a file (a batch) runs many small ones: C1 alone
  # does them as fast on two-thirds of the CPU, and two such shells at once no longer fight C2's
  # threads for two cores (docs/benchmarks.md). A big dump inside a batch runs at C1's speed.
  if [ "${1:-}" = shell ] && [ ! -t 0 ]; then
    shm_c2=0
  fi
  # A dump or a watch given a short --length (a peek, a counter) is short work too: C1 dumps big
  # ranges at half C2's speed, and a watch of a gigabyte compares pages in C2's code, but a watch of
  # a few bytes polls as cheaply on C1 and starts without C2's threads (~20 ms of CPU).
  if [ "$shm_c2" = 0 ] || { { [ "${1:-}" = dump ] || [ "${1:-}" = watch ]; } && shm_short_range "$@"; }; then
    shm_opts="$shm_opts -XX:TieredStopAtLevel=1"
  fi
  shm_aot=$shm_aot/shm-$shm_family.aot
  # -cp and the main class, not -jar: for -jar the JDK opens the jar in Java code, indexes its ~520
  # entries and reads its manifest before main (~18 ms of CPU against ~8 ms for a two-entry jar);
  # from -cp every class comes from the AOT cache. The manifest's Enable-Native-Access applies only
  # to -jar, so scripts/lib/jvm-options says --enable-native-access itself (docs/benchmarks.md).
  set -- -cp "$shm_jar" shmkit.Main "$@"
  if [ -f "$shm_aot" ]; then
    set -- "-XX:AOTCache=$shm_aot" "$@"
  fi
  # With no locale at all the JVM could not name a file whose name is not ASCII: default to UTF-8.
  [ -n "${LC_ALL:-}${LC_CTYPE:-}${LANG:-}" ] || export LC_ALL=C.UTF-8
  # The options are shm's own (scripts/lib/jvm-options), words without spaces: split on purpose.
  # shellcheck disable=SC2086
  exec "$shm_java" $shm_opts "$@"
}

shm_short_range() { # ARGS...: whether they give a --length of at most six decimal digits (under 1 MB)
  # Deliberately no size parser here (SizeConverter is the one): hex and units simply keep C2.
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
  case $shm_length in
    '' | *[!0-9]* | ???????*) return 1 ;;
  esac
}
