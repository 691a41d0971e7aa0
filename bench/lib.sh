# Sourced by the bench/ scripts from the project's root (set -euo pipefail on): compiles the library and the
# examples quietly (Maven's log is printed only if it fails) and sets $cp, the class path of both and of their
# test-scope dependencies; defines median, which prints the median of its arguments.
log=$(mktemp)
mvn -q -B test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath \
  >"$log" 2>&1 || { cat "$log"; rm -f "$log"; exit 1; }
rm -f "$log"
cp="target/classes:target/test-classes:$(cat target/bench.classpath)"
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
