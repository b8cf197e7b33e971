package dev.kunren.http.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kunren.http.Http1Client;
import dev.kunren.http.Http1Server;
import dev.kunren.http.Response;
import dev.kunren.http.ServerLimits;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Certificates and keys as openssl writes them (PKCS#8, PKCS#1, SEC 1) serve HTTPS that a client
 * trusting the certificate reads; files that cannot be used get an error saying what to do.
 */
class PemFilesTest {

    @TempDir
    Path dir;

    private void openssl(String... args) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "no openssl on this machine");
        List<String> command = new java.util.ArrayList<>(List.of("/usr/bin/openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0).as(output).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pkcs8-rsa", "pkcs1-rsa", "sec1-ec"})
    void a_pem_certificate_and_key_serve_https(String kind) throws Exception {
        switch (kind) {
            case "pkcs8-rsa" -> openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2");
            case "pkcs1-rsa" -> {
                openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k8.pem", "-out", "cert.pem",
                        "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2");
                openssl("rsa", "-in", "k8.pem", "-traditional", "-out", "key.pem");
            }
            default -> {
                openssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "key.pem");
                openssl("req", "-x509", "-key", "key.pem", "-out", "cert.pem", "-subj", "/CN=localhost",
                        "-addext", "subjectAltName=IP:127.0.0.1", "-days", "2");
            }
        }
        assertThat(Files.readString(dir.resolve("key.pem"))).contains(switch (kind) {
            case "pkcs8-rsa" -> "BEGIN PRIVATE KEY";
            case "pkcs1-rsa" -> "BEGIN RSA PRIVATE KEY";
            default -> "BEGIN EC PRIVATE KEY";
        });
        ServerTls tls = PemFiles.load(dir.resolve("cert.pem"), dir.resolve("key.pem"));
        assertThat(tls.fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        try (Http1Server server = Http1Server.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ServerLimits.forPeople(1024), tls.context(), Http1Server::plainError, r -> Response.text(200, "over tls"));
             Http1Client client = new Http1Client(Duration.ofSeconds(5), trusting(tls).getSocketFactory())) {
            var target = new Http1Client.Target(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), "127.0.0.1", true);
            var result = client.send(target, "GET", "/", new byte[0], null, Map.of(), Duration.ofSeconds(5));
            assertThat(new String(result.body())).isEqualTo("over tls\n".strip());
        }
    }

    private static SSLContext trusting(ServerTls tls) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("server", tls.chain().getFirst());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    @Test
    void an_encrypted_key_says_how_to_decrypt_it() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-passout", "pass:secret", "-keyout", "key.pem", "-out", "cert.pem",
                "-subj", "/CN=localhost", "-days", "2");
        assertThatThrownBy(() -> PemFiles.load(dir.resolve("cert.pem"), dir.resolve("key.pem")))
                .isInstanceOf(TlsException.class).hasMessageContaining("encrypted").hasMessageContaining("openssl pkcs8");
    }

    @Test
    void files_that_are_missing_or_hold_no_pem_are_named() throws IOException {
        Files.writeString(dir.resolve("empty.pem"), "not pem at all");
        assertThatThrownBy(() -> PemFiles.load(dir.resolve("nope.pem"), dir.resolve("nope.key")))
                .isInstanceOf(TlsException.class).hasMessageContaining("nope.pem");
        assertThatThrownBy(() -> PemFiles.load(dir.resolve("empty.pem"), dir.resolve("empty.pem")))
                .isInstanceOf(TlsException.class).hasMessageContaining("no -----BEGIN CERTIFICATE-----");
    }

    @Test
    void a_self_signed_certificate_is_kept_and_made_again_for_a_new_address() {
        Path store = dir.resolve("self.p12");
        ServerTls first = SelfSigned.load(store, List.of("localhost"), List.of("127.0.0.1"));
        ServerTls again = SelfSigned.load(store, List.of("localhost"), List.of("127.0.0.1"));
        ServerTls moved = SelfSigned.load(store, List.of("localhost"), List.of("127.0.0.1", "198.51.100.10"));
        assertThat(again.fingerprint()).as("kept, so browsers that accepted it keep accepting it").isEqualTo(first.fingerprint());
        assertThat(moved.fingerprint()).as("a new address needs a new certificate").isNotEqualTo(first.fingerprint());
    }
}
