import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a normal member of a running drill sees while the web app is attacked (bench/attack.sh).
 * The member, on 127.0.0.1, reads the drill every 100 ms and follows its live stream; for 10 s
 * nothing else happens, then for 20 s attackers from other loopback addresses (127.0.0.2 and up,
 * as separate machines would be) hold 2,000 trickling connections, flood the public status page
 * and guess the facilitator's password. Prints p50/p99 of the page and of event delivery
 * (event recorded on the server → received by the member), before and during the attack.
 */
public final class Attack {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String base;

    public static void main(String[] args) throws Exception {
        base = "http://127.0.0.1:" + args[0];
        String password = args[1];
        String[] facilitator = signIn("/api/session/facilitator", "{\"password\":\"" + password + "\"}");
        String drill = field(send(facilitator, "POST", "/api/drills", "{\"scenario\":\"first-drill\",\"speed\":8}"), "id");
        String code = field(send(facilitator, "POST", "/api/drills/" + drill + "/teams", "{\"name\":\"red\"}"), "joinCode");
        String[] member = signIn("/api/session/join", "{\"code\":\"" + code + "\",\"name\":\"Aiko\"}");
        send(facilitator, "POST", "/api/drills/" + drill + "/start", "");

        AtomicBoolean attacking = new AtomicBoolean();
        AtomicBoolean running = new AtomicBoolean(true);
        List<long[]> page = new CopyOnWriteArrayList<>();      // {attacking 0/1, micros}
        List<long[]> delivery = new CopyOnWriteArrayList<>();
        Thread.ofPlatform().start(() -> {
            while (running.get()) {
                long start = System.nanoTime();
                try {
                    send(member, "GET", "/api/drills/" + drill, null);
                    page.add(new long[] {attacking.get() ? 1 : 0, (System.nanoTime() - start) / 1_000});
                    Thread.sleep(100);
                } catch (Exception e) {
                    page.add(new long[] {attacking.get() ? 1 : 0, 10_000_000});  // a failure counts as 10 s
                }
            }
        });
        Thread.ofPlatform().daemon().start(() -> follow(member, drill, attacking, delivery));

        Thread.sleep(10_000);
        attacking.set(true);
        ConcurrentHashMap<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Socket> trickling = Collections.synchronizedList(new ArrayList<>());
        List<Thread> attackers = new ArrayList<>();
        for (int a = 0; a < 8; a++) {
            String from = "127.0.0." + (2 + a);
            attackers.add(Thread.ofPlatform().start(() -> slowloris(from, 250, running, trickling)));
        }
        for (int a = 0; a < 4; a++) {
            String from = "127.0.0." + (20 + a);
            attackers.add(Thread.ofPlatform().start(() -> flood(from, "GET /api/status/" + drill + "/red HTTP/1.1\r\nHost: x\r\n\r\n",
                    running, statuses)));
        }
        String guess = "{\"password\":\"not-it\"}";
        attackers.add(Thread.ofPlatform().start(() -> flood("127.0.0.30", "POST /api/session/facilitator HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + guess.length() + "\r\n\r\n" + guess, running, statuses)));
        Thread.sleep(20_000);
        running.set(false);
        attacking.set(false);
        synchronized (trickling) {
            trickling.forEach(s -> {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // gone already
                }
            });
        }
        System.out.printf("attack: %d trickling connections held at the end; answers to the floods: %s%n", trickling.size(), statuses);
        report("page GET /api/drills/{id}", page);
        report("event delivery (recorded -> received)", delivery);
        send(facilitator, "POST", "/api/drills/" + drill + "/halt", "");
        System.exit(0);
    }

    private static void report(String what, List<long[]> samples) {
        for (int phase = 0; phase <= 1; phase++) {
            int p = phase;
            List<Long> micros = new ArrayList<>(samples.stream().filter(s -> s[0] == p).map(s -> s[1]).toList());
            Collections.sort(micros);
            if (micros.isEmpty()) {
                System.out.printf("%s, %s: no samples%n", what, phase == 0 ? "before" : "under attack");
                continue;
            }
            System.out.printf("%s, %s: p50 %.1f ms, p99 %.1f ms, max %.1f ms (%d samples)%n", what, phase == 0 ? "before" : "under attack",
                    micros.get(micros.size() / 2) / 1000.0, micros.get((int) Math.min(micros.size() - 1, Math.floor(micros.size() * 0.99))) / 1000.0,
                    micros.getLast() / 1000.0, micros.size());
        }
    }

    /** The member's live stream: each event's delay from being recorded on the server to arriving here. */
    private static void follow(String[] member, String drill, AtomicBoolean attacking, List<long[]> delivery) {
        Pattern recordedAt = Pattern.compile("\"recordedAt\":\"([^\"]+)\"");
        try {
            HttpResponse<InputStream> stream = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/drills/" + drill + "/stream"))
                    .header("Cookie", member[0]).build(), HttpResponse.BodyHandlers.ofInputStream());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                boolean caughtUp = false;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    Matcher m = recordedAt.matcher(line);
                    if (line.startsWith("data:") && m.find()) {
                        long micros = Duration.between(Instant.parse(m.group(1)), Instant.now()).toNanos() / 1_000;
                        caughtUp = caughtUp || micros < 1_000_000;  // the history sent on connect is not a delivery
                        if (caughtUp) {
                            delivery.add(new long[] {attacking.get() ? 1 : 0, micros});
                        }
                    }
                }
            }
        } catch (Exception e) {
            System.out.println("the member's stream ended: " + e);
        }
    }

    /** Connections that send a request head one byte every few seconds, never finishing it. */
    private static void slowloris(String from, int count, AtomicBoolean running, List<Socket> held) {
        List<Socket> mine = new ArrayList<>();
        while (running.get()) {
            while (mine.size() < count && running.get()) {
                try {
                    Socket s = socketFrom(from);
                    s.getOutputStream().write("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII));
                    mine.add(s);
                    held.add(s);
                } catch (IOException e) {
                    break;
                }
            }
            mine.removeIf(s -> {
                try {
                    s.getOutputStream().write('X');
                    return false;
                } catch (IOException e) {
                    held.remove(s);
                    return true;  // cut off by the server: open another
                }
            });
            sleep(2_000);
        }
    }

    /** One request after another on fresh connections, counting the answers' statuses. */
    private static void flood(String from, String request, AtomicBoolean running, ConcurrentHashMap<Integer, AtomicLong> statuses) {
        byte[] bytes = request.replace("Host: x", "Host: 127.0.0.1").getBytes(StandardCharsets.UTF_8);
        while (running.get()) {
            try (Socket s = socketFrom(from)) {
                OutputStream out = s.getOutputStream();
                out.write(bytes);
                byte[] head = s.getInputStream().readNBytes(12);
                int status = head.length == 12 ? Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII)) : 0;
                statuses.computeIfAbsent(status, k -> new AtomicLong()).incrementAndGet();
            } catch (IOException | NumberFormatException e) {
                statuses.computeIfAbsent(-1, k -> new AtomicLong()).incrementAndGet();
            }
        }
    }

    private static Socket socketFrom(String from) throws IOException {
        Socket s = new Socket();
        s.bind(new InetSocketAddress(from, 0));
        s.connect(new InetSocketAddress("127.0.0.1", URI.create(base).getPort()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String[] signIn(String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException(path + ": "
                + response.statusCode() + " " + response.body())).split(";")[0];
        String session = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new String[] {cookie, field(session, "csrfToken")};
    }

    private static String send(String[] caller, String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Cookie", caller[0]).header("X-CSRF-Token", caller[1]).header("Content-Type", "application/json");
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
