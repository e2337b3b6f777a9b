package org.unveil.release.hire;

import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.unveil.eth.Chain;
import org.unveil.eth.ChainException;
import org.unveil.eth.KeyholderProfile;
import org.unveil.eth.KeyholderRegistryClient;
import org.unveil.eth.ReleaseParams;
import org.unveil.eth.RegistryEvent;

/**
 * The keyholder bots an artist can hire, found in the registry alone (no middleman, no central
 * list): every registered keyholder whose profile names an HTTP endpoint, with its stake and record.
 */
public final class BotDirectory {
    private BotDirectory() {}

    /** A registered keyholder that runs a bot. */
    public record Listing(String keyholder, URI endpoint, KeyholderProfile profile, BigInteger stake) {}

    /** Every keyholder registered in {@code registry} with an http(s) endpoint and not slashed, the highest stake first. */
    public static List<Listing> list(Chain chain, String registry) throws ChainException {
        KeyholderRegistryClient r = KeyholderRegistryClient.at(chain, registry);
        Map<String, Boolean> keyholders = new LinkedHashMap<>();
        for (RegistryEvent e : r.events()) {
            if (e instanceof RegistryEvent.KeyholderRegistered k) keyholders.put(k.keyholder().toLowerCase(java.util.Locale.ROOT), true);
        }
        List<Listing> out = new ArrayList<>();
        for (String k : keyholders.keySet()) {
            KeyholderProfile p = r.profile(k);
            if (!p.registered() || p.slashed()) continue;
            String endpoint = p.endpoint();
            if (endpoint == null || !(endpoint.startsWith("http://") || endpoint.startsWith("https://"))) continue;
            try {
                out.add(new Listing(k, URI.create(endpoint), p, r.balanceOf(k, ReleaseParams.ETH)));
            } catch (IllegalArgumentException badUri) {
                // a profile with an endpoint that is not a URI cannot be hired; it is skipped, not fatal
            }
        }
        out.sort((a, b) -> b.stake().compareTo(a.stake()));
        return out;
    }
}
