package dtk.exec.resolve.repo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dtk.exec.testing.Tools;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * The xz program as decoder: same bytes as xz-java, and every failure of its input or of xz is the
 * reader's error.
 */
class NativeXzTest {
  private static final URI URL = URI.create("http://a/dists/s/main/binary-amd64/Packages.xz");

  private static byte[] xz(byte[] plain) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (XZOutputStream o = new XZOutputStream(b, new LZMA2Options())) {
      o.write(plain);
    }
    return b.toByteArray();
  }

  private static Path xzProgram() {
    Tools.require("xz");
    return NativeXz.find(System.getenv()).orElseThrow();
  }

  @Test
  void findsTheProgramOnPath_unlessToldToUseJava() {
    assertThat(NativeXz.find(Map.of("PATH", "/nonexistent"))).isEmpty();
    assertThat(NativeXz.find(Map.of("PATH", System.getenv("PATH"), "DTK_XZ", "java"))).isEmpty();
    assertThat(NativeXz.find(Map.of("PATH", System.getenv("PATH"))))
        .isEqualTo(NativeXz.find(System.getenv()));
  }

  @Test
  void decodesWhatXzJavaDecodes() throws IOException {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 20000; i++) {
      s.append("Package: p").append(i).append("\nVersion: 1.").append(i).append("\n\n");
    }
    byte[] plain = s.toString().getBytes(StandardCharsets.UTF_8);
    try (InputStream in =
        NativeXz.open(xzProgram(), URL, new ByteArrayInputStream(xz(plain)), 256 * 1024)) {
      assertThat(in.readAllBytes()).isEqualTo(plain);
    }
  }

  @Test
  void corruptInput_isARepositoryErrorNamingTheUrl() throws IOException {
    byte[] bad = xz("hello".repeat(1000).getBytes(StandardCharsets.UTF_8));
    byte[] cut = Arrays.copyOf(bad, bad.length / 2);
    assertThatThrownBy(
            () -> {
              try (InputStream in =
                  NativeXz.open(xzProgram(), URL, new ByteArrayInputStream(cut), 256 * 1024)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(RepositoryException.class)
        .hasMessageStartingWith("cannot decompress " + URL + " (xz): ");
  }

  @Test
  void aFailureOfTheInput_checksumOrDeadline_endsTheDecodedStreamWithIt() throws IOException {
    byte[] data = xz("x".repeat(100_000).getBytes(StandardCharsets.UTF_8));
    InputStream failing =
        new FilterInputStream(new ByteArrayInputStream(data)) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n < 0) {
              throw new RepositoryException(URL, "checksum mismatch for " + URL, "retry");
            }
            return n;
          }
        };
    assertThatThrownBy(
            () -> {
              try (InputStream in = NativeXz.open(xzProgram(), URL, failing, 256 * 1024)) {
                in.readAllBytes();
              }
            })
        .isInstanceOf(RepositoryException.class)
        .hasMessage("checksum mismatch for " + URL);
  }
}
