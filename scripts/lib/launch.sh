# How one shm call starts its JVM, shared by scripts/shm and the launcher scripts/install writes
# (which copies this function into itself, so an installed shm reads no file of the source tree).
# Sourced; defines shm_exec. No subprocess: a call costs bash and the exec.

shm_exec() { # JAVA JAR AOTDIR OPTIONS ARGS...: execs the JVM for the shm command ARGS
  local java=$1 jar=$2 aot=$3 opts=$4 family=core
  shift 4
  # Short commands run on C1 alone: on two cores C2's compiler threads compete with the one thread
  # that does a few bytes of work (docs/benchmarks.md). Long runners keep C2 for their loops.
  case ${1:-} in
    dump|watch|shell) ;;
    *) opts+=" -XX:TieredStopAtLevel=1" ;;
  esac
  # Each family of commands has an AOT cache of its own (scripts/lib/aot-train says why).
  case ${1:-} in
    list|info) family=inspect ;;
    shell|dump|watch) family=$1 ;;
  esac
  aot+=/shm-$family.aot
  [[ -f $aot ]] && opts+=" -XX:AOTCache=$aot"
  # With no locale at all the JVM could not name a file whose name is not ASCII: default to UTF-8.
  [[ -n ${LC_ALL:-}${LC_CTYPE:-}${LANG:-} ]] || export LC_ALL=C.UTF-8
  # shellcheck disable=SC2086
  exec "$java" $opts -jar "$jar" "$@"
}
