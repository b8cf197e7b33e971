/** Toxiproxy's toxics, with Toxiproxy's names and attributes, and how a request names one. */
package dev.kunren.proxy.toxic;
