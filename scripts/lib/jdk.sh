# Finds a JDK >= 25 for shm's scripts; sourced, defines shm_find_jdk.
# Order: $JAVA_HOME, the java on PATH, then /usr/lib/jvm/*. A JDK's version is read from its
# 'release' file, so no JVM is started to find out; 'java -version' only when that file is missing.

shm_jdk_version() { # HOME -> major version on stdout, or nothing
  local home=$1 line major
  if [[ -r $home/release ]]; then
    while IFS= read -r line; do
      if [[ $line == JAVA_VERSION=* ]]; then
        line=${line#JAVA_VERSION=}; line=${line//\"/}
        major=${line%%.*}; [[ $major == 1 ]] && { major=${line#1.}; major=${major%%.*}; }
        echo "$major"; return
      fi
    done < "$home/release"
  fi
  if [[ -x $home/bin/java ]]; then
    line=$("$home/bin/java" -version 2>&1 | head -n 1)
    [[ $line =~ \"([0-9]+) ]] && echo "${BASH_REMATCH[1]}"
  fi
}

shm_find_jdk() { # -> JDK home on stdout; one clear line on stderr and status 1 when there is none
  local candidates=() home java seen=""
  [[ -n ${JAVA_HOME:-} ]] && candidates+=("$JAVA_HOME")
  if java=$(command -v java 2>/dev/null); then
    java=$(readlink -f "$java")
    candidates+=("${java%/bin/java}")
  fi
  for home in /usr/lib/jvm/*; do [[ -d $home ]] && candidates+=("$home"); done
  for home in "${candidates[@]}"; do
    [[ -x $home/bin/java && -x $home/bin/javac ]] || continue
    local v; v=$(shm_jdk_version "$home")
    if [[ -n $v && $v -ge 25 ]]; then echo "$home"; return 0; fi
    seen+=" $home (${v:-unknown})"
  done
  echo "shm: no JDK 25 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*:${seen:- nothing}); install one and set JAVA_HOME" >&2
  return 1
}

# Maven: always the wrapper (./mvnw, Maven 3.9.11 pinned in .mvn/wrapper), never the mvn on PATH.
# Distributions still ship Maven 3.8, and one Maven everywhere (developers, CI, a fresh machine with
# only a JDK) means one behaviour to test; the wrapper downloads it once into ~/.m2/wrapper.
# SHM_MVN names another Maven to use instead (an offline machine with its own Maven 3.9).
# MAVEN_OPTS quiets Maven's own sun.misc.Unsafe warnings on JDK 25 (its Guice and Guava); set here,
# not in .mvn/jvm.config, so a plain 'mvn' on an older JDK still starts and says what is wrong.
shm_mvn() { # ROOT ARGS...: runs Maven with the found JDK
  local root=$1; shift
  MAVEN_OPTS="--sun-misc-unsafe-memory-access=allow ${MAVEN_OPTS:-}" "${SHM_MVN:-$root/mvnw}" "$@"
}
