/**
 * Online change detectors as published (ADWIN, Page-Hinkley, DDM, EDDM, HDDM_A, HDDM_W, KSWIN),
 * with river's and MOA's defaults, behind {@link io.visutility.drift.ChangeDetector}. The public
 * surface is {@link io.visutility.drift.online.ChangeDetectors} and
 * {@link io.visutility.drift.online.DetectorParameter}; the detectors themselves are package-private.
 * Each detector's class opens with the paper it follows and the choices made where river, MOA and
 * the paper differ.
 */
package io.visutility.drift.online;
