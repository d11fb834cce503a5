package io.l2lake.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Layers that only point down: {@code cli} on top; the tools ({@code fetch}, {@code generate}, {@code bench},
 * {@code report}, {@code gpu}, {@code lobster}) and {@code run} (the stage graph, the runner, the backfill, the
 * lake's status) below it; the stages below them; the kit ({@code lake}, {@code calendar}, {@code config},
 * {@code stage}, {@code columns}, {@code udfs}) at the bottom. A stage sees only the kit, never another stage;
 * a tool sees the kit and the runner, never a stage's classes; the kit sees only itself; no cycle between
 * packages. The few edges still allowed across are listed in {@link #ALLOWED}, each with its reason.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LayersTest {
  static final List<String> KIT = List.of("lake", "calendar", "config", "stage", "columns", "iqfeed", "udfs");
  static final List<String> STAGES = List.of("ingest", "quality", "sync", "bars", "book", "signals", "tracker",
      "stops", "backtest", "pregap");
  static final List<String> TOOLS = List.of("fetch", "generate", "bench", "report", "gpu", "lobster",
      "evaluation");
  static final List<String> RUN = List.of("run");
  static final List<String> CLI = List.of("cli");

  /** Edges across the layers still allowed, by package, with why; each is work left, not a pattern to follow. */
  static final Map<String, List<String>> ALLOWED = Map.of();

  static JavaClasses classes;

  @BeforeAll
  static void load() {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.l2lake");
  }

  static String[] packages(List<String> names) {
    return names.stream().map(n -> "io.l2lake." + n + "..").toArray(String[]::new);
  }

  static List<String> all() {
    return Stream.of(KIT, STAGES, TOOLS, RUN, CLI).flatMap(List::stream).toList();
  }

  /** Every rule of the layering, checked against {@code imported}. */
  static List<ArchRule> rules() {
    List<ArchRule> rules = new ArrayList<>();
    rules.add(classes().should().resideInAnyPackage(packages(all()))
        .because("every package has its place in a layer (add a new one to this test)"));
    rules.add(slices().matching("io.l2lake.(*)..").should().beFreeOfCycles());
    List<String> aboveKit = Stream.of(STAGES, TOOLS, RUN, CLI).flatMap(List::stream).toList();
    rules.add(noClasses().that().resideInAnyPackage(packages(KIT)).should().dependOnClassesThat()
        .resideInAnyPackage(packages(aboveKit)).because("the kit is the bottom layer"));
    for (String stage : STAGES) {
      Set<String> forbidden = new LinkedHashSet<>(aboveKit);
      forbidden.remove(stage);
      forbidden.removeAll(ALLOWED.getOrDefault(stage, List.of()));
      rules.add(noClasses().that().resideInAPackage("io.l2lake." + stage + "..").should().dependOnClassesThat()
          .resideInAnyPackage(packages(List.copyOf(forbidden)))
          .because("a stage sees only the kit, never another stage"));
    }
    for (String tool : TOOLS) {
      Set<String> forbidden = new LinkedHashSet<>(STAGES);
      forbidden.addAll(TOOLS);
      forbidden.addAll(CLI);
      forbidden.remove(tool);
      forbidden.removeAll(ALLOWED.getOrDefault(tool, List.of()));
      rules.add(noClasses().that().resideInAPackage("io.l2lake." + tool + "..").should().dependOnClassesThat()
          .resideInAnyPackage(packages(List.copyOf(forbidden)))
          .because("a tool uses the kit and the runner, never a stage's classes"));
    }
    rules.add(noClasses().that().resideInAnyPackage(packages(RUN)).should().dependOnClassesThat()
        .resideInAnyPackage(packages(Stream.concat(TOOLS.stream(), CLI.stream()).toList()))
        .because("the runner sits under the tools and the command line"));
    return rules;
  }

  @Test
  void theLayersHold() {
    for (ArchRule rule : rules()) {
      rule.check(classes);
    }
  }

  /** The kit rule fails on a kit class importing the command line ({@code UpwardImportFixture}, test code). */
  @Test
  void anUpwardImportBreaksThem() {
    JavaClasses withUpward = new ClassFileImporter().importPackages("io.l2lake.lake", "io.l2lake.cli");
    List<String> failures = new ArrayList<>();
    for (ArchRule rule : rules()) {
      try {
        rule.check(withUpward);
      } catch (AssertionError e) {
        failures.add(e.getMessage());
      }
    }
    assertTrue(failures.stream().anyMatch(m -> m.contains("the kit is the bottom layer")
        && m.contains("UpwardImportFixture") && m.contains("io.l2lake.cli.Main")), failures.toString());
    assertThrows(AssertionError.class, () -> rules().get(2).check(withUpward));
  }
}
