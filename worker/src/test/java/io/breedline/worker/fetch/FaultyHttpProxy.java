package io.breedline.worker.fetch;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fault injector in front of an HTTP server (s3proxy, a test web server): a TCP proxy that reads each request's
 * head, and for paths a rule names answers with a fault instead of forwarding: an HTTP error status with an S3-style
 * XML body, a connection reset (RST), or a stall (no answer at all). Everything else is forwarded byte for byte, so
 * request signatures stay valid. Every connection carries one request ({@code Connection: close} both ways), so
 * every request is seen.
 *
 * <p>Counts connections accepted and requests per path, so a test can prove a refused URL was never requested.
 */
public final class FaultyHttpProxy implements AutoCloseable {

    /** What to do instead of forwarding. */
    public sealed interface Fault permits Status, Reset, Stall, CutBody {}

    public record Status(int code, String errorCode, String message) implements Fault {}

    public record Reset() implements Fault {}

    public record Stall(Duration duration) implements Fault {}

    /** Forwards the response head and {@code bytes} bytes of the body, then stalls for {@code stall} and resets. */
    public record CutBody(int bytes, Duration stall) implements Fault {}

    public static Fault cutBody(int bytes, Duration stall) {
        return new CutBody(bytes, stall);
    }

    public static Fault status(int code, String errorCode, String message) {
        return new Status(code, errorCode, message);
    }

    public static Fault reset() {
        return new Reset();
    }

    public static Fault stall(Duration duration) {
        return new Stall(duration);
    }

    private record Rule(String pathContains, AtomicInteger remaining, Fault fault) {}

    private final InetSocketAddress backend;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, AtomicInteger> requestsByPath = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> bytesByPath = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private FaultyHttpProxy(InetSocketAddress backend) throws IOException {
        this.backend = backend;
        this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        threads.execute(this::acceptLoop);
    }

    /** A proxy on a free port of 127.0.0.1 in front of {@code backend} (its host and port are used). */
    public static FaultyHttpProxy inFrontOf(URI backend) throws IOException {
        return new FaultyHttpProxy(new InetSocketAddress(backend.getHost(), backend.getPort()));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next {@code times} requests whose path contains {@code pathContains} get {@code fault}. */
    public FaultyHttpProxy fail(String pathContains, int times, Fault fault) {
        rules.add(new Rule(pathContains, new AtomicInteger(times), fault));
        return this;
    }

    /** Every request whose path contains {@code pathContains} gets {@code fault}. */
    public FaultyHttpProxy failAlways(String pathContains, Fault fault) {
        return fail(pathContains, Integer.MAX_VALUE, fault);
    }

    public int connections() {
        return connections.get();
    }

    /** Requests seen whose path contains {@code pathContains}, faulted or forwarded. */
    public int requests(String pathContains) {
        return requestsByPath.entrySet().stream().filter(e -> e.getKey().contains(pathContains))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Response bytes forwarded to clients for paths containing {@code pathContains}, heads included. */
    public long responseBytes(String pathContains) {
        return bytesByPath.entrySet().stream().filter(e -> e.getKey().contains(pathContains))
                .mapToLong(e -> e.getValue().get()).sum();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                open.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            String requestLine = headText.substring(0, headText.indexOf("\r\n"));
            String[] parts = requestLine.split(" ");
            String path = parts.length > 1 ? parts[1] : "";
            requestsByPath.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Fault fault = faultFor(path);
            if (fault instanceof Status s) {
                String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + s.errorCode() + "</Code><Message>"
                        + s.message() + "</Message><Resource>" + path + "</Resource><RequestId>faulty-proxy</RequestId></Error>";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                String response = "HTTP/1.1 " + s.code() + " " + s.errorCode() + "\r\nContent-Type: application/xml\r\n"
                        + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n";
                OutputStream out = client.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.write(bytes);
                out.flush();
                client.shutdownOutput();
                client.setSoTimeout(2000);
                drainQuietly(in);
                return;
            }
            if (fault instanceof Reset) {
                client.setSoLinger(true, 0); // close() sends RST instead of FIN
                return;
            }
            if (fault instanceof Stall st) {
                long until = System.nanoTime() + st.duration().toNanos();
                while (!closed && System.nanoTime() < until && !client.isClosed()) {
                    // Block in read with a short timeout so a client giving up is noticed.
                    client.setSoTimeout(50);
                    try {
                        if (in.read() < 0) {
                            return;
                        }
                    } catch (java.net.SocketTimeoutException e) {
                        // still stalling
                    }
                }
                return;
            }
            forward(client, in, withConnectionClose(headText), path, fault instanceof CutBody cut ? cut : null);
        } catch (IOException e) {
            // The client went away: nothing to do.
        } finally {
            open.remove(client);
        }
    }

    private Fault faultFor(String path) {
        for (Rule r : rules) {
            if (path.contains(r.pathContains())) {
                int left = r.remaining().getAndUpdate(n -> n == Integer.MAX_VALUE ? n : Math.max(0, n - 1));
                if (left > 0) {
                    return r.fault();
                }
            }
        }
        return null;
    }

    private void forward(Socket client, InputStream clientIn, byte[] head, String path, CutBody cut) throws IOException {
        AtomicLong counted = bytesByPath.computeIfAbsent(path, p -> new AtomicLong());
        try (Socket up = new Socket()) {
            up.connect(backend, 5000);
            open.add(up);
            OutputStream upOut = up.getOutputStream();
            upOut.write(head);
            upOut.flush();
            // Request body (PUTs): pumped alongside, until the client stops sending.
            threads.execute(() -> {
                try {
                    clientIn.transferTo(upOut);
                } catch (IOException e) {
                    // either side closed
                }
            });
            InputStream upIn = up.getInputStream();
            byte[] responseHead = readHead(upIn);
            if (responseHead == null) {
                return;
            }
            OutputStream out = client.getOutputStream();
            byte[] rewritten = withConnectionClose(new String(responseHead, StandardCharsets.ISO_8859_1));
            out.write(rewritten);
            counted.addAndGet(rewritten.length);
            byte[] buffer = new byte[16 * 1024];
            long budget = cut == null ? Long.MAX_VALUE : cut.bytes();
            int n;
            while (budget > 0 && (n = upIn.read(buffer, 0, (int) Math.min(buffer.length, budget))) >= 0) {
                out.write(buffer, 0, n);
                counted.addAndGet(n);
                budget -= n;
            }
            out.flush();
            if (cut != null) {
                sleepQuietly(cut.stall());
                client.setSoLinger(true, 0);
            }
        } finally {
            open.removeIf(Socket::isClosed);
        }
    }

    /** The head with any Connection header replaced by {@code Connection: close}. */
    private static byte[] withConnectionClose(String head) {
        StringBuilder b = new StringBuilder();
        for (String line : head.split("\r\n")) {
            if (line.isEmpty() || line.regionMatches(true, 0, "Connection:", 0, 11)) {
                continue;
            }
            b.append(line).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n");
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Bytes up to and including the blank line that ends an HTTP head, or null at end of stream. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int matched = 0;
        int c;
        while ((c = in.read()) >= 0) {
            b.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (c == '\r' ? 1 : 0);
            if (matched == 4) {
                return b.toByteArray();
            }
            if (b.size() > 64 * 1024) {
                throw new IOException("HTTP head over 64 KiB");
            }
        }
        return null;
    }

    private void sleepQuietly(Duration d) {
        long until = System.nanoTime() + d.toNanos();
        while (!closed && System.nanoTime() < until) {
            try {
                Thread.sleep(Math.min(50, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void drainQuietly(InputStream in) {
        try {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        threads.shutdownNow();
    }
}
