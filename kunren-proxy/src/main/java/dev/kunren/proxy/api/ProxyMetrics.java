package dev.kunren.proxy.api;

import dev.kunren.proxy.TcpProxy;
import java.util.List;

/** The proxies' counters in Prometheus' text format. */
final class ProxyMetrics {

    private ProxyMetrics() {
    }

    static String render(List<TcpProxy> proxies) {
        StringBuilder text = new StringBuilder();
        metric(text, proxies, "kunren_proxy_connections_total", "counter", "Connections accepted.",
                p -> p.connectionsAccepted());
        metric(text, proxies, "kunren_proxy_connection_errors_total", "counter",
                "Connections that could not reach the upstream or broke mid-stream.", p -> p.connectionErrors());
        metric(text, proxies, "kunren_proxy_open_connections", "gauge", "Connections open now.", p -> p.openConnections());
        metric(text, proxies, "kunren_proxy_toxics", "gauge", "Toxics on the proxy now.", p -> p.toxics().size());
        metric(text, proxies, "kunren_proxy_enabled", "gauge", "1 when the proxy listens, 0 when it is down.",
                p -> p.isEnabled() ? 1 : 0);
        return text.toString();
    }

    private static void metric(StringBuilder text, List<TcpProxy> proxies, String name, String type, String help,
                               java.util.function.ToLongFunction<TcpProxy> value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (TcpProxy proxy : proxies) {
            text.append(name).append("{proxy=\"").append(proxy.name().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"} ").append(value.applyAsLong(proxy)).append('\n');
        }
    }
}
