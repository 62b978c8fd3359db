package dtk.exec.testing;

import java.io.IOException;

/**
 * The test registry and fixture images for scripts (benchmarks, trying dtk by hand): prints {@code
 * NAME=VALUE} lines, then {@code ready}, and keeps everything up until its standard input closes.
 *
 * <pre>
 * java -cp dtk-exec/target/test-classes:dtk-exec/target/classes:DEPS dtk.exec.testing.FixtureServer
 * </pre>
 */
public final class FixtureServer {
  private FixtureServer() {}

  public static void main(String[] args) throws IOException {
    try (RegistryFixture registry = RegistryFixture.start();
        FixtureImages images = FixtureImages.create(registry)) {
      System.out.println("registry=" + registry.host());
      System.out.println("busybox=" + images.busybox());
      System.out.println("rpmBase=" + images.rpmBase());
      System.out.println("bootc=" + images.bootc());
      System.out.println("kernel=" + FixtureImages.KERNEL);
      System.out.println("ready");
      System.out.flush();
      while (System.in.read() >= 0) {
        // wait for the caller to close our stdin
      }
    }
  }
}
