package dev.kunren.http.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key from PEM files, as certbot, openssl and most
 * certificate authorities write them: the key as PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1
 * ({@code BEGIN RSA PRIVATE KEY}) or SEC 1 ({@code BEGIN EC PRIVATE KEY}).
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final byte[] RSA_ALGORITHM = hex("300d06092a864886f70d0101010500");
    private static final byte[] EC_PUBLIC_KEY_OID = hex("06072a8648ce3d0201");

    private PemFiles() {
    }

    /** The server's TLS from a certificate file (its chain, leaf first) and a key file. */
    public static ServerTls load(Path certificateFile, Path keyFile) {
        List<X509Certificate> chain = certificates(read(certificateFile), certificateFile);
        PrivateKey key = privateKey(read(keyFile), keyFile);
        return ServerTls.of(key, chain);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new TlsException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(String pem, Path file) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            Matcher block = BLOCK.matcher(pem);
            while (block.find()) {
                if (block.group(1).equals("CERTIFICATE")) {
                    chain.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(decode(block.group(2), file))));
                }
            }
        } catch (CertificateException e) {
            throw new TlsException(file + " holds a certificate that cannot be read: " + e.getMessage(), e);
        }
        if (chain.isEmpty()) {
            throw new TlsException(file + " holds no -----BEGIN CERTIFICATE----- block");
        }
        return chain;
    }

    static PrivateKey privateKey(String pem, Path file) {
        Matcher block = BLOCK.matcher(pem);
        while (block.find()) {
            byte[] der = decode(block.group(2), file);
            switch (block.group(1)) {
                case "PRIVATE KEY" -> {
                    return pkcs8(der, file);
                }
                case "RSA PRIVATE KEY" -> {
                    return pkcs8(sequence(concat(hex("020100"), RSA_ALGORITHM, octetString(der))), file);
                }
                case "EC PRIVATE KEY" -> {
                    byte[] algorithm = sequence(concat(EC_PUBLIC_KEY_OID, curveOf(der, file)));
                    return pkcs8(sequence(concat(hex("020100"), algorithm, octetString(der))), file);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new TlsException(file + " holds an encrypted key; Kunren needs it "
                        + "unencrypted: openssl pkcs8 -in " + file + " -out key.pem");
                default -> {
                    // other blocks (EC PARAMETERS, certificates) are not the key
                }
            }
        }
        throw new TlsException(file + " holds no private key (-----BEGIN PRIVATE KEY-----)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) {
        for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new TlsException(file + " holds a private key of a kind Kunren cannot use (RSA, EC and Ed25519 work)");
    }

    /** The named curve of a SEC 1 key: ECPrivateKey ::= SEQUENCE { version, privateKey, [0] parameters, [1] publicKey }. */
    private static byte[] curveOf(byte[] sec1, Path file) {
        Der outer = new Der(sec1, 0);
        Der field = outer.firstChild();
        while (field != null) {
            if ((field.tag & 0xff) == 0xa0) {
                return field.firstChild().encoded();
            }
            field = field.next();
        }
        throw new TlsException(file + " holds an EC key without its curve; convert it: openssl pkcs8 -topk8 -nocrypt -in "
                + file + " -out key.pem");
    }

    private static byte[] decode(String base64, Path file) {
        try {
            return Base64.getMimeDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new TlsException(file + " is not valid PEM: " + e.getMessage(), e);
        }
    }

    private static byte[] sequence(byte[] content) {
        return tlv(0x30, content);
    }

    private static byte[] octetString(byte[] content) {
        return tlv(0x04, content);
    }

    private static byte[] tlv(int tag, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = content.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = length > 0xffffff ? 4 : length > 0xffff ? 3 : length > 0xff ? 2 : 1;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        out.writeBytes(content);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static byte[] hex(String hex) {
        return java.util.HexFormat.of().parseHex(hex);
    }

    /** One DER element in a buffer: enough to walk a SEC 1 key. */
    private static final class Der {
        final byte[] bytes;
        final int start;
        final int tag;
        final int contentStart;
        final int end;

        Der(byte[] bytes, int start) {
            if (start + 2 > bytes.length) {
                throw new TlsException("a malformed key (DER)");
            }
            this.bytes = bytes;
            this.start = start;
            this.tag = bytes[start];
            int length = bytes[start + 1] & 0xff;
            int offset = start + 2;
            if (length >= 0x80) {
                int count = length & 0x7f;
                if (count == 0 || count > 3 || offset + count > bytes.length) {
                    throw new TlsException("a malformed key (DER length)");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (bytes[offset++] & 0xff);
                }
            }
            this.contentStart = offset;
            this.end = offset + length;
            if (end > bytes.length) {
                throw new TlsException("a malformed key (DER overrun)");
            }
        }

        Der firstChild() {
            return contentStart < end ? new Der(bytes, contentStart) : null;
        }

        Der next() {
            return end < bytes.length ? new Der(bytes, end) : null;
        }

        byte[] encoded() {
            return java.util.Arrays.copyOfRange(bytes, start, end);
        }
    }
}
