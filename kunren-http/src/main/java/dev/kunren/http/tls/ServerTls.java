package dev.kunren.http.tls;

import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * What a server needs for HTTPS: its certificate chain and key, as an {@link SSLContext}, and the
 * certificate's SHA-256 fingerprint for people to compare with what their browser shows.
 */
public record ServerTls(SSLContext context, List<X509Certificate> chain) {

    static ServerTls of(PrivateKey key, List<X509Certificate> chain) {
        try {
            char[] password = new char[0];
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("server", key, password, chain.toArray(new X509Certificate[0]));
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return new ServerTls(context, List.copyOf(chain));
        } catch (java.security.GeneralSecurityException | java.io.IOException e) {
            throw new TlsException("the key does not fit the certificate: " + e.getMessage(), e);
        }
    }

    /** The server certificate's SHA-256 fingerprint, as browsers show it (AB:CD:…). */
    public String fingerprint() {
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(sha256(encoded(chain.getFirst())));
    }

    /** SHA-256 of the certificate's public key, Base64: what Chromium's --ignore-certificate-errors-spki-list takes. */
    public String publicKeyPin() {
        return java.util.Base64.getEncoder().encodeToString(sha256(chain.getFirst().getPublicKey().getEncoded()));
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new TlsException("unreadable certificate", e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
