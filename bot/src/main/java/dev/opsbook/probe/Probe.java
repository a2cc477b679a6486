package dev.opsbook.probe;

import dev.opsbook.failover.ProbeResult;
import dev.opsbook.runbook.ProbeSpec;

/**
 * A live health probe. Contract: {@link #check()} never throws and returns within the probe's
 * timeout (plus a little); any failure — refused, timed out, wrong answer — is an unhealthy
 * {@link ProbeResult} whose detail says why, without secrets.
 */
public interface Probe {
    ProbeSpec spec();

    ProbeResult check();
}
