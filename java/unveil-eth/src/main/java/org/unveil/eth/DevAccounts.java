package org.unveil.eth;

import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Bip32ECKeyPair;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.MnemonicUtils;

/**
 * The funded accounts of a Hardhat dev node: BIP-44 path m/44'/60'/0'/0/i of Hardhat's public
 * test mnemonic. These keys are world-known; they exist only to drive local chains.
 */
public final class DevAccounts {
    /** Hardhat's default mnemonic (public; never send real funds to its accounts). */
    public static final String MNEMONIC = "test test test test test test test test test test test junk";
    /** How many accounts a Hardhat node funds by default. */
    public static final int COUNT = 20;

    private DevAccounts() {}

    /** The first {@code count} dev accounts, in Hardhat's order (#0 first). */
    public static List<Credentials> derive(int count) {
        if (count < 1 || count > 1000) throw new IllegalArgumentException("count must be 1..1000, got " + count);
        Bip32ECKeyPair master = Bip32ECKeyPair.generateKeyPair(MnemonicUtils.generateSeed(MNEMONIC, ""));
        int h = Bip32ECKeyPair.HARDENED_BIT;
        List<Credentials> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(Credentials.create(Bip32ECKeyPair.deriveKeyPair(master, new int[] {44 | h, 60 | h, h, 0, i})));
        }
        return List.copyOf(out);
    }
}
