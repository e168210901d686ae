#!/usr/bin/env bash
# Not part of CI: starts a Spark standalone master and one worker (two cores) on this machine, on the
# loopback address only, runs org.nn4j.spark.StandaloneCheck against them and against local[2], and stops them.
# Needs the examples built first (./nn4j list builds them): Spark's jars are taken from their class path.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"      # nn-spark/
root="$(dirname "$here")"
cp_file="$root/nn-examples/target/classpath.txt"
work="$(mktemp -d)"
export SPARK_HOME="$work/spark" SPARK_LOCAL_IP=127.0.0.1 SPARK_LOG_DIR="$work/logs" SPARK_SCALA_VERSION=2.13
mkdir -p "$SPARK_HOME/jars" "$SPARK_LOG_DIR"
echo "Spark for nn4j's standalone check" > "$SPARK_HOME/RELEASE"   # Spark looks for jars/ only beside a RELEASE file
# Spark's "installation": its jars and their dependencies, without nn4j or ND4J (the application brings those)
app_jars=()
for j in $(tr ':' '\n' < "$cp_file"); do
  case "$j" in
    */org/nd4j/*|*/org/bytedeco/*|*/org/slf4j/slf4j-simple/*) app_jars+=("$j") ;;
    */nn-*/target/*) ;;   # nn4j's own modules: their jars are added below
    *) ln -s "$j" "$SPARK_HOME/jars/" ;;
  esac
done
(cd "$root/nn-spark/target/test-classes" && jar cf "$work/check.jar" .)
app_jars+=("$root/nn-spark/target/nn-spark-0.1.0-SNAPSHOT.jar" "$root/nn-layers/target/nn-layers-0.1.0-SNAPSHOT.jar"
           "$root/nn-core/target/nn-core-0.1.0-SNAPSHOT.jar" "$work/check.jar")
spark_cp="$SPARK_HOME/jars/*"
flags=$(sed -n 's:.*<nn4j.spark.jvmFlags>\(.*\)</nn4j.spark.jvmFlags>.*:\1:p' "$root/pom.xml")
java $flags -Xmx512m -cp "$spark_cp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7177 \
  --webui-port 18180 > "$SPARK_LOG_DIR/master.log" 2>&1 &
master=$!
java $flags -Xmx512m -cp "$spark_cp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 3g \
  --webui-port 18181 --work-dir "$work/worker" spark://127.0.0.1:7177 > "$SPARK_LOG_DIR/worker.log" 2>&1 &
worker=$!
trap 'kill $worker $master 2>/dev/null; wait $worker $master 2>/dev/null || true' EXIT
sleep 8
jars=$(IFS=,; echo "${app_jars[*]}")
java $flags -Xmx1g -cp "$spark_cp:$(IFS=:; echo "${app_jars[*]}")" org.nn4j.spark.StandaloneCheck spark://127.0.0.1:7177 "$jars"
