package io.autoagent.tools.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The common-tools modules point one way (common-tools/README.md): each module's classes use only
 * its own and those of the modules below it, and the core packages stay free of the infrastructure
 * ones. Maven already refuses a module that compiles against one above it; this test also holds
 * when a class lands in the wrong module of a package split across two ({@code analysis}). It runs
 * here because incidents, the top module, sees every other one on its class path.
 */
class ModuleDirectionTest {

  /** The modules from the bottom up: each may use the ones before it, never one after it. */
  static final List<String> MODULES =
      List.of("evidence", "analysis", "runbooks", "remediation", "incidents");

  /** A module's classes as a directory ({@code common-tools/evidence/target/classes}) or a jar. */
  private static final Pattern LOCATION =
      Pattern.compile("common-tools[/-](" + String.join("|", MODULES) + ")[/-]");

  private static final JavaClasses TOOLS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("io.autoagent.tools");

  /** The module a class was loaded from, by its class file's location on the class path. */
  static Optional<String> moduleOf(JavaClass type) {
    return type.getSource()
        .flatMap(
            source -> {
              Matcher m = LOCATION.matcher(source.getUri().toString());
              String module = null;
              while (m.find()) {
                module = m.group(1);
              }
              return Optional.ofNullable(module);
            });
  }

  /** Each module may be used only by the modules above it. */
  static LayeredArchitecture oneWay(Function<JavaClass, Optional<String>> placement) {
    Map<String, Optional<String>> placed = new ConcurrentHashMap<>();
    Function<JavaClass, Optional<String>> moduleOf =
        c -> placed.computeIfAbsent(c.getName(), n -> placement.apply(c));
    LayeredArchitecture rule =
        layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
    for (String module : MODULES) {
      rule =
          rule.layer(module)
              .definedBy(
                  DescribedPredicate.describe(
                      "in common-tools-" + module,
                      (JavaClass type) -> moduleOf.apply(type).filter(module::equals).isPresent()));
    }
    for (int i = 0; i < MODULES.size() - 1; i++) {
      rule =
          rule.whereLayer(MODULES.get(i))
              .mayOnlyBeAccessedByLayers(
                  MODULES.subList(i + 1, MODULES.size()).toArray(String[]::new));
    }
    return rule.whereLayer(MODULES.getLast()).mayNotBeAccessedByAnyLayer();
  }

  @Test
  void findsEveryModulesClassesAndPlacesEachClassInOne() {
    // when
    Map<String, Long> perModule =
        TOOLS.stream()
            .collect(
                Collectors.groupingBy(
                    c -> moduleOf(c).orElse("none: " + c.getSource()), Collectors.counting()));

    // then: the rule below sees all five modules and no class it cannot place
    assertThat(perModule.keySet()).containsExactlyInAnyOrderElementsOf(MODULES);
  }

  @Test
  void modulesPointOneWay() {
    oneWay(ModuleDirectionTest::moduleOf).ensureAllClassesAreContainedInArchitecture().check(TOOLS);
  }

  @Test
  void catchesAClassThatReachesUpIntoAHigherModule() {
    // given a class placed in evidence that uses one placed in incidents
    JavaClasses classes = new ClassFileImporter().importClasses(Lower.class, Upper.class);
    Function<JavaClass, Optional<String>> placed =
        c -> Optional.of(c.isEquivalentTo(Lower.class) ? "evidence" : "incidents");

    // when / then
    assertThatThrownBy(() -> oneWay(placed).check(classes))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(Lower.class.getName())
        .hasMessageContaining(Upper.class.getName());
  }

  @Test
  void theAnalysisPackagesUseNoEvidenceSourceOrLaterStageNorAnyIntegrationLibrary() {
    noClasses()
        .that()
        .resideInAPackage("io.autoagent.tools.analysis..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.autoagent.tools.kube..",
            "io.autoagent.tools.git..",
            "io.autoagent.tools.argocd..",
            "io.autoagent.tools.drift..",
            "io.autoagent.tools.runbook..",
            "io.autoagent.tools.remediation..",
            "io.autoagent.tools.gitops..",
            "io.autoagent.tools.escalation..",
            "io.autoagent.tools.archive..",
            "io.fabric8..",
            "org.eclipse.jgit..",
            "io.nats..",
            "okhttp3..",
            "software.amazon..",
            "org.apache.lucene..")
        .check(TOOLS);
  }

  @Test
  void runbooksUseNoEvidenceSourceNorLaterStage() {
    noClasses()
        .that()
        .resideInAPackage("io.autoagent.tools.runbook..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "io.autoagent.tools.kube..",
            "io.autoagent.tools.git..",
            "io.autoagent.tools.argocd..",
            "io.autoagent.tools.drift..",
            "io.autoagent.tools.remediation..",
            "io.autoagent.tools.gitops..",
            "io.autoagent.tools.escalation..",
            "io.autoagent.tools.archive..")
        .check(TOOLS);
  }

  /** Fixture: a class that uses {@link Upper}. */
  static final class Lower {
    Upper upper() {
      return new Upper();
    }
  }

  /** Fixture: the class {@link Lower} uses. */
  static final class Upper {}
}
