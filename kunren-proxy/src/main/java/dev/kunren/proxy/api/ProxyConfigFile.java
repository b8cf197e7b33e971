package dev.kunren.proxy.api;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy server's --config file: a JSON array of {@code {name, listen, upstream, enabled}}, the
 * same as toxiproxy-server's. A proxy server started from it starts from it alone.
 */
public final class ProxyConfigFile {

    private ProxyConfigFile() {
    }

    /** Reads the file; a problem is an {@link IllegalArgumentException} naming file:line:col. */
    public static List<ProxyConfig> read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException(file + ":" + (at == null ? 1 : at.getLineNr()) + ":"
                    + (at == null ? 1 : at.getColumnNr()) + ": " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException(file + ":1:1: expected a JSON array of proxies [{\"name\", \"listen\", \"upstream\"}]");
        }
        List<ProxyConfig> configs = new ArrayList<>();
        for (JsonNode item : root) {
            for (String field : List.of("name", "listen", "upstream")) {
                if (!item.hasNonNull(field)) {
                    throw new IllegalArgumentException(file + ": proxy " + (configs.size() + 1) + " lacks \"" + field + "\"");
                }
            }
            configs.add(new ProxyConfig(item.get("name").asText(), item.get("listen").asText(), item.get("upstream").asText(),
                    !item.has("enabled") || item.get("enabled").asBoolean()));
        }
        return configs;
    }
}
