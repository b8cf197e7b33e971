package dev.kunren.shop.compute;

/** A virtual machine's life: booting, running (whether or not its application is up), gone. */
public enum InstanceState { PENDING, RUNNING, TERMINATED }
