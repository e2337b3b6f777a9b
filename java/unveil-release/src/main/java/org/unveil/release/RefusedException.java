package org.unveil.release;

import java.security.GeneralSecurityException;

/**
 * A step refused before anything was signed or sent, with the reason as one sentence: a keyholder's
 * share that does not verify, terms outside its policy, a suspect release a fan did not override.
 * A {@link GeneralSecurityException}, because each refusal protects someone's money or key.
 */
public final class RefusedException extends GeneralSecurityException {
    private static final long serialVersionUID = 1L;

    public RefusedException(String reason) {
        super(reason);
    }
}
