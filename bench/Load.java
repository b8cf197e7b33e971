import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A company GameDay's load on a running `kunren serve` (bench/load.sh): one drill of TEAMS teams
 * in real time, STREAMS members following its live stream and CALLERS members reading it through
 * the API at RATE requests a second each, as the team console does (drill, alerts, instances,
 * incidents, messages, scoreboard). Each team sits behind its own loopback address, as a room
 * behind its own NAT would. Prints, per minute (or ROW_SECONDS): API calls and their p50/p99 (from the moment the
 * call was due, so a stalled server is not hidden by callers that waited), event deliveries and
 * their p50/p99 (the event's recordedAt on the server to its arrival, one clock), and the server's
 * resident memory and heap after a full GC (jcmd), to show whether memory stays flat.
 *
 * <p>Usage: java bench/Load.java PORT PASSWORD SERVER_PID TEAMS STREAMS CALLERS RATE MINUTES [ROW_SECONDS [MEMBERS_PORT]]
 * (a row per minute unless ROW_SECONDS says otherwise; the last row is the whole run). With
 * MEMBERS_PORT, the facilitator makes and runs the drill on PORT and the members join, stream and
 * call through MEMBERS_PORT: another server on the same database (SERVER_PID is then that one's).
 */
public final class Load {

    private static final Pattern RECORDED_AT = Pattern.compile("\"recordedAt\":\"([^\"]+)\"");
    /** Where the facilitator works, and where the members do (another server on the same database, or the same one). */
    private static String base;
    private static String membersBase;

    /** Latencies in microseconds, per row (a slice of the measurement's time). */
    private static final class Samples {
        private final Map<Integer, long[]> byRow = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();

        void add(int row, long micros) {
            long[] values = byRow.computeIfAbsent(row, m -> new long[1 << 19]);
            int i = counts.computeIfAbsent(row, m -> new AtomicInteger()).getAndIncrement();
            if (i < values.length) {
                values[i] = micros;
            }
        }

        String summary(int row) {
            return summary(values(row));
        }

        String total() {
            return summary(byRow.keySet().stream().map(this::values).flatMapToLong(Arrays::stream).toArray());
        }

        private long[] values(int row) {
            long[] values = byRow.get(row);
            return values == null ? new long[0] : Arrays.copyOf(values, Math.min(values.length, counts.get(row).get()));
        }

        private static String summary(long[] sorted) {
            int n = sorted.length;
            if (n == 0) {
                return String.format("%9s %9s %9s", 0, "-", "-");
            }
            Arrays.sort(sorted);
            return String.format("%,9d %9.1f %9.1f", n, sorted[n / 2] / 1000.0, sorted[Math.min(n - 1, (int) (n * 0.99))] / 1000.0);
        }
    }

    public static void main(String[] args) throws Exception {
        base = "http://127.0.0.1:" + args[0];
        membersBase = "http://127.0.0.1:" + (args.length > 9 ? args[9] : args[0]);
        String password = args[1];
        long serverPid = Long.parseLong(args[2]);
        int teams = Integer.parseInt(args[3]);
        int streams = Integer.parseInt(args[4]);
        int callers = Integer.parseInt(args[5]);
        int rate = Integer.parseInt(args[6]);
        int minutes = Integer.parseInt(args[7]);
        long row = Duration.ofSeconds(args.length > 8 ? Integer.parseInt(args[8]) : 60).toNanos();

        HttpClient facilitatorClient = HttpClient.newHttpClient();
        String[] facilitator = signIn(facilitatorClient, base, "/api/session/facilitator", "{\"password\":\"" + password + "\"}");
        String drill = field(send(facilitatorClient, facilitator, "POST", "/api/drills", "{\"scenario\":\"load\",\"speed\":1}"), "id");
        List<Member> members = new ArrayList<>();
        for (int t = 0; t < teams; t++) {
            String team = "team-" + (t + 1);
            String code = field(send(facilitatorClient, facilitator, "POST", "/api/drills/" + drill + "/teams",
                    "{\"name\":\"" + team + "\"}"), "joinCode");
            // a team's members share one address, as a room behind one NAT does: 256 connections each at most
            HttpClient client = HttpClient.newBuilder().localAddress(InetAddress.getByName("127.0.0." + (10 + t))).build();
            int mine = count(streams, teams, t) + count(callers, teams, t);
            for (int m = 0; m < mine; m++) {
                String[] session = signIn(client, membersBase, "/api/session/join", "{\"code\":\"" + code + "\",\"name\":\"member-" + (m + 1) + "\"}");
                members.add(new Member(client, session, team, m < count(streams, teams, t)));
            }
        }
        // members open their consoles before Start, as a room does: the streams are live when the drill begins
        Samples calls = new Samples();
        Samples deliveries = new Samples();
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        AtomicInteger streamsEnded = new AtomicInteger();
        Measurement measurement = new Measurement(row);
        List<Member> followers = members.stream().filter(Member::streams).toList();
        CountDownLatch connected = new CountDownLatch(followers.size());
        followers.forEach(member -> Thread.ofVirtual().start(() -> follow(member, drill, measurement, connected, deliveries, streamsEnded)));
        if (!connected.await(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException(connected.getCount() + " streams did not connect within a minute");
        }
        send(facilitatorClient, facilitator, "POST", "/api/drills/" + drill + "/start", "");
        long waitUntil = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!send(facilitatorClient, facilitator, "GET", "/api/drills/" + drill, null).contains("\"phase\":\"running\"")) {
            if (System.nanoTime() > waitUntil) {
                throw new IllegalStateException("the drill did not start within 2 minutes");
            }
            Thread.sleep(200);
        }

        measurement.begin(Duration.ofMinutes(minutes));
        long start = measurement.start;
        long end = measurement.end;
        members.stream().filter(m -> !m.streams()).forEach(member ->
                Thread.ofVirtual().start(() -> call(member, drill, rate, start, end, row, calls, statuses)));

        System.out.printf("%d teams, %d streams, %d API callers at %d/s each, %d minutes, server pid %d%n",
                teams, streams, callers, rate, minutes, serverPid);
        System.out.printf("%-7s %9s %9s %9s %9s %9s %9s %8s %8s%n", "until", "calls", "p50 ms", "p99 ms",
                "events", "p50 ms", "p99 ms", "rss MB", "heap MB");
        for (int i = 0; start + (i + 1) * row <= end; i++) {
            sleepUntil(start + (i + 1) * row);
            String memory = memoryOf(serverPid);
            Thread.sleep(500);  // the row's last calls come back
            System.out.printf("%-7s %s %s %s%n", Duration.ofNanos((i + 1) * row).toSeconds() + " s", calls.summary(i),
                    deliveries.summary(i), memory);
        }
        sleepUntil(end + 2_000_000_000L);  // the last calls come back
        System.out.printf("%-7s %s %s%n", "all", calls.total(), deliveries.total());
        System.out.printf("API answers by status: %s; streams that ended early: %d%n", new TreeMap<>(statuses), streamsEnded.get());
        send(facilitatorClient, facilitator, "POST", "/api/drills/" + drill + "/halt", "");
        System.exit(0);
    }

    private record Member(HttpClient client, String[] session, String team, boolean streams) { }

    /** The measured span, from the moment the drill runs; events recorded before it are not counted. */
    private static final class Measurement {
        final long row;
        volatile Instant startedAt;
        volatile long start;
        volatile long end = Long.MAX_VALUE;

        Measurement(long row) {
            this.row = row;
        }

        void begin(Duration length) {
            start = System.nanoTime();
            end = start + length.toNanos();
            startedAt = Instant.now();
        }
    }

    /** The share of {@code total} that team {@code t} of {@code teams} gets (the first teams take the remainder). */
    private static int count(int total, int teams, int t) {
        return total / teams + (t < total % teams ? 1 : 0);
    }

    /** A team console's reads, one every 1/rate s from the moment each is due; latency counts from that moment. */
    private static void call(Member member, String drill, int rate, long start, long end, long row, Samples calls,
                             Map<Integer, AtomicLong> statuses) {
        String team = "/api/drills/" + drill + "/teams/" + member.team;
        List<String> reads = List.of("/api/drills/" + drill, team + "/alerts", team + "/instances", team + "/incidents",
                team + "/messages", "/api/drills/" + drill + "/scoreboard");
        long every = 1_000_000_000L / rate;
        long due = start + (long) (Math.random() * every);  // callers spread over the first period, not in lockstep
        for (int i = 0; due < end; i++, due += every) {
            sleepUntil(due);
            int status;
            try {
                status = member.client.send(request(membersBase, member.session, "GET", reads.get(i % reads.size()), null),
                        HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException | InterruptedException e) {
                status = -1;
            }
            long now = System.nanoTime();
            statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
            calls.add((int) ((due - start) / row), (now - due) / 1_000);
        }
    }

    /** A member's live stream: each event's delay from being recorded on the server to arriving here. */
    private static void follow(Member member, String drill, Measurement measurement, CountDownLatch connected, Samples deliveries,
                               AtomicInteger ended) {
        try {
            HttpResponse<InputStream> stream = member.client.send(request(membersBase, member.session, "GET",
                    "/api/drills/" + drill + "/stream", null),
                    HttpResponse.BodyHandlers.ofInputStream());
            connected.countDown();
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null && System.nanoTime() < measurement.end; line = lines.readLine()) {
                    Matcher m = RECORDED_AT.matcher(line);
                    Instant startedAt = measurement.startedAt;
                    if (line.startsWith("data:") && m.find() && startedAt != null) {
                        Instant recordedAt = Instant.parse(m.group(1));
                        if (!recordedAt.isBefore(startedAt)) {
                            long micros = Duration.between(recordedAt, Instant.now()).toNanos() / 1_000;
                            deliveries.add((int) ((System.nanoTime() - measurement.start) / measurement.row), micros);
                        }
                    }
                }
            }
            if (System.nanoTime() < measurement.end) {
                ended.incrementAndGet();
            }
        } catch (IOException | InterruptedException e) {
            connected.countDown();
            ended.incrementAndGet();
        }
    }

    /** The server's resident memory, and its heap after a full collection (what it holds, not what it has not freed yet). */
    private static String memoryOf(long pid) {
        try {
            long rssKb = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                    .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(0L);
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true).start().waitFor();
            Process info = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true).start();
            String heap = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Matcher used = Pattern.compile("used (\\d+)K").matcher(heap);
            long heapKb = used.find() ? Long.parseLong(used.group(1)) : -1;
            return String.format("%8d %8d", rssKb / 1024, heapKb / 1024);
        } catch (IOException | InterruptedException e) {
            return "       ?        ?";
        }
    }

    private static void sleepUntil(long nanoTime) {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(wait));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static HttpRequest request(String at, String[] caller, String method, String path, String body) {
        return HttpRequest.newBuilder(URI.create(at + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Cookie", caller[0]).header("X-CSRF-Token", caller[1]).header("Content-Type", "application/json").build();
    }

    private static String send(HttpClient client, String[] caller, String method, String path, String body) throws Exception {
        HttpResponse<String> response = client.send(request(base, caller, method, path, body), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + ": " + response.statusCode() + " " + response.body());
        }
        return response.body();
    }

    private static String[] signIn(HttpClient client, String at, String path, String body) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(at + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException(path + ": "
                + response.statusCode() + " " + response.body())).split(";")[0];
        String session = client.send(HttpRequest.newBuilder(URI.create(at + "/api/session")).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return new String[] {cookie, field(session, "csrfToken")};
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
