package dev.dovetail.sandbox.erp;

/** A confirmShipment request as it arrived (raw element texts, null when absent). */
record ShipmentConfirmation(String xsddh, String fhrq, String wldh, String ck) {}
