package org.unveil.release.internal;

import java.util.ArrayList;
import java.util.List;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.KeyholderProfile;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseClient;
import org.unveil.eth.ReleaseFactoryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.Wei;
import org.unveil.eth.Slot;
import org.unveil.release.Finding;

/**
 * The registry's word on a release's keyholders, for a fan: the factory created this release, and
 * each enrolled keyholder is registered, not slashed, and has something at stake.
 */
public final class KeyholderStanding {
    private KeyholderStanding() {}

    public static List<Finding> check(Chain chain, String factory, boolean fromManifest, ReleaseClient release) throws ChainException {
        List<Finding> out = new ArrayList<>();
        ReleaseFactoryClient f = ReleaseFactoryClient.at(chain, factory);
        String source = fromManifest ? " (the factory the manifest names)" : "";
        if (!chain.hasCode(f.address()) || !f.isRelease(release.address())) {
            out.add(new Finding(Finding.Severity.SUSPECT, "factory " + f.address() + source + " did not create release " + release.address()
                    + ": its keyholders cannot be checked in a registry"));
            return out;
        }
        out.add(new Finding(Finding.Severity.OK, "the release is a clone created by factory " + f.address() + source));
        KeyholderRegistryClient registry = KeyholderRegistryClient.at(chain, f.registry());
        for (Slot s : release.slots()) {
            if (s.keyholder().isEmpty()) {
                out.add(new Finding(Finding.Severity.WARNING, "slot " + s.index() + " has no keyholder yet"));
                continue;
            }
            String who = s.keyholder().get();
            KeyholderProfile profile = registry.profile(who);
            if (!profile.registered()) {
                out.add(new Finding(Finding.Severity.SUSPECT, "slot " + s.index() + "'s keyholder " + who + " is not registered in " + registry.address()));
            } else if (profile.slashed() || s.status() == Slot.Status.SLASHED) {
                out.add(new Finding(Finding.Severity.SUSPECT, "slot " + s.index() + "'s keyholder " + who + " was slashed for a leaked release key"));
            } else {
                // What the fan weighs (spec/release-protocol.md section 9.1): the slashable balance, not
                // the completed-releases counter, which one party can farm for the price of gas.
                var stake = registry.balanceOf(who, ReleaseParams.ETH);
                String history = ", registered since " + profile.registeredAt() + ", " + profile.completedReleases()
                        + " completed release(s) (history only, not a trust signal)";
                out.add(stake.signum() > 0
                        ? new Finding(Finding.Severity.OK, "slot " + s.index() + "'s keyholder " + who + " is registered, not slashed, with "
                                + Wei.format(stake) + " slashable in the registry (stake and earned reputation)" + history)
                        : new Finding(Finding.Severity.WARNING, "slot " + s.index() + "'s keyholder " + who
                                + " is registered but has nothing at stake in the registry" + history));
            }
        }
        return out;
    }
}
