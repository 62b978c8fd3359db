package dtk.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The module layering of DESIGN.md, checked on the production classes of every module (dtk-cli
 * depends on all of them): spec <- render <- exec <- cli, internal packages stay in their module,
 * picocli only in cli, FreeMarker only in render, processes only in exec, no terminal output from
 * the libraries.
 */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            // test-jars of other modules (fixtures for the end-to-end tests) are test code too
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dtk");
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(true).check(classes);
  }

  /**
   * No two packages depend on each other, directly or around a loop; a package and its {@code
   * internal} package count as one (the api and its implementation).
   */
  @Test
  void packagesAreFreeOfCycles() {
    com.tngtech.archunit.library.dependencies.SliceAssignment byPackage =
        new com.tngtech.archunit.library.dependencies.SliceAssignment() {
          @Override
          public com.tngtech.archunit.library.dependencies.SliceIdentifier getIdentifierOf(
              com.tngtech.archunit.core.domain.JavaClass c) {
            String p = c.getPackageName();
            if (!p.startsWith("dtk.")) {
              return com.tngtech.archunit.library.dependencies.SliceIdentifier.ignore();
            }
            return com.tngtech.archunit.library.dependencies.SliceIdentifier.of(
                p.replaceAll("\\.internal(\\..*)?$", ""));
          }

          @Override
          public String getDescription() {
            return "packages of dtk, each with its internal package";
          }
        };
    // known and left: the model's SourceMap returns dtk.spec.Location (Location belongs in the
    // model)
    check(
        com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
            .assignedFrom(byPackage)
            .should()
            .beFreeOfCycles()
            .ignoreDependency(
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "dtk.spec.model.SourceMap",
                    (com.tngtech.archunit.core.domain.JavaClass c) ->
                        c.getName().equals("dtk.spec.model.SourceMap")),
                com.tngtech.archunit.base.DescribedPredicate.describe(
                    "dtk.spec.Location",
                    (com.tngtech.archunit.core.domain.JavaClass c) ->
                        c.getName().equals("dtk.spec.Location"))));
  }

  @Test
  void theImportSeesEveryLayer() {
    assertThat(classes.contain("dtk.cli.Dtk")).isTrue();
    assertThat(classes.contain("dtk.spec.SpecLoader")).isTrue();
    assertThat(classes.contain("dtk.k8s.KubernetesClusterExecutors")).isTrue();
  }

  @Test
  void specDependsOnNoOtherModule() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dtk.spec..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dtk.render..", "dtk.exec..", "dtk.cli.."));
  }

  @Test
  void renderDependsOnlyOnSpec() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dtk.render..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("dtk.exec..", "dtk.cli.."));
  }

  @Test
  void execDoesNotDependOnTheCli() {
    check(
        noClasses()
            .that()
            .resideInAPackage("dtk.exec..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dtk.cli.."));
  }

  @Test
  void theKubernetesClientOnlyInDtkK8s() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dtk.k8s..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.fabric8.."));
  }

  @Test
  void dtkK8sIsReachedOnlyThroughServiceLoader() {
    // dtk.exec.apply.run.ClusterExecutors.find: commands that do not ask for it never load it
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dtk.k8s..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dtk.k8s.."));
    check(
        noClasses()
            .that()
            .resideInAPackage("dtk.k8s..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dtk.cli.."));
  }

  @Test
  void internalPackagesAreUsedOnlyByTheirApi() {
    for (String api : List.of("spec", "render", "cli", "exec.engine", "exec.registry")) {
      check(
          noClasses()
              .that()
              .resideOutsideOfPackage("dtk." + api + "..")
              .should()
              .dependOnClassesThat()
              .resideInAPackage("dtk." + api + ".internal.."));
    }
  }

  @Test
  void interfacesDoNotKnowTheirImplementations() {
    // a factory method on an interface that builds its internal implementation is a class cycle
    check(
        noClasses()
            .that()
            .areInterfaces()
            .should()
            .dependOnClassesThat()
            .resideInAPackage("..internal.."));
  }

  @Test
  void picocliOnlyInTheCli() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dtk.cli..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("picocli.."));
  }

  @Test
  void freemarkerOnlyInRender() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dtk.render..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("freemarker.."));
  }

  @Test
  void processesOnlyInExec() {
    check(
        noClasses()
            .that()
            .resideOutsideOfPackage("dtk.exec..")
            .should()
            .dependOnClassesThat()
            .haveFullyQualifiedName(ProcessBuilder.class.getName())
            .orShould()
            .callMethod(Runtime.class, "exec", String.class));
  }

  @Test
  void librariesNeverWriteToTheTerminal() {
    check(
        noClasses()
            .that()
            .resideInAnyPackage("dtk.spec..", "dtk.render..", "dtk.exec..", "dtk.k8s..")
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err"));
  }

  @Test
  void theCliWritesOnlyThroughPicocli() {
    // Dtk.main wraps System.out/err once, as UTF-8 writers handed to picocli
    check(
        noClasses()
            .that()
            .resideInAPackage("dtk.cli..")
            .and()
            .doNotHaveFullyQualifiedName(Dtk.class.getName())
            .should()
            .accessField(System.class, "out")
            .orShould()
            .accessField(System.class, "err"));
  }
}
