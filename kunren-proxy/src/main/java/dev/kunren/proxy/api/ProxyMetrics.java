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
        metric(text, proxies, "kunren_proxy_connections_refused_total", "counter",
                "Connections closed at once because the proxy held its maximum (kunren proxy --max-connections).",
                p -> p.connectionsRefused());
        metric(text, proxies, "kunren_proxy_open_connections", "gauge", "Connections open now.", p -> p.openConnections());
        metric(text, proxies, "kunren_proxy_toxics", "gauge", "Toxics on the proxy now.", p -> p.toxics().size());
        metric(text, proxies, "kunren_proxy_enabled", "gauge", "1 when the proxy listens, 0 when it is down.",
                p -> p.isEnabled() ? 1 : 0);
        text.append("# HELP kunren_proxy_toxic_fired_total Connections each toxic has acted on.\n");
        text.append("# TYPE kunren_proxy_toxic_fired_total counter\n");
        for (TcpProxy proxy : proxies) {
            proxy.toxicsFired().forEach((toxic, count) -> text.append("kunren_proxy_toxic_fired_total{proxy=\"")
                    .append(escape(proxy.name())).append("\",toxic=\"").append(escape(toxic)).append("\"} ")
                    .append(count).append('\n'));
        }
        return text.toString();
    }

    private static String escape(String label) {
        return label.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static void metric(StringBuilder text, List<TcpProxy> proxies, String name, String type, String help,
                               java.util.function.ToLongFunction<TcpProxy> value) {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n');
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        for (TcpProxy proxy : proxies) {
            text.append(name).append("{proxy=\"").append(escape(proxy.name()))
                    .append("\"} ").append(value.applyAsLong(proxy)).append('\n');
        }
    }
}
