package dtk.exec.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw TCP server on 127.0.0.1 for misbehaving-server tests: each accepted connection is handed to
 * {@code behaviour} on its own daemon thread. Closing it closes every connection.
 */
public final class LoopbackServer implements AutoCloseable {
  /** What the server does with one connection. */
  public interface Behaviour {
    void serve(Socket s) throws IOException, InterruptedException;
  }

  private final ServerSocket socket;
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private LoopbackServer(ServerSocket socket) {
    this.socket = socket;
  }

  public static LoopbackServer start(Behaviour behaviour) throws IOException {
    LoopbackServer s =
        new LoopbackServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    Thread t =
        new Thread(
            () -> {
              while (!s.socket.isClosed()) {
                try {
                  Socket c = s.socket.accept();
                  s.open.add(c);
                  Thread h =
                      new Thread(
                          () -> {
                            try {
                              behaviour.serve(c);
                            } catch (IOException | InterruptedException e) {
                              // the client gave up: that is what these tests make it do
                            }
                          },
                          "loopback-conn");
                  h.setDaemon(true);
                  h.start();
                } catch (IOException e) {
                  return;
                }
              }
            },
            "loopback-accept");
    t.setDaemon(true);
    t.start();
    return s;
  }

  /** {@code 127.0.0.1:PORT}. */
  public String host() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  /** Accepts, never answers. */
  public static void silent(Socket s) throws InterruptedException {
    Thread.sleep(Long.MAX_VALUE);
  }

  /** Reads the request head (up to the blank line). */
  public static void readHead(Socket s) throws IOException {
    InputStream in = s.getInputStream();
    int state = 0;
    while (state < 4) {
      int c = in.read();
      if (c < 0) {
        return;
      }
      state =
          (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3))
              ? state + 1
              : 0;
    }
  }

  /**
   * Writes a status line and headers (no Content-Length: the body ends when the connection closes).
   */
  public static OutputStream head(Socket s, int status, String... headers) throws IOException {
    readHead(s);
    StringBuilder b = new StringBuilder("HTTP/1.1 " + status + " X\r\nConnection: close\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    b.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(b.toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return out;
  }

  @Override
  public void close() throws IOException {
    socket.close();
    for (Socket c : open) {
      c.close();
    }
  }
}
