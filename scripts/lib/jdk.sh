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

# Maven: 'mvn' when it is 3.9 or newer... or any mvn at all; the wrapper when there is none.
shm_mvn() { # runs Maven with the found JDK
  local root=$1; shift
  if [[ -x $root/mvnw ]] && ! command -v mvn >/dev/null 2>&1; then
    "$root/mvnw" "$@"
  else
    mvn "$@"
  fi
}
