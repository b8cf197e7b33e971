package dev.kunren.http.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for a server that has none (a laptop GameDay on a LAN): made once by
 * the JDK's own {@code keytool} and kept, so that browsers that accepted it once keep accepting it.
 * It is made again when it expires within a week or lacks one of the names people will use.
 */
public final class SelfSigned {

    private static final String ALIAS = "kunren";
    private static final char[] PASSWORD = "kunren-self-signed".toCharArray();
    private static final Duration VALIDITY = Duration.ofDays(365);

    private SelfSigned() {
    }

    /**
     * The certificate kept in {@code store}, made (or made again) for {@code dnsNames} and
     * {@code addresses}.
     */
    public static ServerTls load(Path store, List<String> dnsNames, List<String> addresses) {
        try {
            if (Files.isRegularFile(store)) {
                ServerTls kept = read(store);
                if (stillGood(kept.chain().getFirst(), dnsNames, addresses)) {
                    return kept;
                }
                Files.delete(store);
            }
            Files.createDirectories(store.toAbsolutePath().getParent());
            make(store, dnsNames, addresses);
            return read(store);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("cannot make a self-signed certificate in " + store + ": " + e.getMessage(), e);
        }
    }

    private static ServerTls read(Path store) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        PrivateKey key = (PrivateKey) keys.getKey(ALIAS, PASSWORD);
        List<X509Certificate> chain = Arrays.stream(keys.getCertificateChain(ALIAS)).map(c -> (X509Certificate) c).toList();
        return ServerTls.of(key, chain);
    }

    private static boolean stillGood(X509Certificate certificate, List<String> dnsNames, List<String> addresses)
            throws GeneralSecurityException {
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(7)))) {
            return false;
        }
        List<String> names = new ArrayList<>();
        if (certificate.getSubjectAlternativeNames() != null) {
            certificate.getSubjectAlternativeNames().forEach(name -> names.add(String.valueOf(name.get(1)).toLowerCase()));
        }
        return names.containsAll(dnsNames.stream().map(String::toLowerCase).toList())
                && addresses.stream().allMatch(a -> names.stream().anyMatch(n -> sameAddress(n, a)));
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private static void make(Path store, List<String> dnsNames, List<String> addresses) throws IOException {
        List<String> san = new ArrayList<>();
        dnsNames.forEach(n -> san.add("dns:" + n));
        addresses.forEach(a -> san.add("ip:" + a));
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = List.of(keytool.toString(), "-genkeypair", "-noprompt", "-alias", ALIAS,
                "-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA",
                "-dname", "CN=Kunren self-signed, O=Kunren", "-validity", String.valueOf(VALIDITY.toDays()),
                "-ext", "SAN=" + String.join(",", san), "-ext", "EKU=serverAuth",
                "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool failed: " + new String(output).strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException("interrupted while keytool made the certificate", e);
        }
    }
}
