/** Reading YAML nodes with their positions for the scenario loader. Not API. */
package dev.kunren.engine.scenario.internal;
