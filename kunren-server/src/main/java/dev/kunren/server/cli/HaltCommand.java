package dev.kunren.server.cli;

import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kunren halt}: the emergency stop from any terminal. The drill reverts every fault at
 * once — toxics on its proxies, and whatever its agents did on the team's hosts — and ends.
 */
@Command(name = "halt", mixinStandardHelpOptions = true,
        description = "Halt a running drill from any terminal: every fault is reverted at once, on agents and proxies too.")
final class HaltCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "The drill's console API (default: $KUNREN_CONSOLE_URL or http://127.0.0.1:7070).")
    URI url;

    @Option(names = "--token", defaultValue = "${env:KUNREN_TOKEN}", paramLabel = "TOKEN",
            description = "The drill's token (default: $KUNREN_TOKEN, else the one a drill on this machine left for you).")
    String token;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        URI base = url != null ? url : URI.create(System.getenv().getOrDefault("KUNREN_CONSOLE_URL", "http://127.0.0.1:7070"));
        String path = base.getRawPath() == null || base.getRawPath().replaceAll("/+$", "").isEmpty() ? "/api" : base.getRawPath()
                .replaceAll("/+$", "");
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path + "/halt")).timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        ConsoleTokens.forUrl(base, token).ifPresent(t -> request.header("Authorization", "Bearer " + t));
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                err.println("kunren halt: " + response.statusCode() + " " + response.body());
                return 1;
            }
            out.println("kunren halt: the drill at " + base + " is halted; every fault is reverted.");
            return 0;
        } catch (ConnectException e) {
            err.println("kunren halt: no drill answers at " + base);
            return 1;
        }
    }
}
