package io.l2lake.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code l2lake gpu-plan} with the real RAPIDS jar (profile {@code -Pgpu-plan}): every stage is explained into
 * {@code target/gpu-plan.md}, the targets of the bars, signals, stops and pre-gap stages hold, and the tracked
 * docs/gpu-plan.md is that document (the test never writes it: a change of plan is committed by running
 * {@code ./l2lake gpu-plan}).
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class GpuPlanIT {
  @TempDir Path dir;

  @Test
  void everyStageIsExplainedAndTheTargetsHold() throws Exception {
    String jar = System.getProperty("l2lake.rapidsJar");
    Assumptions.assumeTrue(jar != null && Files.isRegularFile(Path.of(jar)),
        "the RAPIDS jar is fetched by the gpu-plan profile (mvn -B verify -Pgpu-plan)");
    Path out = ChildJvm.ROOT.resolve("jobs/target/gpu-plan.md");
    List<String> args = List.of("-Dlog4j2.configurationFile=" + ChildJvm.ROOT.resolve("conf/log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), "io.l2lake.cli.Main", "gpu-plan", "--rapids-jar", jar,
        "--out", out.toString(), "--work", dir.resolve("work").toString(), "--require-targets",
        "--set", "spark.master=local[2]", "--set", "spark.sql.shuffle.partitions=2", "--set", "spark.ui.enabled=false",
        "--set", "spark.driver.host=127.0.0.1", "--set", "spark.driver.bindAddress=127.0.0.1");
    try (ChildJvm jvm = ChildJvm.start("gpu-plan", dir.resolve("gpu-plan.log"), ChildJvm.ROOT, Map.of(), "4g",
        args)) {
      int status = jvm.await(Duration.ofMinutes(30));
      assertEquals(0, status, jvm.tail());
    }
    String md = Files.readString(out);
    for (String stage : List.of("ingest", "check", "sync", "bars", "book", "signals", "tracker", "stops",
        "backtest", "pregap")) {
      assertTrue(md.contains("\n| " + stage + " | "), stage + " is in the table:\n" + md);
      assertTrue(md.contains("\n## " + stage + "\n"), stage + " has its fallback section");
    }
    assertTrue(md.contains("All targets are met."), md);
    assertEquals(Files.readString(ChildJvm.ROOT.resolve("docs/gpu-plan.md")), md,
        "docs/gpu-plan.md is not current: regenerate it with ./l2lake gpu-plan --rapids-jar " + jar);
  }
}
