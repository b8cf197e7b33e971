/** The fault implementations behind {@link dev.kunren.engine.fault.FaultCatalog}. Not API. */
package dev.kunren.engine.fault.internal;
