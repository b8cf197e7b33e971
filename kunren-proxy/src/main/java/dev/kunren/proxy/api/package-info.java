/** Toxiproxy's HTTP control API over a {@link dev.kunren.proxy.api.ProxyRegistry}, so existing Toxiproxy clients work unchanged. */
package dev.kunren.proxy.api;
