package dtk.exec.http;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * Tells a stalled TLS handshake from a stalled TCP connect. {@link java.net.http.HttpClient}'s
 * connect timeout covers both and says only "HTTP connect timed out" (JDK 17); this wraps the
 * default {@link SSLContext} so that every engine it makes records when its handshake started (the
 * engine's first {@code wrap}, which needs a connected socket) and when it finished.
 */
final class HandshakeTracker {
  private final SSLContext context;

  /** Engines whose handshake started and has not finished, by {@code host:port}. */
  private final ConcurrentHashMap<String, Set<Tracked>> open = new ConcurrentHashMap<>();

  HandshakeTracker() {
    try {
      this.context = wrap(SSLContext.getDefault());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the Java runtime has no default TLS context", e);
    }
  }

  SSLContext context() {
    return context;
  }

  /**
   * Whether a handshake with {@code host:port} started at or after {@code sinceNanos} and has not
   * finished.
   */
  boolean stalled(String host, int port, long sinceNanos) {
    Set<Tracked> s = open.get(key(host, port));
    if (s == null) {
      return false;
    }
    for (Tracked t : s) {
      if (t.startedAt - sinceNanos >= 0) {
        return true;
      }
    }
    return false;
  }

  private static String key(String host, int port) {
    return host.toLowerCase(java.util.Locale.ROOT) + ":" + port;
  }

  private SSLContext wrap(SSLContext d) {
    SSLContextSpi spi =
        new SSLContextSpi() {
          @Override
          protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr)
              throws KeyManagementException {
            d.init(km, tm, sr);
          }

          @Override
          protected SSLSocketFactory engineGetSocketFactory() {
            return d.getSocketFactory();
          }

          @Override
          protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return d.getServerSocketFactory();
          }

          @Override
          protected SSLEngine engineCreateSSLEngine() {
            return d.createSSLEngine();
          }

          @Override
          protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new Tracked(d.createSSLEngine(host, port), host, port);
          }

          @Override
          protected SSLSessionContext engineGetServerSessionContext() {
            return d.getServerSessionContext();
          }

          @Override
          protected SSLSessionContext engineGetClientSessionContext() {
            return d.getClientSessionContext();
          }

          @Override
          protected SSLParameters engineGetDefaultSSLParameters() {
            return d.getDefaultSSLParameters();
          }

          @Override
          protected SSLParameters engineGetSupportedSSLParameters() {
            return d.getSupportedSSLParameters();
          }
        };
    return new SSLContext(spi, d.getProvider(), d.getProtocol()) {};
  }

  /** Delegates everything to the real engine, noting the start and the end of the handshake. */
  private final class Tracked extends SSLEngine {
    private final SSLEngine e;
    private final String key;
    private volatile long startedAt;
    private volatile boolean started;
    private volatile boolean finished;

    Tracked(SSLEngine e, String host, int port) {
      super(host, port);
      this.e = e;
      this.key = key(host, port);
    }

    private void start() {
      if (!started) {
        started = true;
        startedAt = System.nanoTime();
        open.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(this);
      }
    }

    private SSLEngineResult seen(SSLEngineResult r) {
      if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.FINISHED) {
        done();
      }
      return r;
    }

    private void done() {
      if (!finished) {
        finished = true;
        Set<Tracked> s = open.get(key);
        if (s != null) {
          s.remove(this);
        }
      }
    }

    @Override
    public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst)
        throws SSLException {
      start();
      return seen(e.wrap(srcs, offset, length, dst));
    }

    @Override
    public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length)
        throws SSLException {
      return seen(e.unwrap(src, dsts, offset, length));
    }

    @Override
    public Runnable getDelegatedTask() {
      return e.getDelegatedTask();
    }

    @Override
    public void closeInbound() throws SSLException {
      done();
      e.closeInbound();
    }

    @Override
    public boolean isInboundDone() {
      return e.isInboundDone();
    }

    @Override
    public void closeOutbound() {
      // not done(): the client closes a timed-out connection before its error is examined
      e.closeOutbound();
    }

    @Override
    public boolean isOutboundDone() {
      return e.isOutboundDone();
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return e.getSupportedCipherSuites();
    }

    @Override
    public String[] getEnabledCipherSuites() {
      return e.getEnabledCipherSuites();
    }

    @Override
    public void setEnabledCipherSuites(String[] suites) {
      e.setEnabledCipherSuites(suites);
    }

    @Override
    public String[] getSupportedProtocols() {
      return e.getSupportedProtocols();
    }

    @Override
    public String[] getEnabledProtocols() {
      return e.getEnabledProtocols();
    }

    @Override
    public void setEnabledProtocols(String[] protocols) {
      e.setEnabledProtocols(protocols);
    }

    @Override
    public SSLSession getSession() {
      return e.getSession();
    }

    @Override
    public SSLSession getHandshakeSession() {
      return e.getHandshakeSession();
    }

    @Override
    public void beginHandshake() throws SSLException {
      e.beginHandshake();
    }

    @Override
    public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
      SSLEngineResult.HandshakeStatus s = e.getHandshakeStatus();
      if (started && s == SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
        done();
      }
      return s;
    }

    @Override
    public void setUseClientMode(boolean mode) {
      e.setUseClientMode(mode);
    }

    @Override
    public boolean getUseClientMode() {
      return e.getUseClientMode();
    }

    @Override
    public void setNeedClientAuth(boolean need) {
      e.setNeedClientAuth(need);
    }

    @Override
    public boolean getNeedClientAuth() {
      return e.getNeedClientAuth();
    }

    @Override
    public void setWantClientAuth(boolean want) {
      e.setWantClientAuth(want);
    }

    @Override
    public boolean getWantClientAuth() {
      return e.getWantClientAuth();
    }

    @Override
    public void setEnableSessionCreation(boolean flag) {
      e.setEnableSessionCreation(flag);
    }

    @Override
    public boolean getEnableSessionCreation() {
      return e.getEnableSessionCreation();
    }

    @Override
    public SSLParameters getSSLParameters() {
      return e.getSSLParameters();
    }

    @Override
    public void setSSLParameters(SSLParameters params) {
      e.setSSLParameters(params);
    }

    @Override
    public String getApplicationProtocol() {
      return e.getApplicationProtocol();
    }

    @Override
    public String getHandshakeApplicationProtocol() {
      return e.getHandshakeApplicationProtocol();
    }

    @Override
    public void setHandshakeApplicationProtocolSelector(
        BiFunction<SSLEngine, List<String>, String> selector) {
      e.setHandshakeApplicationProtocolSelector(selector);
    }

    @Override
    public BiFunction<SSLEngine, List<String>, String> getHandshakeApplicationProtocolSelector() {
      return e.getHandshakeApplicationProtocolSelector();
    }
  }
}
