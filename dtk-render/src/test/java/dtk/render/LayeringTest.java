package dtk.render;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** dtk-render's place in the layering: it renders, it never runs processes or knows the CLI. */
class LayeringTest {
  private static final JavaClasses MAIN =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dtk.render");

  @Test
  void renderDependsOnlyOnTheSpecModule_notOnExecOrCli() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dtk.exec..", "dtk.cli..", "picocli..", "dtk.spec.internal..")
        .check(MAIN);
  }

  @Test
  void renderRunsNoProcesses() {
    noClasses()
        .should()
        .dependOnClassesThat()
        .haveFullyQualifiedName(ProcessBuilder.class.getName())
        .orShould()
        .callMethod(Runtime.class, "exec", String.class)
        .check(MAIN);
  }

  @Test
  void freemarkerStaysInsideTheInternalPackage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("dtk.render.internal..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("freemarker..")
        .check(MAIN);
  }
}
