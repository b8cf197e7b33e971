package dev.kunren.server.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Checks an ID token as OpenID Connect Core §3.1.3.7 asks: signed (RS256 or ES256) by a key of
 * the provider's JWKS, issued by the provider, for this client, not expired, with the nonce of
 * this sign-in. Anything else is an {@link OidcException} that says which check failed.
 */
final class IdTokens {

    /** Clocks disagree a little; no more. */
    static final Duration SKEW = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdTokens() {
    }

    /** The token's claims, if it passes every check. */
    static JsonNode verify(String token, JsonNode jwks, String issuer, String clientId, String nonce, Instant now) {
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new OidcException("the identity provider's ID token is not a signed JWT");
        }
        JsonNode header = decode(parts[0]);
        JsonNode claims = decode(parts[1]);
        String alg = header.path("alg").asText();
        PublicKey key = key(jwks, header.path("kid").asText(""), alg)
                .orElseThrow(() -> new OidcException("no key of the identity provider matches the ID token's (kid "
                        + header.path("kid").asText("none") + ", " + alg + ")"));
        if (!signed(alg, key, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), Base64.getUrlDecoder().decode(parts[2]))) {
            throw new OidcException("the ID token's signature is not the identity provider's");
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            throw new OidcException("the ID token was issued by " + claims.path("iss").asText() + ", not " + issuer);
        }
        JsonNode aud = claims.path("aud");
        boolean forUs = aud.isArray() ? containsText(aud, clientId) : clientId.equals(aud.asText());
        if (!forUs) {
            throw new OidcException("the ID token is for another client, not " + clientId);
        }
        if (!claims.path("exp").canConvertToLong() || Instant.ofEpochSecond(claims.path("exp").asLong()).plus(SKEW).isBefore(now)) {
            throw new OidcException("the identity provider's ID token has expired; sign in again");
        }
        if (!nonce.equals(claims.path("nonce").asText(null))) {
            throw new OidcException("the ID token's nonce is not this sign-in's: it was made for another");
        }
        return claims;
    }

    private static boolean containsText(JsonNode array, String text) {
        for (JsonNode item : array) {
            if (text.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode decode(String part) {
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(part));
        } catch (IOException | IllegalArgumentException e) {
            throw new OidcException("the identity provider's ID token cannot be read");
        }
    }

    private static Optional<PublicKey> key(JsonNode jwks, String kid, String alg) {
        for (JsonNode jwk : jwks.path("keys")) {
            if (!kid.isEmpty() && !kid.equals(jwk.path("kid").asText())) {
                continue;
            }
            try {
                if (alg.equals("RS256") && jwk.path("kty").asText().equals("RSA")) {
                    return Optional.of(KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            unsigned(jwk.path("n").asText()), unsigned(jwk.path("e").asText()))));
                }
                if (alg.equals("ES256") && jwk.path("kty").asText().equals("EC") && jwk.path("crv").asText().equals("P-256")) {
                    AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
                    parameters.init(new ECGenParameterSpec("secp256r1"));
                    ECPoint point = new ECPoint(unsigned(jwk.path("x").asText()), unsigned(jwk.path("y").asText()));
                    return Optional.of(KeyFactory.getInstance("EC").generatePublic(
                            new ECPublicKeySpec(point, parameters.getParameterSpec(ECParameterSpec.class))));
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // a key that cannot be read is not the one that signed
            }
        }
        return Optional.empty();
    }

    private static BigInteger unsigned(String base64url) {
        return new BigInteger(1, Base64.getUrlDecoder().decode(base64url));
    }

    private static boolean signed(String alg, PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(alg.equals("RS256") ? "SHA256withRSA" : "SHA256withECDSAinP1363Format");
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
