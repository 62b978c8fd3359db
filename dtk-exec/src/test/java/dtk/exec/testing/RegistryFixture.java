package dtk.exec.testing;

import dtk.exec.process.Invocation;
import dtk.exec.process.LocalProcessRunner;
import dtk.exec.process.ProcessRunner;
import dtk.spec.ImageRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A real OCI registry ({@code docker-registry serve}, the Debian package of distribution/registry)
 * on 127.0.0.1 with a random free port, temporary storage and deletes enabled. Plain HTTP: clients
 * need {@code --tls-verify=false}.
 *
 * <pre>
 * try (RegistryFixture registry = RegistryFixture.start()) {
 *   ImageRef ref = registry.ref("dtk/busybox:1");   // 127.0.0.1:PORT/dtk/busybox:1
 * }
 * </pre>
 */
public final class RegistryFixture implements AutoCloseable {
  private static RegistryFixture shared;

  private final Path dir;
  private final int port;
  private final LocalProcessRunner.Background process;

  private RegistryFixture(Path dir, int port, LocalProcessRunner.Background process) {
    this.dir = dir;
    this.port = port;
    this.process = process;
  }

  /** Starts a registry; skips (or fails on CI) when {@code docker-registry} is not installed. */
  public static RegistryFixture start() {
    Tools.require("docker-registry");
    Path dir;
    try {
      dir = Files.createTempDirectory("dtk-registry-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String lastOutput = "";
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = freePort();
      Path config = dir.resolve("config.yml");
      try {
        Files.writeString(
            config,
            String.join(
                "\n",
                "version: 0.1",
                "log:",
                "  level: warn",
                "  accesslog:",
                "    disabled: true",
                "storage:",
                "  filesystem:",
                "    rootdirectory: " + dir.resolve("storage"),
                "  delete:",
                "    enabled: true",
                "http:",
                "  addr: 127.0.0.1:" + port,
                ""));
        LocalProcessRunner.Background bg =
            ProcessRunner.local()
                .start(Invocation.of("docker-registry", "serve", config.toString()));
        if (waitUntilUp(port, bg)) {
          return new RegistryFixture(dir, port, bg);
        }
        lastOutput = bg.output();
        bg.close(); // the port was taken between our probe and its bind: try another
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    deleteTree(dir);
    throw new IllegalStateException("docker-registry did not start on 127.0.0.1:\n" + lastOutput);
  }

  /** One registry for the whole test JVM, stopped when the JVM exits. */
  public static synchronized RegistryFixture shared() {
    if (shared == null) {
      shared = start();
      RegistryFixture r = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(r::close, "dtk-registry-stop"));
    }
    return shared;
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean waitUntilUp(int port, LocalProcessRunner.Background bg) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest req =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/"))
            .version(HttpClient.Version.HTTP_1_1)
            .timeout(Duration.ofSeconds(2))
            .build();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && bg.isAlive()) {
      try {
        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return true;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** A reference in this registry: {@code ref("dtk/busybox:1")}. */
  public ImageRef ref(String repositoryAndTag) {
    return ImageRef.parse(host() + "/" + repositoryAndTag);
  }

  public boolean isRunning() {
    return process.isAlive();
  }

  @Override
  public void close() {
    process.close();
    deleteTree(dir);
  }

  static void deleteTree(Path dir) {
    dtk.render.FileTrees.deleteQuietly(dir); // temporary test data: what is left, the OS cleans
  }
}
