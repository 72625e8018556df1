#!/usr/bin/env bash
# Runs one of the web application's benchmarks (web/src/test/java/io/breedline/web/bench): not tests, they print figures.
#   web/bench.sh GridPageBench [ROWS]
#   web/bench.sh UploadLatencyBench URL SAMPLES_DIR [UPLOADS]     (against a running ./breedline web)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./mvnw -q -B -Dstyle.color=never -pl web -am test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench-classpath.txt -Dmdep.includeScope=test >&2
exec java -cp "web/target/test-classes:web/target/classes:$(cat web/target/bench-classpath.txt)" \
  "io.breedline.web.bench.$1" "${@:2}"
