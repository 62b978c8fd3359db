package dtk.exec.resolve.repo;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dtk.exec.testing.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Real dnf and apt repositories built by {@code repo/make-fixtures.sh} (rpmbuild, createrepo_c,
 * zstd, dpkg-deb, apt-ftparchive) and served over HTTP on 127.0.0.1.
 */
public final class RepoFixtures implements AutoCloseable {
  public final Path root;
  private final HttpServer server;

  private RepoFixtures(Path root, HttpServer server) {
    this.root = root;
    this.server = server;
  }

  public static RepoFixtures build(Path dir) throws Exception {
    Tools.require(
        "rpmbuild", "createrepo_c", "zstd", "xz", "gzip", "dpkg-deb", "apt-ftparchive", "perl");
    // copied out: the script may sit in a test jar (the CLI's tests use these fixtures too)
    Files.createDirectories(dir);
    Path script = dir.resolve("make-fixtures.sh");
    try (InputStream in = RepoFixtures.class.getResourceAsStream("/repo/make-fixtures.sh")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Path root = dir.resolve("repos");
    Process p =
        new ProcessBuilder("bash", script.toString(), root.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(out).isZero();
    return new RepoFixtures(root, serve(root));
  }

  static HttpServer serve(Path root) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.createContext(
        "/",
        ex -> {
          Path f = root.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
          if (!f.startsWith(root) || !Files.isRegularFile(f)) {
            ex.sendResponseHeaders(404, -1);
            ex.close();
            return;
          }
          byte[] body = Files.readAllBytes(f);
          ex.sendResponseHeaders(200, body.length);
          try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
          }
        });
    s.start();
    return s;
  }

  /**
   * Serves {@code dir} as it is (no fixtures built): for tests that alter a copy of a repository.
   */
  public static RepoFixtures serveDirectory(Path dir) throws IOException {
    return new RepoFixtures(dir, serve(dir));
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/" + path);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
