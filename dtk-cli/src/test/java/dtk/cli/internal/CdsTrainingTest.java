package dtk.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dtk.cli.Dtk;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The launcher's archive holds the classes the training loads: a training command that fails early
 * (a shipped spec that changed) would leave FreeMarker or the planner out of it, silently.
 */
class CdsTrainingTest {
  @Test
  void theRunsThatMustSucceed_do_andRenderAndPlanAreAmongThem(@TempDir Path scratch)
      throws Exception {
    List<CdsTraining.Run> runs = CdsTraining.runs(scratch, Path.of("../specs"));
    assertThat(runs)
        .filteredOn(CdsTraining.Run::succeeds)
        .extracting(r -> r.args().get(0))
        .contains("render", "plan", "validate");
    for (CdsTraining.Run run : runs) {
      CommandLine cl = Dtk.commandLine();
      StringWriter err = new StringWriter();
      cl.setOut(new PrintWriter(new StringWriter()));
      cl.setErr(new PrintWriter(err));
      int status = cl.execute(run.args().toArray(String[]::new));
      if (run.succeeds()) {
        assertThat(status).as(String.join(" ", run.args()) + "\n" + err).isZero();
      }
    }
  }
}
