/** Helpers of the HTTP server and client: not API, may change without notice. */
package dev.kunren.http.internal;
